"""``/api/v1/tokens``: a parent's API tokens. Managing them takes a login token (api/token_scopes.py)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, empty, json

from api.auth import authenticated
from api.openapi import responds
from api.ratelimit import rate_limited
from api.tokens import service
from api.tokens.schemas import (
    NewTokenOut,
    TokenIn,
    TokenListQuery,
    TokenOut,
    TokenPath,
    new_token_out,
    token_out,
)
from api.validation import validate
from models import User

bp = Blueprint("tokens", url_prefix="/api/v1/tokens")


@bp.post("")
@responds(NewTokenOut, status=201)
@authenticated
@validate(json=TokenIn)
@rate_limited(10)
async def create_token(request: Request, user: User, body: TokenIn) -> HTTPResponse:
    """Create an API token; its secret (``token``) is in this answer only."""
    created = await service.create_token(user=user, name=body.name, scopes=body.scopes, expires_at=body.expires_at)
    return json(new_token_out(created), status=201)


@bp.get("")
@responds(list[TokenOut])
@authenticated
@validate(query=TokenListQuery)
async def list_tokens(request: Request, user: User, query: TokenListQuery) -> HTTPResponse:
    """The family's API tokens, without their secrets, newest first."""
    tokens = await service.list_tokens(user=user, skip=query.skip, limit=query.limit)
    return json([token_out(token) for token in tokens])


@bp.delete("/<token_id>")
@responds(None, status=204)
@authenticated
@validate(path=TokenPath)
@rate_limited(30)
async def revoke_token(request: Request, user: User, path: TokenPath) -> HTTPResponse:
    """Revoke an API token of the family: it stops working at once."""
    await service.revoke_token(user=user, token_id=path.token_id, settings=request.app.ctx.settings)
    return empty()
