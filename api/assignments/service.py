"""Use cases of a parent's decision on a completed row: approve (reward into the ledger) or reject.

Both lock the chore row and then its rows (one statement, models/chore_locks.py), the order every
use case that changes rows follows, so concurrent decisions queue up: the first wins and the others
find the row decided. Their answer's view is built from those rows as the decision left them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from api.auth import require_parent
from api.chores.access import require_manager
from api.chores.views import ChoreView, Compat, view_of
from api.errors import ApiError, BadRequest, NotFound, Unprocessable
from api.metrics import business
from models import ActivityType, AssignmentState, Chore, ChoreAssignment, EntryKind, LedgerEntry, User
from models.activities import record_activity, shorten, write_activity
from models.audiences import read_people
from models.chore_locks import LockedChore, lock_chore
from models.deadlocks import retry_on_deadlock
from models.events import (
    activity_created,
    assignment_approved,
    balance_updated,
    stage_assignment_rejected,
    stage_pool_chore_available,
    write_events,
)
from models.ledger import append_entry
from models.money import cents_to_number, format_dollars, to_cents
from models.occurrences import occurrence_approved, occurrence_rejected
from models.streaks import record_streak_milestones
from models.timeutil import utcnow
from settings import Settings
from workers import enqueue

APPROVE_REFUSAL = "You can only approve assignments for chores you created"
REJECT_REFUSAL = "You can only reject assignments for chores you created"
UNKNOWN_ASSIGNMENT = "Assignment not found"
NO_PENDING = "No completed assignment found for this chore"


@dataclass
class Approval:
    row: ChoreAssignment
    entry: LedgerEntry
    view: ChoreView


@dataclass
class Rejection:
    row: ChoreAssignment
    view: ChoreView
    reason: str  # as the row now holds it


async def _chore_id_of(assignment_id: int) -> int:
    found = await ChoreAssignment.filter(id=assignment_id).values_list("chore_id", flat=True)
    if not found:
        raise NotFound(UNKNOWN_ASSIGNMENT)
    return cast(int, found[0])


def _managed(locked: LockedChore | None, user: User, *, refusal: str, not_found: str) -> LockedChore:
    """The locked chore, once the caller is known to manage it."""
    if locked is None:
        raise NotFound("Chore not found")
    require_manager(locked.chore, user, refusal=refusal, not_found=not_found)
    return locked


def _decided_on(row: ChoreAssignment | None, missing: ApiError) -> ChoreAssignment:
    """The row to decide on; ``missing`` when there is none."""
    if row is None:
        raise missing
    return row


@retry_on_deadlock
async def approve_assignment(
    *, user: User, assignment_id: int, reward_value: Decimal | None, settings: Settings
) -> Approval:
    """A1: approve a completed row; its reward goes into the ledger once per cycle (D1)."""
    require_parent(user, "Only parents can approve assignments")
    chore_id = await _chore_id_of(assignment_id)
    now = utcnow()
    async with in_transaction() as conn:
        locked = _managed(await lock_chore(chore_id, conn), user, refusal=APPROVE_REFUSAL, not_found=UNKNOWN_ASSIGNMENT)
        row = _decided_on(locked.row(assignment_id), NotFound(UNKNOWN_ASSIGNMENT))
        entry = await _approve(locked, row, user, reward_value, settings, now, conn)
    await _after_approval(row, locked.chore, entry)
    return Approval(row, entry, view_of(locked.chore, locked.rows, now))


@retry_on_deadlock
async def approve_chore(*, user: User, chore_id: int, reward_value: Decimal | None, settings: Settings) -> Approval:
    """C11: approve the chore's first completed row, as A1 does."""
    require_parent(user, "Only parents can approve chores")
    now = utcnow()
    async with in_transaction() as conn:
        locked = _managed(await lock_chore(chore_id, conn), user, refusal=APPROVE_REFUSAL, not_found="Chore not found")
        row = _decided_on(locked.first_pending(), BadRequest(NO_PENDING))
        entry = await _approve(locked, row, user, reward_value, settings, now, conn)
    await _after_approval(row, locked.chore, entry)
    view = view_of(locked.chore, locked.rows, now)
    view.compat = Compat.of(row)
    return Approval(row, entry, view)


async def _approve(
    locked: LockedChore,
    row: ChoreAssignment,
    user: User,
    reward_value: Decimal | None,
    settings: Settings,
    now: datetime,
    conn: BaseDBAsyncClient,
) -> LedgerEntry:
    chore, scheduled = locked.chore, locked.scheduled
    state = row.state_at(now)
    if state is AssignmentState.OPEN:
        raise BadRequest("Assignment must be completed before approval")
    if state is AssignmentState.APPROVED:
        raise BadRequest("Assignment is already approved")
    reward_cents = chore.reward_cents
    if chore.is_range_reward:
        reward_cents = None if reward_value is None else to_cents(reward_value)
        if error := chore.range_reward_error(reward_cents):
            raise Unprocessable(error)
    # A scheduled chore's next occurrence reopens its row, not a cooldown.
    row.approve(reward_cents, now, None if scheduled else chore.cooldown_end(now, settings.cooldown_day_seconds))
    await row.save_state(conn)
    entry = await append_entry(
        child_id=row.assignee_id,
        kind=EntryKind.REWARD,
        amount_cents=reward_cents,
        actor_id=user.id,
        reason=f"Approved chore: {chore.title}",
        chore_id=chore.id,
        assignment_id=row.id,
        cycle=row.cycle,
        using_db=conn,
    )
    await _announce_approval(chore, row, user, reward_cents, conn)
    if scheduled:
        await occurrence_approved(row, now, conn)
        await record_streak_milestones(row.assignee_id, chore.id, using_db=conn)
    return entry


