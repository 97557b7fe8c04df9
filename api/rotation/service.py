"""Use cases of a chore's rotation: show it, configure it, set whose turn it is, swap two turns.

Each write locks the chore's row first, so two parents changing one rotation queue up; the
worker deciding turns (``models.rotation.turn_holder``) takes no such lock, and the unique
(chore, period start) of ``RotationTurn`` settles any race with it. When the turn under way
changes hands, the chore's assignment row moves to the new holder in the same transaction (not a
row completed and waiting for approval), and ``rotation_changed`` tells both children and the parents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from api.chores.access import chore_or_404, require_manager
from api.errors import Conflict, NotFound, RequestValidationError
from api.rotation.schemas import DEFAULT_TURNS, RotationIn
from models import ActivityType, AssignmentMode, Chore, User
from models.activities import record_activity, shorten
from models.deadlocks import retry_on_deadlock
from models.events import children_for_chore, stage_rotation_changed
from models.rotation import (
    Turn,
    TurnPeriod,
    current_day,
    family_zone,
    first_day,
    follow_holder,
    occurrence_instants,
    period_of,
    period_start,
    period_starts,
    settle_turn,
    turn_holder,
    turns_ahead,
    under_way,
)
from models.schedules import ChoreSchedule, RotationMode, RotationPeriod, RotationTurn, children_away
from models.timeutil import isoformat_z, utcnow
from workers import enqueue

REFUSAL = "Only parents of the chore's family can manage its rotation"
NO_SCHEDULE = "Chore schedule not found"
# How far ahead a parent may set or swap turns.
MAX_AHEAD = timedelta(days=366)


@dataclass(frozen=True)
class RotationView:
    schedule: ChoreSchedule
    timezone: str
    turns: list[Turn]


async def _managed(user: User, chore_id: int, conn: BaseDBAsyncClient, *, lock: bool) -> tuple[Chore, ChoreSchedule]:
    """The chore (locked for writes) and its schedule: 404 for another family's or none, 403 for a child."""
    chore = await chore_or_404(chore_id, lock=lock, using_db=conn)
    require_manager(chore, user, refusal=REFUSAL)
    schedule = await ChoreSchedule.get_or_none(chore_id=chore.id, using_db=conn)
    if schedule is None:
        raise NotFound(NO_SCHEDULE)
    return chore, schedule


async def _view(chore: Chore, schedule: ChoreSchedule, turns: int, conn: BaseDBAsyncClient) -> RotationView:
    zone = await family_zone(chore, conn)
    ahead = []
    if schedule.rotation is not RotationMode.NONE:
        ahead = await turns_ahead(chore, schedule, zone, now=utcnow(), count=turns + 1, conn=conn)
    return RotationView(schedule, zone.key, ahead)


async def show_rotation(*, user: User, chore_id: int, turns: int) -> RotationView:
    """The rotation, its current turn and the next ``turns`` ones as they stand."""
    async with in_transaction() as conn:
        chore, schedule = await _managed(user, chore_id, conn, lock=False)
        return await _view(chore, schedule, turns, conn)


def _invalid(field: str, index: int | None, value: object, message: str) -> RequestValidationError:
    loc: list[str | int] = ["body", field] if index is None else ["body", field, index]
    return RequestValidationError([{"type": "value_error", "loc": loc, "msg": f"Value error, {message}", "input": value}])


async def _check_children(chore: Chore, order: list[int], conn: BaseDBAsyncClient) -> None:
    """422 naming each id of ``order`` that is no active child of the chore's family."""
    members = set(await children_for_chore(chore, conn))
    errors = [
        _invalid("order", index, child_id, f"{child_id} is not an active child of this chore's family").detail[0]
        for index, child_id in enumerate(order)
        if child_id not in members
    ]
    if errors:
        raise RequestValidationError(errors)


