"""Who is connecting: the REST API's access token, checked at the Socket.IO handshake.

The token may come as ``auth: {token}`` (the Socket.IO way), as a ``token`` query parameter, or
in an ``Authorization: Bearer`` header. It is checked by the REST API's own decoder (HS256 only,
``exp`` and a user id as ``sub``), and the user must still exist and be active.

An API token (``chk_...``) connects as its parent when it carries the ``read`` scope: a socket only
reads. Other tokens are refused, kiosk tokens too: the parent's room carries balances and
approvals, which a wall tablet may not see. Its revocation closes the sockets it opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from models import User
from models.access_tokens import InvalidToken, decode_access_token
from models.api_tokens import ApiScope, authenticate_api_token, looks_like_api_token
from settings import Settings


def handshake_token(environ: dict[str, Any], auth: Any) -> str | None:
    """The token a client sent, looked for in the auth payload, the query string, then the header."""
    if isinstance(auth, dict) and isinstance(auth.get("token"), str) and auth["token"]:
        return auth["token"]
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if query.get("token") and query["token"][-1]:
        return query["token"][-1]
    scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


@dataclass(frozen=True)
class Caller:
    """Who a socket belongs to, and the API token it came with (None for a login token)."""

    user: User
    api_token_id: int | None = None


async def connecting_caller(environ: dict[str, Any], auth: Any, settings: Settings) -> Caller | None:
    """The active user a handshake authenticates, or None when it must be refused."""
    token = handshake_token(environ, auth)
    if not token:
        return None
    if looks_like_api_token(token):
        return await api_token_caller(token)
    try:
        user_id = decode_access_token(token, settings)
    except InvalidToken:
        return None
    user = await User.get_or_none(id=user_id, is_active=True)
    return None if user is None else Caller(user)


async def api_token_caller(secret: str) -> Caller | None:
    """The parent a live API token with the ``read`` scope names, or None."""
    try:
        token, user = await authenticate_api_token(secret)
    except InvalidToken:
        return None
    return Caller(user, token.id) if ApiScope.READ in token.scope_set else None
