"""Rotation of a scheduled single chore (issue #12 item 4): turn periods, the two modes, vacations."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from tortoise.transactions import in_transaction

from models import ChoreAssignment, EntryKind, Event, EventRecipient, EventType, Family
from models.rotation import (
    choose_holder,
    fewest_completed,
    next_in_order,
    occurrence_instants,
    period_end,
    period_start,
    turn_holder,
)
from models.schedules import ChoreSchedule, RotationMode, RotationPeriod, RotationTurn
from tests.factories import (
    Household,
    make_household,
    make_ledger_entry,
    make_priced_chore,
    make_schedule,
    make_vacation,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
MONDAY = date(2026, 3, 2)


def at(day: date, hour: int = 0, zone: ZoneInfo = BERLIN) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


# Pure rules.


def test_a_week_starts_at_local_midnight_on_monday_across_the_spring_change_in_berlin():
    sunday_night = at(date(2026, 3, 29), 23)  # summer time began that morning
    start = period_start(RotationPeriod.WEEK, sunday_night, BERLIN)
    end = period_end(RotationPeriod.WEEK, start, BERLIN)
    assert start == datetime(2026, 3, 22, 23, 0, tzinfo=UTC)  # Monday 23 March, 00:00 CET
    assert end == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # Monday 30 March, 00:00 CEST
    assert end - start == timedelta(hours=167)
    assert period_start(RotationPeriod.WEEK, end, BERLIN) == end


def test_a_week_across_the_autumn_change_lasts_an_hour_longer():
    start = period_start(RotationPeriod.WEEK, at(date(2026, 10, 25), 12), BERLIN)
    assert start == datetime(2026, 10, 18, 22, 0, tzinfo=UTC)
    end = period_end(RotationPeriod.WEEK, start, BERLIN)
    assert end is not None and end - start == timedelta(hours=169)


def test_days_and_months_start_at_local_midnight_and_an_occurrence_is_its_own_period():
    instant = at(date(2026, 3, 8), 9, NEW_YORK)  # the day New York moves to summer time
    assert period_start(RotationPeriod.DAY, instant, NEW_YORK) == datetime(2026, 3, 8, 5, 0, tzinfo=UTC)
    assert period_end(RotationPeriod.DAY, datetime(2026, 3, 8, 5, 0, tzinfo=UTC), NEW_YORK) == datetime(
        2026, 3, 9, 4, 0, tzinfo=UTC
    )
    assert period_start(RotationPeriod.MONTH, at(date(2024, 2, 29), 20), BERLIN) == datetime(2024, 1, 31, 23, 0, tzinfo=UTC)
    assert period_start(RotationPeriod.OCCURRENCE, instant, NEW_YORK) == instant
    assert period_end(RotationPeriod.OCCURRENCE, instant, NEW_YORK) is None


def test_round_robin_goes_round_the_order_skipping_who_is_not_eligible():
    order = [1, 2, 3]
    assert next_in_order(order, None, order) == 1
    assert next_in_order(order, 1, order) == 2
    assert next_in_order(order, 3, order) == 1
    assert next_in_order(order, 1, [1, 3]) == 3
    assert next_in_order(order, 1, [1]) == 1
    assert next_in_order(order, 9, [2, 3]) == 2  # a previous holder no longer in the order: start again
    assert next_in_order(order, 1, []) is None


def test_least_completed_takes_the_fewest_and_breaks_ties_by_the_order():
    assert fewest_completed([3, 1, 2], [1, 2, 3], {3: 2, 1: 1, 2: 1}) == 1
    assert fewest_completed([3, 1, 2], [3, 2], {3: 0, 2: 0}) == 3
    assert fewest_completed([1, 2], [], {}) is None
    with pytest.raises(ValueError):
        choose_holder(RotationMode.NONE, [1, 2], previous=None, eligible=[1, 2], counts={})


def test_occurrences_are_read_in_the_family_zone_and_a_skipped_time_moves_forward():
    schedule = ChoreSchedule(rrule="FREQ=DAILY", starts_on=date(2026, 3, 28), due_time=time(2, 30))
    instants = occurrence_instants(schedule, BERLIN, from_day=date(2026, 3, 28), count=3)
    assert instants == [
        datetime(2026, 3, 28, 1, 30, tzinfo=UTC),  # 02:30 CET
        datetime(2026, 3, 29, 1, 30, tzinfo=UTC),  # 02:30 does not exist that night: 03:30 CEST
        datetime(2026, 3, 30, 0, 30, tzinfo=UTC),  # 02:30 CEST
    ]


# Deciding turns against the database.


async def rotating(home: Household, *, period: RotationPeriod, mode: RotationMode = RotationMode.ROUND_ROBIN,
                   zone: str = "Europe/Berlin", **fields) -> tuple:
    await Family.filter(id=home.family.id).update(timezone=zone)
    chore = await make_priced_chore(home.parent, reward_cents=100)
    await ChoreAssignment.create(chore=chore, assignee=home.children[0])
    schedule = await make_schedule(
        chore, starts_on=MONDAY, rotation=mode, rotation_period=period,
        rotation_order=[child.id for child in home.children], **fields,
    )
    return chore, schedule


async def holders_by_day(chore, schedule, first: date, days: int) -> list[int | None]:
    """Each day's occurrence (at local midnight: no due time) asked about on its own day, as the scheduler does."""
    holders = []
    for instant in occurrence_instants(schedule, BERLIN, from_day=first, count=days):
        with time_machine.travel(instant + timedelta(hours=6), tick=False):
            holders.append(await turn_holder(chore, schedule, instant))
    return holders


