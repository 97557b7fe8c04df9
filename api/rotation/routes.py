"""``/api/v1/chores/{chore_id}/rotation``: who does a rotating scheduled chore, turn by turn (issue #12 item 4)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated
from api.openapi import responds
from api.ratelimit import rate_limited
from api.rotation import service
from api.rotation.schemas import (
    ChoreRotationPath,
    RotationIn,
    RotationOut,
    RotationQuery,
    SwapIn,
    TurnIn,
    rotation_out,
)
from api.validation import validate
from models import User

bp = Blueprint("rotation", url_prefix="/api/v1/chores")


def _out(view: service.RotationView) -> HTTPResponse:
    return json(rotation_out(view.schedule, view.timezone, view.turns))


@bp.get("/<chore_id>/rotation")
@responds(RotationOut)
@authenticated
@validate(path=ChoreRotationPath, query=RotationQuery)
async def show_rotation(request: Request, user: User, path: ChoreRotationPath, query: RotationQuery) -> HTTPResponse:
    """The chore's rotation, its current turn and the next ones as they stand."""
    return _out(await service.show_rotation(user=user, chore_id=path.chore_id, turns=query.turns))


@bp.put("/<chore_id>/rotation")
@responds(RotationOut, errors=[409])
@authenticated
@validate(path=ChoreRotationPath, json=RotationIn)
@rate_limited(30)
async def configure_rotation(request: Request, user: User, path: ChoreRotationPath, body: RotationIn) -> HTTPResponse:
    """Rotate a scheduled single chore between children (mode ``none`` stops it)."""
    return _out(await service.configure_rotation(user=user, chore_id=path.chore_id, body=body))


@bp.post("/<chore_id>/rotation/turn")
@responds(RotationOut, errors=[409])
@authenticated
@validate(path=ChoreRotationPath, json=TurnIn)
@rate_limited(30)
async def set_turn(request: Request, user: User, path: ChoreRotationPath, body: TurnIn) -> HTTPResponse:
    """Set whose turn it is for the current period, or the one holding ``period``."""
    view = await service.set_turn(user=user, chore_id=path.chore_id, child_id=body.child_id, at=body.period)
    return _out(view)


@bp.post("/<chore_id>/rotation/swap")
@responds(RotationOut, errors=[409])
@authenticated
@validate(path=ChoreRotationPath, json=SwapIn)
@rate_limited(30)
async def swap_turns(request: Request, user: User, path: ChoreRotationPath, body: SwapIn) -> HTTPResponse:
    """Swap the holders of the two turn periods holding ``first`` and ``second``."""
    view = await service.swap_turns(user=user, chore_id=path.chore_id, first=body.first, second=body.second)
    return _out(view)
