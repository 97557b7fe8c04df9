"""Quiet hours: a daily stretch of local time (it may wrap past midnight) when nobody wants a push.

Read in the family's time zone, so "22:00 to 07:00" follows the wall clock through daylight saving
changes: the night the clocks go forward is an hour shorter, the night they go back an hour longer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class QuietHours:
    """From ``start`` up to (not including) ``end``, in minutes after local midnight; start != end."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start < MINUTES_PER_DAY and 0 <= self.end < MINUTES_PER_DAY):
            raise ValueError("quiet hours are minutes after midnight, 0 to 1439")
        if self.start == self.end:
            raise ValueError("quiet hours need an end different from their start")

    @property
    def wraps_midnight(self) -> bool:
        return self.end < self.start

    def covers(self, minute: int) -> bool:
        """Whether a local time of day (minutes after midnight) is quiet."""
        if self.wraps_midnight:
            return minute >= self.start or minute < self.end
        return self.start <= minute < self.end

    def release(self, now: datetime, zone: ZoneInfo) -> datetime:
        """When a push due at ``now`` may go out (UTC): now, or the end of the quiet hours it falls in."""
        local = now.astimezone(zone)
        minute = local.hour * 60 + local.minute
        if not self.covers(minute):
            return now.astimezone(UTC)
        end_day = local.date() + timedelta(days=1) if self.wraps_midnight and minute >= self.start else local.date()
        return first_instant_at(end_day, minute_of_day(self.end), zone)


def minute_of_day(minute: int) -> time:
    return time(minute // 60, minute % 60)


def first_instant_at(day: date, wall_time: time, zone: ZoneInfo) -> datetime:
    """The first instant (UTC) at which the clocks of ``zone`` show ``wall_time`` on ``day`` or later.

    A wall time shown twice (the clocks go back) gives its first occurrence; one never shown (the
    clocks jump over it) gives the instant of the jump, the first one after it.
    """
    wall = datetime.combine(day, wall_time)
    before_jump = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if before_jump.astimezone(zone).replace(tzinfo=None) == wall:
        return before_jump
    # Skipped: fold=1 reads the wall time with the offset after the jump, an instant before it, and fold=0
    # with the offset before, an instant after it. The jump lies between; transitions fall on whole seconds.
    low = int(wall.replace(tzinfo=zone, fold=1).timestamp())
    high = int(before_jump.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)
