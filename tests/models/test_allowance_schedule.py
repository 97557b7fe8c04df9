"""Pay days and pay instants of an allowance schedule, in the family's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from models.allowance_schedule import AllowancePeriod, Schedule

BERLIN = ZoneInfo("Europe/Berlin")
UTC_ZONE = ZoneInfo("UTC")
MONDAY, FRIDAY, SUNDAY = 0, 4, 6


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def payments(schedule: Schedule, after: datetime, count: int) -> list[datetime]:
    found = []
    for _ in range(count):
        after = schedule.next_payment(after)
        found.append(after)
    return found


def test_a_weekly_plan_pays_every_monday_at_eight_in_berlin():
    schedule = Schedule(AllowancePeriod.WEEKLY, pay_minute=8 * 60, zone=BERLIN, weekday=MONDAY)

    next_one = schedule.next_payment(utc(2025, 3, 5, 12))

    assert next_one == utc(2025, 3, 10, 7)  # 08:00 CET
    assert schedule.period_start(next_one) == utc(2025, 3, 3, 7)
    assert schedule.next_payment(next_one) == utc(2025, 3, 17, 7)


def test_the_instant_itself_is_not_after_itself_but_a_minute_before_is_before():
    schedule = Schedule(AllowancePeriod.WEEKLY, pay_minute=8 * 60, zone=UTC_ZONE, weekday=MONDAY)

    assert schedule.next_payment(utc(2025, 3, 10, 7, 59)) == utc(2025, 3, 10, 8)
    assert schedule.next_payment(utc(2025, 3, 10, 8)) == utc(2025, 3, 17, 8)


def test_eight_oclock_stays_eight_oclock_when_berlin_moves_its_clocks():
    schedule = Schedule(AllowancePeriod.WEEKLY, pay_minute=8 * 60, zone=BERLIN, weekday=SUNDAY)

    spring = payments(schedule, utc(2025, 3, 20), 2)
    autumn = payments(schedule, utc(2025, 10, 15), 2)

    assert spring == [utc(2025, 3, 23, 7), utc(2025, 3, 30, 6)]  # 08:00 CET, then 08:00 CEST
    assert autumn == [utc(2025, 10, 19, 6), utc(2025, 10, 26, 7)]  # 08:00 CEST, then 08:00 CET
    # So the week the clocks go forward is 167 hours long, the week they go back 169.
    assert [(later - earlier).total_seconds() / 3600 for earlier, later in (spring, autumn)] == [167, 169]
    assert schedule.period_start(spring[1]) == spring[0]


def test_a_time_the_clocks_skip_pays_at_the_jump_and_a_time_shown_twice_at_its_first_showing():
    skipped = Schedule(AllowancePeriod.WEEKLY, pay_minute=2 * 60 + 30, zone=BERLIN, weekday=SUNDAY)

    assert skipped.next_payment(utc(2025, 3, 29)) == utc(2025, 3, 30, 1)  # 02:00 CET became 03:00 CEST
    assert skipped.next_payment(utc(2025, 10, 25)) == utc(2025, 10, 26, 0, 30)  # 02:30 CEST, not 02:30 CET


@pytest.mark.parametrize(
    ("year", "february"),
    [(2024, utc(2024, 2, 29, 8)), (2025, utc(2025, 2, 28, 8)), (2100, utc(2100, 2, 28, 8))],
    ids=["leap year", "common year", "century, not leap"],
)
def test_the_31st_is_the_last_day_of_february(year, february):
    schedule = Schedule(AllowancePeriod.MONTHLY, pay_minute=8 * 60, zone=UTC_ZONE, day_of_month=31)

    paid = payments(schedule, utc(year, 1, 31, 8), 3)

    assert paid == [february, utc(year, 3, 31, 8), utc(year, 4, 30, 8)]
    assert schedule.period_start(february) == utc(year, 1, 31, 8)
    assert schedule.period_start(utc(year, 3, 31, 8)) == february


def test_a_monthly_plan_on_the_first_in_berlin_across_summer_time():
    schedule = Schedule(AllowancePeriod.MONTHLY, pay_minute=0, zone=BERLIN, day_of_month=1)

    assert payments(schedule, utc(2025, 2, 15), 2) == [utc(2025, 2, 28, 23), utc(2025, 3, 31, 22)]


def test_a_biweekly_plan_pays_on_its_weekday_every_fourteen_days_from_its_start_date():
    schedule = Schedule(
        AllowancePeriod.BIWEEKLY, pay_minute=17 * 60, zone=UTC_ZONE, weekday=FRIDAY, start_date=date(2025, 3, 5)
    )

    paid = payments(schedule, utc(2025, 1, 1), 3)

    assert paid == [utc(2025, 3, 7, 17), utc(2025, 3, 21, 17), utc(2025, 4, 4, 17)]
    assert schedule.period_start(paid[0]) == utc(2025, 2, 21, 17)  # the calendar's, before the start date
    assert schedule.next_payment(utc(2025, 3, 10)) == utc(2025, 3, 21, 17)  # not the 14th


def test_no_weekly_or_monthly_pay_day_comes_before_the_start_date():
    weekly = Schedule(AllowancePeriod.WEEKLY, pay_minute=0, zone=UTC_ZONE, weekday=MONDAY, start_date=date(2025, 6, 1))
    monthly = Schedule(
        AllowancePeriod.MONTHLY, pay_minute=0, zone=UTC_ZONE, day_of_month=15, start_date=date(2025, 6, 16)
    )

    assert weekly.next_payment(utc(2025, 1, 1)) == utc(2025, 6, 2)
    assert monthly.next_payment(utc(2025, 1, 1)) == utc(2025, 7, 15)


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"period": AllowancePeriod.WEEKLY}, "a weekly plan needs a weekday"),
        ({"period": AllowancePeriod.WEEKLY, "weekday": 7}, "a weekly plan needs a weekday"),
        ({"period": AllowancePeriod.WEEKLY, "weekday": 0, "day_of_month": 3}, "day_of_month is for monthly plans only"),
        ({"period": AllowancePeriod.MONTHLY, "day_of_month": 0}, "a monthly plan needs day_of_month, 1 to 31"),
        ({"period": AllowancePeriod.MONTHLY, "day_of_month": 32}, "a monthly plan needs day_of_month, 1 to 31"),
        ({"period": AllowancePeriod.MONTHLY, "day_of_month": 5, "weekday": 1}, "weekday is for weekly and biweekly"),
        ({"period": AllowancePeriod.BIWEEKLY, "weekday": 1}, "a biweekly plan needs start_date"),
    ],
)
def test_a_schedule_that_makes_no_sense_is_refused(fields, problem):
    with pytest.raises(ValueError, match=problem):
        Schedule(pay_minute=0, zone=UTC_ZONE, **fields)
