"""Occurrences of scheduled chores: the list, and a parent's decision on a proposed penalty (issue #12)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated
from api.idempotency import idempotent
from api.occurrences import service
from api.occurrences.schemas import OccurrenceOut, OccurrencePath, OccurrenceQuery, PenaltyIn, occurrence_out
from api.openapi import responds
from api.ratelimit import rate_limited
from api.validation import validate
from models import User

bp = Blueprint("occurrences", url_prefix="/api/v1/occurrences")


@bp.get("")
@responds(list[OccurrenceOut], errors=[404])
@authenticated
@validate(query=OccurrenceQuery)
@rate_limited(100)
async def list_occurrences(request: Request, user: User, query: OccurrenceQuery) -> HTTPResponse:
    """Occurrences of scheduled chores: a parent's family's (filters state, child_id, from, to on the due time),
    a child's own."""
    rows = await service.list_occurrences(
        user=user, state=query.state, child_id=query.child_id, start=query.start, end=query.end,
        skip=query.skip, limit=query.limit,
    )
    return json([occurrence_out(row) for row in rows])


@bp.post("/<occurrence_id>/penalty")
@responds(OccurrenceOut, errors=[400, 409])
@authenticated
@idempotent
@validate(path=OccurrencePath, json=PenaltyIn)
@rate_limited(30)
async def decide_penalty(request: Request, user: User, path: OccurrencePath, body: PenaltyIn) -> HTTPResponse:
    """Confirm (book as a negative adjustment) or waive the penalty proposed for a missed occurrence."""
    occurrence = await service.decide_penalty(user=user, occurrence_id=path.occurrence_id, action=body.action)
    return json(occurrence_out(occurrence))
