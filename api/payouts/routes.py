"""Payouts of a child's balance."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated
from api.idempotency import idempotent
from api.openapi import responds
from api.payouts import service
from api.payouts.schemas import PayoutIn, PayoutListQuery, PayoutOut, payout_out
from api.ratelimit import rate_limited
from api.validation import validate
from models import User

bp = Blueprint("payouts", url_prefix="/api/v1/payouts")


@bp.post("")
@responds(PayoutOut, status=201, errors=[404])
@authenticated
@idempotent
@validate(json=PayoutIn)
@rate_limited(30)
async def record_payout(request: Request, user: User, body: PayoutIn) -> HTTPResponse:
    """Record money paid out to a child."""
    entry = await service.record_payout(user=user, child_id=body.child_id, amount=body.amount, note=body.note)
    return json(payout_out(entry), status=201)


@bp.get("")
@responds(list[PayoutOut], errors=[404])
@authenticated
@validate(query=PayoutListQuery)
async def list_payouts(request: Request, user: User, query: PayoutListQuery) -> HTTPResponse:
    """Payouts the caller may see, newest first."""
    entries = await service.list_payouts(user=user, child_id=query.child_id, skip=query.skip, limit=query.limit)
    return json([payout_out(entry) for entry in entries])