async def _announce_approval(
    chore: Chore, row: ChoreAssignment, user: User, reward_cents: int, conn: BaseDBAsyncClient
) -> None:
    """Log the approval and tell the family: the activity, then its event, the approval and the child's new
    balance in one write, their recipients and the balance from one read."""
    child_id = row.assignee_id
    people = await read_people(conn, child_id, user.id, family_id=user.family_id, balance_of=child_id)
    activity = await write_activity(
        conn,
        actor=user,
        activity_type=ActivityType.CHORE_APPROVED,
        description=f"Approved chore '{chore.title}' for {format_dollars(reward_cents)}",
        target_user_id=child_id,
        data={"chore_id": chore.id, "chore_title": chore.title, "reward_amount": cents_to_number(reward_cents)},
    )
    await write_events(conn, [
        activity_created(activity, people.audience_of(activity)),
        assignment_approved(row, chore, people.child_and_parents(child_id)),
        balance_updated(child_id, people),
    ])


async def _after_approval(row: ChoreAssignment, chore: Chore, entry: LedgerEntry) -> None:
    """Once the approval has committed: schedule the cooldown's end and push its events (one Redis round trip)."""
    await enqueue.after_approval(row)
    business.CHORES_APPROVED.labels(mode=chore.mode.value).inc()
    business.REWARDS_PAID.inc(entry.amount_cents / 100)


async def reject_assignment(*, user: User, assignment_id: int, reason: str) -> Rejection:
    """A2: send a completed row back with a reason; a rejected pool claim is removed (D3)."""
    require_parent(user, "Only parents can reject assignments")
    chore_id = await _chore_id_of(assignment_id)
    now = utcnow()
    async with in_transaction() as conn:
        locked = _managed(await lock_chore(chore_id, conn), user, refusal=REJECT_REFUSAL, not_found=UNKNOWN_ASSIGNMENT)
        row = _decided_on(locked.row(assignment_id), NotFound(UNKNOWN_ASSIGNMENT))
        stored = await _reject(locked, row, user, reason, now, conn)
    await enqueue.publish_events()
    business.CHORES_REJECTED.labels(mode=locked.chore.mode.value).inc()
    return Rejection(row, view_of(locked.chore, locked.rows, now), stored)


async def reject_chore(*, user: User, chore_id: int, reason: str) -> Rejection:
    """C12: reject the chore's first completed row, as A2 does."""
    require_parent(user, "Only parents can reject chores")
    now = utcnow()
    async with in_transaction() as conn:
        locked = _managed(await lock_chore(chore_id, conn), user, refusal=REJECT_REFUSAL, not_found="Chore not found")
        row = _decided_on(locked.first_pending(), BadRequest(NO_PENDING))
        stored = await _reject(locked, row, user, reason, now, conn)
    await enqueue.publish_events()
    business.CHORES_REJECTED.labels(mode=locked.chore.mode.value).inc()
    view = view_of(locked.chore, locked.rows, now)
    view.compat = Compat(False, False, None, None, None, stored)
    return Rejection(row, view, stored)


async def _reject(
    locked: LockedChore, row: ChoreAssignment, user: User, reason: str, now: datetime, conn: BaseDBAsyncClient
) -> str:
    """Reject the row with the reason stripped, and return that reason."""
    chore = locked.chore
    state = row.state_at(now)
    if state is AssignmentState.OPEN:
        raise BadRequest("Assignment must be completed before rejection")
    if state is AssignmentState.APPROVED:
        raise BadRequest("Cannot reject already approved assignment")
    reason = reason.strip()
    if not reason:
        raise Unprocessable("Rejection reason is required and cannot be empty")
    row.reject(reason)
    await occurrence_rejected(row, now, conn)
    await stage_assignment_rejected(conn, assignment=row, chore=chore)
    if row.is_pool_claim:
        await row.delete(using_db=conn)
        locked.dropped(row)
        await stage_pool_chore_available(conn, chore=chore)
    else:
        await row.save_state(conn)
    await record_activity(
        actor=user,
        activity_type=ActivityType.CHORE_REJECTED,
        description=f"Rejected chore '{chore.title}': {shorten(reason)}",
        target_user_id=row.assignee_id,
        data={"chore_id": chore.id, "chore_title": chore.title, "rejection_reason": reason},
        using_db=conn,
    )
    return reason
