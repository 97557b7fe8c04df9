"""What every job shares: transient errors become retries with backoff, then a counted failure."""

from __future__ import annotations

import time

import pytest
from arq import Retry
from prometheus_client import REGISTRY

from workers.instrument import MAX_TRIES, instrumented

JOB = "test.redis_refuses"


def sample(name: str) -> float:
    return REGISTRY.get_sample_value(name, {"job": JOB}) or 0.0


@instrumented(JOB)
async def redis_refuses(ctx: dict) -> None:
    raise ConnectionRefusedError("Redis is down")


async def test_a_transient_failure_is_retried_with_backoff_then_counted_as_failed():
    retried, failed, runs = (sample(f"chores_jobs_{kind}_total") for kind in ("retried", "failed", "run"))
    due = time.time() * 1000

    with pytest.raises(Retry) as retry:
        await redis_refuses({"job_try": 1, "score": due})
    with pytest.raises(ConnectionRefusedError):
        await redis_refuses({"job_try": MAX_TRIES, "score": due})

    assert retry.value.defer_score == 2000
    assert sample("chores_jobs_retried_total") == retried + 1
    assert sample("chores_jobs_failed_total") == failed + 1
    assert sample("chores_jobs_run_total") == runs + 2
