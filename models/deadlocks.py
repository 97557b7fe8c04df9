"""Running a use case again when the database rolled its transaction back to break a deadlock.

InnoDB picks a victim when two transactions wait on each other's row locks and expects the
application to retry it. Ours meet when two money moves of one family cross: each locks its own
child's row first, then its outbox recipients take shared locks on every member's row.

A use case may be decorated when its one transaction holds all it writes, and whatever else it
does (enqueueing jobs, counting metrics) comes after the commit: a victim has then done nothing.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from tortoise.exceptions import OperationalError

log = logging.getLogger(__name__)

ER_LOCK_DEADLOCK = 1213
ATTEMPTS = 8
MAX_PAUSE_SECONDS = 0.02

P = ParamSpec("P")
T = TypeVar("T")


def is_deadlock(exc: OperationalError) -> bool:
    """Whether the driver error tortoise wraps is MySQL's "deadlock found" (the transaction is gone)."""
    cause = exc.args[0] if exc.args else None
    cause_args = getattr(cause, "args", None)
    return cause_args[0] == ER_LOCK_DEADLOCK if cause_args else False


def retry_on_deadlock(use_case: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Run ``use_case`` again, after a short random pause, when it was a deadlock's victim."""

    @wraps(use_case)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        for attempt in range(1, ATTEMPTS):
            try:
                return await use_case(*args, **kwargs)
            except OperationalError as exc:
                if not is_deadlock(exc):
                    raise
                log.info("%s was a deadlock victim (attempt %d); running it again", use_case.__qualname__, attempt)
                await asyncio.sleep(random.uniform(0, MAX_PAUSE_SECONDS * attempt))
        return await use_case(*args, **kwargs)

    return wrapper