@retry_on_deadlock
async def configure_rotation(*, user: User, chore_id: int, body: RotationIn) -> RotationView:
    """Store the rotation; automatic decisions of periods not begun are forgotten (all of them when
    the period length changes), and the turn under way is settled at once."""
    async with in_transaction() as conn:
        chore, schedule = await _managed(user, chore_id, conn, lock=True)
        if body.mode is not RotationMode.NONE and chore.mode is not AssignmentMode.SINGLE:
            raise Conflict("Only single chores can rotate")
        await _check_children(chore, body.order, conn)
        now = utcnow()
        ahead = RotationTurn.filter(chore_id=chore.id, period_start__gt=now).using_db(conn)
        if schedule.rotation_period == body.period:
            ahead = ahead.filter(set_by_parent=False)
        await ahead.delete()
        schedule.rotation, schedule.rotation_period = body.mode, body.period
        schedule.rotation_order, schedule.rotation_lookback_weeks = body.order, body.lookback_weeks
        await schedule.save(
            using_db=conn,
            update_fields=["rotation", "rotation_period", "rotation_order", "rotation_lookback_weeks", "updated_at"],
        )
        if body.mode is not RotationMode.NONE:
            await _settle_under_way(chore, schedule, now, conn)
        view = await _view(chore, schedule, DEFAULT_TURNS, conn)
    await enqueue.publish_events()
    return view


async def _settle_under_way(chore: Chore, schedule: ChoreSchedule, now: datetime, conn: BaseDBAsyncClient) -> None:
    zone = await family_zone(chore, conn)
    starts = period_starts(schedule, zone, from_day=current_day(schedule.rotation_period, zone, now), count=1)
    if starts and under_way(schedule.rotation_period, starts[0], zone, now):
        await turn_holder(chore, schedule, starts[0], using_db=conn)


def _require_rotation(chore: Chore, schedule: ChoreSchedule) -> None:
    if schedule.rotation is RotationMode.NONE or chore.mode is not AssignmentMode.SINGLE:
        raise Conflict("This chore does not rotate")


async def _period_at(
    schedule: ChoreSchedule, zone: ZoneInfo, at: datetime | None, now: datetime, *, field: str
) -> TurnPeriod:
    """The turn period holding ``at`` (an occurrence: the first on its local day or after), or the
    current one; 422 when it is over or more than a year ahead, 409 when the rule has no occurrence left."""
    period = schedule.rotation_period
    if at is None:
        starts = period_starts(schedule, zone, from_day=current_day(period, zone, now), count=1)
        if not starts:
            raise Conflict("The chore's schedule has no occurrence left")
        return period_of(schedule, starts[0], zone)
    if at > now + MAX_AHEAD:
        raise _invalid(field, None, isoformat_z(at), "turns can be set at most a year ahead")
    if period is RotationPeriod.OCCURRENCE:
        instants = occurrence_instants(schedule, zone, from_day=first_day(at, zone), count=1)
        if not instants:
            raise Conflict("The chore's schedule has no occurrence on or after that day")
        start = instants[0]
    else:
        start = period_start(period, at, zone)
    if start < now and not under_way(period, start, zone, now):
        raise _invalid(field, None, isoformat_z(at), "that turn period is over")
    return period_of(schedule, start, zone)


async def _require_present(chore: Chore, child_id: int, period: TurnPeriod, zone: ZoneInfo, conn: BaseDBAsyncClient) -> None:
    """422 unless the child is an active child of the chore's family; 409 when he is away that period."""
    if child_id not in await children_for_chore(chore, conn):
        raise _invalid("child_id", None, child_id, f"{child_id} is not an active child of this chore's family")
    day = first_day(period.start, zone)
    if await children_away([child_id], day):
        raise Conflict(f"Child {child_id} is away on {day.isoformat()}, the first day of that turn")


async def _store_turn(chore_id: int, start: datetime, child_id: int, conn: BaseDBAsyncClient) -> int | None:
    """Set the period's holder (an upsert marked as a parent's); the holder it replaces, if any."""
    stored = await RotationTurn.select_for_update().using_db(conn).get_or_none(chore_id=chore_id, period_start=start)
    if stored is None:
        try:
            await RotationTurn.create(
                chore_id=chore_id, period_start=start, child_id=child_id, set_by_parent=True, using_db=conn
            )
            return None
        except IntegrityError:  # the worker decided it meanwhile: overwrite its decision
            stored = await RotationTurn.select_for_update().using_db(conn).get(chore_id=chore_id, period_start=start)
    await RotationTurn.filter(id=stored.id).using_db(conn).update(child_id=child_id, set_by_parent=True)
    return stored.child_id