async def test_round_robin_owner_of_the_week_for_a_daily_chore_across_the_change_to_summer_time(db):
    home = await make_household(children=3)
    a, b, c = (child.id for child in home.children)
    chore, schedule = await rotating(home, period=RotationPeriod.WEEK)

    holders = await holders_by_day(chore, schedule, MONDAY, 28)

    assert holders == [a] * 7 + [b] * 7 + [c] * 7 + [a] * 7
    turns = await RotationTurn.filter(chore_id=chore.id).order_by("period_start").values_list("period_start", "child_id")
    assert [(start.astimezone(BERLIN).strftime("%a %d %H:%M"), child) for start, child in turns] == [
        ("Mon 02 00:00", a), ("Mon 09 00:00", b), ("Mon 16 00:00", c), ("Mon 23 00:00", a)
    ]
    assert (await ChoreAssignment.get(chore_id=chore.id)).assignee_id == a


async def test_a_decided_turn_is_kept_and_asking_again_changes_nothing(db):
    home = await make_household(children=3)
    chore, schedule = await rotating(home, period=RotationPeriod.WEEK)
    instant = at(MONDAY, 18)
    with time_machine.travel(instant, tick=False):
        first = await turn_holder(chore, schedule, instant)
        again = [await turn_holder(chore, schedule, instant + timedelta(days=day)) for day in range(7)]
    assert again == [first] * 7
    assert await RotationTurn.filter(chore_id=chore.id).count() == 1


async def test_the_assignment_row_follows_the_holder_of_the_week_under_way_with_an_event(db):
    home = await make_household(children=3)
    a, b, _ = home.children
    chore, schedule = await rotating(home, period=RotationPeriod.WEEK)
    await RotationTurn.create(chore=chore, period_start=at(MONDAY), child=a)
    second_monday = at(MONDAY + timedelta(days=7), 18)

    with time_machine.travel(second_monday, tick=False):
        assert await turn_holder(chore, schedule, second_monday) == b.id

    assert (await ChoreAssignment.get(chore_id=chore.id)).assignee_id == b.id
    [event] = await Event.filter(type=EventType.ROTATION_CHANGED)
    assert event.data["child_id"] == b.id and event.data["previous_child_id"] == a.id
    assert event.data["period_start"] == "2026-03-08T23:00:00Z" and event.data["period_end"] == "2026-03-15T23:00:00Z"
    recipients = set(await EventRecipient.filter(event_id=event.id).values_list("user_id", flat=True))
    assert recipients == {a.id, b.id, home.parent.id, home.co_parent.id}


async def test_a_row_waiting_for_approval_stays_with_the_child_who_did_the_work(db):
    home = await make_household(children=2)
    a, b = home.children
    chore, schedule = await rotating(home, period=RotationPeriod.DAY)
    await RotationTurn.create(chore=chore, period_start=at(MONDAY), child=a)
    await ChoreAssignment.filter(chore_id=chore.id).update(is_completed=True, completion_date=at(MONDAY, 17))
    tuesday = at(MONDAY + timedelta(days=1), 18)

    with time_machine.travel(tuesday, tick=False):
        assert await turn_holder(chore, schedule, tuesday) == b.id
    assert (await ChoreAssignment.get(chore_id=chore.id)).assignee_id == a.id

    await ChoreAssignment.filter(chore_id=chore.id).update(is_approved=True)
    with time_machine.travel(tuesday + timedelta(hours=1), tick=False):
        assert await turn_holder(chore, schedule, tuesday) == b.id
    assert (await ChoreAssignment.get(chore_id=chore.id)).assignee_id == b.id


