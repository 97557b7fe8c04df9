"""Approving and rejecting completed rows: by assignment id (contract §5), or a chore's first
completed row (C11, C12, routes of the chores blueprint, so their paths and names stay §4's)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.assignments import service
from api.assignments.schemas import (
    ApprovalOut,
    ApproveIn,
    AssignmentPath,
    RejectIn,
    RejectionOut,
    approval_out,
    approved_chore_out,
    rejected_chore_out,
    rejection_out,
)
from api.auth import authenticated
from api.chores.routes import bp as chores
from api.chores.schemas import ChoreOut, ChorePath
from api.idempotency import idempotent
from api.openapi import responds
from api.validation import validate
from models import User

bp = Blueprint("assignments", url_prefix="/api/v1/assignments")


@bp.post("/<assignment_id>/approve")
@responds(ApprovalOut)
@authenticated
@idempotent
@validate(path=AssignmentPath, json=ApproveIn, json_optional=True)
async def approve(request: Request, user: User, path: AssignmentPath, body: ApproveIn) -> HTTPResponse:
    """Approve a completed assignment and pay its reward."""
    approval = await service.approve_assignment(
        user=user,
        assignment_id=path.assignment_id,
        reward_value=body.reward_value,
        settings=request.app.ctx.settings,
    )
    return json(approval_out(approval))


@bp.post("/<assignment_id>/reject")
@responds(RejectionOut)
@authenticated
@validate(path=AssignmentPath, json=RejectIn)
async def reject(request: Request, user: User, path: AssignmentPath, body: RejectIn) -> HTTPResponse:
    """Send a completed assignment back to the child with a reason."""
    rejection = await service.reject_assignment(
        user=user, assignment_id=path.assignment_id, reason=body.rejection_reason
    )
    return json(rejection_out(rejection))


@chores.post("/<chore_id>/approve")
@responds(ChoreOut)
@authenticated
@idempotent
@validate(path=ChorePath, json=ApproveIn, json_optional=True)
async def approve_chore(request: Request, user: User, path: ChorePath, body: ApproveIn) -> HTTPResponse:
    """Approve the chore's first completed assignment."""
    approval = await service.approve_chore(
        user=user, chore_id=path.chore_id, reward_value=body.reward_value, settings=request.app.ctx.settings
    )
    return json(approved_chore_out(approval))


@chores.post("/<chore_id>/reject")
@responds(ChoreOut)
@authenticated
@validate(path=ChorePath, json=RejectIn)
async def reject_chore(request: Request, user: User, path: ChorePath, body: RejectIn) -> HTTPResponse:
    """Reject the chore's first completed assignment."""
    rejection = await service.reject_chore(user=user, chore_id=path.chore_id, reason=body.rejection_reason)
    return json(rejected_chore_out(rejection))
