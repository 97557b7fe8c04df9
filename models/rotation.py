"""Rotation of a scheduled single chore between children (issue #12 item 4).

A rotating chore's calendar is cut into turn periods (``ChoreSchedule.rotation_period``): each
occurrence, or each local day, week (from Monday) or month, starting at local midnight in the
family zone. The holder of a period is decided once, the first time anyone asks, and stored as a
``RotationTurn`` (a parent may set or swap it); the unique (chore, period start) pair makes two
deciders agree: the loser of the insert reads the winner's row.

Who is eligible for a period: the children of ``rotation_order`` still active in the chore's
family who are not away (``Vacation``) on the period's first local day.

- ``round_robin``: the next eligible child in ``rotation_order`` after the holder of the latest
  decided period before this one (the first eligible child when there is none), whether or not
  that holder did the chore. A child away is passed over and gets no make-up turn: the order goes
  on from whoever held the turn, so he comes back at his next regular place.
- ``least_completed``: the eligible child with the fewest approved rewards for this chore
  (``counted_rewards``: neither reversed nor a reversal) in the ``rotation_lookback_weeks`` before
  the period starts; ties go to the child who comes first in ``rotation_order``.

Periods must be decided in time order (occurrences are generated so) for round robin to follow
its order. The chore's assignment row follows the holder of the period under way (see
:func:`follow_holder`); its move is announced by a ``rotation_changed`` event.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from models.assignments import AssignmentState, ChoreAssignment
from models.chores import Chore
from models.events import children_for_chore, stage_rotation_changed
from models.families import Family, zone_named
from models.ledger import LedgerEntry, counted_rewards
from models.recurrence import calendar_period_start, day_start
from models.schedules import (
    ChoreOccurrence,
    ChoreSchedule,
    OccurrenceState,
    RotationMode,
    RotationPeriod,
    RotationTurn,
    children_away,
)
from models.timeutil import as_utc, utcnow
from models.tortoise_adapter import dialect_of

WEEK = timedelta(weeks=1)


# Pure rules: turn periods and the choice of a holder.


def period_start(period: RotationPeriod, instant: datetime, zone: ZoneInfo) -> datetime:
    """Start (UTC) of the turn period holding ``instant``: the occurrence itself, or the local
    midnight beginning its day, its week (Monday) or its month."""
    if period is RotationPeriod.OCCURRENCE:
        return as_utc(instant)
    return calendar_period_start(period, instant, zone)


def period_end(period: RotationPeriod, start: datetime, zone: ZoneInfo) -> datetime | None:
    """Start of the period after the one starting at ``start`` (None for an occurrence: it is an instant)."""
    if period is RotationPeriod.OCCURRENCE:
        return None
    first = as_utc(start).astimezone(zone).date()
    step = {RotationPeriod.DAY: relativedelta(days=1), RotationPeriod.WEEK: relativedelta(weeks=1)}
    return day_start(first + step.get(period, relativedelta(months=1)), zone)


def first_day(start: datetime, zone: ZoneInfo) -> date:
    """The local date a period starting at ``start`` begins on: the one its vacations are read for."""
    return as_utc(start).astimezone(zone).date()


def next_in_order(order: Sequence[int], previous: int | None, eligible: Iterable[int]) -> int | None:
    """Round robin: the first eligible child after ``previous`` in ``order``, going round; the first
    eligible one when ``previous`` is None or no longer in the order; None when nobody is eligible."""
    allowed = set(eligible)
    begin = order.index(previous) + 1 if previous in order else 0
    for child_id in [*order[begin:], *order[:begin]]:
        if child_id in allowed:
            return child_id
    return None


def fewest_completed(order: Sequence[int], eligible: Iterable[int], counts: dict[int, int]) -> int | None:
    """Least completed: the eligible child with the fewest approved turns, the earliest in ``order`` on a tie."""
    allowed = set(eligible)
    candidates = [child_id for child_id in order if child_id in allowed]
    return min(candidates, key=lambda child_id: counts.get(child_id, 0), default=None)


def choose_holder(
    mode: RotationMode, order: Sequence[int], *, previous: int | None, eligible: Iterable[int], counts: dict[int, int]
) -> int | None:
    """The holder of a period under ``mode``, from what the database says about it."""
    if mode is RotationMode.ROUND_ROBIN:
        return next_in_order(order, previous, eligible)
    if mode is RotationMode.LEAST_COMPLETED:
        return fewest_completed(order, eligible, counts)
    raise ValueError("a chore without rotation has no turns")


def occurrence_instants(schedule: ChoreSchedule, zone: ZoneInfo, *, from_day: date, count: int) -> list[datetime]:
    """The first ``count`` instants (UTC) the schedule's rule gives on ``from_day`` or later.

    An instant is the rule's local date at the due time (local midnight without one), read in the
    family zone: a skipped local time moves forward with the clock, a repeated one is its first.
    """
    after = day_start(max(from_day, schedule.starts_on), zone) - timedelta(microseconds=1)
    found = schedule.recurrence(zone).occurrences_after(after)
    return [times.original_at for times in itertools.islice(found, count)]


def under_way(period: RotationPeriod, start: datetime, zone: ZoneInfo, now: datetime) -> bool:
    """Whether the period starting at ``start`` is the one under way at ``now`` (an occurrence's is its local day)."""
    if period is RotationPeriod.OCCURRENCE:
        return first_day(start, zone) == first_day(now, zone)
    end = period_end(period, start, zone)
    return start <= now and (end is None or now < end)


def period_starts(schedule: ChoreSchedule, zone: ZoneInfo, *, from_day: date, count: int) -> list[datetime]:
    """Starts of the first ``count`` turn periods holding an occurrence on ``from_day`` or later."""
    period = schedule.rotation_period
    starts: list[datetime] = []
    for instant in occurrence_instants(schedule, zone, from_day=from_day, count=count * OCCURRENCES_PER_PERIOD[period]):
        start = period_start(period, instant, zone)
        if start not in starts:
            starts.append(start)
    return starts[:count]


# The most occurrences one period may hold under the cost limit of a rule (about 1,000 a year).
OCCURRENCES_PER_PERIOD = {
    RotationPeriod.OCCURRENCE: 1,
    RotationPeriod.DAY: 3,
    RotationPeriod.WEEK: 20,
    RotationPeriod.MONTH: 90,
}


# Reads and writes, in the caller's transaction.


async def family_zone(chore: Chore, conn: BaseDBAsyncClient) -> ZoneInfo:
    """The zone a chore's calendar is read in: its family's, UTC without one."""
    family = await Family.get_or_none(id=chore.family_id, using_db=conn) if chore.family_id is not None else None
    return family.zone if family is not None else zone_named(None)


async def eligible_children(chore: Chore, order: Sequence[int], day: date, conn: BaseDBAsyncClient) -> list[int]:
    """The children of ``order`` still active in the chore's family and not away on ``day``, in order."""
    members = set(await children_for_chore(chore, conn))
    present = [child_id for child_id in order if child_id in members]
    away = await children_away(present, day)
    return [child_id for child_id in present if child_id not in away]


async def approved_counts(
    chore_id: int, child_ids: Sequence[int], since: datetime, until: datetime, conn: BaseDBAsyncClient
) -> dict[int, int]:
    """Approved rewards for the chore per child, booked in [since, until)."""
    rows = (
        await LedgerEntry.filter(
            counted_rewards(), chore_id=chore_id, child_id__in=list(child_ids), created_at__gte=since, created_at__lt=until
        )
        .using_db(conn)
        .annotate(approved=Count("id"))
        .group_by("child_id")
        .values("child_id", "approved")
    )
    return {row["child_id"]: int(row["approved"]) for row in rows}


async def previous_holder(chore_id: int, start: datetime, conn: BaseDBAsyncClient) -> int | None:
    """Holder of the latest decided period before the one starting at ``start``."""
    turn = (
        await RotationTurn.filter(chore_id=chore_id, period_start__lt=start)
        .using_db(conn)
        .order_by("-period_start")
        .first()
    )
    return turn.child_id if turn is not None else None


async def lookback_counts(
    chore: Chore, schedule: ChoreSchedule, eligible: Sequence[int], start: datetime, conn: BaseDBAsyncClient
) -> dict[int, int]:
    """What least completed compares for the period starting at ``start`` (nothing for round robin)."""
    if schedule.rotation is not RotationMode.LEAST_COMPLETED:
        return {}
    since = start - WEEK * schedule.rotation_lookback_weeks
    return await approved_counts(chore.id, eligible, since, min(start, utcnow()), conn)


async def turn_holder(
    chore: Chore, schedule: ChoreSchedule, original_at: datetime, *, using_db: BaseDBAsyncClient | None = None
) -> int | None:
    """The child whose turn the occurrence at ``original_at`` is, or None when every child is away.

    Decided once per turn period and stored as a ``RotationTurn`` (a parent may have set it already);
    a stored turn stands while its child is eligible for the period, else the period is decided
    again. Asked about the period under way, it also moves the chore's assignment row to the holder
    and stages ``rotation_changed`` in the caller's transaction (wake the outbox relay after commit).
    """
    if using_db is None:
        async with in_transaction() as conn:
            return await turn_holder(chore, schedule, original_at, using_db=conn)
    zone = await family_zone(chore, using_db)
    start = period_start(schedule.rotation_period, original_at, zone)
    holder = await settle_turn(chore, schedule, start, zone, using_db)
    if holder is not None and under_way(schedule.rotation_period, start, zone, utcnow()):
        await follow_holder(chore, holder, period_of(schedule, start, zone), set_by=None, conn=using_db)
    return holder


async def settle_turn(
    chore: Chore, schedule: ChoreSchedule, start: datetime, zone: ZoneInfo, conn: BaseDBAsyncClient
) -> int | None:
    """The stored holder of the period starting at ``start`` if he is still eligible, else a new one, stored."""
    eligible = await eligible_children(chore, schedule.rotation_order, first_day(start, zone), conn)
    stored = await RotationTurn.get_or_none(chore_id=chore.id, period_start=start, using_db=conn)
    if stored is not None and stored.child_id in eligible:
        return stored.child_id
    holder = choose_holder(
        schedule.rotation,
        schedule.rotation_order,
        previous=await previous_holder(chore.id, start, conn),
        eligible=eligible,
        counts=await lookback_counts(chore, schedule, eligible, start, conn),
    )
    if holder is None:
        return None
    if stored is not None:
        replaced = await RotationTurn.filter(id=stored.id, child_id=stored.child_id).using_db(conn).update(
            child_id=holder, set_by_parent=False
        )
        return holder if replaced else await _winner(chore.id, start, conn)
    try:
        await RotationTurn.create(chore_id=chore.id, period_start=start, child_id=holder, using_db=conn)
    except IntegrityError:
        return await _winner(chore.id, start, conn)
    return holder


# The row another decider stored first, read with a shared lock on MySQL/MariaDB: a locking read sees
# the latest committed row, which the transaction's snapshot may predate. Shared, because every loser
# of the insert already holds a shared lock on that row: asking for an exclusive one deadlocks them.
_WINNER = "SELECT `child_id` FROM `rotation_turns` WHERE `chore_id` = %s AND `period_start` = %s"


async def _winner(chore_id: int, start: datetime, conn: BaseDBAsyncClient) -> int:
    """The holder another decider stored first."""
    if dialect_of(conn) == "sqlite":  # one writer at a time: a plain read sees it
        winner = await RotationTurn.get(chore_id=chore_id, period_start=start, using_db=conn)
        return winner.child_id
    naive_utc = as_utc(start).replace(tzinfo=None)
    [row] = await conn.execute_query_dict(_WINNER + " LOCK IN SHARE MODE", [chore_id, naive_utc])
    return int(row["child_id"])


@dataclass(frozen=True)
class TurnPeriod:
    """One turn period: its start and the next one's (None for an occurrence, an instant)."""

    start: datetime
    end: datetime | None


def period_of(schedule: ChoreSchedule, start: datetime, zone: ZoneInfo) -> TurnPeriod:
    return TurnPeriod(start, period_end(schedule.rotation_period, start, zone))


@dataclass(frozen=True)
class HolderChange:
    """Whose turn a period is changed (``previous`` None: nobody held it)."""

    previous: int | None
    holder: int


async def follow_holder(
    chore: Chore, holder: int, period: TurnPeriod, *, set_by: int | None, conn: BaseDBAsyncClient
) -> HolderChange | None:
    """Move the chore's assignment row to ``holder``, with the period's occurrences not yet done, and announce it.

    A row completed and waiting for approval stays with the child who did the work (his reward is
    decided on it); it follows the holder the next time the period under way is asked about.
    """
    row = await ChoreAssignment.select_for_update().using_db(conn).filter(chore_id=chore.id).first()
    if row is None or row.assignee_id == holder or row.state is AssignmentState.PENDING:
        return None
    await ChoreAssignment.filter(id=row.id).using_db(conn).update(assignee_id=holder)
    await hand_over_occurrences(chore.id, holder, period, conn)
    await stage_rotation_changed(
        conn, chore=chore, period_start=period.start, period_end=period.end,
        child_id=holder, previous_child_id=row.assignee_id, set_by_id=set_by,
    )
    return HolderChange(previous=row.assignee_id, holder=holder)


async def hand_over_occurrences(chore_id: int, holder: int, period: TurnPeriod, conn: BaseDBAsyncClient) -> None:
    """Give ``holder`` the period's occurrences nobody has done yet."""
    if period.end is None:
        within: dict[str, datetime] = {"original_at": period.start}
    else:
        within = {"original_at__gte": period.start, "original_at__lt": period.end}
    await ChoreOccurrence.filter(chore_id=chore_id, state__in=UNDONE, **within).using_db(conn).update(
        assignee_id=holder
    )


UNDONE = (OccurrenceState.UPCOMING, OccurrenceState.OPEN, OccurrenceState.OVERDUE)


@dataclass(frozen=True)
class Turn:
    """A period and its holder as things stand: ``decided`` when stored, else what the rule would give."""

    period: TurnPeriod
    child_id: int | None
    set_by_parent: bool
    decided: bool


async def turns_ahead(
    chore: Chore, schedule: ChoreSchedule, zone: ZoneInfo, *, now: datetime, count: int, conn: BaseDBAsyncClient
) -> list[Turn]:
    """The turn under way (see :func:`current_day`) and the ones after it, ``count`` in all; undecided
    periods are decided here as the rule would, counting each earlier projected turn as done once."""
    starts = period_starts(schedule, zone, from_day=current_day(schedule.rotation_period, zone, now), count=count)
    stored = {
        as_utc(turn.period_start): turn
        for turn in await RotationTurn.filter(chore_id=chore.id, period_start__in=starts).using_db(conn)
    }
    previous = await previous_holder(chore.id, starts[0], conn) if starts else None
    projected: dict[int, int] = {}
    turns = []
    for start in starts:
        eligible = await eligible_children(chore, schedule.rotation_order, first_day(start, zone), conn)
        turn = stored.get(start)
        holder: int | None
        if turn is not None and turn.child_id in eligible:
            holder, by_parent, decided = turn.child_id, turn.set_by_parent, True
        else:
            counts = await lookback_counts(chore, schedule, eligible, start, conn)
            for child_id, extra in projected.items():
                counts[child_id] = counts.get(child_id, 0) + extra
            holder = choose_holder(
                schedule.rotation, schedule.rotation_order, previous=previous, eligible=eligible, counts=counts
            )
            by_parent = decided = False
        if holder is not None:
            previous = holder
            projected[holder] = projected.get(holder, 0) + 1
        turns.append(Turn(period_of(schedule, start, zone), holder, by_parent, decided))
    return turns


def current_day(period: RotationPeriod, zone: ZoneInfo, now: datetime) -> date:
    """The first local day of the period under way; periods with an occurrence from then on lie ahead."""
    if period is RotationPeriod.OCCURRENCE:
        return first_day(now, zone)
    return first_day(period_start(period, now, zone), zone)
