"""The rewards store of a family: what its children may spend their money on (issue #13, item 1).

A reward has a price, and optionally a stock (units left to request), a limit per child and
period (day, week from Monday, or month, on the family's wall clock) and an end date. Requests
for it and their holds are models/redemptions.py.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from tortoise import fields
from tortoise.models import Model

from models.recurrence import calendar_period_start
from models.timeutil import as_utc

if TYPE_CHECKING:
    from models.families import Family
    from models.users import User

TITLE_MAX_LENGTH = 100


class RewardPeriod(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


class Reward(Model):
    """A reward of a family store, bought with the money of a child once a parent approves."""

    id = fields.IntField(primary_key=True)
    family: fields.ForeignKeyRelation[Family] = fields.ForeignKeyField(
        "models.Family", related_name="rewards", on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=TITLE_MAX_LENGTH)
    description = fields.TextField(default="")
    price_cents = fields.BigIntField()
    # Units left to request (a pending request holds one); null: no limit.
    stock = fields.IntField(null=True)
    # At most ``limit_count`` requests per child in each ``limit_period``; both null: no limit.
    limit_count = fields.IntField(null=True)
    limit_period = fields.CharEnumField(RewardPeriod, max_length=8, null=True)
    # After this instant children can no longer request it; null: never.
    expires_at = fields.DatetimeField(null=True)
    enabled = fields.BooleanField(default=True)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="rewards_created", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    family_id: int
    created_by_id: int | None

    class Meta:
        table = "rewards"
        indexes = (("family_id", "title"),)

    def available_at(self, now: datetime) -> bool:
        """Whether a child may request it now: enabled and not past its end."""
        return self.enabled and (self.expires_at is None or as_utc(self.expires_at) > now)


def period_start(period: RewardPeriod, now: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant the current day, week (from Monday) or month began on the wall clock of ``zone``."""
    return calendar_period_start(period, now, zone)
