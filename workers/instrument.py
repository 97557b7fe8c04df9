"""What every job shares: metrics, failure logging, and retries with backoff on transient errors."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any

from arq import Retry
from prometheus_client import Counter, Histogram
from redis.exceptions import RedisError
from tortoise.exceptions import DBConnectionError, OperationalError

log = logging.getLogger(__name__)

MAX_TRIES = 5
MAX_BACKOFF_SECONDS = 60
# A lost connection, a deadlock or lock timeout (OperationalError on MySQL), Redis down: worth retrying.
TRANSIENT_ERRORS = (DBConnectionError, OperationalError, RedisError, OSError, asyncio.TimeoutError)

JOBS_RUN = Counter("chores_jobs_run_total", "Job runs started, retries included", ["job"])
JOBS_FAILED = Counter("chores_jobs_failed_total", "Job runs that failed for good", ["job"])
JOBS_RETRIED = Counter("chores_jobs_retried_total", "Job runs that failed transiently and were retried", ["job"])
JOB_LATENESS = Histogram(
    "chores_job_lateness_seconds", "Start time minus due time of job runs", ["job"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600),
)

Job = Callable[..., Coroutine[Any, Any, Any]]


def backoff_seconds(job_try: int) -> int:
    """2, 4, 8, 16… seconds after the 1st, 2nd, 3rd, 4th try, at most a minute."""
    return min(MAX_BACKOFF_SECONDS, 2**job_try)


def instrumented(name: str) -> Callable[[Job], Job]:
    """Count and time a job; turn transient errors into arq retries until MAX_TRIES; log failures."""

    def decorator(job: Job) -> Job:
        @wraps(job)
        async def run(ctx: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
            job_try = ctx.get("job_try", 1)
            JOBS_RUN.labels(name).inc()
            if "score" in ctx:
                JOB_LATENESS.labels(name).observe(max(0.0, time.time() - ctx["score"] / 1000))
            try:
                return await job(ctx, *args, **kwargs)
            except TRANSIENT_ERRORS as exc:
                if job_try < MAX_TRIES:
                    JOBS_RETRIED.labels(name).inc()
                    delay = backoff_seconds(job_try)
                    log.warning(
                        "job %s%r%r try %d failed (%s); retrying in %ds", name, args, kwargs, job_try, exc, delay
                    )
                    raise Retry(defer=delay) from exc
                JOBS_FAILED.labels(name).inc()
                log.error("job %s%r%r failed after %d tries", name, args, kwargs, job_try, exc_info=exc)
                raise
            except Exception as exc:
                JOBS_FAILED.labels(name).inc()
                log.error("job %s%r%r failed", name, args, kwargs, exc_info=exc)
                raise

        return run

    return decorator
