"""``/api/v1/allowances``: scheduled allowance per child (issue #13, item 3).

Parents set, read and stop the plans of the children they manage; a parent or the child himself
reads what the next payment will be and the periods already settled. The worker pays (see
workers/allowances.py).
"""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, empty, json

from api.allowances import service
from api.allowances.schemas import (
    AllowanceIn,
    AllowanceOut,
    AllowancePaymentOut,
    AllowancePreviewOut,
    PaymentsQuery,
    allowance_out,
    payment_out,
    preview_out,
)
from api.auth import authenticated
from api.openapi import responds
from api.ratelimit import rate_limited
from api.users.schemas import ChildPath
from api.validation import validate
from models import User

bp = Blueprint("allowances", url_prefix="/api/v1/allowances")


@bp.get("")
@responds(list[AllowanceOut])
@authenticated
@rate_limited(100)
async def list_allowances(request: Request, user: User) -> HTTPResponse:
    """The allowance plans of the caller's children."""
    return json([allowance_out(clock) for clock in await service.list_plans(user=user)])


@bp.get("/<child_id>")
@responds(AllowanceOut)
@authenticated
@validate(path=ChildPath)
@rate_limited(100)
async def get_allowance(request: Request, user: User, path: ChildPath) -> HTTPResponse:
    """One child's allowance plan and its next payment."""
    return json(allowance_out(await service.get_plan(user=user, child_id=path.child_id)))


@bp.put("/<child_id>")
@responds(AllowanceOut, status=201, description="A new plan")
@responds(AllowanceOut, description="The plan, replaced")
@authenticated
@validate(path=ChildPath, json=AllowanceIn)
@rate_limited(30)
async def set_allowance(request: Request, user: User, path: ChildPath, body: AllowanceIn) -> HTTPResponse:
    """Set a child's allowance: amount, period, pay day and local time (the family's time zone), mode.

    Weekly and biweekly plans take a `weekday` (biweekly also a `start_date`), monthly ones a `day_of_month`
    (29–31 pay on the last day of shorter months). A changed schedule pays first at the first instant whose
    whole period follows the last payment.
    """
    clock, created = await service.set_plan(user=user, child_id=path.child_id, body=body)
    return json(allowance_out(clock), status=201 if created else 200)


@bp.delete("/<child_id>")
@responds(None, status=204)
@authenticated
@validate(path=ChildPath)
@rate_limited(30)
async def delete_allowance(request: Request, user: User, path: ChildPath) -> HTTPResponse:
    """Stop a child's allowance (the periods it paid stay in the ledger and the payments list)."""
    await service.delete_plan(user=user, child_id=path.child_id)
    return empty()


@bp.get("/<child_id>/preview")
@responds(AllowancePreviewOut)
@authenticated
@validate(path=ChildPath)
@rate_limited(100)
async def preview_allowance(request: Request, user: User, path: ChildPath) -> HTTPResponse:
    """When the next payment comes and what it would pay now, and why (a parent, or the child himself)."""
    found = await service.preview(user=user, child_id=path.child_id)
    return json(preview_out(found.clock, found.outcome))


@bp.get("/<child_id>/payments")
@responds(list[AllowancePaymentOut])
@authenticated
@validate(path=ChildPath, query=PaymentsQuery)
@rate_limited(100)
async def allowance_payments(request: Request, user: User, path: ChildPath, query: PaymentsQuery) -> HTTPResponse:
    """The periods already settled, newest first: paid, or at nothing and why (a parent, or the child himself)."""
    found = await service.payments(user=user, child_id=path.child_id, skip=query.skip, limit=query.limit)
    return json([payment_out(payment) for payment in found])
