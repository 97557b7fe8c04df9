"""Quiet hours follow the family's wall clock, across midnight and through daylight saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from models.quiet_hours import QuietHours, first_instant_at

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NIGHT = QuietHours(start=22 * 60, end=7 * 60)  # 22:00 to 07:00, past midnight
AFTERNOON = QuietHours(start=13 * 60, end=15 * 60 + 30)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "release"),
    [
        (utc(2026, 6, 10, 19, 59), utc(2026, 6, 10, 19, 59)),  # 21:59 in Berlin (summer, UTC+2): not quiet yet
        (utc(2026, 6, 10, 20, 0), utc(2026, 6, 11, 5, 0)),  # 22:00: quiet until 07:00 the next morning
        (utc(2026, 6, 10, 23, 30), utc(2026, 6, 11, 5, 0)),  # 01:30, past midnight: until 07:00 that morning
        (utc(2026, 6, 11, 4, 59), utc(2026, 6, 11, 5, 0)),  # 06:59
        (utc(2026, 6, 11, 5, 0), utc(2026, 6, 11, 5, 0)),  # 07:00: the end is not quiet
    ],
)
def test_night_quiet_hours_wrap_past_midnight(now, release):
    assert NIGHT.release(now, BERLIN) == release


def test_quiet_hours_within_a_day_end_the_same_day():
    assert AFTERNOON.release(utc(2026, 1, 5, 12, 15), BERLIN) == utc(2026, 1, 5, 14, 30)  # 13:15 CET -> 15:30 CET
    assert AFTERNOON.release(utc(2026, 1, 5, 14, 30), BERLIN) == utc(2026, 1, 5, 14, 30)
    assert AFTERNOON.release(utc(2026, 1, 5, 11, 59), BERLIN) == utc(2026, 1, 5, 11, 59)


def test_the_night_the_clocks_go_forward_ends_at_seven_on_the_wall_clock_an_hour_sooner():
    # 23:00 CET on 28 March 2026; at 02:00 the clocks jump to 03:00 (CEST, UTC+2).
    release = NIGHT.release(utc(2026, 3, 28, 22, 0), BERLIN)

    assert release == utc(2026, 3, 29, 5, 0)
    assert release.astimezone(BERLIN).time() == time(7, 0)
    assert release - utc(2026, 3, 28, 22, 0) == timedelta(hours=7)  # from 23:00 to 07:00, one hour less than usual


def test_the_night_the_clocks_go_back_ends_at_seven_on_the_wall_clock_an_hour_later():
    # 23:00 CEST on 24 October 2026; at 03:00 the clocks go back to 02:00 (CET, UTC+1).
    release = NIGHT.release(utc(2026, 10, 24, 21, 0), BERLIN)

    assert release == utc(2026, 10, 25, 6, 0)
    assert release.astimezone(BERLIN).time() == time(7, 0)
    assert release - utc(2026, 10, 24, 21, 0) == timedelta(hours=9)


def test_the_same_quiet_hours_are_read_in_each_familys_own_zone():
    now = utc(2026, 6, 10, 22, 30)  # 00:30 in Berlin, 18:30 in New York

    assert NIGHT.release(now, BERLIN) == utc(2026, 6, 11, 5, 0)
    assert NIGHT.release(now, NEW_YORK) == now
    assert NIGHT.release(now, ZoneInfo("UTC")) == utc(2026, 6, 11, 7, 0)


def test_an_end_the_clocks_jump_over_is_the_instant_of_the_jump():
    # 02:30 does not exist in Berlin on 29 March 2026: 01:59:59 CET is followed by 03:00:00 CEST (01:00 UTC).
    assert first_instant_at(date(2026, 3, 29), time(2, 30), BERLIN) == utc(2026, 3, 29, 1, 0)
    assert QuietHours(start=60, end=150).release(utc(2026, 3, 29, 0, 30), BERLIN) == utc(2026, 3, 29, 1, 0)


def test_an_end_the_clocks_show_twice_is_its_first_occurrence():
    # 02:30 happens twice in Berlin on 25 October 2026: 00:30 UTC (CEST) and 01:30 UTC (CET).
    assert first_instant_at(date(2026, 10, 25), time(2, 30), BERLIN) == utc(2026, 10, 25, 0, 30)


@pytest.mark.parametrize(("start", "end"), [(600, 600), (-1, 60), (60, 1440)])
def test_quiet_hours_need_two_different_times_of_day(start, end):
    with pytest.raises(ValueError):
        QuietHours(start, end)
