"""Passwords (bcrypt, always off the event loop); access tokens are in models/access_tokens.py."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from typing import TypeVar

import bcrypt

BCRYPT_MAX_BYTES = 72

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
        matches = await _run_bcrypt(bcrypt.checkpw, candidate, target)
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
