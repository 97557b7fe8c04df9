"""Socket.IO clients that record every event they receive: who got which event id, and when."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field

import socketio
from dataset import Account


@dataclass(frozen=True)
class Receipt:
    user_id: int
    type: str
    event_id: int
    data: dict
    at: float  # time.perf_counter()
    wall: float  # time.time(), to compare with occurred_at
    occurred_at: str


@dataclass
class Listeners:
    """One websocket client per account, all writing into ``receipts``; ``waiters`` hear each receipt."""

    url: str
    receipts: list[Receipt] = field(default_factory=list)
    clients: dict[int, socketio.AsyncClient] = field(default_factory=dict)
    disconnects: Counter = field(default_factory=Counter)
    waiters: list[asyncio.Queue] = field(default_factory=list)
    closing: bool = False

    async def connect(self, accounts: list[Account], *, concurrency: int = 50) -> None:
        gate = asyncio.Semaphore(concurrency)

        async def one(account: Account) -> None:
            async with gate:
                self.clients[account.id] = await self._connected(account)

        await asyncio.gather(*(one(account) for account in accounts))

    async def _connected(self, account: Account) -> socketio.AsyncClient:
        client = socketio.AsyncClient(reconnection=False)

        @client.on("*")
        async def record(event: str, payload: dict) -> None:
            receipt = Receipt(account.id, event, payload["id"], payload["data"], time.perf_counter(),
                              time.time(), payload["occurred_at"])
            self.receipts.append(receipt)
            for waiter in self.waiters:
                waiter.put_nowait(receipt)

        @client.on("disconnect")
        async def lost(*_: object) -> None:
            if not self.closing:
                self.disconnects[account.id] += 1

        await client.connect(self.url, auth={"token": account.token}, transports=["websocket"], wait_timeout=30)
        return client

    def connected(self) -> int:
        return sum(client.connected for client in self.clients.values())

    def deliveries(self) -> Counter:
        """How many times each (user id, event id) pair arrived."""
        return Counter((receipt.user_id, receipt.event_id) for receipt in self.receipts)

    async def close(self) -> None:
        self.closing = True
        await asyncio.gather(*(client.disconnect() for client in self.clients.values()), return_exceptions=True)
