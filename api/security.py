"""Passwords (bcrypt, always off the event loop) and access tokens (HS256 JWT, algorithm pinned)."""

from __future__ import annotations

import asyncio
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import lru_cache
from typing import TypeVar

import bcrypt
import jwt

from api import bcrypt_c
from models.timeutil import utcnow
from settings import Settings

JWT_ALGORITHM = "HS256"
BCRYPT_MAX_BYTES = 72
USER_ID = re.compile(r"[1-9][0-9]*")
MAX_USER_ID = 2**31 - 1  # users.id is a 32-bit INT

Result = TypeVar("Result")


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the OS tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


BCRYPT_THREAD_NICENESS = 10


def _lower_this_threads_priority() -> None:
    """Linux schedules threads on their own: a niced hashing thread yields the core to the event loop."""
    if hasattr(os, "setpriority"):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BCRYPT_THREAD_NICENESS)


# bcrypt's own threads, one per usable core, at a lower priority: the default executor would run up to
# cores + 4 hashes at once, at the event loop's priority, and a login storm would starve every other request.
# Logins still get every cycle the requests leave idle.
_bcrypt_executor = ThreadPoolExecutor(
    max_workers=usable_cores(), thread_name_prefix="bcrypt", initializer=_lower_this_threads_priority
)


async def _run_bcrypt(function: Callable[..., Result], *args: bytes) -> Result:
    return await asyncio.get_running_loop().run_in_executor(_bcrypt_executor, function, *args)


class InvalidToken(Exception):
    """The token is missing a claim, expired, forged or not a JWT at all."""


def password_too_long(password: str) -> bool:
    """bcrypt only reads 72 bytes; longer passwords are refused rather than silently cut."""
    return len(password.encode()) > BCRYPT_MAX_BYTES


async def hash_password(password: str, rounds: int) -> str:
    salt = bcrypt.gensalt(rounds)
    hashed = await _run_bcrypt(bcrypt.hashpw, password.encode(), salt)
    return hashed.decode()


async def verify_password(password: str, hashed: str | None, rounds: int) -> bool:
    """Check a password; with no hash (unknown user) check a dummy one so timing gives nothing away."""
    candidate = password.encode()
    if len(candidate) > BCRYPT_MAX_BYTES:
        candidate = candidate[:BCRYPT_MAX_BYTES]
    target = (hashed or _dummy_hash(rounds)).encode()
    try:
        matches = await _run_bcrypt(bcrypt_c.checkpw, candidate, target)
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
