"""Savings jars: a child's split of his balance, its goals, and transfers between jars."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated
from api.idempotency import idempotent
from api.jars import service
from api.jars.schemas import (
    ChildJarsPath,
    JarsIn,
    JarsOut,
    TransferIn,
    TransferListQuery,
    TransferOut,
    jars_out,
    transfer_out,
)
from api.openapi import responds
from api.ratelimit import rate_limited
from api.validation import validate
from models import User

bp = Blueprint("jars", url_prefix="/api/v1/jars")


def _jars_response(jars: service.ChildJars) -> HTTPResponse:
    return json(jars_out(jars.child_id, jars.jars, configured=jars.configured,
                         child_can_transfer=jars.child_can_transfer))


@bp.get("/<child_id>")
@responds(JarsOut)
@authenticated
@validate(path=ChildJarsPath)
@rate_limited(100)
async def get_jars(request: Request, user: User, path: ChildJarsPath) -> HTTPResponse:
    """A child's jars with their balances and goals (a parent: a child he manages; a child: his own)."""
    return _jars_response(await service.child_jars(user=user, child_id=path.child_id))


@bp.put("/<child_id>")
@responds(JarsOut, errors=[409])
@authenticated
@validate(path=ChildJarsPath, json=JarsIn)
@rate_limited(30)
async def configure_jars(request: Request, user: User, path: ChildJarsPath, body: JarsIn) -> HTTPResponse:
    """Set a child's jars up or change them: 1 to 5 jars, whole percentages adding up to 100, one spend jar."""
    jars = await service.configure_jars(user=user, child_id=path.child_id, specs=[jar.spec() for jar in body.jars],
                                        child_can_transfer=body.child_can_transfer)
    return _jars_response(jars)


@bp.post("/<child_id>/transfers")
@responds(TransferOut, status=201, errors=[400])
@authenticated
@idempotent
@validate(path=ChildJarsPath, json=TransferIn)
@rate_limited(30)
async def transfer(request: Request, user: User, path: ChildJarsPath, body: TransferIn) -> HTTPResponse:
    """Move money from one jar of a child to another (a parent, or the child if his parents allow it)."""
    moved = await service.transfer(user=user, child_id=path.child_id, from_jar=body.from_jar, to_jar=body.to_jar,
                                   amount=body.amount, note=body.note)
    names = {moved.source.id: moved.source.name, moved.target.id: moved.target.name}
    return json(transfer_out(moved.transfer, names), status=201)


@bp.get("/<child_id>/transfers")
@responds(list[TransferOut])
@authenticated
@validate(path=ChildJarsPath, query=TransferListQuery)
@rate_limited(100)
async def list_transfers(request: Request, user: User, path: ChildJarsPath, query: TransferListQuery) -> HTTPResponse:
    """A child's transfers between jars, newest first."""
    transfers, names = await service.list_transfers(user=user, child_id=path.child_id, skip=query.skip,
                                                    limit=query.limit)
    return json([transfer_out(item, names) for item in transfers])
