"""A child completes his chore or claims a pool chore (C10, D3, D14)."""

from __future__ import annotations

from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from api.auth import require_child
from api.chores.views import ChoreView, view_of
from api.errors import BadRequest, Conflict, Forbidden, NotFound
from api.metrics import business
from models import ActivityType, AssignmentMode, AssignmentState, Chore, ChoreAssignment, User
from models.activities import write_activity
from models.assignments import POOL_SLOT, remove_expired_pool_claim
from models.audiences import read_people
from models.chore_locks import LockedChore, lock_chore
from models.deadlocks import retry_on_deadlock
from models.events import activity_created, assignment_completed, write_events
from models.occurrences import NoOpenOccurrence, occurrence_completed, occurrence_to_complete
from models.timeutil import utcnow
from settings import Settings
from workers import enqueue

ONE_OFF_DONE = "This chore has already been approved and cannot be completed again"


ALREADY_CLAIMED = "This chore has already been claimed by another child"
NO_OPEN_OCCURRENCE = "This scheduled chore has no open occurrence: it can be completed once the next one opens"


@retry_on_deadlock
async def complete_chore(*, user: User, chore_id: int, settings: Settings) -> ChoreView:
    """C10: a child completes his row, or claims a pool chore; the view's focus is his row afterwards.

    The chore row and its rows are locked first, in one statement (models/chore_locks.py), as every
    use case that changes a chore's rows does, so concurrent completions and claims queue up and the
    losers see the winner's row; the view is built from those rows as the completion left them.
    """
    require_child(user, "Parents cannot complete chores")
    now = utcnow()
    async with in_transaction() as conn:
        locked = await lock_chore(chore_id, conn)
        own = None if locked is None else locked.row_of(user.id)
        if locked is None or (own is None and not locked.chore.within_reach_of(user)):
            raise NotFound("Chore not found")
        chore = locked.chore
        if chore.is_disabled:
            raise BadRequest("Cannot complete a disabled chore")
        if chore.mode is AssignmentMode.UNASSIGNED:
            row = await _claim(locked, user, now, settings, conn)
        else:
            row = await _complete_own(locked, own, now, settings, conn)
        await _announce(chore, row, user, conn)
    await enqueue.publish_events()
    business.CHORES_COMPLETED.labels(mode=chore.mode.value).inc()
    if chore.mode is AssignmentMode.UNASSIGNED:
        business.ASSIGNMENTS_CLAIMED.inc()
    return view_of(chore, locked.rows, now, focus_child_id=user.id)


async def _announce(chore: Chore, row: ChoreAssignment, child: User, conn: BaseDBAsyncClient) -> None:
    """Log the completion and tell the parents: the activity, then both events in one write."""
    people = await read_people(conn, child.id, family_id=child.family_id)
    activity = await write_activity(
        conn,
        actor=child,
        activity_type=ActivityType.CHORE_COMPLETED,
        description=f"Completed chore: {chore.title}",
        data={"chore_id": chore.id, "chore_title": chore.title},
    )
    await write_events(conn, [
        assignment_completed(row, chore, people.parents_of(child.id)),
        activity_created(activity, people.audience_of(activity)),
    ])


async def _complete_own(
    locked: LockedChore, row: ChoreAssignment | None, now: datetime, settings: Settings, conn: BaseDBAsyncClient
) -> ChoreAssignment:
    if row is None:
        raise Forbidden("You are not assigned to this chore")
    occurrence = None
    if locked.scheduled:
        try:
            occurrence = await occurrence_to_complete(locked.chore.id, row.assignee_id, conn)
        except NoOpenOccurrence:
            raise BadRequest(NO_OPEN_OCCURRENCE) from None
        if row.state is AssignmentState.APPROVED:
            row.reopen()  # a scheduled chore's row waits for its next occurrence, not for a cooldown
    _check_completable(
        row,
        now,
        settings,
        pending="This chore is already completed and pending approval",
        cooldown="Chore is in cooldown period. Available again in {days} days",
    )
    if row.cooldown_over(now):
        row.reopen()
    row.complete(now)
    await row.save_state(conn)
    if occurrence is not None:
        await occurrence_completed(occurrence, now, conn)
    return row


def _check_completable(
    row: ChoreAssignment, now: datetime, settings: Settings, *, pending: str, cooldown: str
) -> None:
    """Refuse a completion while the row awaits approval, rests in cooldown, or is a finished one-off (D14)."""
    state = row.state_at(now)
    if state is AssignmentState.PENDING:
        raise BadRequest(pending)
    if row.in_cooldown(now):
        raise BadRequest(cooldown.format(days=row.cooldown_days_left(now, settings.cooldown_day_seconds)))
    if state is AssignmentState.APPROVED:
        raise BadRequest(ONE_OFF_DONE)


async def _claim(
    locked: LockedChore, user: User, now: datetime, settings: Settings, conn: BaseDBAsyncClient
) -> ChoreAssignment:
    """Claim a pool chore, returning the claim: one claim at a time (D3); an expired claim is removed
    first."""
    chore, claim = locked.chore, locked.pool_claim()
    if claim is not None and claim.claim_expired(now):
        await remove_expired_pool_claim(chore.id, now, using_db=conn)
        locked.dropped(claim)
        claim = None
    if claim is None:
        try:
            claim = await ChoreAssignment.create(
                chore_id=chore.id,
                assignee_id=user.id,
                pool_slot=POOL_SLOT,
                is_completed=True,
                completion_date=now,
                using_db=conn,
            )
        except IntegrityError:
            raise Conflict(ALREADY_CLAIMED) from None
        locked.added(claim)
        return claim
    if claim.assignee_id != user.id:
        raise Conflict(ALREADY_CLAIMED)
    _check_completable(
        claim,
        now,
        settings,
        pending="You have already completed this chore and it's pending approval",
        cooldown="You completed this chore recently. Available again in {days} days",
    )
    claim.complete(now)
    await claim.save_state(conn)
    return claim
