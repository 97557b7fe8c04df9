"""Fixtures of the worker tests: their own Redis db (10), a channel per test, a listener on it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from realtime.publisher import Publisher
from settings import Settings
from tests.conftest import make_settings
from tests.workers.support import PushListener, queue_on

JOBS_REDIS_URL = os.environ.get("TEST_JOBS_REDIS_URL", "redis://127.0.0.1:6379/10")


@pytest.fixture
def settings() -> Settings:
    # One cooldown "day" is a second, so cooldowns end within the test.
    return make_settings(redis_url=JOBS_REDIS_URL, cooldown_day_seconds=1)


@pytest.fixture
async def listener(settings: Settings, channel: str) -> AsyncIterator[PushListener]:
    listener = PushListener(settings.redis_url, channel)
    await listener.start()
    yield listener
    await listener.stop()


@pytest.fixture
async def queue(redis: Redis, settings: Settings) -> AsyncIterator[None]:
    """The enqueue helpers connected to the test's Redis, as the web process connects them."""
    async with queue_on(settings.redis_url):
        yield


@pytest.fixture
def job_ctx(publisher: Publisher, settings: Settings) -> dict:
    """The context a job function gets from the worker, for calling jobs directly."""
    return {"settings": settings, "publisher": publisher, "job_try": 1}
