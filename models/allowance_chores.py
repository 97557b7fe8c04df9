"""The chores a child was expected to do in an allowance period, and how many of them were approved in it.

A scheduled chore (issue #12) counts each of the child's occurrences due in the period, skipped ones
aside, as one expected completion, approved when the occurrence is done. A chore without a schedule has
no due dates, so it counts once per period: each such chore assigned to the child (his own row, not a
pool claim), enabled, and assigned before the period ends, except a one-off chore approved before the
period began (it is done for good); it counts as approved when a reward for it was approved within the
period and not reversed, however many times a recurring chore was done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q, Subquery

from models.assignments import ChoreAssignment
from models.ledger import LedgerEntry, counted_rewards
from models.schedules import ChoreOccurrence, ChoreSchedule, OccurrenceState


@dataclass(frozen=True)
class ChoreTally:
    due: int
    approved: int

    def __add__(self, other: ChoreTally) -> ChoreTally:
        return ChoreTally(due=self.due + other.due, approved=self.approved + other.approved)


async def chores_due_in(
    child_id: int, start: datetime, end: datetime, *, using_db: BaseDBAsyncClient | None = None
) -> ChoreTally:
    """The child's chores due in [start, end) and how many of them were approved."""
    return await _occurrences_due_in(child_id, start, end, using_db) + await _unscheduled_due_in(
        child_id, start, end, using_db
    )


async def _occurrences_due_in(
    child_id: int, start: datetime, end: datetime, using_db: BaseDBAsyncClient | None
) -> ChoreTally:
    states = await (
        ChoreOccurrence.filter(assignee_id=child_id, due_at__gte=start, due_at__lt=end, chore__is_disabled=False)
        .exclude(state=OccurrenceState.SKIPPED)
        .using_db(using_db)
        .values_list("state", flat=True)
    )
    return ChoreTally(due=len(states), approved=sum(state == OccurrenceState.DONE for state in states))


async def _unscheduled_due_in(
    child_id: int, start: datetime, end: datetime, using_db: BaseDBAsyncClient | None
) -> ChoreTally:
    not_done_for_good = Q(chore__is_recurring=True) | Q(is_approved=False) | Q(approval_date__gte=start)
    scheduled = Subquery(ChoreSchedule.all().values("chore_id"))
    assigned = ChoreAssignment.filter(
        not_done_for_good, ~Q(chore_id__in=scheduled), assignee_id=child_id, pool_slot__isnull=True,
        chore__is_disabled=False, created_at__lt=end,
    ).using_db(using_db)
    due = set(await assigned.values_list("chore_id", flat=True))
    if not due:
        return ChoreTally(due=0, approved=0)
    approved = await (
        LedgerEntry.filter(counted_rewards(), child_id=child_id, chore_id__in=due, created_at__gte=start,
                           created_at__lt=end)
        .using_db(using_db)
        .distinct()
        .values_list("chore_id", flat=True)
    )
    return ChoreTally(due=len(due), approved=len(set(approved)))
