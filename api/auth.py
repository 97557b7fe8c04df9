"""Who is calling: the bearer-token check every protected route runs first (§0.2).

The bearer is a login token (a JWT) or an API token (``chk_...``, models/api_tokens.py), told apart
by its prefix so that the login path runs no extra query. An API token acts as its parent, limited
to its scopes on the route (api/token_scopes.py); a kiosk token acts for the child its request
names (:func:`acting_user`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from sanic.request import Request

from api.errors import Forbidden, NotFound, RequestValidationError, Unauthorized
from api.token_scopes import scope_refusal
from models import User
from models.access_tokens import InvalidToken, decode_access_token
from models.api_tokens import ApiScope, ApiToken, InactiveHolder, authenticate_api_token, looks_like_api_token
from models.users import user_by_id

BEARER = {"WWW-Authenticate": "Bearer"}


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def user_from_token(token: str, request: Request) -> User:
    try:
        user_id = decode_access_token(token, request.app.ctx.settings)
    except InvalidToken:
        raise Unauthorized("Invalid authentication credentials", headers=BEARER) from None
    user = await user_by_id(user_id)
    if user is None:
        raise Unauthorized("User not found", headers=BEARER)
    if not user.is_active:
        raise Unauthorized("Inactive user", headers=BEARER)
    return user


async def user_from_api_token(secret: str) -> tuple[ApiToken, User]:
    try:
        return await authenticate_api_token(secret)
    except InactiveHolder:
        raise Unauthorized("Inactive user", headers=BEARER) from None
    except InvalidToken:
        raise Unauthorized("Invalid authentication credentials", headers=BEARER) from None


async def current_user(request: Request) -> User:
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("Not authenticated", headers=BEARER)
    if looks_like_api_token(token):
        request.ctx.api_token, user = await user_from_api_token(token)
    else:
        user = await user_from_token(token, request)
    request.ctx.user = user
    return user


def api_token_of(request: Request) -> ApiToken | None:
    """The API token the request came with (None for a login token)."""
    return getattr(request.ctx, "api_token", None)


def require_scope(request: Request) -> None:
    """403 when the request's API token may not call this route (a login token always may)."""
    token = api_token_of(request)
    if token is None:
        return
    route_name = request.route.name.partition(".")[2] if request.route else ""
    refusal = scope_refusal(route_name, token.scope_set)
    if refusal is not None:
        raise Forbidden(refusal)


async def acting_user(request: Request, user: User, child_id: int | None) -> User:
    """Who the request acts as: the child a kiosk token names with ``child_id``, else the caller.

    The child must be an active child of the token's family; another family's is as unknown as an id
    nobody has (404). Every other caller's ``child_id`` is ignored.
    """
    token = api_token_of(request)
    if token is None or ApiScope.KIOSK not in token.scope_set:
        return user
    if child_id is None:
        missing = {"type": "missing", "loc": ["query", "child_id"], "msg": "Field required", "input": None}
        raise RequestValidationError([missing])
    child = await User.get_or_none(id=child_id, is_parent=False, is_active=True)
    if child is None or not user.manages(child):
        raise NotFound("Child not found")
    return child


async def optional_user(request: Request) -> User | None:
    """The caller when a valid login token is sent, else None (never raises; API tokens do not count)."""
    token = bearer_token(request)
    if token is None or looks_like_api_token(token):
        return None
    try:
        return await user_from_token(token, request)
    except Unauthorized:
        return None


Handler = Callable[..., Awaitable[Any]]


def authenticated(handler: Handler) -> Handler:
    """Resolve the caller (401 otherwise), hold an API token to its scopes (403), pass the caller as ``user``."""

    @wraps(handler)
    async def wrapper(request: Request, *args: Any, **kwargs: Any) -> Any:
        user = await current_user(request)
        require_scope(request)
        return await handler(request, *args, user=user, **kwargs)

    wrapper.__authenticated__ = True  # type: ignore[attr-defined]
    return wrapper


def require_parent(user: User, message: str) -> None:
    if not user.is_parent:
        raise Forbidden(message)


def require_child(user: User, message: str) -> None:
    if user.is_parent:
        raise Forbidden(message)
