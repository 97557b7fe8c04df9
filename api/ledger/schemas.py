"""Request and response shapes of the ledger: the entries behind a balance, and their reversals."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from api.validation import DbInt
from api.wire import Money, Timestamp
from models import LedgerEntry
from models.money import cents_to_number
from models.timeutil import isoformat_z


class EntryPath(BaseModel):
    entry_id: DbInt


class ReversalIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    reason: str = Field(min_length=3, max_length=500)


class LedgerQuery(BaseModel):
    child_id: DbInt | None = None
    skip: int = Field(default=0, ge=0, le=2**31)
    limit: int = Field(default=100, ge=1, le=100)


class LedgerEntryOut(TypedDict):
    """One entry (``kind``: reward, adjustment, payout, redemption or allowance): ``amount`` is its signed effect on the
    balance;
    ``reverses`` the entry it undoes, ``reversed_by`` the entry that undid it (each null when there is none)."""

    id: int
    child_id: int
    kind: str
    amount: Money
    reason: str
    actor_id: int | None
    chore_id: int | None
    assignment_id: int | None
    reverses: int | None
    reversed_by: int | None
    created_at: Timestamp


def ledger_entry_out(entry: LedgerEntry, reversed_by: int | None) -> LedgerEntryOut:
    return {
        "id": entry.id,
        "child_id": entry.child_id,
        "kind": entry.kind.value,
        "amount": cents_to_number(entry.amount_cents),
        "reason": entry.reason,
        "actor_id": entry.actor_id,
        "chore_id": entry.chore_id,
        "assignment_id": entry.assignment_id,
        "reverses": entry.reverses_id,
        "reversed_by": reversed_by,
        "created_at": isoformat_z(entry.created_at),
    }
