"""Request and response shapes of a chore's rotation (issue #12 item 4)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from typing_extensions import TypedDict

from api.validation import DbInt
from api.wire import Timestamp
from models.rotation import Turn
from models.schedules import ChoreSchedule, RotationMode, RotationPeriod
from models.timeutil import as_utc, isoformat_z

# Rotations go round a family's children, so a few dozen ids at most.
MAX_ORDER = 50
MIN_ROTATING = 2
MAX_LOOKBACK_WEEKS = 52
MAX_TURNS_SHOWN = 20
# Turns shown after the current one, unless ``?turns=`` says otherwise.
DEFAULT_TURNS = 4


def _distinct(ids: list[int]) -> list[int]:
    if len(set(ids)) != len(ids):
        raise ValueError("order must not name the same child twice")
    return ids


def _plausible(instant: datetime) -> datetime:
    """An instant in UTC (naive: UTC) between 1970 and 9000, so that calendar arithmetic cannot overflow."""
    if not 1970 <= instant.year <= 9000:
        raise ValueError("must be between the years 1970 and 9000")
    return as_utc(instant)


Instant = Annotated[datetime, AfterValidator(_plausible)]


class ChoreRotationPath(BaseModel):
    chore_id: DbInt


class RotationQuery(BaseModel):
    turns: int = Field(
        default=DEFAULT_TURNS, ge=1, le=MAX_TURNS_SHOWN, description="How many turns after the current one to show"
    )


class RotationIn(BaseModel):
    """The whole rotation of a chore; ``order`` is the children in turn order (round robin) or the pool
    of children (least completed), at least two unless ``mode`` is ``none``."""

    model_config = ConfigDict(extra="ignore")

    mode: RotationMode
    period: RotationPeriod = RotationPeriod.OCCURRENCE
    order: Annotated[list[DbInt], Field(max_length=MAX_ORDER), AfterValidator(_distinct)] = []
    lookback_weeks: int = Field(default=4, ge=1, le=MAX_LOOKBACK_WEEKS)

    @model_validator(mode="after")
    def _enough_children(self) -> RotationIn:
        if self.mode is not RotationMode.NONE and len(self.order) < MIN_ROTATING:
            raise ValueError(f"a rotation needs at least {MIN_ROTATING} children in order")
        return self


class TurnIn(BaseModel):
    """Whose turn it is for the period holding ``period`` (absent: the current turn)."""

    model_config = ConfigDict(extra="ignore")

    child_id: DbInt
    period: Instant | None = None


class SwapIn(BaseModel):
    """Two instants, each in one turn period: their holders change places."""

    model_config = ConfigDict(extra="ignore")

    first: Instant
    second: Instant


class TurnOut(TypedDict):
    """One turn period (``period_end`` null: a single occurrence) and its holder (null: every child
    is away). ``decided``: stored, else what the rule gives as things stand; ``set_by_parent``: set
    or swapped by a parent."""

    period_start: Timestamp
    period_end: Timestamp | None
    child_id: int | None
    set_by_parent: bool
    decided: bool


class RotationOut(TypedDict):
    """A chore's rotation: ``current`` is the turn under way, or the next one holding an occurrence
    (null when the chore does not rotate or its rule has no occurrence left); ``upcoming`` the turns after it."""

    chore_id: int
    mode: str
    period: str
    order: list[int]
    lookback_weeks: int
    timezone: str
    current: TurnOut | None
    upcoming: list[TurnOut]


def turn_out(turn: Turn) -> TurnOut:
    return {
        "period_start": isoformat_z(turn.period.start),
        "period_end": isoformat_z(turn.period.end),
        "child_id": turn.child_id,
        "set_by_parent": turn.set_by_parent,
        "decided": turn.decided,
    }


def rotation_out(schedule: ChoreSchedule, timezone: str, turns: list[Turn]) -> RotationOut:
    return {
        "chore_id": schedule.chore_id,
        "mode": schedule.rotation.value,
        "period": schedule.rotation_period.value,
        "order": list(schedule.rotation_order),
        "lookback_weeks": schedule.rotation_lookback_weeks,
        "timezone": timezone,
        "current": turn_out(turns[0]) if turns else None,
        "upcoming": [turn_out(turn) for turn in turns[1:]],
    }
