"""Manual reward adjustments (contract §6)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.adjustments import service
from api.adjustments.schemas import (
    AdjustmentIn,
    AdjustmentListQuery,
    AdjustmentOut,
    AdjustmentTotalOut,
    PageQuery,
    adjustment_out,
    total_out,
)
from api.auth import authenticated
from api.idempotency import idempotent
from api.openapi import called_with_trailing_slash, responds
from api.ratelimit import rate_limited
from api.users.schemas import ChildPath
from api.validation import validate
from models import User

bp = Blueprint("adjustments", url_prefix="/api/v1/adjustments")


@bp.post("")
@called_with_trailing_slash
@responds(AdjustmentOut, status=201, errors=[404])
@authenticated
@idempotent
@validate(json=AdjustmentIn)
@rate_limited(30)
async def create_adjustment(request: Request, user: User, body: AdjustmentIn) -> HTTPResponse:
    """Give a child a bonus or a deduction."""
    entry = await service.create_adjustment(user=user, child_id=body.child_id, amount=body.amount, reason=body.reason)
    return json(adjustment_out(entry), status=201)


@bp.get("")
@called_with_trailing_slash
@responds(list[AdjustmentOut], errors=[404])
@authenticated
@validate(query=AdjustmentListQuery)
@rate_limited(100)
async def list_adjustments(request: Request, user: User, query: AdjustmentListQuery) -> HTTPResponse:
    """Adjustments the caller made, or those of one child."""
    entries = await service.list_adjustments(user=user, child_id=query.child_id, skip=query.skip, limit=query.limit)
    return json([adjustment_out(entry) for entry in entries])


@bp.get("/child/<child_id>")
@responds(list[AdjustmentOut])
@authenticated
@validate(path=ChildPath, query=PageQuery)
@rate_limited(100)
async def child_adjustments(request: Request, user: User, path: ChildPath, query: PageQuery) -> HTTPResponse:
    """One child's adjustments, newest first."""
    entries = await service.child_adjustments(user=user, child_id=path.child_id, skip=query.skip, limit=query.limit)
    return json([adjustment_out(entry) for entry in entries])


@bp.get("/total/<child_id>")
@responds(AdjustmentTotalOut)
@authenticated
@validate(path=ChildPath)
@rate_limited(100)
async def adjustment_total(request: Request, user: User, path: ChildPath) -> HTTPResponse:
    """The sum of one child's manual adjustments (allowance is not one)."""
    totals = await service.adjustment_total(user=user, child_id=path.child_id)
    return json(total_out(path.child_id, totals.manual_adjustments_cents, totals.adjustments_count))