async def _hand_over(
    chore: Chore,
    schedule: ChoreSchedule,
    zone: ZoneInfo,
    period: TurnPeriod,
    child_id: int,
    *,
    user: User,
    now: datetime,
    conn: BaseDBAsyncClient,
) -> int | None:
    """Store the parent's choice, move the assignment row if the period is under way, announce it;
    the holder replaced."""
    previous = await _store_turn(chore.id, period.start, child_id, conn)
    moved = None
    if under_way(schedule.rotation_period, period.start, zone, now):
        moved = await follow_holder(chore, child_id, period, set_by=user.id, conn=conn)
    if moved is None and previous != child_id:
        await stage_rotation_changed(
            conn, chore=chore, period_start=period.start, period_end=period.end,
            child_id=child_id, previous_child_id=previous, set_by_id=user.id,
        )
    return previous


@retry_on_deadlock
async def set_turn(*, user: User, chore_id: int, child_id: int, at: datetime | None) -> RotationView:
    """Make it ``child_id``'s turn for the period holding ``at`` (default: the current turn)."""
    async with in_transaction() as conn:
        chore, schedule = await _managed(user, chore_id, conn, lock=True)
        _require_rotation(chore, schedule)
        if child_id not in schedule.rotation_order:
            raise _invalid("child_id", None, child_id, f"{child_id} is not in this chore's rotation order")
        zone, now = await family_zone(chore, conn), utcnow()
        period = await _period_at(schedule, zone, at, now, field="period")
        await _require_present(chore, child_id, period, zone, conn)
        previous = await _hand_over(chore, schedule, zone, period, child_id, user=user, now=now, conn=conn)
        child = await User.get(id=child_id, using_db=conn)
        await record_activity(
            actor=user,
            activity_type=ActivityType.ROTATION_CHANGED,
            description=f"Turn of {shorten(chore.title)} from {first_day(period.start, zone)}: {child.username}",
            target_user_id=child_id,
            data=_activity_data(chore, period, child_id, previous),
            using_db=conn,
        )
        view = await _view(chore, schedule, DEFAULT_TURNS, conn)
    await enqueue.publish_events()
    return view


def _activity_data(chore: Chore, period: TurnPeriod, child_id: int, previous: int | None) -> dict:
    return {
        "chore_id": chore.id,
        "period_start": isoformat_z(period.start),
        "child_id": child_id,
        "previous_child_id": previous,
    }


@retry_on_deadlock
async def swap_turns(*, user: User, chore_id: int, first: datetime, second: datetime) -> RotationView:
    """The holders of the periods holding ``first`` and ``second`` change places (undecided ones are decided first)."""
    async with in_transaction() as conn:
        chore, schedule = await _managed(user, chore_id, conn, lock=True)
        _require_rotation(chore, schedule)
        zone, now = await family_zone(chore, conn), utcnow()
        periods = [
            await _period_at(schedule, zone, first, now, field="first"),
            await _period_at(schedule, zone, second, now, field="second"),
        ]
        if periods[0].start == periods[1].start:
            raise _invalid("second", None, isoformat_z(second), "first and second are in the same turn period")
        holders = []
        for period in sorted(periods, key=lambda p: p.start):
            holder = await settle_turn(chore, schedule, period.start, zone, conn)
            if holder is None:
                raise Conflict(f"Nobody holds the turn from {isoformat_z(period.start)}: every child is away")
            holders.append((period, holder))
        (early, early_holder), (late, late_holder) = holders
        for period, child_id in ((early, late_holder), (late, early_holder)):
            await _require_present(chore, child_id, period, zone, conn)
        for period, child_id in ((early, late_holder), (late, early_holder)):
            await _hand_over(chore, schedule, zone, period, child_id, user=user, now=now, conn=conn)
        await record_activity(
            actor=user,
            activity_type=ActivityType.ROTATION_CHANGED,
            description=f"Swapped turns of {shorten(chore.title)} from {first_day(early.start, zone)} "
            f"and {first_day(late.start, zone)}",
            data={"chore_id": chore.id, "turns": [
                _activity_data(chore, early, late_holder, early_holder),
                _activity_data(chore, late, early_holder, late_holder),
            ]},
            using_db=conn,
        )
        view = await _view(chore, schedule, DEFAULT_TURNS, conn)
    await enqueue.publish_events()
    return view
