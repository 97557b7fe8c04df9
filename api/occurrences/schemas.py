"""Request and response shapes of the occurrences of scheduled chores (issue #12)."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from api.validation import DbInt
from api.wire import Money, Timestamp
from models.money import cents_to_number
from models.schedules import ChoreOccurrence, OccurrenceState
from models.timeutil import isoformat_z

OccurrenceStateName = Literal["upcoming", "open", "overdue", "missed", "completed", "done", "skipped"]


class OccurrenceQuery(BaseModel):
    state: OccurrenceState | None = None
    child_id: DbInt | None = None
    start: AwareDatetime | None = Field(default=None, alias="from", description="Due at or after this instant")
    end: AwareDatetime | None = Field(default=None, alias="to", description="Due before this instant")
    skip: int = Field(default=0, ge=0, le=2**31)
    limit: int = Field(default=100, ge=1, le=500)


class OccurrencePath(BaseModel):
    occurrence_id: DbInt


class PenaltyIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    action: Literal["confirm", "waive"]


class OccurrenceOut(TypedDict):
    id: int
    chore_id: int
    child_id: int
    state: OccurrenceStateName
    original_at: Timestamp
    opens_at: Timestamp
    due_at: Timestamp
    deadline_at: Timestamp
    completed_at: Timestamp | None
    approved_at: Timestamp | None
    missed_at: Timestamp | None
    penalty_status: Literal["none", "proposed", "booked", "waived"]
    penalty: Money | None


def occurrence_out(occurrence: ChoreOccurrence) -> OccurrenceOut:
    return {
        "id": occurrence.id,
        "chore_id": occurrence.chore_id,
        "child_id": occurrence.assignee_id,
        "state": occurrence.state.value,
        "original_at": isoformat_z(occurrence.original_at),
        "opens_at": isoformat_z(occurrence.opens_at),
        "due_at": isoformat_z(occurrence.due_at),
        "deadline_at": isoformat_z(occurrence.deadline_at),
        "completed_at": isoformat_z(occurrence.completed_at),
        "approved_at": isoformat_z(occurrence.approved_at),
        "missed_at": isoformat_z(occurrence.missed_at),
        "penalty_status": occurrence.penalty_status.value,
        "penalty": cents_to_number(occurrence.penalty_cents),
    }
