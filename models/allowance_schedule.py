"""When an allowance falls due: weekly or every two weeks on a weekday, or monthly on a day of the month,
at a wall-clock time of the family's time zone.

Pay days are calendar dates of that zone; the instant of a pay day is the first moment its clocks show
the pay time (``first_instant_at``), so 08:00 stays 08:00 across daylight saving changes, a time the
clocks skip is paid at the jump, and a time shown twice is paid at its first showing. The period a
payment pays for runs from the pay instant before it (on the calendar, whatever ``start_date`` says)
up to its own instant.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from models.quiet_hours import MINUTES_PER_DAY, first_instant_at, minute_of_day

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Start dates are kept well inside what date arithmetic can reach.
EARLIEST_START = date(2000, 1, 1)
LATEST_START = date(2100, 12, 31)
ONE_DAY = timedelta(days=1)
BIWEEKLY_DAYS = 14


class AllowancePeriod(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


@dataclass(frozen=True)
class Schedule:
    """``weekday`` (0 is Monday) for weekly and biweekly plans, ``day_of_month`` (1–31, the month's last
    day when it is shorter) for monthly ones; ``start_date``: no pay day before it, and a biweekly plan
    pays on the first ``weekday`` on or after it, then every 14 days."""

    period: AllowancePeriod
    pay_minute: int
    zone: ZoneInfo
    weekday: int | None = None
    day_of_month: int | None = None
    start_date: date | None = None

    def __post_init__(self) -> None:
        problem = schedule_problem(self.period, self.weekday, self.day_of_month, self.start_date)
        if problem is not None:
            raise ValueError(problem)
        if not 0 <= self.pay_minute < MINUTES_PER_DAY:
            raise ValueError("the pay time is minutes after midnight, 0 to 1439")

    def is_pay_day(self, day: date) -> bool:
        """Whether ``day`` is a pay day of the unbounded calendar (``start_date`` only anchors biweekly plans)."""
        if self.period is AllowancePeriod.MONTHLY:
            assert self.day_of_month is not None  # __post_init__
            return day.day == min(self.day_of_month, monthrange(day.year, day.month)[1])
        if day.weekday() != self.weekday:
            return False
        return self.period is AllowancePeriod.WEEKLY or (day - self._first_biweekly_day).days % BIWEEKLY_DAYS == 0

    @property
    def _first_biweekly_day(self) -> date:
        assert self.start_date is not None and self.weekday is not None  # __post_init__
        return self.start_date + timedelta(days=(self.weekday - self.start_date.weekday()) % 7)

    def instant(self, day: date) -> datetime:
        """When the pay day ``day`` pays (UTC)."""
        return first_instant_at(day, minute_of_day(self.pay_minute), self.zone)

    def next_payment(self, after: datetime) -> datetime:
        """The first pay instant later than ``after``, on or after ``start_date``."""
        day = after.astimezone(self.zone).date() - ONE_DAY
        if self.start_date is not None:
            day = max(day, self.start_date)
        while not (self.is_pay_day(day) and self.instant(day) > after):
            day += ONE_DAY
        return self.instant(day)

    def period_start(self, payment: datetime) -> datetime:
        """The pay instant before ``payment``: where the period that ``payment`` pays for begins."""
        day = payment.astimezone(self.zone).date() - ONE_DAY
        while not self.is_pay_day(day):
            day -= ONE_DAY
        return self.instant(day)


def schedule_problem(
    period: AllowancePeriod, weekday: int | None, day_of_month: int | None, start_date: date | None
) -> str | None:
    """What is wrong with these schedule fields together (None: nothing)."""
    if period is AllowancePeriod.MONTHLY:
        if day_of_month is None or not 1 <= day_of_month <= 31:
            return "a monthly plan needs day_of_month, 1 to 31"
        if weekday is not None:
            return "weekday is for weekly and biweekly plans only"
    else:
        if weekday is None or not 0 <= weekday <= 6:
            return f"a {period} plan needs a weekday"
        if day_of_month is not None:
            return "day_of_month is for monthly plans only"
    if period is AllowancePeriod.BIWEEKLY and start_date is None:
        return "a biweekly plan needs start_date, from which it pays every 14 days"
    if start_date is not None and not EARLIEST_START <= start_date <= LATEST_START:
        return f"start_date must lie between {EARLIEST_START} and {LATEST_START}"
    return None
