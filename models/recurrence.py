"""Calendar rules of scheduled chores (issue #12): checking a rule and computing its occurrences.

No I/O. A rule is RRULE text read with dateutil, its DTSTART the first local day at the due time
(local midnight without one) in the family zone. Occurrences are computed in local wall time and
each converted to UTC on its own, so a 07:00 chore stays at 07:00 across a DST change: a local
time the change skips moves forward by the gap, a repeated one takes its first instant (PEP 495,
``fold=0``).

An occurrence falls on a local day: the rule gives its *original* instant (the day at the due
time, its identity, as RECURRENCE-ID in iCalendar); it is due at that instant, or at the end of
the day without a due time; it opens ``window_minutes`` before it is due, or at the start of its
day without a window; its deadline is the due instant plus the grace minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import HOURLY, MINUTELY, SECONDLY, rrulestr
from dateutil.rrule import rrule as RRule

from models.timeutil import as_utc

MAX_RULE_LENGTH = 500
MAX_PER_YEAR = 1000
# The longest window or grace a schedule may have (a year).
MAX_MINUTES = 366 * 24 * 60
# The time of day is the schedule's due time: parts that set another one are refused.
TIME_PARTS = ("byhour", "byminute", "bysecond")
# Parts a chore has no use for, whose combinations can make a rule that never matches (and costs a
# scan up to the year 9999 to find out).
UNSUPPORTED_PARTS = ("byweekno", "byyearday", "byeaster")
SUB_DAILY = {SECONDLY: "SECONDLY", MINUTELY: "MINUTELY", HOURLY: "HOURLY"}
# The longest month of each month number (February in a leap year), to refuse days no month has.
MONTH_DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
ONE_YEAR = timedelta(days=366)
JUST_BEFORE = timedelta(microseconds=1)


class RuleError(ValueError):
    """A rule or schedule refused, with a message that names the problem."""


def local_to_utc(local: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time: a skipped time moves forward, a repeated one takes the first."""
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def utc_to_local(instant: datetime, zone: ZoneInfo) -> datetime:
    """The naive local wall time of a UTC instant."""
    return instant.astimezone(zone).replace(tzinfo=None)


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant a local day starts."""
    return local_to_utc(datetime.combine(day, time.min), zone)


def calendar_period_start(unit: str, instant: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant the local ``day``, ``week`` (from Monday) or ``month`` holding ``instant`` began."""
    day = as_utc(instant).astimezone(zone).date()
    if unit == "week":
        day -= timedelta(days=day.weekday())
    elif unit == "month":
        day = day.replace(day=1)
    return day_start(day, zone)


@dataclass(frozen=True)
class OccurrenceTimes:
    """The instants (UTC) of one occurrence; ``day`` is its local day (vacations are read on it)."""

    original_at: datetime
    opens_at: datetime
    due_at: datetime
    deadline_at: datetime
    day: date


