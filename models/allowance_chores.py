"""The chores a child was expected to do in an allowance period, and how many of them were approved in it.

Chores have no calendar due dates yet (issue #12), so "due in the period" is read from what exists:
each chore assigned to the child (his own row, not a pool claim), enabled, and assigned before the
period ends counts as one expected completion per period, except a one-off chore approved before the
period began (it is done for good). It counts as approved when a reward for it was approved within
the period and not reversed, however many times a recurring chore was done. Issue #12 replaces the
body of :func:`chores_due_in` with the child's occurrences due in the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from models.assignments import ChoreAssignment
from models.ledger import LedgerEntry, counted_rewards


@dataclass(frozen=True)
class ChoreTally:
    due: int
    approved: int


async def chores_due_in(
    child_id: int, start: datetime, end: datetime, *, using_db: BaseDBAsyncClient | None = None
) -> ChoreTally:
    """The child's chores due in [start, end) and how many of them had a reward approved in it."""
    not_done_for_good = Q(chore__is_recurring=True) | Q(is_approved=False) | Q(approval_date__gte=start)
    assigned = ChoreAssignment.filter(
        not_done_for_good, assignee_id=child_id, pool_slot__isnull=True, chore__is_disabled=False, created_at__lt=end
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
