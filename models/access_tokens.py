"""Access tokens: HS256 JWTs naming a user id, with the algorithm pinned.

The REST API signs them at login and checks them on every protected route; the realtime process
checks the same tokens at the Socket.IO handshake. ``realtime`` may import ``models`` for its auth
and nothing of ``api`` (design.md, Layout), so the one token format lives here.
"""

from __future__ import annotations

import re
from datetime import timedelta

import jwt

from models.timeutil import utcnow
from settings import Settings

JWT_ALGORITHM = "HS256"
USER_ID = re.compile(r"[1-9][0-9]*")
MAX_USER_ID = 2**31 - 1  # users.id is a 32-bit INT


class InvalidToken(Exception):
    """The token is missing a claim, expired, forged or not a JWT at all."""


def create_access_token(user_id: int, settings: Settings) -> str:
    expires = utcnow() + timedelta(minutes=settings.access_token_expire_minutes)
    return jwt.encode({"sub": str(user_id), "exp": expires}, settings.secret_key, algorithm=JWT_ALGORITHM)


def decode_access_token(token: str, settings: Settings) -> int:
    """The user id a valid token names; raises InvalidToken otherwise."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["exp", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from None
    subject = claims["sub"]
    # Only the ids we sign: a subject like " 1", "-5" or 10**30 is no user (and the last one overflows a query).
    if not USER_ID.fullmatch(subject) or int(subject) > MAX_USER_ID:
        raise InvalidToken("the subject is not a user id")
    return int(subject)
