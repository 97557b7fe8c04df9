"""Occurrences of scheduled chores: created ahead, moved through their lifecycle, and the hooks the
complete / approve / reject use cases call (issue #12).

Lifecycle: ``upcoming`` → ``open`` at ``opens_at`` (the child's assignment row reopens, so the usual
complete / approve / reject cycle runs) → ``overdue`` after ``due_at`` → ``missed`` at ``deadline_at``
when the chore's deadline action is "miss" (a penalty may be proposed, booked only when a parent
confirms). Completing makes it ``completed``, approving ``done``, rejecting ``open`` or ``overdue``
again. A skip exception or a vacation makes it ``skipped``.

Occurrences are created ahead: every one whose window has opened (a catch-up after an outage) and
then the next upcoming one; when that one opens, the next are created (``ChoreSchedule.extend_at``).
Each transition locks the rows it moves with SKIP LOCKED and changes only rows still in the state it
leaves, so the deferred job and the sweep may run at once and each occurrence moves once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models.assignments import ChoreAssignment
from models.chores import Chore
from models.deadlocks import retry_on_deadlock
from models.events import Event, EventType, parents_of, stage_occurrence_event
from models.families import family_zone
from models.recurrence import OccurrenceTimes, Recurrence, day_start
from models.rotation import turn_holder
from models.schedules import (
    ChoreOccurrence,
    ChoreSchedule,
    DeadlineAction,
    ExceptionAction,
    OccurrenceState,
    PenaltyStatus,
    RotationMode,
    ScheduleException,
    children_away,
)
from models.timeutil import as_utc

# On the child's list: he can complete these.
LIVE = (OccurrenceState.OPEN, OccurrenceState.OVERDUE)
# Not yet completed, done, missed or skipped: these may still be moved, skipped or cancelled.
NOT_STARTED = (OccurrenceState.UPCOMING, OccurrenceState.OPEN, OccurrenceState.OVERDUE)
# Rule instants looked at per extension at most; the sweep goes on where one stopped.
EXTEND_BATCH = 100


class NoOpenOccurrence(Exception):
    """A scheduled chore was completed while none of its child's occurrences is open."""


# Creating occurrences ahead.


async def extend(chore_id: int, now: datetime, *, using_db: BaseDBAsyncClient) -> list[ChoreOccurrence]:
    """Create the chore's occurrences not created yet: each whose window has opened by ``now``, then
    the next upcoming one. Returns the rows created (without ids), whose instants the caller schedules.

    Holds the schedule's row lock, so two extensions of one chore queue up; the unique (chore,
    child, original instant) key refuses a double anyway.
    """
    schedule = await ChoreSchedule.select_for_update().using_db(using_db).get_or_none(chore_id=chore_id)
    if schedule is None:
        return []
    chore = await Chore.get(id=chore_id, using_db=using_db)
    recurrence = schedule.recurrence(await family_zone(chore.family_id, using_db))
    moves = await exceptions_of(chore_id, using_db)
    after = None if schedule.generated_through is None else as_utc(schedule.generated_through)
    created: list[ChoreOccurrence] = []
    looked_at = 0
    extend_at = None
    for times in recurrence.occurrences_after(after):
        if schedule.generated_through is None and times.due_at <= now:
            continue  # a new schedule starts with its first occurrence not yet due
        looked_at += 1
        after = times.original_at
        rows = []
        if times.original_at not in moves or moves[times.original_at] is not None:
            rows = await _create(chore, schedule, recurrence, times, moves.get(times.original_at), using_db)
            created.extend(rows)
        if (rows and times.opens_at > now) or looked_at >= EXTEND_BATCH:
            extend_at = max(times.opens_at, now)
            break
    schedule.generated_through = after
    schedule.extend_at = extend_at
    await schedule.save(using_db=using_db, update_fields=["generated_through", "extend_at", "updated_at"])
    return created


async def exceptions_of(chore_id: int, conn: BaseDBAsyncClient | None = None) -> dict[datetime, datetime | None]:
    """The chore's exceptions by original instant: the instant a moved occurrence is due, None for a skip."""
    found = await ScheduleException.filter(chore_id=chore_id).using_db(conn)
    return {
        as_utc(row.original_at): as_utc(row.moved_to) if row.action is ExceptionAction.MOVE and row.moved_to else None
        for row in found
    }


