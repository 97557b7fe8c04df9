"""The realtime process's garbage collection (realtime/garbage.py): survivors of the young generations are
frozen every step, and everything is collected once enough sockets have closed, or an hour has passed."""

from __future__ import annotations

import asyncio
import gc
import logging
import weakref
from collections.abc import Iterator

import pytest
import socketio

from realtime import garbage
from realtime.garbage import FULL_COLLECTION_MAX_SECONDS, FULL_COLLECTION_MIN_CLOSED, SurvivorFreezer


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    """Whatever a test froze goes back to the collector: the test process is not a realtime process."""
    yield
    gc.unfreeze()


class Node:
    """A cycle (it refers to itself) that only the cycle collector can free."""

    def __init__(self) -> None:
        self.me = self


def cycle() -> weakref.ref:
    return weakref.ref(Node())


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_step_collects_the_young_garbage_then_freezes_the_survivors():
    freezer = SurvivorFreezer()
    garbage, survivor = cycle(), Node()

    freezer.step()

    assert garbage() is None
    assert gc.get_freeze_count() > 0
    kept = weakref.ref(survivor)
    del survivor
    gc.collect()
    assert kept() is not None  # frozen: no collection reads it until a full one


def test_a_full_collection_frees_the_frozen_garbage_and_freezes_the_rest():
    freezer = SurvivorFreezer()
    frozen = Node()
    freezer.step()
    kept = weakref.ref(frozen)
    del frozen

    freezer.collect_all()

    assert kept() is None
    assert gc.get_freeze_count() > 0
    assert freezer.closed_since_full == 0


def test_a_full_collection_that_pauses_the_process_long_is_a_warning(caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="realtime.garbage")
    monkeypatch.setattr(garbage, "NOTABLE_PAUSE_MS", 60_000)
    SurvivorFreezer().collect_all()
    monkeypatch.setattr(garbage, "NOTABLE_PAUSE_MS", 0)
    SurvivorFreezer().collect_all()

    assert [record.levelno for record in caplog.records] == [logging.INFO, logging.WARNING]
    assert "a full garbage collection paused the process for" in caplog.records[1].getMessage()


def test_a_full_collection_is_due_once_a_quarter_of_the_open_sockets_have_closed():
    freezer = SurvivorFreezer()
    for _ in range(10 * FULL_COLLECTION_MIN_CLOSED):
        freezer.socket_opened()
    for _ in range(2 * FULL_COLLECTION_MIN_CLOSED - 1):
        freezer.socket_closed()
    assert freezer.open_sockets == 8 * FULL_COLLECTION_MIN_CLOSED + 1
    assert not freezer.full_collection_due()

    freezer.socket_closed()

    assert freezer.full_collection_due()


def test_refused_sockets_count_as_closed_and_a_few_closed_are_not_enough():
    freezer = SurvivorFreezer()
    freezer.socket_opened()
    for _ in range(FULL_COLLECTION_MIN_CLOSED - 1):
        freezer.socket_refused()
    assert not freezer.full_collection_due()

    freezer.socket_refused()

    assert freezer.full_collection_due()


def test_a_full_collection_is_due_an_hour_after_the_last_one():
    clock = Clock()
    freezer = SurvivorFreezer(clock=clock)
    clock.now += FULL_COLLECTION_MAX_SECONDS - 1
    assert not freezer.full_collection_due()

    clock.now += 1
    assert freezer.full_collection_due()
    garbage = Node()
    freezer.step()
    kept = weakref.ref(garbage)
    del garbage
    clock.now += 1
    freezer.step()

    assert kept() is not None  # the last step froze it; the next full collection is an hour away
    assert not freezer.full_collection_due()


async def test_running_steps_until_cancelled_then_unfreezes():
    freezer = SurvivorFreezer()
    running = asyncio.create_task(freezer.run(interval=0.01))
    async with asyncio.timeout(5):
        while gc.get_freeze_count() == 0:
            await asyncio.sleep(0.01)

    running.cancel()
    await asyncio.gather(running, return_exceptions=True)

    assert gc.get_freeze_count() == 0


async def test_the_server_tells_the_freezer_of_each_socket_opened_closed_or_refused(families, realtime, connect):
    freezer: SurvivorFreezer = realtime.app.freezer

    client = await connect(families.mum)
    assert (freezer.open_sockets, freezer.closed_since_full) == (1, 0)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await connect(auth={"token": "not-a-jwt"})
    await client.sio.disconnect()
    async with asyncio.timeout(5):
        while freezer.open_sockets:
            await asyncio.sleep(0.02)

    assert freezer.closed_since_full == 2
