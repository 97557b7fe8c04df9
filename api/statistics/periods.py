"""Calendar periods the statistics are computed over, in UTC (decision D9: real calendar months).

Weeks start on Monday. Every period is a half-open range of days [start, end).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

# English names whatever the process locale (calendar.month_name follows LC_TIME).
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=UTC)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end, time.min, tzinfo=UTC)

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)


def _shift_month(day: date, months: int) -> date:
    """The first day of the month ``months`` away from ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def week(containing: date, weeks_ago: int = 0) -> Period:
    start = containing - timedelta(days=containing.weekday() + 7 * weeks_ago)
    return Period(start, start + timedelta(days=7), f"Week of {start.isoformat()}")


def month(containing: date, months_ago: int = 0) -> Period:
    start = _shift_month(containing, -months_ago)
    return Period(start, _shift_month(start, 1), f"{MONTH_NAMES[start.month - 1]} {start.year}")


def quarter(containing: date, quarters_ago: int = 0) -> Period:
    first_month = containing.replace(month=(containing.month - 1) // 3 * 3 + 1, day=1)
    start = _shift_month(first_month, -3 * quarters_ago)
    return Period(start, _shift_month(start, 3), f"Q{(start.month - 1) // 3 + 1} {start.year}")


def weeks_back(today: date, count: int) -> list[Period]:
    """The current week and the ``count - 1`` before it, newest first."""
    return [week(today, k) for k in range(count)]


def months_back(today: date, count: int) -> list[Period]:
    """The current calendar month and the ``count - 1`` before it, newest first."""
    return [month(today, k) for k in range(count)]
