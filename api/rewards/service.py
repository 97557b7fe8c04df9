"""Use cases of the rewards store (issue #13, item 1): parents keep their family's catalogue, children see
what they can afford with their spendable balance (their balance less what their pending requests hold).

Rewards belong to a family: a parent needs one to create them, and every lookup is scoped to the
caller's family (another family's reward is as unknown as an id nobody has).
"""

from __future__ import annotations

from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from api.adjustments.service import managed_child
from api.auth import require_parent
from api.errors import Forbidden, NotFound
from api.families.service import FAMILY_MEMBERSHIP_REQUIRED
from models import User
from models.ledger import ledger_balance_cents
from models.redemptions import Redemption, cancel_pending, held_cents
from models.rewards import Reward
from models.timeutil import utcnow
from workers import enqueue

NOT_FOUND = "Reward not found"
# The reason a request gets when its reward is deleted.
REWARD_REMOVED = "The reward was removed from the store"


async def spendable_cents(child_id: int) -> int:
    """The child's balance less what his open holds take."""
    return await ledger_balance_cents(child_id) - await held_cents(child_id)


def rewards_seen_by(user: User) -> QuerySet[Reward]:
    """The rewards of the caller's family (none without a family) the caller may see: all of them for a parent,
    those a child may request now for a child."""
    rewards = Reward.filter(family_id=user.family_id)
    if user.is_parent:
        return rewards
    return rewards.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=utcnow()), enabled=True)


async def family_reward(user: User, reward_id: int) -> Reward:
    """A reward the caller may see (``rewards_seen_by``), else 404."""
    reward = await rewards_seen_by(user).get_or_none(id=reward_id)
    if reward is None:
        raise NotFound(NOT_FOUND)
    return reward


async def create_reward(*, user: User, columns: dict[str, Any]) -> Reward:
    """A new reward of the parent's family store."""
    require_parent(user, "Only parents can manage the rewards store")
    if user.family_id is None:
        raise Forbidden(FAMILY_MEMBERSHIP_REQUIRED)
    return await Reward.create(family_id=user.family_id, created_by_id=user.id, **columns)


async def list_rewards(*, user: User, child_id: int | None, skip: int, limit: int) -> tuple[list[Reward], int | None]:
    """The rewards the caller sees, by title, and the spendable balance of the child concerned: a child himself,
    or the managed child a parent names (None when he names none)."""
    spendable = await _spendable_for(user, child_id)
    rewards = await rewards_seen_by(user).order_by("title", "id").offset(skip).limit(limit)
    return rewards, spendable


async def get_reward(*, user: User, reward_id: int) -> tuple[Reward, int | None]:
    """One reward the caller sees, and for a child his spendable balance."""
    reward = await family_reward(user, reward_id)
    return reward, await _spendable_for(user, None)


async def update_reward(*, user: User, reward_id: int, changes: dict[str, Any]) -> Reward:
    """Change what the parent sent; pending requests keep the title and price they were made with."""
    require_parent(user, "Only parents can manage the rewards store")
    reward = await family_reward(user, reward_id)
    if changes:
        for column, value in changes.items():
            setattr(reward, column, value)
        await reward.save(update_fields=[*changes, "updated_at"])
    return reward


async def delete_reward(*, user: User, reward_id: int) -> None:
    """Remove a reward; its pending requests are cancelled (their holds released), past ones keep its title."""
    require_parent(user, "Only parents can manage the rewards store")
    reward = await family_reward(user, reward_id)
    async with in_transaction() as conn:
        locked = await Reward.select_for_update().using_db(conn).get_or_none(id=reward.id)
        if locked is None:
            raise NotFound(NOT_FOUND)
        await cancel_pending(conn, Redemption.filter(reward_id=reward.id), actor=user, reason=REWARD_REMOVED)
        await locked.delete(using_db=conn)
    await enqueue.publish_events()


async def _spendable_for(user: User, child_id: int | None) -> int | None:
    if not user.is_parent:
        return await spendable_cents(user.id)
    if child_id is None:
        return None
    child = await managed_child(user, child_id, refusal="You can only view rewards for your own children")
    return await spendable_cents(child.id)
