"""Requests of children for rewards of the family store, and the holds they put on their money (issue #13, item 2).

A pending request holds its price: the child's spendable balance is his balance minus the prices of
his open holds, and every debit (a payout, a deduction, a reversal) leaves at least the held amount.
A parent approves it (the hold becomes a ``redemption`` debit of the ledger) or declines it (the hold
is released and its unit goes back to stock). A hold nobody decided on is released at ``expires_at``
(status ``expired``); until the worker has written that, every read already treats it as expired.
A request is also cancelled when its reward is deleted or its child leaves the family.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F, Q
from tortoise.functions import Coalesce, Sum
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.activities import ActivityType, record_activity, shorten
from models.events import Event, EventType, child_and_parents, parents_of, stage_event
from models.money import cents_to_number
from models.rewards import TITLE_MAX_LENGTH, Reward
from models.timeutil import as_utc, isoformat_z, utcnow
from models.users import User

if TYPE_CHECKING:
    from models.families import Family
    from models.ledger import LedgerEntry


class RedemptionStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Redemption(Model):
    """A request of a child for a reward; while pending it holds the price from his spendable balance."""

    id = fields.IntField(primary_key=True)
    family: fields.ForeignKeyRelation[Family] = fields.ForeignKeyField(
        "models.Family", related_name="redemptions", on_delete=fields.CASCADE
    )
    reward: fields.ForeignKeyNullableRelation[Reward] = fields.ForeignKeyField(
        "models.Reward", related_name="redemptions", null=True, on_delete=fields.SET_NULL
    )
    child: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="redemptions", on_delete=fields.CASCADE
    )
    # The reward as it was requested: a later change of its title or price does not touch the request.
    reward_title = fields.CharField(max_length=TITLE_MAX_LENGTH)
    price_cents = fields.BigIntField()
    status = fields.CharEnumField(RedemptionStatus, max_length=16, default=RedemptionStatus.PENDING)
    requested_at = fields.DatetimeField()
    # A pending request is released at this instant.
    expires_at = fields.DatetimeField()
    decided_at = fields.DatetimeField(null=True)
    decided_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="redemptions_decided", null=True, on_delete=fields.SET_NULL
    )
    # Tortoise types every TextField as str whatever ``null`` says; this one holds None too.
    decline_reason: fields.Field[str | None] = fields.TextField(null=True)  # type: ignore[assignment]
    # The debit an approval appended.
    entry: fields.OneToOneNullableRelation[LedgerEntry] = fields.OneToOneField(
        "models.LedgerEntry", related_name="redemption", null=True, on_delete=fields.SET_NULL
    )

    family_id: int
    reward_id: int | None
    child_id: int
    decided_by_id: int | None
    entry_id: int | None

    class Meta:
        table = "redemptions"
        indexes = (
            ("child_id", "status", "expires_at"),
            ("family_id", "requested_at"),
            ("status", "expires_at"),
            ("reward_id", "child_id", "requested_at"),
        )

    def hold_over(self, now: datetime) -> bool:
        """Still pending, but past its hold: the worker is to release it."""
        return self.status is RedemptionStatus.PENDING and as_utc(self.expires_at) <= now

    def state_at(self, now: datetime) -> RedemptionStatus:
        """The status as of ``now``: a pending request past its hold reads as expired at once."""
        return RedemptionStatus.EXPIRED if self.hold_over(now) else self.status

    def decide(self, status: RedemptionStatus, now: datetime, *, by: int | None, reason: str | None = None,
               entry_id: int | None = None) -> None:
        self.status = status
        self.decided_at = now
        self.decided_by_id = by
        self.decline_reason = reason
        self.entry_id = entry_id


def open_holds(now: datetime) -> Q:
    """Requests that hold money now: pending, their hold not over."""
    return Q(status=RedemptionStatus.PENDING, expires_at__gt=now)


def overdue_holds(now: datetime) -> Q:
    """Pending requests whose hold is over, which the worker has not released yet."""
    return Q(status=RedemptionStatus.PENDING, expires_at__lte=now)


def in_state(status: RedemptionStatus, now: datetime) -> Q:
    """Requests whose status as of ``now`` (``Redemption.state_at``) is ``status``."""
    if status is RedemptionStatus.PENDING:
        return open_holds(now)
    if status is RedemptionStatus.EXPIRED:
        return Q(status=RedemptionStatus.EXPIRED) | overdue_holds(now)
    return Q(status=status)


async def held_cents(child_id: int, *, using_db: BaseDBAsyncClient | None = None, now: datetime | None = None) -> int:
    """What the child's open holds take from his spendable balance."""
    query = Redemption.filter(open_holds(now or utcnow()), child_id=child_id)
    if using_db is not None:
        query = query.using_db(using_db)
    row = await query.annotate(total=Coalesce(Sum("price_cents"), 0)).first().values("total")
    return int(row["total"] or 0) if row else 0


