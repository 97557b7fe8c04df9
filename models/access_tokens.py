"""Access tokens: HS256 JWTs naming a user id, with the algorithm pinned.

The REST API signs them at login and checks them on every protected route; the realtime process
checks the same tokens at the Socket.IO handshake. ``realtime`` may import ``models`` for its auth
and nothing of ``api`` (design.md, Layout), so the one token format lives here.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta
from functools import lru_cache

import jwt

from models.timeutil import utcnow
from settings import Settings

JWT_ALGORITHM = "HS256"
USER_ID = re.compile(r"[1-9][0-9]*")
MAX_USER_ID = 2**31 - 1  # users.id is a 32-bit INT
# Tokens verified recently, by (secret, token): a client sends the same token with every request.
VERIFIED_TOKENS_KEPT = 8192


class InvalidToken(Exception):
    """The token is missing a claim, expired, forged or not a JWT at all."""


def create_access_token(user_id: int, settings: Settings) -> str:
    expires = utcnow() + timedelta(minutes=settings.access_token_expire_minutes)
    return jwt.encode({"sub": str(user_id), "exp": expires}, settings.secret_key, algorithm=JWT_ALGORITHM)


def decode_access_token(token: str, settings: Settings) -> int:
    """The user id a valid token names; raises InvalidToken otherwise.

    A token's signature and claims are checked once and remembered; only its expiry is checked again
    on later calls (the user behind it is looked up on every request anyway).
    """
    user_id, expires_at = _verified(settings.secret_key, token)
    if expires_at <= time.time():
        raise InvalidToken("Signature has expired")
    return user_id


@lru_cache(maxsize=VERIFIED_TOKENS_KEPT)
def _verified(secret_key: str, token: str) -> tuple[int, float]:
    """The user id and expiry of a token whose signature and claims hold now (not remembered otherwise)."""
    try:
        claims = jwt.decode(
            token,
            secret_key,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["exp", "sub"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from None
    subject = claims["sub"]
    # Only the ids we sign: a subject like " 1", "-5" or 10**30 is no user (and the last one overflows a query).
    if not isinstance(subject, str) or not USER_ID.fullmatch(subject) or int(subject) > MAX_USER_ID:
        raise InvalidToken("the subject is not a user id")
    return int(subject), float(claims["exp"])
