"""Children's balances and allowance summaries (U5, U8)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated
from api.balances import service
from api.balances.schemas import AllowanceRowOut, BalanceOut, allowance_row_out, balance_out
from api.json_body import json_body
from api.openapi import responds
from models import User

bp = Blueprint("balances", url_prefix="/api/v1/users")


@bp.get("/me/balance")
@responds(BalanceOut)
@authenticated
async def my_balance(request: Request, user: User) -> HTTPResponse:
    """A child's balance: earned rewards, adjustments, payouts."""
    return json_body(balance_out(await service.my_balance(user=user)))


@bp.get("/allowance-summary")
@responds(list[AllowanceRowOut])
@authenticated
async def allowance_summary(request: Request, user: User) -> HTTPResponse:
    """Every child's earnings and balance due, for a parent."""
    rows = await service.allowance_summary(user=user)
    return json([allowance_row_out(child, totals) for child, totals in rows])