async def requests_since(child_id: int, reward_id: int, since: datetime, now: datetime,
                         using_db: BaseDBAsyncClient) -> int:
    """The child's requests of the reward since ``since`` that count against its limit: approved or still held."""
    counted = Q(status=RedemptionStatus.APPROVED) | open_holds(now)
    return await Redemption.filter(counted, child_id=child_id, reward_id=reward_id, requested_at__gte=since).using_db(
        using_db
    ).count()


# Releasing a hold without a debit: declined by a parent, expired, or cancelled.

RELEASE_ACTIVITIES = {
    RedemptionStatus.DECLINED: ActivityType.REWARD_DECLINED,
    RedemptionStatus.EXPIRED: ActivityType.REWARD_EXPIRED,
    RedemptionStatus.CANCELLED: ActivityType.REWARD_CANCELLED,
}


async def release_hold(
    conn: BaseDBAsyncClient, redemption: Redemption, status: RedemptionStatus, *, actor: User, reason: str | None = None
) -> list[Event | None]:
    """Close a pending request (its row locked by the caller) without a debit: its unit goes back to stock, the
    feed and the child and his parents are told. ``actor`` decided it (the child himself for an expiry)."""
    by = None if status is RedemptionStatus.EXPIRED else actor.id
    redemption.decide(status, utcnow(), by=by, reason=reason)
    await redemption.save(using_db=conn)
    if redemption.reward_id is not None:
        await Reward.filter(id=redemption.reward_id, stock__isnull=False).using_db(conn).update(stock=F("stock") + 1)
    title = f"reward '{redemption.reward_title}'"
    description = {
        RedemptionStatus.DECLINED: f"Declined {title}: {shorten(reason or '')}",
        RedemptionStatus.EXPIRED: f"Request for {title} expired",
        RedemptionStatus.CANCELLED: f"Request for {title} cancelled: {shorten(reason or '')}",
    }[status]
    await record_redemption_activity(conn, redemption, RELEASE_ACTIVITIES[status], actor=actor, description=description)
    return [await stage_reward_decided(conn, redemption=redemption)]


async def cancel_pending(
    conn: BaseDBAsyncClient, requests: QuerySet[Redemption], *, actor: User, reason: str
) -> list[Event | None]:
    """Cancel every pending request ``requests`` selects, their rows locked: their reward was deleted, or their
    child left the family."""
    events: list[Event | None] = []
    for row in await requests.filter(status=RedemptionStatus.PENDING).select_for_update().using_db(conn):
        events += await release_hold(conn, row, RedemptionStatus.CANCELLED, actor=actor, reason=reason)
    return events


async def record_redemption_activity(
    conn: BaseDBAsyncClient, redemption: Redemption, activity_type: ActivityType, *, actor: User, description: str
) -> None:
    await record_activity(
        actor=actor,
        activity_type=activity_type,
        description=description,
        target_user_id=redemption.child_id,
        data={
            "redemption_id": redemption.id,
            "reward_id": redemption.reward_id,
            "reward_title": redemption.reward_title,
            "price": cents_to_number(redemption.price_cents),
            "status": str(redemption.status),
            "reason": redemption.decline_reason,
        },
        using_db=conn,
    )


# The store's outbox events.


def redemption_data(redemption: Redemption) -> dict[str, Any]:
    """What ``reward_requested`` and ``reward_decided`` carry: the request as it stands."""
    return {
        "redemption_id": redemption.id,
        "reward_id": redemption.reward_id,
        "reward_title": redemption.reward_title,
        "child_id": redemption.child_id,
        "price": cents_to_number(redemption.price_cents),
        "status": str(redemption.status),
        "requested_at": isoformat_z(redemption.requested_at),
        "expires_at": isoformat_z(redemption.expires_at),
        "decided_at": isoformat_z(redemption.decided_at),
        "decided_by_id": redemption.decided_by_id,
        "decline_reason": redemption.decline_reason,
    }


async def stage_reward_requested(conn: BaseDBAsyncClient, *, redemption: Redemption) -> Event | None:
    """A child asked for a reward: tell the parents of the family."""
    return await stage_event(
        conn, type=EventType.REWARD_REQUESTED, family_id=redemption.family_id,
        recipients=await parents_of(redemption.child_id, conn), data=redemption_data(redemption),
    )


async def stage_reward_decided(conn: BaseDBAsyncClient, *, redemption: Redemption) -> Event | None:
    """A request was approved, declined, expired or cancelled: tell the child and his parents."""
    return await stage_event(
        conn, type=EventType.REWARD_DECIDED, family_id=redemption.family_id,
        recipients=await child_and_parents(redemption.child_id, conn), data=redemption_data(redemption),
    )
