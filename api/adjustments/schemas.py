"""Request and response shapes of manual reward adjustments (§1.6, §6)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from typing_extensions import TypedDict

from api.validation import DbInt
from api.wire import DecimalText, Timestamp
from models import LedgerEntry
from models.money import cents_to_decimal_text
from models.timeutil import isoformat_z


class AdjustmentIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    child_id: DbInt
    amount: Annotated[Decimal, Field(ge=Decimal("-999.99"), le=Decimal("999.99"), decimal_places=2)]
    reason: str = Field(min_length=3, max_length=500)

    @field_validator("amount")
    @classmethod
    def _not_zero(cls, amount: Decimal) -> Decimal:
        if amount == 0:
            raise ValueError("Adjustment amount cannot be zero")
        return amount


class AdjustmentListQuery(BaseModel):
    parent_id: DbInt | None = None  # accepted and ignored, as the reference does
    child_id: DbInt | None = None
    skip: int = Field(default=0, ge=0, le=2**31)
    limit: int = Field(default=100, ge=1, le=100)


class PageQuery(BaseModel):
    skip: int = Field(default=0, ge=0, le=2**31)
    limit: int = Field(default=100, ge=1, le=100)


class AdjustmentOut(TypedDict):
    """``Adjustment`` (§1.6): ``child`` and ``parent`` are always null."""

    id: int
    child_id: int
    parent_id: int | None
    amount: DecimalText
    reason: str
    created_at: Timestamp
    child: None
    parent: None


class AdjustmentTotalOut(TypedDict):
    """J4's answer."""

    child_id: int
    total_adjustments: DecimalText
    currency: Literal["USD"]


def adjustment_out(entry: LedgerEntry) -> AdjustmentOut:
    """``Adjustment`` (§1.6) from a ledger entry: the amount as a 2-decimal string."""
    return {
        "id": entry.id,
        "child_id": entry.child_id,
        "parent_id": entry.actor_id,
        "amount": cents_to_decimal_text(entry.amount_cents),
        "reason": entry.reason,
        "created_at": isoformat_z(entry.created_at),
        "child": None,
        "parent": None,
    }


def total_out(child_id: int, total_cents: int, entries: int) -> AdjustmentTotalOut:
    """J4's answer; the total is ``"0"`` when the child has no adjustment at all, as the reference sends."""
    return {
        "child_id": child_id,
        "total_adjustments": cents_to_decimal_text(total_cents) if entries else "0",
        "currency": "USD",
    }