async def _create(
    chore: Chore,
    schedule: ChoreSchedule,
    recurrence: Recurrence,
    times: OccurrenceTimes,
    moved_to: datetime | None,
    conn: BaseDBAsyncClient,
) -> list[ChoreOccurrence]:
    """The occurrence rows of one rule instant, one per assignee not away that day (none for a skip)."""
    if moved_to is not None:
        times = recurrence.times(times.original_at, times.day, due_at=moved_to)
    rows = [
        ChoreOccurrence(
            chore_id=chore.id,
            assignee_id=child_id,
            original_at=times.original_at,
            opens_at=times.opens_at,
            due_at=times.due_at,
            deadline_at=times.deadline_at,
        )
        for child_id in await _assignees(chore, schedule, times, conn)
    ]
    if rows:
        await ChoreOccurrence.bulk_create(rows, ignore_conflicts=True, using_db=conn)
    return rows


async def _assignees(
    chore: Chore, schedule: ChoreSchedule, times: OccurrenceTimes, conn: BaseDBAsyncClient
) -> list[int]:
    """Who the occurrence is for: the turn holder of a rotating chore, else every assignee; none away that day."""
    if schedule.rotation is not RotationMode.NONE:
        holder = await turn_holder(chore, schedule, times.original_at, using_db=conn)
        child_ids = [] if holder is None else [holder]
    else:
        found = await ChoreAssignment.filter(chore_id=chore.id).using_db(conn).order_by("id").values_list(
            "assignee_id", flat=True
        )
        child_ids = [int(child_id) for child_id in found]  # type: ignore[call-overload]
    away = await children_away(child_ids, times.day)
    return [child_id for child_id in child_ids if child_id not in away]


async def assignees_replaced(chore_id: int, now: datetime, conn: BaseDBAsyncClient) -> list[ChoreOccurrence]:
    """A parent replaced the assignees of a scheduled chore (not a rotating one): the occurrences not
    completed of children no longer assigned go, the upcoming ones are made again for the new assignees
    (an open one of a child still assigned stays). Returns the rows created."""
    schedule = await ChoreSchedule.select_for_update().using_db(conn).get_or_none(chore_id=chore_id)
    if schedule is None or schedule.rotation is not RotationMode.NONE:
        return []
    assigned = await ChoreAssignment.filter(chore_id=chore_id).using_db(conn).values_list("assignee_id", flat=True)
    await ChoreOccurrence.filter(chore_id=chore_id, state__in=NOT_STARTED).exclude(
        assignee_id__in=list(assigned)
    ).using_db(conn).delete()
    await ChoreOccurrence.filter(chore_id=chore_id, state=OccurrenceState.UPCOMING).using_db(conn).delete()
    schedule.generated_through = None
    await schedule.save(using_db=conn, update_fields=["generated_through", "updated_at"])
    return await extend(chore_id, now, using_db=conn)


async def recreate_instant(
    chore: Chore, original_at: datetime, now: datetime, conn: BaseDBAsyncClient
) -> list[ChoreOccurrence]:
    """Create again the rows of one rule instant already passed by :func:`extend` (an exception was
    withdrawn), unless it is already due."""
    schedule = await ChoreSchedule.get(chore_id=chore.id, using_db=conn)
    if schedule.generated_through is None or original_at > as_utc(schedule.generated_through):
        return []  # the extension will create it
    recurrence = schedule.recurrence(await family_zone(chore.family_id, conn))
    for times in recurrence.occurrences_after(original_at - timedelta(days=2)):
        if times.original_at == original_at and times.due_at > now:
            return await _create(chore, schedule, recurrence, times, None, conn)
        if times.original_at >= original_at:
            break
    return []


# Transitions at their instants.


@dataclass(frozen=True)
class Transition:
    """One step of the lifecycle: rows in ``leaves`` whose ``at`` instant has passed enter ``enters``."""

    leaves: OccurrenceState
    enters: OccurrenceState
    at: str
    event: EventType


OPENING = Transition(OccurrenceState.UPCOMING, OccurrenceState.OPEN, "opens_at", EventType.CHORE_DUE)
FALLING_OVERDUE = Transition(OccurrenceState.OPEN, OccurrenceState.OVERDUE, "due_at", EventType.CHORE_OVERDUE)
MISSING = Transition(OccurrenceState.OVERDUE, OccurrenceState.MISSED, "deadline_at", EventType.CHORE_MISSED)
TRANSITIONS = (OPENING, FALLING_OVERDUE, MISSING)


@dataclass(frozen=True)
class Moved:
    """What one run of a transition did: how many due rows it found, and the events it staged."""

    found: int
    events: list[Event]


