"""``/api/v1/streaks``: a child's current and best streaks of chores done on time (issue #12, item 6)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated
from api.openapi import responds
from api.streaks import service
from api.streaks.schemas import StreaksOut, StreaksQuery, streaks_out
from api.validation import validate
from models import User

bp = Blueprint("streaks", url_prefix="/api/v1/streaks")


@bp.get("")
@responds(StreaksOut, errors=[404])
@authenticated
@validate(query=StreaksQuery)
async def child_streaks(request: Request, user: User, query: StreaksQuery) -> HTTPResponse:
    """A child's streaks: overall and per scheduled chore, current and best (a parent names the child)."""
    child_id, streaks = await service.child_streaks(user=user, child_id=query.child_id)
    return json(streaks_out(child_id, streaks))
