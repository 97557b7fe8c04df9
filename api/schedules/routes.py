"""A chore's calendar schedule and its exceptions (issue #12): parents of the chore's family."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, empty, json

from api.auth import authenticated
from api.openapi import responds
from api.ratelimit import rate_limited
from api.schedules import service
from api.schedules.schemas import (
    ExceptionIn,
    ExceptionOut,
    ExceptionPath,
    ScheduleChorePath,
    ScheduleIn,
    ScheduleOut,
    exception_out,
    schedule_out,
)
from api.validation import validate
from models import User

bp = Blueprint("schedules", url_prefix="/api/v1/chores")


def _out(view: service.ScheduleView) -> ScheduleOut:
    return schedule_out(view.schedule, view.timezone, view.next_due)


@bp.get("/<chore_id>/schedule")
@responds(ScheduleOut)
@authenticated
@validate(path=ScheduleChorePath)
async def get_schedule(request: Request, user: User, path: ScheduleChorePath) -> HTTPResponse:
    """The chore's calendar rule, its time zone and its next due instants."""
    return json(_out(await service.get_schedule(user=user, chore_id=path.chore_id)))


@bp.put("/<chore_id>/schedule")
@responds(ScheduleOut)
@responds(ScheduleOut, status=201)
@authenticated
@validate(path=ScheduleChorePath, json=ScheduleIn)
@rate_limited(30)
async def put_schedule(request: Request, user: User, path: ScheduleChorePath, body: ScheduleIn) -> HTTPResponse:
    """Set the chore's calendar rule (RFC 5545 RRULE in the family time zone); 201 when it had none."""
    view, created = await service.put_schedule(user=user, chore_id=path.chore_id, data=body)
    return json(_out(view), status=201 if created else 200)


@bp.delete("/<chore_id>/schedule")
@responds(None, status=204)
@authenticated
@validate(path=ScheduleChorePath)
@rate_limited(30)
async def delete_schedule(request: Request, user: User, path: ScheduleChorePath) -> HTTPResponse:
    """Remove the chore's rule: it is rolling (cooldown) again."""
    await service.delete_schedule(user=user, chore_id=path.chore_id, settings=request.app.ctx.settings)
    return empty()


@bp.get("/<chore_id>/schedule/exceptions")
@responds(list[ExceptionOut])
@authenticated
@validate(path=ScheduleChorePath)
async def list_exceptions(request: Request, user: User, path: ScheduleChorePath) -> HTTPResponse:
    """The skipped and moved occurrences of the chore's rule."""
    return json([exception_out(row) for row in await service.list_exceptions(user=user, chore_id=path.chore_id)])


@bp.post("/<chore_id>/schedule/exceptions")
@responds(ExceptionOut, status=201, errors=[409])
@authenticated
@validate(path=ScheduleChorePath, json=ExceptionIn)
@rate_limited(30)
async def add_exception(request: Request, user: User, path: ScheduleChorePath, body: ExceptionIn) -> HTTPResponse:
    """Skip one occurrence of the rule, or move it to another due instant."""
    exception = await service.add_exception(user=user, chore_id=path.chore_id, data=body)
    return json(exception_out(exception), status=201)


@bp.delete("/<chore_id>/schedule/exceptions/<exception_id>")
@responds(None, status=204)
@authenticated
@validate(path=ExceptionPath)
@rate_limited(30)
async def delete_exception(request: Request, user: User, path: ExceptionPath) -> HTTPResponse:
    """Withdraw an exception: the occurrence follows the rule again."""
    await service.delete_exception(user=user, chore_id=path.chore_id, exception_id=path.exception_id)
    return empty()
