"""Fixtures shared by the worker, realtime and end-to-end tests, registered by ``tests/conftest.py``.

Each of those packages defines its own ``settings`` (its own Redis db); these fixtures build on it:
a Socket.IO channel per test, a publisher on it, two families, the Redis db emptied around the
test, a real realtime server and real Socket.IO clients connected to it.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import socketio
import uvicorn
from redis.asyncio import Redis

from models import User
from realtime.publisher import Publisher
from realtime.server import create_app
from settings import Settings
from tests.conftest import free_port
from tests.factories import auth_headers
from tests.workers.support import Families, make_families


@pytest.fixture
def channel() -> str:
    return f"socketio-test-{uuid.uuid4().hex}"


@pytest.fixture
async def publisher(settings: Settings, channel: str) -> AsyncIterator[Publisher]:
    publisher = Publisher(settings.redis_url, channel=channel)
    yield publisher
    await publisher.close()


@pytest.fixture
async def families(db) -> Families:
    return await make_families()


@pytest.fixture
async def redis(settings: Settings) -> AsyncIterator[Redis]:
    client = Redis.from_url(settings.redis_url)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


class RealtimeServer:
    def __init__(self, app: socketio.ASGIApp, port: int):
        self.app = app
        self.url = f"http://127.0.0.1:{port}"

    def rooms_of(self, client: SocketClient) -> set[str]:
        sid = client.sio.get_sid("/")
        return {room for room in self.app.sio.manager.get_rooms(sid, "/") if room != sid}


async def subscribed(redis_url: str, channel: str) -> bool:
    async with Redis.from_url(redis_url) as redis:
        [(_, count)] = await redis.pubsub_numsub(channel)
    return count > 0


@pytest.fixture
async def realtime(db, settings: Settings, channel: str) -> AsyncIterator[RealtimeServer]:
    """The realtime app served by uvicorn in this process, so it shares the test's database."""
    app = create_app(settings, manage_orm=False, manage_gc=False, channel=channel)
    port = free_port()
    # A bounded graceful shutdown: a socket a test left half-closed must not keep the server (and the run) waiting.
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", timeout_graceful_shutdown=5
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(10):
        while not server.started or not await subscribed(settings.redis_url, channel):
            await asyncio.sleep(0.02)
    yield RealtimeServer(app, port)
    server.should_exit = True
    await task


class SocketClient:
    """A real socket.io client that records every event it receives."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: list[tuple[str, dict[str, Any]]] = []

        @self.sio.on("*")
        async def record(event: str, data: dict[str, Any]) -> None:
            self.events.append((event, data))

    async def wait_for(self, count: int, timeout: float = 5) -> list[tuple[str, dict[str, Any]]]:
        async with asyncio.timeout(timeout):
            while len(self.events) < count:
                await asyncio.sleep(0.02)
        return self.events

    def event_ids(self) -> list[int]:
        return [data["id"] for _, data in self.events]

    def received(self, name: str) -> list[dict[str, Any]]:
        return [data for event, data in self.events if event == name]

    async def wait_for_event(self, name: str, count: int = 1, timeout: float = 5) -> list[dict[str, Any]]:
        """The payloads of ``name`` once at least ``count`` of them have arrived."""
        async with asyncio.timeout(timeout):
            while len(self.received(name)) < count:
                await asyncio.sleep(0.02)
        return self.received(name)


@pytest.fixture
async def connect(
    realtime: RealtimeServer, settings: Settings
) -> AsyncIterator[Callable[..., Awaitable[SocketClient]]]:
    """Connect a client as ``user`` (with his token in ``auth``), or with the given handshake parts."""
    clients: list[SocketClient] = []

    async def connect_as(
        user: User | None = None, *, auth: Any = None, query: str = "", headers: dict[str, str] | None = None
    ) -> SocketClient:
        client = SocketClient()
        clients.append(client)
        if user is not None:
            auth = {"token": auth_headers(user, settings)["Authorization"].removeprefix("Bearer ")}
        await client.sio.connect(
            realtime.url + query, auth=auth, headers=headers or {}, transports=["websocket"], wait_timeout=5
        )
        return client

    yield connect_as
    for client in clients:
        if client.sio.connected:
            async with asyncio.timeout(5):
                await client.sio.disconnect()
