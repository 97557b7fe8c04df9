"""The iCalendar document of a calendar feed (RFC 5545), built with the ``icalendar`` library; no I/O.

One VEVENT per scheduled chore, in the family time zone (``TZID`` and its VTIMEZONE):

- a chore with a due time is an event at that time (``DUE_SLOT`` long); one without is an all-day
  event (``VALUE=DATE``), its occurrences being due by the end of their day;
- ``DTSTART`` is the rule's first occurrence on or after the schedule's start, so that calendar apps
  and our own occurrences agree; the ``RRULE`` is the stored rule text, verbatim;
- a skipped occurrence is an ``EXDATE``; a moved one a second VEVENT with the same ``UID`` and a
  ``RECURRENCE-ID`` naming the occurrence it replaces. Exceptions name an occurrence by its
  ``original_at``, the instant it is due by the rule (for an all-day chore, the end of its day).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from icalendar import Calendar, Event, Timezone, vRecur

from models.chores import Chore
from models.money import format_dollars
from models.schedules import ChoreSchedule, ExceptionAction, ScheduleException, time_of_day
from models.timeutil import as_utc

PRODID = "-//Chores Tracker//Schedules//EN"
UID_DOMAIN = "chores-tracker"
DUE_SLOT = timedelta(minutes=15)
ONE_DAY = timedelta(days=1)
# How often calendar apps are asked to fetch the feed again.
REFRESH = timedelta(hours=1)
# Years after today the VTIMEZONE describes (calendar apps that know the zone by name use their own).
ZONE_YEARS_AHEAD = 5
# An occurrence due "by the end of its day" may be stored as the next local midnight: step back into its day.
END_OF_DAY_STEP = timedelta(microseconds=1)

Instant = datetime | date


class VerbatimRule(vRecur):
    """An RRULE written exactly as stored, not re-ordered by the library."""

    def __init__(self, text: str):
        super().__init__(vRecur.from_ical(text))
        self.text = text

    def to_ical(self) -> bytes:
        return self.text.encode()


@dataclass(frozen=True)
class FeedChore:
    chore: Chore
    schedule: ChoreSchedule
    exceptions: Sequence[ScheduleException]


@dataclass(frozen=True)
class ChoreCalendar:
    """How one chore's occurrences are written: in the family zone, timed or all-day."""

    schedule: ChoreSchedule
    zone: ZoneInfo

    @property
    def all_day(self) -> bool:
        return self.schedule.due_time is None

    @property
    def due_time(self) -> time | None:
        """The stored time of day, naive."""
        return None if self.schedule.due_time is None else time_of_day(self.schedule.due_time)

    def rule(self) -> rrule:
        start = datetime.combine(self.schedule.starts_on, self.due_time or time())
        parsed = rrulestr(self.schedule.rrule, dtstart=start, forceset=False)
        assert isinstance(parsed, rrule)  # a single RRULE, as stored schedules hold
        return parsed

    def first(self) -> Instant | None:
        """The rule's first occurrence (local), or None when the rule has none."""
        first: datetime | None = self.rule().after(datetime.min, inc=True)
        if first is None:
            return None
        return first.date() if self.all_day else first.replace(tzinfo=self.zone)

    def instant(self, due_at: datetime) -> Instant:
        """How an occurrence due at ``due_at`` (UTC) is written: local time, or its local day."""
        local = as_utc(due_at).astimezone(self.zone)
        return (local - END_OF_DAY_STEP).date() if self.all_day else local

    def end(self, start: Instant) -> Instant:
        return start + (ONE_DAY if self.all_day else DUE_SLOT)


def chore_uid(chore_id: int) -> str:
    return f"chore-{chore_id}@{UID_DOMAIN}"


def description(chore: Chore, schedule: ChoreSchedule) -> str:
    if chore.is_range_reward and chore.min_reward_cents is not None and chore.max_reward_cents is not None:
        reward = f"{format_dollars(chore.min_reward_cents)} to {format_dollars(chore.max_reward_cents)}"
    else:
        reward = format_dollars(chore.reward_cents)
    lines = [f"Reward: {reward}"]
    if schedule.window_minutes:
        lines.append(f"Opens {schedule.window_minutes} minutes before it is due")
    if chore.description:
        lines.append(chore.description)
    return "\n".join(lines)


def _event(chore: Chore, schedule: ChoreSchedule, start: Instant, end: Instant) -> Event:
    event = Event()
    event.add("uid", chore_uid(chore.id))
    event.add("dtstamp", as_utc(schedule.updated_at))
    event.add("summary", chore.title)
    event.add("description", description(chore, schedule))
    event.add("dtstart", start)
    event.add("dtend", end)
    return event


def chore_events(entry: FeedChore, zone: ZoneInfo) -> list[Event]:
    """The chore's recurring VEVENT and one override per moved occurrence (none if the rule never occurs)."""
    calendar = ChoreCalendar(entry.schedule, zone)
    first = calendar.first()
    if first is None:
        return []
    main = _event(entry.chore, entry.schedule, first, calendar.end(first))
    main.add("rrule", VerbatimRule(entry.schedule.rrule))
    events = [main]
    skipped = []
    for exception in sorted(entry.exceptions, key=lambda exception: as_utc(exception.original_at)):
        original = calendar.instant(exception.original_at)
        if exception.action is ExceptionAction.SKIP:
            skipped.append(original)
        elif exception.moved_to is not None:
            moved = calendar.instant(exception.moved_to)
            override = _event(entry.chore, entry.schedule, moved, calendar.end(moved))
            override.add("recurrence-id", original)
            events.append(override)
    if skipped:
        main.add("exdate", skipped)
    return events


def render_feed(*, name: str, zone: ZoneInfo, chores: Sequence[FeedChore], today: date) -> bytes:
    """The whole feed: its name, the zone's VTIMEZONE, the chores' events."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone.key)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    events = [event for entry in chores for event in chore_events(entry, zone)]
    first_day = min((entry.schedule.starts_on for entry in chores), default=today)
    calendar.add_component(
        Timezone.from_tzinfo(zone, tzid=zone.key, first_date=min(first_day, today) - ONE_DAY,
                             last_date=today.replace(year=today.year + ZONE_YEARS_AHEAD, day=1))
    )
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
