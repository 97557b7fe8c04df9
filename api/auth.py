"""Who is calling: the bearer-token check every protected route runs first (§0.2)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from sanic.request import Request

from api.errors import Forbidden, Unauthorized
from models import User
from models.access_tokens import InvalidToken, decode_access_token
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


async def current_user(request: Request) -> User:
    token = bearer_token(request)
    if token is None:
        raise Unauthorized("Not authenticated", headers=BEARER)
    user = await user_from_token(token, request)
    request.ctx.user = user
    return user


async def optional_user(request: Request) -> User | None:
    """The caller when a valid token is sent, else None (never raises)."""
    token = bearer_token(request)
    if token is None:
        return None
    try:
        return await user_from_token(token, request)
    except Unauthorized:
        return None


Handler = Callable[..., Awaitable[Any]]


def authenticated(handler: Handler) -> Handler:
    """Resolve the caller (401 otherwise) and pass him to the handler as ``user``."""

    @wraps(handler)
    async def wrapper(request: Request, *args: Any, **kwargs: Any) -> Any:
        user = await current_user(request)
        return await handler(request, *args, user=user, **kwargs)

    wrapper.__authenticated__ = True  # type: ignore[attr-defined]
    return wrapper


def require_parent(user: User, message: str) -> None:
    if not user.is_parent:
        raise Forbidden(message)


def require_child(user: User, message: str) -> None:
    if user.is_parent:
        raise Forbidden(message)
