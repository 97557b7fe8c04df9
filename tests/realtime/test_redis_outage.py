"""A realtime server whose Redis goes away listens again within seconds of its return."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from realtime.socketio_adapter import LONGEST_RESUBSCRIBE_PAUSE_SECONDS
from settings import Settings
from tests.conftest import make_settings
from tests.pushes import subscribed
from tests.realtime.test_delivery import stage_and_publish
from tests.workers.support import ThrowawayRedis, throwaway_redis

OUTAGE_SECONDS = 8  # long enough for python-socketio's own pauses (1, 2, 4, 8 s…) to outgrow ours


@pytest.fixture
async def redis() -> AsyncIterator[ThrowawayRedis]:
    async with throwaway_redis() as server:
        yield server


@pytest.fixture
def settings(redis: ThrowawayRedis) -> Settings:
    return make_settings(redis_url=redis.url)


async def test_events_published_soon_after_redis_returns_reach_the_sockets(
    families, connect, realtime, publisher, redis, channel
):
    x = await connect(families.x)
    redis.stop()
    await asyncio.sleep(OUTAGE_SECONDS)

    await redis.start()
    back = time.monotonic()
    while not await subscribed(redis.url, channel):
        await asyncio.sleep(0.05)
    resubscribed_after = time.monotonic() - back
    event = await stage_and_publish(publisher, recipients=[families.x.id], chore_id=5)

    assert resubscribed_after <= LONGEST_RESUBSCRIBE_PAUSE_SECONDS + 1
    [(name, payload)] = await x.wait_for(1)
    assert (name, payload["id"]) == ("chore_available", event.id)
