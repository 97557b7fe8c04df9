"""A listener on the Redis pub/sub channel the worker publishes to: when each event left for the realtime servers.

Redis pub/sub ignores database indexes, so a listener (and a realtime server) hears every publisher on
the same Redis server: give each benchmark its own ``redis-server`` when others run at the same time.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field

from redis.asyncio import Redis

from realtime.rooms import DEFAULT_CHANNEL


@dataclass(frozen=True)
class Published:
    type: str
    event_id: int
    data: dict
    at: float  # time.perf_counter()
    wall: float  # time.time()


@dataclass
class ChannelListener:
    """Records every event emitted on the channel until ``stop``."""

    redis_url: str
    published: list[Published] = field(default_factory=list)
    _task: asyncio.Task | None = None

    async def start(self) -> None:
        subscribed = asyncio.Event()
        self._task = asyncio.create_task(self._listen(subscribed))
        await subscribed.wait()

    async def _listen(self, subscribed: asyncio.Event) -> None:
        async with Redis.from_url(self.redis_url) as redis, redis.pubsub() as pubsub:
            await pubsub.subscribe(DEFAULT_CHANNEL)
            subscribed.set()
            async for message in pubsub.listen():
                if message["type"] != "message":
                    continue
                at, wall = time.perf_counter(), time.time()
                body = json.loads(message["data"])
                if body.get("method") != "emit":
                    continue
                payload = body["data"][0] if isinstance(body["data"], list) else body["data"]  # the emit's arguments
                self.published.append(Published(body["event"], payload["id"], payload["data"], at, wall))

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
