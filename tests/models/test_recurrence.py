"""Calendar rules: which rules are refused, and where their occurrences fall (models/recurrence.py)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from models.recurrence import OccurrenceTimes, Recurrence, RuleError

BERLIN, NEW_YORK, UTC_ZONE = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("UTC")


def rule(text: str, starts_on: date, *, due: time | None = time(7), window: int | None = None, grace: int = 0,
         zone: ZoneInfo = UTC_ZONE) -> Recurrence:
    return Recurrence(text, starts_on, due, window, grace, zone)


def first(recurrence: Recurrence, count: int) -> list[OccurrenceTimes]:
    return list(islice(recurrence.occurrences_after(None), count))


def local_dues(recurrence: Recurrence, count: int) -> list[datetime]:
    return [times.due_at.astimezone(recurrence.zone).replace(tzinfo=None) for times in first(recurrence, count)]


def test_a_weekly_rule_falls_on_its_weekdays():
    saturdays = rule("FREQ=WEEKLY;BYDAY=SA", date(2025, 1, 1), due=time(10))

    assert [d.date() for d in local_dues(saturdays, 3)] == [date(2025, 1, 4), date(2025, 1, 11), date(2025, 1, 18)]
    assert {d.time() for d in local_dues(saturdays, 3)} == {time(10)}


def test_every_second_tuesday_of_the_month():
    second_tuesdays = rule("FREQ=MONTHLY;BYDAY=2TU", date(2025, 1, 1))

    assert [d.date() for d in local_dues(second_tuesdays, 3)] == [date(2025, 1, 14), date(2025, 2, 11), date(2025, 3, 11)]


def test_every_third_day():
    every_third = rule("RRULE:FREQ=DAILY;INTERVAL=3", date(2025, 1, 30))

    assert [d.date() for d in local_dues(every_third, 3)] == [date(2025, 1, 30), date(2025, 2, 2), date(2025, 2, 5)]


def test_the_31st_of_each_month_skips_the_months_without_one():
    thirty_firsts = rule("FREQ=MONTHLY;BYMONTHDAY=31", date(2025, 1, 1))

    assert [d.date() for d in local_dues(thirty_firsts, 4)] == [
        date(2025, 1, 31), date(2025, 3, 31), date(2025, 5, 31), date(2025, 7, 31)
    ]


def test_a_leap_day_rule_falls_on_leap_years_only():
    leap_days = rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", date(2025, 1, 1))

    leap_days.check()
    assert [d.date() for d in local_dues(leap_days, 2)] == [date(2028, 2, 29), date(2032, 2, 29)]


@pytest.mark.parametrize(
    ("zone", "starts_on", "utc_hours"),
    [
        (BERLIN, date(2026, 3, 28), [6, 5, 5]),  # CET, then CEST from 29 March
        (BERLIN, date(2026, 10, 24), [5, 6, 6]),  # CEST, then CET from 25 October
        (NEW_YORK, date(2026, 3, 7), [12, 11, 11]),  # EST, then EDT from 8 March
        (NEW_YORK, date(2026, 10, 31), [11, 12, 12]),  # EDT, then EST from 1 November
    ],
)
def test_a_7_oclock_chore_stays_at_7_local_across_a_dst_change(zone, starts_on, utc_hours):
    daily = rule("FREQ=DAILY", starts_on, zone=zone)

    assert {d.time() for d in local_dues(daily, 3)} == {time(7)}
    assert [times.due_at.hour for times in first(daily, 3)] == utc_hours


def test_a_skipped_local_time_moves_forward_and_a_repeated_one_takes_its_first_instant():
    spring = first(rule("FREQ=DAILY", date(2026, 3, 29), due=time(2, 30), zone=BERLIN), 1)[0]
    autumn = first(rule("FREQ=DAILY", date(2026, 10, 25), due=time(2, 30), zone=BERLIN), 1)[0]

    assert spring.due_at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST: 02:30 does not exist
    assert autumn.due_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST, the first of the two


def test_an_occurrence_opens_its_window_before_it_is_due_and_its_deadline_follows_the_grace():
    [times] = first(rule("FREQ=DAILY", date(2026, 3, 29), due=time(10), window=120, grace=30, zone=BERLIN), 1)

    assert times.original_at == times.due_at == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)
    assert times.opens_at == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
    assert times.deadline_at == datetime(2026, 3, 29, 8, 30, tzinfo=UTC)


def test_without_due_time_or_window_an_occurrence_is_its_local_day():
    [times] = first(rule("FREQ=DAILY", date(2026, 3, 29), due=None, zone=BERLIN), 1)

    assert times.opens_at == times.original_at == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)  # local midnight, CET
    assert times.due_at == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)  # next midnight, CEST: a 23-hour day


@pytest.mark.parametrize(
    ("text", "window", "grace", "problem"),
    [
        ("FREQ=SECONDLY", None, 0, "FREQ=SECONDLY is too frequent"),
        ("FREQ=MINUTELY", None, 0, "FREQ=MINUTELY is too frequent"),
        ("FREQ=HOURLY;INTERVAL=2", None, 0, "FREQ=HOURLY is too frequent"),
        ("FREQ=DAILY;BYHOUR=7,19", None, 0, "BYHOUR is not supported"),
        ("FREQ=YEARLY;BYYEARDAY=100", None, 0, "BYYEARDAY is not supported"),
        ("FREQ=FORTNIGHTLY", None, 0, "rrule cannot be read"),
        ("not a rule", None, 0, "rrule cannot be read"),
        ("DTSTART:20250101T000000\nRRULE:FREQ=DAILY", None, 0, "one RRULE value"),
        ("FREQ=DAILY;DTSTART=20250101", None, 0, "must not contain DTSTART"),
        ("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", None, 0, "BYMONTHDAY names no day"),
        ("FREQ=WEEKLY;UNTIL=20240101", None, 0, "no occurrence on or after starts_on"),
        ("FREQ=DAILY", 24 * 60 + 1, 0, "window_minutes (1441) is longer than the shortest gap"),
        ("FREQ=WEEKLY;BYDAY=MO,TU", 2 * 24 * 60, 0, "longer than the shortest gap between two occurrences (1440"),
        ("FREQ=DAILY", -1, 0, "must not be negative"),
        ("FREQ=DAILY", None, -5, "must not be negative"),
    ],
)
def test_costly_unreadable_or_ill_fitting_rules_are_refused_naming_the_problem(text, window, grace, problem):
    with pytest.raises(RuleError, match=re.escape(problem)):
        rule(text, date(2025, 1, 1), window=window, grace=grace).check()


def test_a_window_as_long_as_the_gap_fits():
    rule("FREQ=DAILY", date(2025, 1, 1), window=24 * 60, zone=BERLIN).check()
    rule("FREQ=WEEKLY;BYDAY=SA", date(2025, 1, 1), window=7 * 24 * 60).check()
    rule("FREQ=DAILY;COUNT=1", date(2025, 1, 1), window=100_000).check()


def test_an_exception_must_name_an_instant_the_rule_gives():
    saturdays = rule("FREQ=WEEKLY;BYDAY=SA", date(2025, 1, 1), due=time(10), zone=BERLIN)

    assert saturdays.has_occurrence_at(datetime(2025, 1, 11, 9, 0, tzinfo=UTC))
    assert not saturdays.has_occurrence_at(datetime(2025, 1, 11, 10, 0, tzinfo=UTC))
    assert not saturdays.has_occurrence_at(datetime(2025, 1, 12, 9, 0, tzinfo=UTC))