@dataclass(frozen=True)
class Recurrence:
    """A schedule's rule and timing, read in ``zone``."""

    rrule: str
    starts_on: date
    due_time: time | None
    window_minutes: int | None
    grace_minutes: int
    zone: ZoneInfo

    def rule(self) -> RRule:
        """The parsed rule, DTSTART set (RuleError when dateutil cannot read it)."""
        text = self.rrule.strip()
        if text.upper().startswith("RRULE:"):
            text = text[len("RRULE:"):]
        if not text or any(char in text for char in "\r\n"):
            raise RuleError("rrule must be one RRULE value such as FREQ=WEEKLY;BYDAY=SA")
        if "DTSTART" in text.upper():
            raise RuleError("rrule must not contain DTSTART: the schedule's starts_on and due_time give it")
        try:
            parsed = rrulestr(text, dtstart=self.dtstart)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise RuleError(f"rrule cannot be read: {exc}") from None
        if not isinstance(parsed, RRule):
            raise RuleError("rrule must be one RRULE value such as FREQ=WEEKLY;BYDAY=SA")
        return parsed

    @property
    def dtstart(self) -> datetime:
        return datetime.combine(self.starts_on, self.due_time or time.min)

    def check(self) -> None:
        """Refuse (RuleError) a rule unbounded in cost or a timing that does not fit it."""
        rule = self.rule()
        parts, frequency = _parts(rule), vars(rule)["_freq"]
        if frequency in SUB_DAILY:
            raise RuleError(f"FREQ={SUB_DAILY[frequency]} is too frequent: a chore recurs daily at most")
        for name in (*TIME_PARTS, *UNSUPPORTED_PARTS):
            if parts.get(name):
                hint = " (the time of day is the schedule's due_time)" if name in TIME_PARTS else ""
                raise RuleError(f"{name.upper()} is not supported{hint}")
        _check_month_days(rule)
        if self.grace_minutes < 0 or (self.window_minutes is not None and self.window_minutes < 0):
            raise RuleError("window_minutes and grace_minutes must not be negative")
        sample = self._first_year(rule)
        if not sample:
            raise RuleError("rrule has no occurrence on or after starts_on")
        if len(sample) > MAX_PER_YEAR:
            raise RuleError(f"rrule gives more than {MAX_PER_YEAR} occurrences in a year")
        gaps = [later - earlier for earlier, later in zip(sample, sample[1:], strict=False)]
        if self.window_minutes is not None and gaps and timedelta(minutes=self.window_minutes) > min(gaps):
            raise RuleError(
                f"window_minutes ({self.window_minutes}) is longer than the shortest gap between two occurrences "
                f"({int(min(gaps).total_seconds() // 60)} minutes)"
            )

    def _first_year(self, rule: RRule) -> list[datetime]:
        """The local occurrences of the rule's first year (at most one more than allowed), and at least
        the first two when the rule has them: enough to count its cost and measure its shortest gap."""
        found: list[datetime] = []
        end = self.dtstart + ONE_YEAR
        for local in rule:
            if len(found) > MAX_PER_YEAR or (local > end and len(found) >= 2):
                break
            found.append(local)
        return found

    def occurrences_after(self, after: datetime | None) -> Iterator[OccurrenceTimes]:
        """The occurrences whose original instant is after ``after`` (UTC; None: from the start), in order."""
        rule = self.rule()
        locals_ = iter(rule) if after is None else rule.xafter(utc_to_local(after, self.zone), inc=False)
        for local in locals_:
            original = local_to_utc(local, self.zone)
            if after is not None and original <= after:
                continue  # a local time repeated by a DST change: its first instant was already given
            yield self.times(original, local.date())

    def times(self, original_at: datetime, day: date, *, due_at: datetime | None = None) -> OccurrenceTimes:
        """The instants of the occurrence of ``day`` (``due_at``: the instant it was moved to)."""
        if due_at is None:
            due_at = original_at if self.due_time is not None else day_start(day + timedelta(days=1), self.zone)
        if self.window_minutes is not None:
            opens_at = due_at - timedelta(minutes=self.window_minutes)
        else:
            opens_at = day_start(utc_to_local(due_at - JUST_BEFORE, self.zone).date(), self.zone)
        return OccurrenceTimes(original_at, opens_at, due_at, due_at + timedelta(minutes=self.grace_minutes), day)

    def has_occurrence_at(self, original_at: datetime) -> bool:
        """Whether the rule gives an occurrence at this instant (UTC)."""
        for times in self.occurrences_after(original_at - timedelta(days=2)):
            if times.original_at >= original_at:
                return times.original_at == original_at
        return False


def _parts(rule: RRule) -> dict[str, Any]:
    """The parts the rule's text gave (BYMONTH...), as dateutil keeps them (it fills in the others from DTSTART)."""
    return vars(rule)["_original_rule"]


def _check_month_days(rule: RRule) -> None:
    """Refuse BYMONTHDAY days that none of the BYMONTH months has: such a rule never occurs."""
    parts = _parts(rule)
    days = [abs(day) for day in parts.get("bymonthday") or ()]
    months = parts.get("bymonth") or tuple(MONTH_DAYS)
    if days and all(day > MONTH_DAYS[month] for day in days for month in months):
        raise RuleError("BYMONTHDAY names no day of the BYMONTH months: the rule never occurs")
