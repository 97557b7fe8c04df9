"""Approving and rejecting assignment rows (contract §5)."""

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
    rejection_out,
)
from api.auth import authenticated
from api.openapi import responds
from api.validation import validate
from models import User

bp = Blueprint("assignments", url_prefix="/api/v1/assignments")


@bp.post("/<assignment_id>/approve")
@responds(ApprovalOut)
@authenticated
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
