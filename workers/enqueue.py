"""Enqueueing background work, called by the API AFTER its transaction has committed.

Pushes are not jobs: :func:`publish_events` wakes the worker's outbox relay with one Redis command
(see workers/publishing.py). Jobs are for the work that has to wait (cooldown ends) and the sweep.

Best effort by design: when Redis is down (or the queue was never connected) a helper logs and
returns, and never raises into the request. Nothing is lost: the outbox rows and the assignment
states are in the database, and the worker's reset sweep finishes whatever a lost job would have
done once Redis is back.

The web process hands its Redis client to :func:`use` at start (api/redis_pool.py).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from arq.connections import ArqRedis
from redis.asyncio import Redis
from redis.asyncio.client import Pipeline
from redis.exceptions import RedisError

from models.timeutil import as_utc, utcnow
from workers.arq_adapter import add_job_once

if TYPE_CHECKING:
    from models import ChoreAssignment
    from models.redemptions import Redemption

log = logging.getLogger(__name__)

# Job names, shared by these helpers and workers/settings.py.
EXPIRE_COOLDOWN = "chore.expire_cooldown"
RECYCLE_POOL_CLAIM = "chore.recycle_pool_claim"
RECOMPUTE_BALANCE = "balance.recompute"
RESET_SWEEP = "sweep.reset"
PRUNE_EVENTS = "sweep.prune_events"
SEND_WEBHOOKS = "webhooks.send"
PRUNE_WEBHOOK_LOG = "webhooks.prune_log"
SEND_PUSH = "push.send"
EXPIRE_HOLD = "redemption.expire_hold"
PAY_ALLOWANCE = "allowance.pay"
ADVANCE_OCCURRENCES = "occurrences.advance"

# The list the outbox relay blocks on; it holds at most one entry, "something was staged".
OUTBOX_WAKE = "chores:outbox:wake"

_pool: ArqRedis | None = None


def use(pool: ArqRedis | None) -> None:
    """Enqueue through ``pool`` (the process's Redis client, owned by the caller), or nowhere with None."""
    global _pool
    _pool = pool


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
    if _pool is None:
        log.warning("job queue not connected; pushes left to the sweep")
        return
    await wake_relay(_pool)


async def wake_relay(redis: Redis) -> bool:
    """Have the worker's outbox relay push what is waiting: one round trip, the list kept at one entry."""
    try:
        async with redis.pipeline(transaction=False) as pipe:
            _wake(pipe)
            await pipe.execute()
    except (RedisError, OSError) as exc:
        log.warning("could not wake the outbox relay (%s); the sweep will push", exc)
        return False
    return True


def _wake(pipe: Pipeline) -> None:
    pipe.lpush(OUTBOX_WAKE, 1)
    pipe.ltrim(OUTBOX_WAKE, 0, 0)


async def after_approval(assignment: ChoreAssignment) -> None:
    """After an approval's commit: :func:`schedule_cooldown_end` and :func:`publish_events` in ONE round trip.

    The job is added as arq's ``enqueue_job`` adds it (``workers.arq_adapter.add_job_once``), in the
    same pipeline as the relay's wake-up instead of arq's three round trips.
    """
    if _pool is None:
        log.warning("job queue not connected; the cooldown's end and the pushes left to the sweep")
        return
    try:
        async with _pool.pipeline(transaction=False) as pipe:
            if (job := _cooldown_job(assignment)) is not None:
                add_job_once(pipe, _pool, *job)
            _wake(pipe)
            await pipe.execute()
    except (RedisError, OSError) as exc:
        log.warning("could not schedule the cooldown's end nor wake the outbox relay (%s); the sweep will", exc)


async def schedule_cooldown_end(assignment: ChoreAssignment, *, pool: ArqRedis | None = None) -> bool:
    """After an approval: at the cooldown's end, reopen the row, or for a pool claim give the chore back.

    Does nothing when the approval started no cooldown. The job id carries the cycle, so each
    approved cycle gets its own job, a stale job finds a newer cycle and does nothing, and
    scheduling a cycle again while its job waits is a no-op (the worker's sweep relies on it,
    with its own ``pool``). True when a job was added.
    """
    job = _cooldown_job(assignment)
    if job is None:
        return False
    name, args, job_id, at = job
    return await _enqueue(name, *args, _job_id=job_id, _defer_until=at, pool=pool)


def _cooldown_job(assignment: ChoreAssignment) -> tuple[str, tuple[Any, ...], str, datetime] | None:
    """The name, arguments, id and time of the job ending the approved cycle's cooldown; None without one."""
    if not assignment.is_approved or assignment.cooldown_ends_at is None:
        return None
    name = RECYCLE_POOL_CLAIM if assignment.is_pool_claim else EXPIRE_COOLDOWN
    return name, (assignment.id, assignment.cycle), cooldown_job_id(assignment), as_utc(assignment.cooldown_ends_at)


async def schedule_push(notification_id: int, attempts: int, send_after: datetime, *, pool: ArqRedis | None = None) -> bool:
    """Have a Web Push notification sent at ``send_after``: one job per notification and attempt, so
    scheduling it again while its job waits (the sweep does) is a no-op. True when a job was added."""
    return await _enqueue(
        SEND_PUSH, notification_id, _job_id=f"push:{notification_id}:{attempts}", _defer_until=as_utc(send_after),
        pool=pool,
    )


async def schedule_hold_expiry(redemption: Redemption) -> bool:
    """After a reward request: release its hold at its end unless a parent decided first (the job then does
    nothing). One job per request. True when a job was added."""
    return await _enqueue(
        EXPIRE_HOLD, redemption.id, _job_id=f"redemption-hold:{redemption.id}",
        _defer_until=as_utc(redemption.expires_at),
    )


async def schedule_allowance(child_id: int, payment_at: datetime, *, pool: ArqRedis | None = None) -> bool:
    """Have a child's allowance paid at ``payment_at`` (at once when it is past): one job per child and pay
    instant, so scheduling it again while its job waits (the job itself and the sweep do) is a no-op. True when
    a job was added."""
    return await _enqueue(
        PAY_ALLOWANCE, child_id, _job_id=allowance_job_id(child_id, payment_at),
        _defer_until=max(as_utc(payment_at), utcnow()), pool=pool,
    )


def allowance_job_id(child_id: int, payment_at: datetime) -> str:
    return f"allowance:{child_id}:{int(as_utc(payment_at).timestamp())}"


async def schedule_occurrences(instants: Iterable[datetime], *, pool: ArqRedis | None = None) -> int:
    """Have the occurrences of scheduled chores move on at each of these instants (opening, due time,
    deadline). One job per second that has some, whatever the number of occurrences that change then
    (rule instants fall on whole seconds; a moved one waits for the end of its second), so scheduling
    an instant again while its job waits is a no-op. Returns how many jobs were added."""
    added = 0
    for at in sorted({occurrences_job_time(instant) for instant in instants}):
        added += await _enqueue(ADVANCE_OCCURRENCES, _job_id=occurrences_job_id(at), _defer_until=at, pool=pool)
    return added


def occurrences_job_time(instant: datetime) -> datetime:
    """The whole second at which the occurrences of ``instant`` move: the instant itself, or the end of its second."""
    instant = as_utc(instant)
    whole = instant.replace(microsecond=0)
    return whole if whole == instant else whole + timedelta(seconds=1)


def occurrences_job_id(instant: datetime) -> str:
    return f"occurrences:{int(occurrences_job_time(instant).timestamp())}"


def cooldown_job_id(assignment: ChoreAssignment) -> str:
    """The id of the job that ends this cycle's cooldown: one per assignment and cycle."""
    prefix = "pool-recycle" if assignment.is_pool_claim else "cooldown"
    return f"{prefix}:{assignment.id}:{assignment.cycle}"


async def recompute_balance(child_id: int) -> None:
    """Have a child's cached balance checked against the ledger, on demand. Requests do not: the ledger
    writers update it in their own transaction, and the sweep checks recent ones every minute."""
    await _enqueue(RECOMPUTE_BALANCE, child_id)


async def send_webhooks(endpoint_id: int, *, at: datetime | None = None, pool: Redis | None = None) -> bool:
    """Have the worker send an endpoint's due deliveries, in order: now, or at ``at`` (its next retry).

    One job per endpoint and due time: asking twice for the same time adds nothing. ``pool`` may
    be any client of the queue's Redis (the outbox relay's, say); the process's own by default.
    """
    due = as_utc(at) if at is not None else utcnow()
    queue = pool if pool is None or isinstance(pool, ArqRedis) else ArqRedis(pool.connection_pool)
    return await _enqueue(
        SEND_WEBHOOKS, endpoint_id, _job_id=webhook_job_id(endpoint_id, due), _defer_until=due, pool=queue
    )


def webhook_job_id(endpoint_id: int, due: datetime) -> str:
    return f"webhooks:{endpoint_id}:{int(due.timestamp() * 1000)}"
