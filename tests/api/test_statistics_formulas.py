"""The calendar periods and trend formulas behind the statistics (contract §11.10, decision D9)."""

from __future__ import annotations

from datetime import date

from api.statistics.periods import months_back, quarter, week, weeks_back
from api.statistics.trends import consistency_score, growth_rate, percentage_change, trend_direction


def labels(periods) -> list[str]:
    return [p.label for p in periods]


def test_months_back_steps_by_calendar_month_even_from_the_first_or_last_day():
    assert labels(months_back(date(2025, 3, 1), 3)) == ["March 2025", "February 2025", "January 2025"]
    assert labels(months_back(date(2025, 1, 31), 2)) == ["January 2025", "December 2024"]
    february = months_back(date(2024, 3, 31), 2)[1]
    assert (february.start, february.end, february.last_day) == (date(2024, 2, 1), date(2024, 3, 1), date(2024, 2, 29))


def test_weeks_start_on_monday():
    assert week(date(2025, 3, 9)).start == date(2025, 3, 3)
    assert week(date(2025, 3, 10)).start == date(2025, 3, 10)
    assert [(p.start, p.last_day) for p in weeks_back(date(2025, 3, 5), 2)] == [
        (date(2025, 3, 3), date(2025, 3, 9)),
        (date(2025, 2, 24), date(2025, 3, 2)),
    ]


def test_quarters_are_calendar_quarters():
    previous = quarter(date(2025, 2, 15), 1)
    assert (previous.start, previous.end, previous.label) == (date(2024, 10, 1), date(2025, 1, 1), "Q4 2024")
    assert quarter(date(2025, 12, 31)).label == "Q4 2025"


def test_trend_direction_reads_the_series_from_oldest_to_newest():
    assert trend_direction([1, 2, 3]) == "increasing"
    assert trend_direction([3, 2, 1]) == "decreasing"
    assert trend_direction([2, 2, 2]) == "stable"
    assert trend_direction([7]) == "stable"


def test_growth_rate_goes_from_the_oldest_to_the_newest_value():
    assert growth_rate([2, 5, 3]) == 50.0
    assert growth_rate([4, 1]) == -75.0
    assert growth_rate([0, 5]) == 0.0
    assert growth_rate([5]) == 0.0


def test_consistency_score_is_100_minus_the_coefficient_of_variation():
    assert consistency_score([1, 3]) == 50.0
    assert consistency_score([2, 2, 2]) == 100.0
    assert consistency_score([0, 0]) == 100.0
    assert consistency_score([0, 0, 9]) == 0.0


def test_percentage_change_from_zero_and_from_a_negative_value():
    assert percentage_change(0, 0) == 0.0
    assert percentage_change(0, 5) == 100.0
    assert percentage_change(4, 5) == 25.0
    assert percentage_change(-10, -5) == 50.0
