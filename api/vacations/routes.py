"""Vacations: a parent marks a child away for a range of local days (issue #12, item 5)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, empty, json

from api.auth import authenticated
from api.openapi import responds
from api.ratelimit import rate_limited
from api.vacations import service
from api.vacations.schemas import VacationIn, VacationOut, VacationPath, VacationQuery, vacation_out
from api.validation import validate
from models import User

bp = Blueprint("vacations", url_prefix="/api/v1/vacations")


@bp.get("")
@responds(list[VacationOut], errors=[404])
@authenticated
@validate(query=VacationQuery)
async def list_vacations(request: Request, user: User, query: VacationQuery) -> HTTPResponse:
    """The vacations of the family's children (or of one)."""
    return json([vacation_out(row) for row in await service.list_vacations(user=user, child_id=query.child_id)])


@bp.post("")
@responds(VacationOut, status=201, errors=[404])
@authenticated
@validate(json=VacationIn)
@rate_limited(30)
async def create_vacation(request: Request, user: User, body: VacationIn) -> HTTPResponse:
    """Mark a child away from `starts_on` to `ends_on` (local days, both included): his occurrences of
    those days are skipped."""
    return json(vacation_out(await service.create_vacation(user=user, data=body)), status=201)


@bp.delete("/<vacation_id>")
@responds(None, status=204)
@authenticated
@validate(path=VacationPath)
@rate_limited(30)
async def delete_vacation(request: Request, user: User, path: VacationPath) -> HTTPResponse:
    """Delete a vacation (occurrences it skipped stay skipped)."""
    await service.delete_vacation(user=user, vacation_id=path.vacation_id)
    return empty()
