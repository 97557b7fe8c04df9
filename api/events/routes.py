"""``/api/v1/events``: catch-up for realtime clients that were offline (design.md, Realtime)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated
from api.events import service
from api.events.schemas import CatchUpQuery, EventOut
from api.openapi import responds
from api.validation import validate
from models import User

bp = Blueprint("events", url_prefix="/api/v1/events")


@bp.get("")
@responds(list[EventOut])
@authenticated
@validate(query=CatchUpQuery)
async def catch_up(request: Request, user: User, query: CatchUpQuery) -> HTTPResponse:
    """The caller's realtime events after an event id, oldest first."""
    events = await service.events_after(user=user, after=query.after, limit=query.limit)
    return json([event.payload() for event in events])
