"""Request and response shapes of vacations: a child away for a range of local days (issue #12, item 5)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator
from typing_extensions import TypedDict

from api.schedules.schemas import FIRST_DAY, LAST_DAY
from api.validation import DbInt
from api.wire import Day, Timestamp
from models.schedules import Vacation
from models.timeutil import isoformat_z


class VacationIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    child_id: DbInt
    starts_on: date = Field(ge=FIRST_DAY, le=LAST_DAY, description="First day away (the family's calendar)")
    ends_on: date = Field(ge=FIRST_DAY, le=LAST_DAY, description="Last day away, included")
    note: str = Field(default="", max_length=200)

    @model_validator(mode="after")
    def ends_after_start(self) -> VacationIn:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on must not be before starts_on")
        return self


class VacationQuery(BaseModel):
    child_id: DbInt | None = None


class VacationPath(BaseModel):
    vacation_id: DbInt


class VacationOut(TypedDict):
    id: int
    child_id: int
    starts_on: Day
    ends_on: Day
    note: str
    created_by: int | None
    created_at: Timestamp


def vacation_out(vacation: Vacation) -> VacationOut:
    return {
        "id": vacation.id,
        "child_id": vacation.child_id,
        "starts_on": vacation.starts_on.isoformat(),
        "ends_on": vacation.ends_on.isoformat(),
        "note": vacation.note,
        "created_by": vacation.created_by_id,  # type: ignore[attr-defined]
        "created_at": isoformat_z(vacation.created_at),
    }
