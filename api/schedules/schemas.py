"""Request and response shapes of chore schedules, their exceptions and their occurrences (issue #12)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator
from typing_extensions import TypedDict

from api.validation import DbInt
from api.wire import Day, Money, Timestamp
from models.money import cents_to_number, to_cents
from models.recurrence import MAX_MINUTES, MAX_RULE_LENGTH
from models.schedules import (
    ChoreSchedule,
    DeadlineAction,
    ExceptionAction,
    ScheduleException,
    stored_time,
    time_of_day,
)
from models.timeutil import isoformat_z

Minutes = Annotated[int, Field(ge=0, le=MAX_MINUTES)]
PenaltyAmount = Annotated[Decimal, Field(gt=0, le=1000, decimal_places=2)]
# Dates a schedule may start on (the zone's calendar, as MySQL and SQLite store them).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)


class ScheduleIn(BaseModel):
    """A chore's calendar rule, read in the family time zone; the rotation fields are the rotation routes'."""

    model_config = ConfigDict(extra="ignore")

    rrule: str = Field(
        min_length=1, max_length=MAX_RULE_LENGTH,
        description="RFC 5545 RRULE value without DTSTART, e.g. `FREQ=WEEKLY;BYDAY=SA` or `FREQ=MONTHLY;BYDAY=2TU`",
    )
    starts_on: date = Field(ge=FIRST_DAY, le=LAST_DAY, description="First local day of the rule (its DTSTART date)")
    due_time: time | None = Field(
        default=None, description="Local time of day each occurrence is due; null: the end of its day"
    )
    window_minutes: Minutes | None = Field(
        default=None, description="How long before it is due an occurrence opens; null: at the start of its day"
    )
    grace_minutes: Minutes = Field(default=0, description="Minutes after the due time until the deadline")
    deadline_action: DeadlineAction = Field(
        default=DeadlineAction.NOTHING, description="At the deadline: `nothing` (stays overdue) or `miss`"
    )
    missed_penalty: PenaltyAmount | None = Field(
        default=None, description="Penalty proposed when an occurrence is missed; booked only when a parent confirms"
    )

    @field_validator("due_time")
    @classmethod
    def local_time(cls, value: time | None) -> time | None:
        if value is not None and value.tzinfo is not None:
            raise ValueError("due_time is a local time of day in the family time zone, without an offset")
        return None if value is None else value.replace(microsecond=0)

    def schedule_fields(self) -> dict[str, object]:
        return {
            "rrule": self.rrule.strip(),
            "starts_on": self.starts_on,
            "due_time": None if self.due_time is None else stored_time(self.due_time),
            "window_minutes": self.window_minutes,
            "grace_minutes": self.grace_minutes,
            "deadline_action": self.deadline_action,
            "missed_penalty_cents": None if self.missed_penalty is None else to_cents(self.missed_penalty),
        }


class ExceptionIn(BaseModel):
    """Skip one occurrence, or move it to another due instant."""

    model_config = ConfigDict(extra="ignore")

    original_at: AwareDatetime = Field(description="The instant the rule gives the occurrence (its `original_at`)")
    action: ExceptionAction
    moved_to: AwareDatetime | None = Field(default=None, description="The new due instant (for `move`)")

    @model_validator(mode="after")
    def moved_only_when_moving(self) -> ExceptionIn:
        if (self.action is ExceptionAction.MOVE) != (self.moved_to is not None):
            raise ValueError("moved_to is required for action 'move' and not allowed for 'skip'")
        return self


class ScheduleChorePath(BaseModel):
    chore_id: DbInt


class ExceptionPath(BaseModel):
    chore_id: DbInt
    exception_id: DbInt


class ScheduleOut(TypedDict):
    chore_id: int
    rrule: str
    starts_on: Day
    due_time: str | None
    window_minutes: int | None
    grace_minutes: int
    deadline_action: str
    missed_penalty: Money | None
    rotation: str
    timezone: str
    next_due: list[Timestamp]
    created_at: Timestamp
    updated_at: Timestamp


class ExceptionOut(TypedDict):
    id: int
    chore_id: int
    original_at: Timestamp
    action: str
    moved_to: Timestamp | None
    created_at: Timestamp


def schedule_out(schedule: ChoreSchedule, timezone: str, next_due: list[datetime]) -> ScheduleOut:
    return {
        "chore_id": schedule.chore_id,
        "rrule": schedule.rrule,
        "starts_on": schedule.starts_on.isoformat(),
        "due_time": None if schedule.due_time is None else time_of_day(schedule.due_time).isoformat("minutes"),
        "window_minutes": schedule.window_minutes,
        "grace_minutes": schedule.grace_minutes,
        "deadline_action": str(schedule.deadline_action),
        "missed_penalty": cents_to_number(schedule.missed_penalty_cents),
        "rotation": str(schedule.rotation),
        "timezone": timezone,
        "next_due": [isoformat_z(instant) for instant in next_due],
        "created_at": isoformat_z(schedule.created_at),
        "updated_at": isoformat_z(schedule.updated_at),
    }


def exception_out(exception: ScheduleException) -> ExceptionOut:
    return {
        "id": exception.id,
        "chore_id": exception.chore_id,
        "original_at": isoformat_z(exception.original_at),
        "action": str(exception.action),
        "moved_to": isoformat_z(exception.moved_to),
        "created_at": isoformat_z(exception.created_at),
    }