@retry_on_deadlock
async def run_transition(step: Transition, now: datetime, *, limit: int) -> Moved:
    """Move up to ``limit`` occurrences whose ``step`` is due, oldest first.

    Rows another run holds are skipped (it moves them); ``found`` below ``limit`` means none is left.
    """
    candidates = ChoreOccurrence.filter(state=step.leaves, **{f"{step.at}__lte": now})
    if step is MISSING:
        candidates = candidates.filter(chore__schedule__deadline_action=DeadlineAction.MISS)
    ids = list(await candidates.order_by(step.at, "id").limit(limit).values_list("id", flat=True))
    if not ids:
        return Moved(0, [])
    async with in_transaction() as conn:
        rows = await ChoreOccurrence.select_for_update(skip_locked=True).using_db(conn).filter(
            id__in=ids, state=step.leaves
        ).order_by(step.at, "id")
        if not rows:
            return Moved(len(ids), [])
        chores = {chore.id: chore for chore in await Chore.filter(id__in={row.chore_id for row in rows}).using_db(conn)}
        schedules = {
            schedule.chore_id: schedule
            for schedule in await ChoreSchedule.filter(chore_id__in=list(chores)).using_db(conn)
        }
        changes: dict[str, object] = {"state": step.enters}
        if step is MISSING:
            changes["missed_at"] = now
        await ChoreOccurrence.filter(id__in=[row.id for row in rows]).using_db(conn).update(**changes)
        for row in rows:
            row.state = step.enters
            if step is MISSING:
                row.missed_at = now
                await _propose_penalty(row, schedules.get(row.chore_id), conn)
        if step is OPENING:
            await _reopen_rows(rows, schedules, conn)
        parents: dict[int, list[int]] = {}
        events = []
        for row in rows:
            if row.assignee_id not in parents:
                parents[row.assignee_id] = await parents_of(row.assignee_id, conn)
            event = await stage_occurrence_event(
                conn, type=step.event, occurrence=row, chore=chores[row.chore_id], parents=parents[row.assignee_id]
            )
            if event is not None:
                events.append(event)
    return Moved(len(ids), events)


async def _propose_penalty(row: ChoreOccurrence, schedule: ChoreSchedule | None, conn: BaseDBAsyncClient) -> None:
    if schedule is None or not schedule.missed_penalty_cents:
        return
    row.penalty_status = PenaltyStatus.PROPOSED
    row.penalty_cents = schedule.missed_penalty_cents
    await ChoreOccurrence.filter(id=row.id, penalty_status=PenaltyStatus.NONE).using_db(conn).update(
        penalty_status=row.penalty_status, penalty_cents=row.penalty_cents
    )


async def _reopen_rows(
    rows: list[ChoreOccurrence], schedules: dict[int, ChoreSchedule], conn: BaseDBAsyncClient
) -> None:
    """Start a new cycle of each opened occurrence's assignment row: an approved row reopens (a row
    waiting for approval keeps waiting); a rotating chore's single row first moves to the turn holder."""
    children_by_chore: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        schedule = schedules.get(row.chore_id)
        if schedule is not None and schedule.rotation is not RotationMode.NONE:
            await ChoreAssignment.filter(chore_id=row.chore_id).exclude(is_completed=True, is_approved=False).using_db(
                conn
            ).update(assignee_id=row.assignee_id)
        children_by_chore[row.chore_id].append(row.assignee_id)
    for chore_id, child_ids in children_by_chore.items():
        await ChoreAssignment.filter(chore_id=chore_id, assignee_id__in=child_ids, is_approved=True).using_db(
            conn
        ).update(is_completed=False, is_approved=False, completion_date=None, rejection_reason=None, cooldown_ends_at=None)


def transition_instants(rows: Iterable[ChoreOccurrence]) -> set[datetime]:
    """The instants at which these occurrences change state: the jobs to schedule for them."""
    return {as_utc(instant) for row in rows for instant in (row.opens_at, row.due_at, row.deadline_at)}


# Hooks of the assignment use cases (they hold the chore's and the row's locks).


async def occurrence_to_complete(chore_id: int, child_id: int, conn: BaseDBAsyncClient) -> ChoreOccurrence:
    """The occurrence a completion of a scheduled chore is for: the child's oldest open or overdue one,
    locked. NoOpenOccurrence when none is open."""
    found = await _oldest(chore_id, child_id, LIVE, conn)
    if found is None:
        raise NoOpenOccurrence
    return found


async def occurrence_completed(occurrence: ChoreOccurrence, now: datetime, conn: BaseDBAsyncClient) -> None:
    occurrence.state = OccurrenceState.COMPLETED
    occurrence.completed_at = now
    await occurrence.save(using_db=conn, update_fields=["state", "completed_at", "updated_at"])


