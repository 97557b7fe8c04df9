"""Reward requests: a child asks for a reward of the family store, a parent approves or declines."""

from __future__ import annotations

from datetime import timedelta

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated
from api.idempotency import idempotent
from api.openapi import responds
from api.ratelimit import rate_limited
from api.redemptions import service
from api.redemptions.schemas import (
    DeclineIn,
    RedemptionIn,
    RedemptionOut,
    RedemptionPath,
    RedemptionQuery,
    redemption_out,
)
from api.validation import validate
from models import User

bp = Blueprint("redemptions", url_prefix="/api/v1/redemptions")


@bp.post("")
@responds(RedemptionOut, status=201, errors=[400, 404, 409])
@authenticated
@idempotent
@validate(json=RedemptionIn)
@rate_limited(30)
async def request_reward(request: Request, user: User, body: RedemptionIn) -> HTTPResponse:
    """Ask for a reward (children): its price is held from the spendable balance until a parent decides."""
    hold = timedelta(hours=request.app.ctx.settings.redemption_hold_hours)
    redemption = await service.request_reward(child=user, reward_id=body.reward_id, hold=hold)
    return json(redemption_out(redemption), status=201)


@bp.get("")
@responds(list[RedemptionOut], errors=[404])
@authenticated
@validate(query=RedemptionQuery)
@rate_limited(100)
async def list_redemptions(request: Request, user: User, query: RedemptionQuery) -> HTTPResponse:
    """Reward requests, newest first: the family's for a parent (or one child's), a child's own."""
    redemptions = await service.list_redemptions(
        user=user, child_id=query.child_id, status=query.status, skip=query.skip, limit=query.limit
    )
    return json([redemption_out(redemption) for redemption in redemptions])


@bp.get("/<redemption_id>")
@responds(RedemptionOut)
@authenticated
@validate(path=RedemptionPath)
@rate_limited(100)
async def get_redemption(request: Request, user: User, path: RedemptionPath) -> HTTPResponse:
    """One reward request."""
    return json(redemption_out(await service.visible_redemption(user, path.redemption_id)))


@bp.post("/<redemption_id>/approve")
@responds(RedemptionOut, errors=[400, 409])
@authenticated
@idempotent
@validate(path=RedemptionPath)
@rate_limited(30)
async def approve_redemption(request: Request, user: User, path: RedemptionPath) -> HTTPResponse:
    """Approve a pending request (parents): its price becomes a debit of the child's balance."""
    redemption = await service.approve_redemption(user=user, redemption_id=path.redemption_id)
    return json(redemption_out(redemption))


@bp.post("/<redemption_id>/decline")
@responds(RedemptionOut, errors=[409])
@authenticated
@idempotent
@validate(path=RedemptionPath, json=DeclineIn)
@rate_limited(30)
async def decline_redemption(request: Request, user: User, path: RedemptionPath, body: DeclineIn) -> HTTPResponse:
    """Decline a pending request with a reason (parents): its hold is released and the unit returns to stock."""
    redemption = await service.decline_redemption(user=user, redemption_id=path.redemption_id, reason=body.reason)
    return json(redemption_out(redemption))