async def test_a_vacation_across_a_rotation_boundary_skips_the_child_then_he_comes_back_in_turn(db):
    home = await make_household(children=3)
    a, b, c = (child.id for child in home.children)
    chore, schedule = await rotating(home, period=RotationPeriod.WEEK)
    # b is away from the Saturday of week 1 to the Wednesday of week 2: away on week 2's first day.
    await make_vacation(home.children[1], MONDAY + timedelta(days=5), MONDAY + timedelta(days=9))

    holders = await holders_by_day(chore, schedule, MONDAY, 28)

    # Week 2 passes b over; the order goes on after c, so b's next regular place is week 4.
    assert holders == [a] * 7 + [c] * 7 + [a] * 7 + [b] * 7


async def test_a_stored_turn_whose_child_went_away_is_decided_again(db):
    home = await make_household(children=3)
    a, b, c = home.children
    chore, schedule = await rotating(home, period=RotationPeriod.WEEK)
    await RotationTurn.create(chore=chore, period_start=at(MONDAY), child=a)
    await RotationTurn.create(chore=chore, period_start=at(MONDAY + timedelta(days=7)), child=b, set_by_parent=True)
    await make_vacation(b, MONDAY + timedelta(days=7), MONDAY + timedelta(days=7))

    assert await turn_holder(chore, schedule, at(MONDAY + timedelta(days=8), 18)) == c.id
    turn = await RotationTurn.get(chore_id=chore.id, period_start=at(MONDAY + timedelta(days=7)))
    assert (turn.child_id, turn.set_by_parent) == (c.id, False)


async def test_nobody_holds_a_turn_when_everyone_is_away_or_gone(db):
    home = await make_household(children=2)
    a, b = home.children
    chore, schedule = await rotating(home, period=RotationPeriod.DAY)
    await make_vacation(a, MONDAY, MONDAY)
    await b.filter(id=b.id).update(is_active=False)

    assert await turn_holder(chore, schedule, at(MONDAY, 18)) is None
    assert not await RotationTurn.exists()


async def test_least_completed_counts_approved_rewards_of_the_lookback_weeks(db):
    home = await make_household(children=3)
    a, b, c = home.children
    chore, schedule = await rotating(
        home, period=RotationPeriod.WEEK, mode=RotationMode.LEAST_COMPLETED, rotation_lookback_weeks=2
    )
    other = await make_priced_chore(home.parent, reward_cents=100)
    start = at(MONDAY + timedelta(days=14))

    async def reward(child, days_before: int, *, chore_id: int = chore.id):
        return await make_ledger_entry(child, EntryKind.REWARD, 100, at=start - timedelta(days=days_before), chore_id=chore_id)

    for days in (1, 3, 5):
        await reward(a, days)
    await reward(b, 2)
    undone = await reward(c, 2)
    await make_ledger_entry(c, EntryKind.REWARD, -100, reverses=undone, chore_id=chore.id, at=start - timedelta(days=1))
    await reward(c, 20)  # before the lookback window
    await reward(c, 1, chore_id=other.id)  # another chore
    await reward(a, -1)  # after the period began: the period's decision does not see it

    # a: 3, b: 1, c: 0 (reversed, too old, other chore) -> c
    with time_machine.travel(start + timedelta(days=2), tick=False):
        assert await turn_holder(chore, schedule, start + timedelta(hours=18)) == c.id

    await reward(c, 1)
    await reward(c, 4)
    # The next week: a 3 (one more this week is in its window now: 4), b 1, c 2 -> b
    next_week = start + timedelta(days=7)
    with time_machine.travel(next_week, tick=False):
        assert await turn_holder(chore, schedule, next_week + timedelta(hours=18)) == b.id


async def test_a_tie_in_least_completed_goes_to_the_first_in_order(db):
    home = await make_household(children=3)
    chore, schedule = await rotating(home, period=RotationPeriod.OCCURRENCE, mode=RotationMode.LEAST_COMPLETED)
    instant = at(MONDAY, 18)
    with time_machine.travel(instant, tick=False):
        assert await turn_holder(chore, schedule, instant) == home.children[0].id


@pytest.mark.mysql
async def test_two_schedulers_deciding_one_period_at_once_agree(db):
    home = await make_household(children=3)
    chore, schedule = await rotating(home, period=RotationPeriod.WEEK)
    instant = at(MONDAY + timedelta(days=2), 18)

    async def decide() -> int | None:
        async with in_transaction() as conn:
            return await turn_holder(chore, schedule, instant, using_db=conn)

    with time_machine.travel(instant, tick=False):
        holders = await asyncio.gather(*(decide() for _ in range(8)))

    assert len(set(holders)) == 1
    assert await RotationTurn.filter(chore_id=chore.id).count() == 1
