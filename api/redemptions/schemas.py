"""Request and response shapes of reward requests (redemptions) and their decisions."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from api.validation import DbInt
from api.wire import Money, Timestamp
from models.money import cents_to_number
from models.redemptions import Redemption, RedemptionStatus
from models.timeutil import isoformat_z, utcnow


class RedemptionIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    reward_id: DbInt


class DeclineIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    reason: str = Field(min_length=3, max_length=500)


class RedemptionPath(BaseModel):
    redemption_id: DbInt


class RedemptionQuery(BaseModel):
    child_id: DbInt | None = None
    status: RedemptionStatus | None = None
    skip: int = Field(default=0, ge=0, le=2**31)
    limit: int = Field(default=100, ge=1, le=100)


class RedemptionOut(TypedDict):
    """A child's request for a reward, with the title and price it was made with. While ``pending`` it holds
    ``price`` from his spendable balance until ``expires_at``; ``approved`` made the ledger debit ``entry_id``;
    ``declined`` carries the parent's ``decline_reason``; ``expired``: nobody decided in time; ``cancelled``: the
    reward was removed or the child left the family (``decline_reason`` says which). ``reward_id`` is null once
    the reward is deleted."""

    id: int
    reward_id: int | None
    reward_title: str
    child_id: int
    price: Money
    status: RedemptionStatus
    requested_at: Timestamp
    expires_at: Timestamp
    decided_at: Timestamp | None
    decided_by: int | None
    decline_reason: str | None
    entry_id: int | None


def redemption_out(redemption: Redemption) -> RedemptionOut:
    return {
        "id": redemption.id,
        "reward_id": redemption.reward_id,
        "reward_title": redemption.reward_title,
        "child_id": redemption.child_id,
        "price": cents_to_number(redemption.price_cents),
        "status": redemption.state_at(utcnow()),
        "requested_at": isoformat_z(redemption.requested_at),
        "expires_at": isoformat_z(redemption.expires_at),
        "decided_at": isoformat_z(redemption.decided_at),
        "decided_by": redemption.decided_by_id,
        "decline_reason": redemption.decline_reason,
        "entry_id": redemption.entry_id,
    }
