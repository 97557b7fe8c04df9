"""Use cases of reward requests (issue #13, item 2): a child asks, a parent approves or declines.

A request is made under the child's row lock (``locked_balance_cents``), the lock every money move of
that child takes: it holds the price at once (two requests cannot spend the same money), reserves a
unit of stock with one conditional UPDATE (two children cannot take the last one) and counts the
child's requests of the period in the family's time zone. An approval turns the hold into a
``redemption`` debit of the ledger; a decline releases it and returns the unit to stock. A hold nobody
decided on is released by the worker at its end (workers/redemptions.py).
"""

from __future__ import annotations

from datetime import timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from api.auth import require_child, require_parent
from api.errors import BadRequest, Conflict, NotFound
from api.ledger.service import entries_visible_to
from api.rewards.service import NOT_FOUND as REWARD_NOT_FOUND
from models import ActivityType, EntryKind, Family, User
from models.deadlocks import retry_on_deadlock
from models.events import stage_balance_updated
from models.ledger import append_entry, locked_balance_cents
from models.money import format_dollars
from models.redemptions import (
    Redemption,
    RedemptionStatus,
    held_cents,
    in_state,
    record_redemption_activity,
    release_hold,
    requests_since,
    stage_reward_decided,
    stage_reward_requested,
)
from models.rewards import Reward, period_start
from models.timeutil import utcnow
from workers import enqueue

NOT_FOUND = "Reward request not found"


@retry_on_deadlock
async def request_reward(*, child: User, reward_id: int, hold: timedelta) -> Redemption:
    """Hold a reward's price from the child's spendable balance, and a unit of its stock, for ``hold``."""
    require_child(child, "Only children can request rewards")
    now = utcnow()
    async with in_transaction() as conn:
        balance = await locked_balance_cents(child.id, using_db=conn)
        reward = await Reward.filter(id=reward_id, family_id=child.family_id).using_db(conn).first()
        if reward is None:
            raise NotFound(REWARD_NOT_FOUND)
        if not reward.available_at(now):
            raise Conflict("This reward cannot be requested now: it is switched off or past its end")
        spendable = balance - await held_cents(child.id, using_db=conn, now=now)
        if spendable < reward.price_cents:
            raise BadRequest(
                f"Not enough money for this reward: it costs {format_dollars(reward.price_cents)} and the spendable "
                f"balance is {format_dollars(spendable)} (the balance less what pending requests hold)"
            )
        await _refuse_over_limit(reward, child.id, conn)
        if reward.stock is not None:
            taken = await Reward.filter(id=reward.id, stock__gt=0).using_db(conn).update(stock=F("stock") - 1)
            if not taken:
                raise Conflict("This reward is out of stock")
        redemption = await Redemption.create(
            family_id=reward.family_id, reward_id=reward.id, child_id=child.id, reward_title=reward.title,
            price_cents=reward.price_cents, requested_at=now, expires_at=now + hold, using_db=conn,
        )
        await record_redemption_activity(
            conn, redemption, ActivityType.REWARD_REQUESTED, actor=child,
            description=f"Requested reward '{reward.title}' for {format_dollars(reward.price_cents)}",
        )
        await stage_reward_requested(conn, redemption=redemption)
    await enqueue.schedule_hold_expiry(redemption)
    await enqueue.publish_events()
    return redemption


async def _refuse_over_limit(reward: Reward, child_id: int, conn: BaseDBAsyncClient) -> None:
    """409 when the child already made the reward's limit of requests this period (family's time zone)."""
    if reward.limit_count is None or reward.limit_period is None:
        return
    now = utcnow()
    family = await Family.get(id=reward.family_id, using_db=conn)
    since = period_start(reward.limit_period, now, family.zone)
    if await requests_since(child_id, reward.id, since, now, conn) >= reward.limit_count:
        raise Conflict(f"Limit reached: this reward can be requested {reward.limit_count} time(s) per "
                       f"{reward.limit_period} (approved and pending requests count)")


async def list_redemptions(
    *, user: User, child_id: int | None, status: RedemptionStatus | None, skip: int, limit: int
) -> list[Redemption]:
    """A parent's family requests (or one managed child's), or a child's own; newest first."""
    requests = await entries_visible_to(user, child_id, Redemption.all(), noun="reward requests")
    if user.is_parent:
        requests = requests.filter(family_id=user.family_id)
    if status is not None:
        requests = requests.filter(in_state(status, utcnow()))
    return await requests.order_by("-requested_at", "-id").offset(skip).limit(limit)


async def visible_redemption(user: User, redemption_id: int) -> Redemption:
    """A request of the caller (a child) or of a child of his family (a parent), else 404."""
    redemption = await Redemption.get_or_none(id=redemption_id).prefetch_related("child")
    if redemption is None:
        raise NotFound(NOT_FOUND)
    if user.is_parent:
        seen = redemption.family_id == user.family_id and user.manages(redemption.child)
    else:
        seen = redemption.child_id == user.id
    if not seen:
        raise NotFound(NOT_FOUND)
    return redemption


@retry_on_deadlock
async def approve_redemption(*, user: User, redemption_id: int) -> Redemption:
    """The hold becomes a debit of the child's ledger."""
    require_parent(user, "Only parents can approve reward requests")
    seen = await visible_redemption(user, redemption_id)
    async with in_transaction() as conn:
        balance = await locked_balance_cents(seen.child_id, using_db=conn)
        redemption = await _locked_pending(seen.id, conn)
        if balance < redemption.price_cents:
            raise BadRequest(f"Approval would result in negative balance. Current balance: {format_dollars(balance)}")
        entry = await append_entry(
            child_id=redemption.child_id, kind=EntryKind.REDEMPTION, amount_cents=-redemption.price_cents,
            actor_id=user.id, reason=redemption.reward_title, using_db=conn,
        )
        redemption.decide(RedemptionStatus.APPROVED, utcnow(), by=user.id, entry_id=entry.id)
        await redemption.save(using_db=conn)
        await record_redemption_activity(
            conn, redemption, ActivityType.REWARD_APPROVED, actor=user,
            description=f"Approved reward '{redemption.reward_title}' for {format_dollars(redemption.price_cents)}",
        )
        await stage_reward_decided(conn, redemption=redemption)
        await stage_balance_updated(conn, child_id=redemption.child_id)
    await enqueue.publish_events()
    return redemption


@retry_on_deadlock
async def decline_redemption(*, user: User, redemption_id: int, reason: str) -> Redemption:
    """The hold is released and the unit goes back to stock."""
    require_parent(user, "Only parents can decline reward requests")
    seen = await visible_redemption(user, redemption_id)
    async with in_transaction() as conn:
        redemption = await _locked_pending(seen.id, conn)
        await release_hold(conn, redemption, RedemptionStatus.DECLINED, actor=user, reason=reason)
    await enqueue.publish_events()
    return redemption


async def _locked_pending(redemption_id: int, conn: BaseDBAsyncClient) -> Redemption:
    """The request, its row locked until the transaction ends; 409 unless it still holds its price."""
    redemption = await Redemption.select_for_update().using_db(conn).get_or_none(id=redemption_id)
    if redemption is None:
        raise NotFound(NOT_FOUND)
    state = redemption.state_at(utcnow())
    if state is not RedemptionStatus.PENDING:
        raise Conflict(f"This reward request is already {state}")
    return redemption
