"""Use cases of occurrences: listing them, and a parent's decision on a proposed penalty (issue #12, item 3).

A missed occurrence may carry a proposed penalty; it is booked only when a parent confirms it, as a
negative adjustment of the child's ledger (never below a zero balance, as every deduction), or
waived. Deciding again the way it was decided changes nothing (an idempotent repeat).
"""

from __future__ import annotations

from datetime import datetime

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from api.adjustments.service import managed_child
from api.auth import require_parent
from api.errors import BadRequest, Conflict, Forbidden, NotFound
from api.holds import refuse_below_holds
from models import ActivityType, Chore, EntryKind, User
from models.activities import record_activity
from models.chores import chores_of
from models.deadlocks import retry_on_deadlock
from models.events import stage_balance_updated
from models.ledger import append_entry, locked_balance_cents
from models.money import cents_to_number, format_dollars
from models.schedules import ChoreOccurrence, OccurrenceState, PenaltyStatus
from workers import enqueue

NOT_FOUND = "Occurrence not found"
DECISIONS = {"confirm": PenaltyStatus.BOOKED, "waive": PenaltyStatus.WAIVED}


async def list_occurrences(
    *,
    user: User,
    state: OccurrenceState | None,
    child_id: int | None,
    start: datetime | None,
    end: datetime | None,
    skip: int,
    limit: int,
) -> list[ChoreOccurrence]:
    """A parent's family occurrences (or one managed child's), or a child's own; by due time."""
    occurrences = ChoreOccurrence.all()
    if user.is_parent:
        occurrences = occurrences.filter(chore_id__in=Subquery(chores_of(user).values("id")))
        if child_id is not None:
            child = await managed_child(user, child_id, refusal="You can only view occurrences of your own children")
            occurrences = occurrences.filter(assignee_id=child.id)
    else:
        if child_id not in (None, user.id):
            raise Forbidden("You can only view your own occurrences")
        occurrences = occurrences.filter(assignee_id=user.id)
    if state is not None:
        occurrences = occurrences.filter(state=state)
    if start is not None:
        occurrences = occurrences.filter(due_at__gte=start)
    if end is not None:
        occurrences = occurrences.filter(due_at__lt=end)
    return await occurrences.order_by("due_at", "id").offset(skip).limit(limit)


@retry_on_deadlock
async def decide_penalty(*, user: User, occurrence_id: int, action: str) -> ChoreOccurrence:
    """Book (``confirm``) or drop (``waive``) the penalty proposed for a missed occurrence."""
    require_parent(user, "Only parents can decide on penalties")
    found = await ChoreOccurrence.get_or_none(id=occurrence_id).prefetch_related("assignee")
    if found is None or not user.manages(found.assignee):
        raise NotFound(NOT_FOUND)
    wanted = DECISIONS[action]
    async with in_transaction() as conn:
        balance = await locked_balance_cents(found.assignee_id, using_db=conn)
        occurrence = await ChoreOccurrence.select_for_update().using_db(conn).get(id=occurrence_id)
        if occurrence.penalty_status is wanted:
            return occurrence
        if occurrence.penalty_status is not PenaltyStatus.PROPOSED:
            raise Conflict(
                "No penalty was proposed for this occurrence"
                if occurrence.penalty_status is PenaltyStatus.NONE
                else f"This penalty was already {occurrence.penalty_status.value}"
            )
        if wanted is PenaltyStatus.BOOKED:
            await _book(user, occurrence, balance, conn)
        occurrence.penalty_status = wanted
        await occurrence.save(using_db=conn, update_fields=["penalty_status", "updated_at"])
    await enqueue.publish_events()
    return occurrence


async def _book(user: User, occurrence: ChoreOccurrence, balance: int, conn) -> None:
    penalty = occurrence.penalty_cents or 0
    if balance - penalty < 0:
        raise BadRequest(f"Penalty would result in negative balance. Current balance: {format_dollars(balance)}")
    await refuse_below_holds(
        child_id=occurrence.assignee_id, balance_cents=balance, change_cents=-penalty, action="Penalty", using_db=conn
    )
    chore = await Chore.get(id=occurrence.chore_id, using_db=conn)
    reason = f"Missed chore: {chore.title}"
    await append_entry(
        child_id=occurrence.assignee_id, kind=EntryKind.ADJUSTMENT, amount_cents=-penalty, actor_id=user.id,
        reason=reason, chore_id=chore.id, using_db=conn,
    )
    await record_activity(
        actor=user,
        activity_type=ActivityType.ADJUSTMENT_APPLIED,
        description=f"Applied penalty of {format_dollars(penalty)}: {reason}",
        target_user_id=occurrence.assignee_id,
        data={"amount": cents_to_number(-penalty), "reason": reason, "occurrence_id": occurrence.id},
        using_db=conn,
    )
    await stage_balance_updated(conn, child_id=occurrence.assignee_id)
