"""Request and response shapes of payouts: money handed to a child, taken off his balance."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from api.validation import DbInt
from api.wire import DecimalText, Timestamp
from models import LedgerEntry
from models.money import cents_to_decimal_text
from models.timeutil import isoformat_z


class PayoutIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    child_id: DbInt
    amount: Annotated[Decimal, Field(gt=0, le=1_000_000, decimal_places=2)]
    note: str | None = Field(default=None, max_length=500)


class PayoutListQuery(BaseModel):
    child_id: DbInt | None = None
    skip: int = Field(default=0, ge=0, le=2**31)
    limit: int = Field(default=100, ge=1, le=100)


class PayoutOut(TypedDict):
    """A payout; ``amount`` is positive (negative for the reversal of one, see api/ledger)."""

    id: int
    child_id: int
    parent_id: int | None
    amount: DecimalText
    note: str | None
    created_at: Timestamp


def payout_out(entry: LedgerEntry) -> PayoutOut:
    """A payout: its (positive) amount as a 2-decimal string, like adjustment amounts."""
    return {
        "id": entry.id,
        "child_id": entry.child_id,
        "parent_id": entry.actor_id,
        "amount": cents_to_decimal_text(-entry.amount_cents),
        "note": entry.reason or None,
        "created_at": isoformat_z(entry.created_at),
    }
