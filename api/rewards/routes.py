"""The rewards store: a family's catalogue of rewards its children may request with their money."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, empty, json

from api.auth import authenticated
from api.openapi import responds
from api.ratelimit import rate_limited
from api.rewards import service
from api.rewards.schemas import RewardIn, RewardListQuery, RewardOut, RewardPath, RewardUpdate, reward_out
from api.validation import validate
from models import User

bp = Blueprint("rewards", url_prefix="/api/v1/rewards")


@bp.post("")
@responds(RewardOut, status=201)
@authenticated
@validate(json=RewardIn)
@rate_limited(30)
async def create_reward(request: Request, user: User, body: RewardIn) -> HTTPResponse:
    """Add a reward to the family store (parents)."""
    reward = await service.create_reward(user=user, columns=body.columns())
    return json(reward_out(reward, None), status=201)


@bp.get("")
@responds(list[RewardOut], errors=[404])
@authenticated
@validate(query=RewardListQuery)
@rate_limited(100)
async def list_rewards(request: Request, user: User, query: RewardListQuery) -> HTTPResponse:
    """The family store by title, with what the child concerned can afford.

    A parent sees every reward (and, naming ``child_id``, what that child can afford); a child sees what he may
    request now, each with ``affordable`` and ``missing``."""
    rewards, spendable = await service.list_rewards(
        user=user, child_id=query.child_id, skip=query.skip, limit=query.limit
    )
    return json([reward_out(reward, spendable) for reward in rewards])


@bp.get("/<reward_id>")
@responds(RewardOut)
@authenticated
@validate(path=RewardPath)
@rate_limited(100)
async def get_reward(request: Request, user: User, path: RewardPath) -> HTTPResponse:
    """One reward of the family store."""
    reward, spendable = await service.get_reward(user=user, reward_id=path.reward_id)
    return json(reward_out(reward, spendable))


@bp.patch("/<reward_id>")
@responds(RewardOut)
@authenticated
@validate(path=RewardPath, json=RewardUpdate)
@rate_limited(30)
async def update_reward(request: Request, user: User, path: RewardPath, body: RewardUpdate) -> HTTPResponse:
    """Change a reward (parents): its text, price, stock, limit, end, or switch it off and on."""
    reward = await service.update_reward(user=user, reward_id=path.reward_id, changes=body.columns())
    return json(reward_out(reward, None))


@bp.delete("/<reward_id>")
@responds(None, status=204)
@authenticated
@validate(path=RewardPath)
@rate_limited(30)
async def delete_reward(request: Request, user: User, path: RewardPath) -> HTTPResponse:
    """Remove a reward (parents); its pending requests are cancelled and their holds released."""
    await service.delete_reward(user=user, reward_id=path.reward_id)
    return empty()
