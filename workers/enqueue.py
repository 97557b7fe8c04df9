"""Enqueueing background work, called by the API AFTER its transaction has committed.

Best effort by design: when Redis is down (or the queue was never connected) a helper logs and
returns, and never raises into the request. Nothing is lost: the outbox rows and the assignment
states are in the database, and the worker's reset sweep finishes whatever a lost job would have
done once Redis is back.

The web process calls :func:`connect` at start and :func:`close` at stop.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from arq.connections import ArqRedis
from redis.exceptions import RedisError

from models.timeutil import as_utc

if TYPE_CHECKING:
    from models import ChoreAssignment

log = logging.getLogger(__name__)

# Job names, shared by these helpers and workers/settings.py.
EXPIRE_COOLDOWN = "chore.expire_cooldown"
RECYCLE_POOL_CLAIM = "chore.recycle_pool_claim"
RECOMPUTE_BALANCE = "balance.recompute"
PUBLISH_EVENTS = "events.publish"
MEMBERSHIP_CHANGED = "realtime.membership_changed"
RESET_SWEEP = "sweep.reset"
PRUNE_EVENTS = "sweep.prune_events"

_pool: ArqRedis | None = None


async def connect(redis_url: str) -> None:
    """Open this process's queue connection (lazily: nothing is dialled until the first job)."""
    global _pool
    await close()
    _pool = ArqRedis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1)


async def close() -> None:
    global _pool
    if _pool is not None:
        await _pool.aclose()
        _pool = None


async def _enqueue(name: str, *args: Any, pool: ArqRedis | None = None, **options: Any) -> bool:
    pool = pool or _pool
    if pool is None:
        log.warning("job queue not connected; %s%r left to the sweep", name, args)
        return False
    try:
        job = await pool.enqueue_job(name, *args, **options)
    except (RedisError, OSError) as exc:
        log.warning("could not enqueue %s%r (%s); the sweep will do it", name, args, exc)
        return False
    return job is not None  # None: a job with this id is already waiting


async def publish_events() -> None:
    """After a commit that staged outbox events: have them pushed (with any others still waiting)."""
    await _enqueue(PUBLISH_EVENTS)


async def schedule_cooldown_end(assignment: ChoreAssignment, *, pool: ArqRedis | None = None) -> bool:
    """After an approval: at the cooldown's end, reopen the row, or for a pool claim give the chore back.

    Does nothing when the approval started no cooldown. The job id carries the cycle, so each
    approved cycle gets its own job, a stale job finds a newer cycle and does nothing, and
    scheduling a cycle again while its job waits is a no-op (the worker's sweep relies on it,
    with its own ``pool``). True when a job was added.
    """
    if not assignment.is_approved or assignment.cooldown_ends_at is None:
        return False
    name = RECYCLE_POOL_CLAIM if assignment.is_pool_claim else EXPIRE_COOLDOWN
    return await _enqueue(
        name, assignment.id, assignment.cycle,
        _job_id=cooldown_job_id(assignment), _defer_until=as_utc(assignment.cooldown_ends_at), pool=pool,
    )


def cooldown_job_id(assignment: ChoreAssignment) -> str:
    """The id of the job that ends this cycle's cooldown: one per assignment and cycle."""
    prefix = "pool-recycle" if assignment.is_pool_claim else "cooldown"
    return f"{prefix}:{assignment.id}:{assignment.cycle}"


async def recompute_balance(child_id: int) -> None:
    """After any ledger change: check the child's cached balance against the ledger and repair it."""
    await _enqueue(RECOMPUTE_BALANCE, child_id)


async def balance_changed(child_id: int) -> None:
    """After a commit that changed a child's ledger and staged its events: push them, check his balance."""
    await publish_events()
    await recompute_balance(child_id)


async def membership_changed(user_ids: Iterable[int]) -> None:
    """After users joined, left or were removed from a family: refresh the rooms of their sockets."""
    ids = sorted(set(user_ids))
    if ids:
        await _enqueue(MEMBERSHIP_CHANGED, ids)
