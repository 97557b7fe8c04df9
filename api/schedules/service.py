"""Use cases of a chore's calendar schedule and its exceptions (issue #12, item 2).

A parent of the chore's family sets, reads or removes the rule; only single and multi_independent
chores take one (a pool chore has nobody to assign an occurrence to: 422). Setting a rule creates
its first occurrences at once; changing it drops the occurrences not opened yet and starts again
from the first one not yet due. Removing it returns the chore to the rolling (cooldown) mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from api.auth import require_parent
from api.chores.access import chore_or_404, require_manager
from api.errors import Conflict, NotFound, Unprocessable
from api.schedules.schemas import ExceptionIn, ScheduleIn
from models import AssignmentMode, Chore, ChoreAssignment, User
from models.families import family_zone
from models.occurrences import (
    NOT_STARTED,
    apply_exception,
    exceptions_of,
    extend,
    transition_instants,
    withdraw_exception,
)
from models.recurrence import Recurrence, RuleError
from models.schedules import ChoreOccurrence, ChoreSchedule, ExceptionAction, OccurrenceState, ScheduleException
from models.timeutil import as_utc, utcnow
from settings import Settings
from workers import enqueue

NO_SCHEDULE = "This chore has no schedule"
REFUSAL = "You can only manage schedules of your family's chores"
# How many of the next due instants a schedule's answer lists.
NEXT_DUE = 5


@dataclass
class ScheduleView:
    schedule: ChoreSchedule
    timezone: str
    next_due: list[datetime]


async def _managed_chore(user: User, chore_id: int, conn: BaseDBAsyncClient | None = None) -> Chore:
    require_parent(user, "Only parents can manage chore schedules")
    chore = await chore_or_404(chore_id, lock=conn is not None, using_db=conn)
    require_manager(chore, user, refusal=REFUSAL)
    return chore


async def _view(chore: Chore, schedule: ChoreSchedule) -> ScheduleView:
    zone = await family_zone(chore.family_id)
    moves = await exceptions_of(chore.id)
    # Each occurrence's due instant: where it was moved, None when skipped.
    coming = (moves.get(times.original_at, times.due_at) for times in schedule.recurrence(zone).occurrences_after(utcnow()))
    return ScheduleView(schedule, zone.key, [due for due in islice(coming, NEXT_DUE * 2) if due is not None][:NEXT_DUE])


async def get_schedule(*, user: User, chore_id: int) -> ScheduleView:
    chore = await _managed_chore(user, chore_id)
    schedule = await ChoreSchedule.get_or_none(chore_id=chore.id)
    if schedule is None:
        raise NotFound(NO_SCHEDULE)
    return await _view(chore, schedule)


async def put_schedule(*, user: User, chore_id: int, data: ScheduleIn) -> tuple[ScheduleView, bool]:
    """Set the chore's rule (checked for cost and fit first: 422 stores nothing); True when it is new."""
    chore = await _managed_chore(user, chore_id)
    if chore.mode is AssignmentMode.UNASSIGNED:
        raise Unprocessable("A pool (unassigned) chore cannot have a schedule: give it assignees first")
    fields = data.schedule_fields()
    recurrence = Recurrence(
        rrule=data.rrule, starts_on=data.starts_on, due_time=data.due_time, window_minutes=data.window_minutes,
        grace_minutes=data.grace_minutes, zone=await family_zone(chore.family_id),
    )
    try:
        recurrence.check()
    except RuleError as exc:
        raise Unprocessable(str(exc)) from None
    now = utcnow()
    async with in_transaction() as conn:
        chore = await _managed_chore(user, chore_id, conn)
        schedule = await ChoreSchedule.select_for_update().using_db(conn).get_or_none(chore_id=chore.id)
        created = schedule is None
        if schedule is None:
            schedule = ChoreSchedule(chore_id=chore.id)
        schedule.update_from_dict({**fields, "generated_through": None, "extend_at": now})
        await schedule.save(using_db=conn)
        await ChoreOccurrence.filter(chore_id=chore.id, state=OccurrenceState.UPCOMING).using_db(conn).delete()
        occurrences = await extend(chore.id, now, using_db=conn)
    await enqueue.schedule_occurrences(transition_instants(occurrences))
    return await _view(chore, schedule), created


async def delete_schedule(*, user: User, chore_id: int, settings: Settings) -> None:
    """Remove the rule and the occurrences not completed yet; the chore is rolling again: an approved
    recurring row gets its cooldown back (counted from its approval)."""
    now = utcnow()
    async with in_transaction() as conn:
        chore = await _managed_chore(user, chore_id, conn)
        if not await ChoreSchedule.filter(chore_id=chore.id).using_db(conn).delete():
            raise NotFound(NO_SCHEDULE)
        await ScheduleException.filter(chore_id=chore.id).using_db(conn).delete()
        await ChoreOccurrence.filter(chore_id=chore.id, state__in=NOT_STARTED).using_db(conn).delete()
        resting = await ChoreAssignment.select_for_update().using_db(conn).filter(
            chore_id=chore.id, is_approved=True, cooldown_ends_at__isnull=True
        )
        for row in resting:
            row.cooldown_ends_at = chore.cooldown_end(as_utc(row.approval_date or now), settings.cooldown_day_seconds)
            await row.save(using_db=conn)
    for row in resting:
        await enqueue.schedule_cooldown_end(row)


async def add_exception(*, user: User, chore_id: int, data: ExceptionIn) -> ScheduleException:
    """Skip one occurrence, or move it to another due instant (in the future)."""
    now = utcnow()
    original_at, moved_to = as_utc(data.original_at), data.moved_to and as_utc(data.moved_to)
    if moved_to is not None and moved_to <= now:
        raise Unprocessable("moved_to must be in the future")
    async with in_transaction() as conn:
        chore = await _managed_chore(user, chore_id, conn)
        schedule = await ChoreSchedule.get_or_none(chore_id=chore.id, using_db=conn)
        if schedule is None:
            raise NotFound(NO_SCHEDULE)
        recurrence = schedule.recurrence(await family_zone(chore.family_id, conn))
        if not recurrence.has_occurrence_at(original_at):
            raise Unprocessable("original_at is not an occurrence of this chore's rule")
        if await ScheduleException.filter(chore_id=chore.id, original_at=original_at).using_db(conn).exists():
            raise Conflict("This occurrence already has an exception; delete it first")
        exception = await ScheduleException.create(
            chore_id=chore.id, original_at=original_at, action=data.action,
            moved_to=moved_to if data.action is ExceptionAction.MOVE else None, using_db=conn,
        )
        moved = await apply_exception(exception, recurrence, now, conn)
    await enqueue.schedule_occurrences(transition_instants(moved))
    return exception


async def delete_exception(*, user: User, chore_id: int, exception_id: int) -> None:
    """Withdraw an exception: its occurrence follows the rule again (if not completed and not due yet)."""
    async with in_transaction() as conn:
        chore = await _managed_chore(user, chore_id, conn)
        exception = await ScheduleException.get_or_none(id=exception_id, chore_id=chore.id, using_db=conn)
        if exception is None:
            raise NotFound("Schedule exception not found")
        await exception.delete(using_db=conn)
        recreated = await withdraw_exception(exception, utcnow(), conn)
    await enqueue.schedule_occurrences(transition_instants(recreated))


async def list_exceptions(*, user: User, chore_id: int) -> list[ScheduleException]:
    chore = await _managed_chore(user, chore_id)
    return await ScheduleException.filter(chore_id=chore.id).order_by("original_at")
