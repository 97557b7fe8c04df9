"""Passwords (bcrypt, always off the event loop) and access tokens (HS256 JWT, algorithm pinned)."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from functools import lru_cache

import bcrypt
import jwt

from models.timeutil import utcnow
from settings import Settings

JWT_ALGORITHM = "HS256"
BCRYPT_MAX_BYTES = 72
USER_ID = re.compile(r"[1-9][0-9]*")
MAX_USER_ID = 2**31 - 1  # users.id is a 32-bit INT


class InvalidToken(Exception):
    """The token is missing a claim, expired, forged or not a JWT at all."""


def password_too_long(password: str) -> bool:
    """bcrypt only reads 72 bytes; longer passwords are refused rather than silently cut."""
    return len(password.encode()) > BCRYPT_MAX_BYTES


async def hash_password(password: str, rounds: int) -> str:
    salt = bcrypt.gensalt(rounds)
    hashed = await asyncio.to_thread(bcrypt.hashpw, password.encode(), salt)
    return hashed.decode()


async def verify_password(password: str, hashed: str | None, rounds: int) -> bool:
    """Check a password; with no hash (unknown user) check a dummy one so timing gives nothing away."""
    candidate = password.encode()
    if len(candidate) > BCRYPT_MAX_BYTES:
        candidate = candidate[:BCRYPT_MAX_BYTES]
    target = (hashed or _dummy_hash(rounds)).encode()
    try:
        matches = await asyncio.to_thread(bcrypt.checkpw, candidate, target)
    except ValueError:
        return False
    return matches and hashed is not None


@lru_cache(maxsize=4)
def _dummy_hash(rounds: int) -> str:
    return bcrypt.hashpw(b"not-a-real-password", bcrypt.gensalt(rounds)).decode()


def hash_rounds(hashed: str) -> int:
    """The cost factor a bcrypt hash was made with (``$2b$12$...`` → 12)."""
    try:
        return int(hashed.split("$")[2])
    except (IndexError, ValueError):
        return 0


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