async def occurrence_approved(row: ChoreAssignment, now: datetime, conn: BaseDBAsyncClient) -> None:
    """The row's approval makes its completed occurrence done (with the cycle it was paid as); if
    another occurrence of the child is open already, the row reopens for it at once."""
    occurrence = await _oldest(row.chore_id, row.assignee_id, (OccurrenceState.COMPLETED,), conn)
    if occurrence is not None:
        occurrence.state = OccurrenceState.DONE
        occurrence.approved_at = now
        occurrence.cycle = row.cycle
        await occurrence.save(using_db=conn, update_fields=["state", "approved_at", "cycle", "updated_at"])
    if await _oldest(row.chore_id, row.assignee_id, LIVE, conn) is not None:
        row.reopen()
        await row.save(using_db=conn)


async def occurrence_rejected(row: ChoreAssignment, now: datetime, conn: BaseDBAsyncClient) -> None:
    """The row's rejection sends its completed occurrence back: open before its due time, overdue after
    (past its deadline, the next run of the missed transition marks it missed)."""
    occurrence = await _oldest(row.chore_id, row.assignee_id, (OccurrenceState.COMPLETED,), conn)
    if occurrence is None:
        return
    occurrence.state = OccurrenceState.OPEN if now < as_utc(occurrence.due_at) else OccurrenceState.OVERDUE
    occurrence.completed_at = None
    await occurrence.save(using_db=conn, update_fields=["state", "completed_at", "updated_at"])


async def _oldest(
    chore_id: int, child_id: int, states: tuple[OccurrenceState, ...], conn: BaseDBAsyncClient
) -> ChoreOccurrence | None:
    return (
        await ChoreOccurrence.select_for_update()
        .using_db(conn)
        .filter(chore_id=chore_id, assignee_id=child_id, state__in=states)
        .order_by("due_at", "id")
        .first()
    )


# Exceptions and vacations on occurrences already created.


async def apply_exception(
    exception: ScheduleException, recurrence: Recurrence, now: datetime, conn: BaseDBAsyncClient
) -> list[ChoreOccurrence]:
    """Skip or move the rows of the exception's instant not yet completed; return the moved ones."""
    rows = await ChoreOccurrence.select_for_update().using_db(conn).filter(
        chore_id=exception.chore_id, original_at=exception.original_at, state__in=NOT_STARTED
    )
    for row in rows:
        if exception.action is ExceptionAction.SKIP or exception.moved_to is None:
            row.state = OccurrenceState.SKIPPED
        else:
            local_day = as_utc(row.original_at).astimezone(recurrence.zone).date()
            times = recurrence.times(as_utc(row.original_at), local_day, due_at=as_utc(exception.moved_to))
            row.opens_at, row.due_at, row.deadline_at = times.opens_at, times.due_at, times.deadline_at
            row.state = _state_after_move(row.state, times, now)
        await row.save(using_db=conn)
    return [row for row in rows if row.state is not OccurrenceState.SKIPPED]


def _state_after_move(state: OccurrenceState, times: OccurrenceTimes, now: datetime) -> OccurrenceState:
    """A moved occurrence not open yet waits for its (new) opening; an open one is open or overdue by its new due time."""
    if state is OccurrenceState.UPCOMING or times.opens_at > now:
        return OccurrenceState.UPCOMING
    return OccurrenceState.OPEN if times.due_at > now else OccurrenceState.OVERDUE


async def withdraw_exception(exception: ScheduleException, now: datetime, conn: BaseDBAsyncClient) -> list[ChoreOccurrence]:
    """Undo an exception: its instant's rows not completed go, and are created again from the rule."""
    await ChoreOccurrence.filter(
        chore_id=exception.chore_id,
        original_at=exception.original_at,
        state__in=(*NOT_STARTED, OccurrenceState.SKIPPED),
    ).using_db(conn).delete()
    chore = await Chore.get(id=exception.chore_id, using_db=conn)
    return await recreate_instant(chore, as_utc(exception.original_at), now, conn)


async def cancel_during(child_id: int, first: date, last: date, zone: ZoneInfo, conn: BaseDBAsyncClient) -> int:
    """Skip the child's occurrences of the local days ``first`` to ``last`` that are not completed yet."""
    return await ChoreOccurrence.filter(
        assignee_id=child_id,
        state__in=NOT_STARTED,
        original_at__gte=day_start(first, zone),
        original_at__lt=day_start(last + timedelta(days=1), zone),
    ).using_db(conn).update(state=OccurrenceState.SKIPPED)
