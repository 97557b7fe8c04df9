"""Calendar schedules of chores (issue #12): the rule, its exceptions and its occurrences.

A chore without a ``ChoreSchedule`` row behaves exactly as before (one-off, or recurring with a
cooldown: the "rolling" mode). A scheduled chore has occurrences computed from an RFC 5545 RRULE in
the family time zone; each occurrence is one cycle of the chore assignment machinery for one child.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tortoise import fields
from tortoise.models import Model

from models.recurrence import Recurrence

if TYPE_CHECKING:
    from models.chores import Chore
    from models.users import User


class DeadlineAction(StrEnum):
    """What happens when an occurrence is still not done at its deadline (due time plus grace)."""

    NOTHING = "nothing"
    MISS = "miss"


class RotationMode(StrEnum):
    NONE = "none"
    ROUND_ROBIN = "round_robin"
    LEAST_COMPLETED = "least_completed"


class RotationPeriod(StrEnum):
    """How long one turn of a rotation lasts; ``occurrence`` hands over at every occurrence."""

    OCCURRENCE = "occurrence"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class OccurrenceState(StrEnum):
    """Lifecycle of one occurrence. ``upcoming`` before its window opens; ``open`` until due;
    ``overdue`` after due; ``missed`` after the deadline when the chore says so; ``completed`` when the
    child has done it (waiting for approval); ``done`` once approved; ``skipped`` by an exception."""

    UPCOMING = "upcoming"
    OPEN = "open"
    OVERDUE = "overdue"
    MISSED = "missed"
    COMPLETED = "completed"
    DONE = "done"
    SKIPPED = "skipped"


class PenaltyStatus(StrEnum):
    """A missed occurrence may carry a proposed penalty; it is booked only when a parent confirms."""

    NONE = "none"
    PROPOSED = "proposed"
    BOOKED = "booked"
    WAIVED = "waived"


class ChoreSchedule(Model):
    """The calendar rule of one chore, read in its family time zone."""

    id = fields.IntField(primary_key=True)
    chore: fields.OneToOneRelation[Chore] = fields.OneToOneField(
        "models.Chore", related_name="schedule", on_delete=fields.CASCADE
    )
    # RRULE text without DTSTART, e.g. FREQ=WEEKLY;BYDAY=SA (checked for cost when stored).
    rrule = fields.CharField(max_length=500)
    # First local day of the rule (DTSTART date in the family zone).
    starts_on = fields.DateField()
    # Local time of day an occurrence is due; null: the end of its day.
    due_time = fields.TimeField(null=True)
    # Minutes before due an occurrence opens; null: it opens at the start of its local day.
    window_minutes = fields.IntField(null=True)
    grace_minutes = fields.IntField(default=0)
    deadline_action = fields.CharEnumField(DeadlineAction, max_length=10, default=DeadlineAction.NOTHING)
    # Penalty proposed when an occurrence is missed (cents, positive), booked only on a parent confirmation.
    missed_penalty_cents = fields.BigIntField(null=True)
    rotation = fields.CharEnumField(RotationMode, max_length=20, default=RotationMode.NONE)
    rotation_period = fields.CharEnumField(RotationPeriod, max_length=12, default=RotationPeriod.OCCURRENCE)
    # Child ids in turn order (round robin), or the pool of children (least completed).
    rotation_order: fields.Field[list[int]] = fields.JSONField(default=list)
    # Weeks of approved history least completed rotation compares.
    rotation_lookback_weeks = fields.IntField(default=4)
    # The last rule instant (UTC) whose occurrences were created; null: none yet, start with the first not yet due.
    generated_through = fields.DatetimeField(null=True)
    # When the next occurrences are to be created (the latest created one opens then); null: the rule has ended.
    extend_at = fields.DatetimeField(null=True, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    chore_id: int

    class Meta:
        table = "chore_schedules"

    def recurrence(self, zone: ZoneInfo) -> Recurrence:
        """The rule and timing of this schedule, read in the family zone."""
        return Recurrence(
            rrule=self.rrule,
            starts_on=self.starts_on,
            due_time=None if self.due_time is None else time_of_day(self.due_time),
            window_minutes=self.window_minutes,
            grace_minutes=self.grace_minutes,
            zone=zone,
        )


class ExceptionAction(StrEnum):
    SKIP = "skip"
    MOVE = "move"


class ScheduleException(Model):
    """One occurrence of a rule skipped, or moved to another instant."""

    id = fields.IntField(primary_key=True)
    chore: fields.ForeignKeyRelation[Chore] = fields.ForeignKeyField(
        "models.Chore", related_name="schedule_exceptions", on_delete=fields.CASCADE
    )
    # The instant (UTC) the rule gives the occurrence: its identity, as RECURRENCE-ID in iCalendar.
    original_at = fields.DatetimeField()
    action = fields.CharEnumField(ExceptionAction, max_length=10)
    # New due instant (UTC) of a moved occurrence.
    moved_to = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    chore_id: int

    class Meta:
        table = "schedule_exceptions"
        unique_together = (("chore_id", "original_at"),)


class ChoreOccurrence(Model):
    """One occurrence of a scheduled chore for one child: a cycle of his assignment row.

    ``original_at`` is the instant the rule gives (its identity, unique per chore and child, so a job
    and the sweep cannot create it twice); ``due_at`` may differ when the occurrence was moved.
    """

    id = fields.IntField(primary_key=True)
    chore: fields.ForeignKeyRelation[Chore] = fields.ForeignKeyField(
        "models.Chore", related_name="occurrences", on_delete=fields.CASCADE
    )
    assignee: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="occurrences", on_delete=fields.CASCADE
    )
    original_at = fields.DatetimeField()
    opens_at = fields.DatetimeField()
    due_at = fields.DatetimeField()
    # due_at plus the grace minutes: when the deadline action runs.
    deadline_at = fields.DatetimeField()
    state = fields.CharEnumField(OccurrenceState, max_length=12, default=OccurrenceState.UPCOMING)
    completed_at = fields.DatetimeField(null=True)
    approved_at = fields.DatetimeField(null=True)
    missed_at = fields.DatetimeField(null=True)
    # The assignment cycle this occurrence was approved as (ledger entries are keyed by it).
    cycle = fields.IntField(null=True)
    penalty_status = fields.CharEnumField(PenaltyStatus, max_length=10, default=PenaltyStatus.NONE)
    penalty_cents = fields.BigIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    chore_id: int
    assignee_id: int

    class Meta:
        table = "chore_occurrences"
        unique_together = (("chore_id", "assignee_id", "original_at"),)
        indexes = (("state", "due_at"), ("state", "deadline_at"), ("state", "opens_at"), ("assignee_id", "due_at"))

    @property
    def done_on_time(self) -> bool:
        """Completed no later than its due instant and approved: what a streak counts."""
        return (
            self.state is OccurrenceState.DONE
            and self.completed_at is not None
            and self.completed_at <= self.due_at
        )


class RotationTurn(Model):
    """Whose turn a rotating chore is for one turn period, once decided (or set by a parent).

    Unique per chore and period start, so two parents setting the turn at once cannot both win.
    """

    id = fields.IntField(primary_key=True)
    chore: fields.ForeignKeyRelation[Chore] = fields.ForeignKeyField(
        "models.Chore", related_name="rotation_turns", on_delete=fields.CASCADE
    )
    # Start (UTC) of the turn period this row decides.
    period_start = fields.DatetimeField()
    child: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="rotation_turns", on_delete=fields.CASCADE
    )
    set_by_parent = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    chore_id: int
    child_id: int

    class Meta:
        table = "rotation_turns"
        unique_together = (("chore_id", "period_start"),)


class Vacation(Model):
    """A child away from ``starts_on`` to ``ends_on`` (local dates, both included)."""

    id = fields.IntField(primary_key=True)
    child: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="vacations", on_delete=fields.CASCADE
    )
    starts_on = fields.DateField()
    ends_on = fields.DateField()
    note = fields.CharField(max_length=200, default="")
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="vacations_created", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    child_id: int

    class Meta:
        table = "vacations"
        indexes = (("child_id", "starts_on", "ends_on"),)


def time_of_day(value: time | timedelta) -> time:
    """A stored TIME as a naive time of day (MySQL drivers return TIME columns as timedeltas)."""
    if isinstance(value, timedelta):
        return (datetime.min + value).time()
    return value.replace(tzinfo=None)


def stored_time(value: time) -> time:
    """A local time of day as its TimeField stores it: Tortoise, with time zone support on, wants times
    with an offset; UTC is a placeholder here, the family zone is what the time is read in."""
    return value.replace(tzinfo=UTC)


async def children_away(child_ids: list[int], day: date) -> set[int]:
    """Which of ``child_ids`` are on vacation on the local date ``day``."""
    if not child_ids:
        return set()
    rows = await Vacation.filter(child_id__in=child_ids, starts_on__lte=day, ends_on__gte=day).values("child_id")
    return {row["child_id"] for row in rows}
