"""Garbage collection for a process that holds thousands of sockets.

Each open socket is about 180 objects the cycle collector tracks (tasks, coroutines, futures, timers,
the protocol's state). CPython collects its oldest generation whenever a quarter more objects have
survived into it than were there after the last time, and that collection reads every object in
it: with 10,000 sockets, 1.8 million objects and 0.5 to 3 s during which no socket hears anything.
The ping cycle alone (each socket's ping task sleeps 25 s, long enough to survive into the oldest
generation) brought one about every 20 s.

So what survives the young generations is frozen (``gc.freeze``) instead: every second the young
generations are collected and what is left moves to the permanent generation, which no automatic
collection reads. A frozen object is still freed as soon as nothing refers to it; what freezing
keeps is cyclic garbage, mostly the hundred or so objects a closed socket leaves in cycles. So a
full collection (unfreeze, collect, freeze) still runs once the sockets closed or refused since
the last one reach a quarter of those open (and at least ``FULL_COLLECTION_MIN_CLOSED``), and at
least every ``FULL_COLLECTION_MAX_SECONDS``.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

FREEZE_INTERVAL_SECONDS = 1.0
FULL_COLLECTION_CLOSED_SHARE = 0.25
FULL_COLLECTION_MIN_CLOSED = 1000
FULL_COLLECTION_MAX_SECONDS = 3600.0
NOTABLE_PAUSE_MS = 100  # a longer full collection is logged as a warning: every socket waited that long


@dataclass
class SurvivorFreezer:
    """Freezes the survivors of the young generations; counts the sockets that open and close to know
    when a full collection is due."""

    clock: Callable[[], float] = time.monotonic
    open_sockets: int = 0
    closed_since_full: int = 0
    last_full: float = field(init=False)

    def __post_init__(self) -> None:
        self.last_full = self.clock()

    def socket_opened(self) -> None:
        self.open_sockets += 1

    def socket_closed(self) -> None:
        self.open_sockets -= 1
        self.closed_since_full += 1

    def socket_refused(self) -> None:
        self.closed_since_full += 1

    def full_collection_due(self) -> bool:
        closed_enough = max(FULL_COLLECTION_MIN_CLOSED, FULL_COLLECTION_CLOSED_SHARE * self.open_sockets)
        return (self.closed_since_full >= closed_enough
                or self.clock() - self.last_full >= FULL_COLLECTION_MAX_SECONDS)

    def step(self) -> None:
        """Collect the young generations and freeze what survived, or collect everything when due."""
        if self.full_collection_due():
            self.collect_all()
            return
        gc.collect(1)
        gc.freeze()

    def collect_all(self) -> None:
        started = time.perf_counter()
        gc.unfreeze()
        found = gc.collect()
        gc.freeze()
        self.closed_since_full, self.last_full = 0, self.clock()
        paused_ms = (time.perf_counter() - started) * 1000
        log.log(logging.WARNING if paused_ms >= NOTABLE_PAUSE_MS else logging.INFO,
                "a full garbage collection paused the process for %.0f ms (%d sockets open, %d unreachable objects)",
                paused_ms, self.open_sockets, found)

    async def run(self, interval: float = FREEZE_INTERVAL_SECONDS) -> None:
        """Step every ``interval`` seconds until cancelled; unfreeze then, so that everything can be collected."""
        try:
            while True:
                await asyncio.sleep(interval)
                self.step()
        finally:
            gc.unfreeze()
