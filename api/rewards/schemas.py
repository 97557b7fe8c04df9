"""Request and response shapes of the rewards store: a family's catalogue of rewards."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator
from typing_extensions import TypedDict

from api.validation import DbInt, future_instant
from api.wire import Money, Timestamp
from models.money import cents_to_number, to_cents
from models.rewards import TITLE_MAX_LENGTH, Reward, RewardPeriod
from models.timeutil import isoformat_z, utcnow

# How far ahead a reward's end may lie.
MAX_EXPIRY_AHEAD = timedelta(days=10 * 365)

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX_LENGTH)]
Description = Annotated[str, Field(max_length=1000)]
Price = Annotated[Decimal, Field(gt=0, le=1_000_000, decimal_places=2)]
Stock = Annotated[int, Field(ge=0, le=1_000_000)]
LimitCount = Annotated[int, Field(ge=1, le=1000)]


def _future(expires_at: datetime | None) -> datetime | None:
    return None if expires_at is None else future_instant(expires_at, within=MAX_EXPIRY_AHEAD)


def _reward_columns(body: BaseModel) -> dict[str, Any]:
    """The reward's columns the body sets (the price in cents)."""
    values = {key: getattr(body, key) for key in body.model_fields_set}
    if "price" in values:
        values["price_cents"] = to_cents(values.pop("price"))
    return values


class RewardIn(BaseModel):
    """A new reward. ``stock``: units left to request (null: no limit); ``limit_count`` requests per child and
    ``limit_period`` (day, week from Monday, month, in the family's time zone), both or neither; after
    ``expires_at`` (UTC) children can no longer request it."""

    model_config = ConfigDict(extra="ignore")

    title: Title
    description: Description = ""
    price: Price
    stock: Stock | None = None
    limit_count: LimitCount | None = None
    limit_period: RewardPeriod | None = None
    expires_at: datetime | None = None
    enabled: bool = True

    _expiry_ahead = field_validator("expires_at")(_future)

    @model_validator(mode="after")
    def _limit_pair(self) -> RewardIn:
        if (self.limit_count is None) != (self.limit_period is None):
            raise ValueError("limit_count and limit_period go together: give both, or neither for no limit")
        return self

    def columns(self) -> dict[str, Any]:
        return _reward_columns(self)


class RewardUpdate(BaseModel):
    """A change of a reward: only the keys sent are applied; ``null`` clears stock, limit and end, and is refused
    elsewhere. ``limit_count`` and ``limit_period`` change together."""

    model_config = ConfigDict(extra="ignore")

    # Defaults are never validated: a key left out stays out of ``model_fields_set``.
    title: Title = None  # type: ignore[assignment]
    description: Description = None  # type: ignore[assignment]
    price: Price = None  # type: ignore[assignment]
    stock: Stock | None = None
    limit_count: LimitCount | None = None
    limit_period: RewardPeriod | None = None
    expires_at: datetime | None = None
    enabled: bool = None  # type: ignore[assignment]

    _expiry_ahead = field_validator("expires_at")(_future)

    @model_validator(mode="after")
    def _limit_pair(self) -> RewardUpdate:
        sent = {"limit_count", "limit_period"} & self.model_fields_set
        if sent and (len(sent) == 1 or (self.limit_count is None) != (self.limit_period is None)):
            raise ValueError("limit_count and limit_period change together: give both, or both null for no limit")
        return self

    def columns(self) -> dict[str, Any]:
        return _reward_columns(self)


class RewardPath(BaseModel):
    reward_id: DbInt


class RewardListQuery(BaseModel):
    # A parent may name a child to see what he can afford; a child always sees his own.
    child_id: DbInt | None = None
    skip: int = Field(default=0, ge=0, le=2**31)
    limit: int = Field(default=100, ge=1, le=100)


class RewardOut(TypedDict):
    """A reward. ``available``: a child may request it now (enabled, not past ``expires_at``). ``affordable`` and
    ``missing`` (what the child lacks, 0 when affordable) compare the price with the child's spendable balance
    (his balance less what his pending requests hold); null when no child is concerned (a parent's list
    without ``child_id``)."""

    id: int
    title: str
    description: str
    price: Money
    stock: int | None
    limit_count: int | None
    limit_period: RewardPeriod | None
    expires_at: Timestamp | None
    enabled: bool
    available: bool
    created_by: int | None
    created_at: Timestamp
    updated_at: Timestamp
    affordable: bool | None
    missing: Money | None


def reward_out(reward: Reward, spendable_cents: int | None) -> RewardOut:
    missing = None if spendable_cents is None else max(0, reward.price_cents - spendable_cents)
    return {
        "id": reward.id,
        "title": reward.title,
        "description": reward.description,
        "price": cents_to_number(reward.price_cents),
        "stock": reward.stock,
        "limit_count": reward.limit_count,
        "limit_period": reward.limit_period,
        "expires_at": isoformat_z(reward.expires_at),
        "enabled": reward.enabled,
        "available": reward.available_at(utcnow()),
        "created_by": reward.created_by_id,
        "created_at": isoformat_z(reward.created_at),
        "updated_at": isoformat_z(reward.updated_at),
        "affordable": None if missing is None else missing == 0,
        "missing": cents_to_number(missing),
    }
