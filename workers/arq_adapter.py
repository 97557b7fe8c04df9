"""Everything that relies on arq's private parts, in one place, for the versions it was checked on.

Why it is needed: arq's ``Worker`` has no public hooks for two things the worker process needs, so
:class:`ResilientWorker` overrides its private ``_poll_iteration`` and its ``close`` (which uses
``_pool``, ``_handle_signals``, ``tasks`` and ``health_check_key``). And arq enqueues a job in round
trips of its own: :func:`add_job_once` adds one the way ``ArqRedis.enqueue_job`` does (its
``serialize_job``, key prefixes and ``expires_extra_ms``) inside a pipeline the caller sends. Importing this module with an arq
version it was not checked against fails (see :mod:`realtime.versions`): check these overrides
against the new release, then add it below.

Riding out a Redis outage: arq's poll loop lets a lost Redis connection escape ``Worker.main``, which ends the process
(or leaves it hanging in its shutdown, which needs Redis too). Nothing is lost either way: the
jobs and the outbox wait in Redis and the database. But a worker that stops over a Redis restart
needs someone to start it again, and under ``make run`` its exit stops every other process. So
each poll that fails on the connection is logged and retried with a growing pause instead, and
the worker carries on, cron included, as soon as Redis answers again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from datetime import datetime
from typing import Any

from arq.connections import ArqRedis
from arq.constants import job_key_prefix, result_key_prefix
from arq.jobs import serialize_job
from arq.utils import timestamp_ms, to_unix_ms
from arq.worker import Worker
from redis.asyncio.client import Pipeline
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.exceptions import WatchError

from realtime.versions import require_version

SUPPORTED_VERSIONS = ("0.28.",)
VERSION = require_version("arq", SUPPORTED_VERSIONS, __name__)

log = logging.getLogger(__name__)

CONNECTION_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)
FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 5.0


def lost_connection(exc: BaseException) -> bool:
    """Whether ``exc`` means Redis went away: a connection error, or the ``WatchError`` redis-py
    raises instead when the connection drops while arq watches a job's key before starting it."""
    if isinstance(exc, WatchError):
        return isinstance(exc.__context__, CONNECTION_ERRORS)
    return isinstance(exc, CONNECTION_ERRORS)


class ResilientWorker(Worker):
    """An arq worker whose poll loop waits for Redis to come back instead of ending, and whose
    shutdown closes what it opened whatever state its jobs and Redis are in."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._redis_lost_at: float | None = None
        self._pause = FIRST_PAUSE_SECONDS

    async def _poll_iteration(self) -> None:
        try:
            await super()._poll_iteration()
        except (*CONNECTION_ERRORS, WatchError) as exc:
            if not lost_connection(exc):
                raise
            await self._wait_for_redis(exc)
        else:
            self._redis_back()

    async def _wait_for_redis(self, exc: BaseException) -> None:
        now = self.loop.time()
        if self._redis_lost_at is None:
            self._redis_lost_at = now
            log.warning("Redis unreachable (%s); polling again with pauses of up to %.0fs", exc, LONGEST_PAUSE_SECONDS)
        await asyncio.sleep(self._pause)
        self._pause = min(LONGEST_PAUSE_SECONDS, self._pause * 2)

    async def close(self) -> None:
        """arq's close, made to finish whatever happens to the running jobs and to Redis.

        arq gathers the job tasks it has just cancelled without ``return_exceptions``: a job whose
        cancellation lands while arq records its end raises ``CancelledError`` there, and the ORM and
        the publisher were never closed (on SQLite the process then never exits). During a Redis
        outage arq's close fails on the health-check key; the rest is closed all the same.
        """
        if not self._handle_signals:
            self.handle_sig(signal.SIGUSR1)
        if not self._pool:
            return
        await asyncio.gather(*self.tasks.values(), return_exceptions=True)
        try:
            await self.pool.delete(self.health_check_key)
        except CONNECTION_ERRORS as exc:
            log.warning("Redis unreachable at shutdown (%s); its health-check key expires by itself", exc)
        if self.on_shutdown:
            await self.on_shutdown(self.ctx)
        with contextlib.suppress(*CONNECTION_ERRORS):
            await self.pool.aclose(close_connection_pool=True)
        self._pool = None

    def _redis_back(self) -> None:
        if self._redis_lost_at is not None:
            log.info("Redis is back after %.1fs; the worker goes on", self.loop.time() - self._redis_lost_at)
            self._redis_lost_at = None
            self._pause = FIRST_PAUSE_SECONDS


# KEYS: the job's key, its result's key, the queue; ARGV: the job, its expiry (ms), its id, its score.
_ADD_JOB_ONCE = """
if redis.call('EXISTS', KEYS[1], KEYS[2]) > 0 then return 0 end
redis.call('PSETEX', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
return 1
"""


def add_job_once(pipe: Pipeline, pool: ArqRedis, name: str, args: tuple[Any, ...], job_id: str, at: datetime) -> None:
    """Queue in ``pipe`` what arq's ``enqueue_job`` does for a deferred job with an id (same key,
    payload, expiry and queue score; nothing when a job or a result of that id exists), as one script
    instead of arq's three round trips. Uses arq's job serialisation and key prefixes."""
    enqueued_ms = timestamp_ms()
    score = to_unix_ms(at)
    job = serialize_job(name, args, {}, None, enqueued_ms, serializer=pool.job_serializer)
    expires_ms = score - enqueued_ms + pool.expires_extra_ms
    keys = (job_key_prefix + job_id, result_key_prefix + job_id, pool.default_queue_name)
    # redis-py types script arguments as str; it sends the job's bytes as they are.
    pipe.eval(_ADD_JOB_ONCE, len(keys), *keys, job, str(expires_ms), job_id, str(score))  # type: ignore[arg-type]
