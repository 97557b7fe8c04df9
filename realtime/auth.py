"""Who is connecting: the REST API's access token, checked at the Socket.IO handshake.

The token may come as ``auth: {token}`` (the Socket.IO way), as a ``token`` query parameter, or
in an ``Authorization: Bearer`` header. Same rules as the REST API: HS256 only, ``exp`` and
``sub`` required, and the user must still exist and be active.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import jwt

from models import User
from settings import Settings

JWT_ALGORITHM = "HS256"


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


def token_user_id(token: str, settings: Settings) -> int | None:
    """The user id a valid token names, else None."""
    try:
        claims = jwt.decode(
            token, settings.secret_key, algorithms=[JWT_ALGORITHM], options={"require": ["exp", "sub"]}
        )
        return int(claims["sub"])
    except (jwt.PyJWTError, ValueError, TypeError):
        return None


async def connecting_user(environ: dict[str, Any], auth: Any, settings: Settings) -> User | None:
    """The active user a handshake authenticates, or None when it must be refused."""
    token = handshake_token(environ, auth)
    user_id = token_user_id(token, settings) if token else None
    if user_id is None:
        return None
    return await User.get_or_none(id=user_id, is_active=True)
