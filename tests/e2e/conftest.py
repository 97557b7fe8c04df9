"""End to end: the web app (``client``), a real arq worker and a real realtime server on Redis db 12.

A cooldown "day" lasts a second so that cooldowns end within a test.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest
from arq import Worker
from redis.asyncio import Redis

from realtime.publisher import Publisher
from settings import Settings
from tests.conftest import make_settings
from tests.workers.support import running_worker

E2E_REDIS_URL = os.environ.get("TEST_E2E_REDIS_URL", "redis://127.0.0.1:6379/12")


@pytest.fixture
def settings() -> Settings:
    return make_settings(redis_url=E2E_REDIS_URL, cooldown_day_seconds=1)


@pytest.fixture
async def worker(redis: Redis, settings: Settings, publisher: Publisher) -> AsyncIterator[Worker]:
    """A real arq worker running jobs from the queue the web app enqueues to."""
    async with running_worker(settings, publisher) as running:
        yield running
