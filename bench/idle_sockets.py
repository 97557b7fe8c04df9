"""Thousands of authenticated sockets for one generator process: just enough Socket.IO to stay connected.

A python-socketio ``AsyncClient`` brings its own HTTP session and several tasks; ten thousand of them
would load the generator's core more than the server's. An :class:`IdleSocket` speaks the same
protocol over one shared aiohttp session, with one task per socket: the websocket transport of
Engine.IO 4 (``/socket.io/?EIO=4&transport=websocket``, as ``AsyncClient`` connects with
``transports=["websocket"]``), the Socket.IO 5 CONNECT packet with the token in its auth payload (as
``connect(auth={"token": ...})`` sends it), a pong for every ping. Events are counted, not kept: the
sockets whose receipts are timed are real clients (``sockets.Listeners``).
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from dataclasses import dataclass, field

import aiohttp
from dataset import Account

# Engine.IO 4 packet types (the first character of a text frame), and Socket.IO 5 ones after "4" (MESSAGE).
OPEN, CLOSE, PING, PONG = "0", "1", "2", "3"
SOCKETIO_CONNECT, SOCKETIO_EVENT, SOCKETIO_CONNECT_ERROR = "40", "42", "44"
HANDSHAKE_TIMEOUT_SECONDS = 30


class HandshakeRefused(ConnectionError):
    """The server answered the handshake with something other than a Socket.IO CONNECT."""


@dataclass
class IdleSocket:
    """One account's connected socket; ``closed`` once the server or the network ended it."""

    account: Account
    ws: aiohttp.ClientWebSocketResponse
    events: Counter
    closed: bool = False
    reader: asyncio.Task | None = None

    async def answer_pings(self) -> None:
        """Read until the socket ends: a pong for each ping, a count of each event by name."""
        try:
            async for message in self.ws:
                if message.type is not aiohttp.WSMsgType.TEXT:
                    continue
                text: str = message.data
                if text == PING:
                    await self.ws.send_str(PONG)
                elif text.startswith(SOCKETIO_EVENT):
                    self.events[json.loads(text[2:])[0]] += 1
                elif text == CLOSE:
                    break
        finally:
            self.closed = True


async def handshake(ws: aiohttp.ClientWebSocketResponse, token: str) -> None:
    """Engine.IO OPEN, then Socket.IO CONNECT with the token, as the python-socketio client does it."""
    opened = await ws.receive_str()
    if not opened.startswith(OPEN):
        raise HandshakeRefused(f"expected Engine.IO OPEN, got {opened[:80]!r}")
    await ws.send_str(SOCKETIO_CONNECT + json.dumps({"token": token}))
    while (reply := await ws.receive_str()) == PING:
        await ws.send_str(PONG)
    if not reply.startswith(SOCKETIO_CONNECT):
        raise HandshakeRefused(f"Socket.IO CONNECT refused: {reply[:80]!r}")


@dataclass
class IdleSockets:
    """Idle sockets to one realtime server, over one aiohttp session; ``failures`` counts the handshakes that
    failed, by reason."""

    url: str
    sockets: list[IdleSocket] = field(default_factory=list)
    events: Counter = field(default_factory=Counter)
    failures: Counter = field(default_factory=Counter)
    _http: aiohttp.ClientSession | None = None

    async def connect(self, accounts: list[Account], *, concurrency: int = 100) -> None:
        """Open one socket per account, at most ``concurrency`` handshakes in flight."""
        if self._http is None:  # no connection limit: every open websocket holds one of the connector's
            self._http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        gate = asyncio.Semaphore(concurrency)

        async def one(account: Account) -> None:
            async with gate:
                try:
                    socket = await self._opened(account)
                except (aiohttp.ClientError, OSError, TimeoutError, HandshakeRefused) as exc:
                    self.failures[type(exc).__name__] += 1
                    return
            socket.reader = asyncio.create_task(socket.answer_pings())
            self.sockets.append(socket)

        await asyncio.gather(*(one(account) for account in accounts))

    async def _opened(self, account: Account) -> IdleSocket:
        assert self._http is not None
        ws_url = self.url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        async with asyncio.timeout(HANDSHAKE_TIMEOUT_SECONDS):
            ws = await self._http.ws_connect(ws_url)
            try:
                await handshake(ws, account.token)
            except BaseException:
                await ws.close()
                raise
        return IdleSocket(account, ws, self.events)

    def connected(self) -> int:
        return sum(not socket.closed for socket in self.sockets)

    async def close(self) -> None:
        await asyncio.gather(*(socket.ws.close() for socket in self.sockets), return_exceptions=True)
        await asyncio.gather(*(socket.reader for socket in self.sockets if socket.reader), return_exceptions=True)
        if self._http is not None:
            await self._http.close()
