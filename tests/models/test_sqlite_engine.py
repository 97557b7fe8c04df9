"""SQLite transactions queue behind another process's writer instead of failing with "database is locked",
and run their statements without a hop to aiosqlite's thread once they hold the write lock."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tortoise import connections
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from models import User
from models.db import close_orm, init_orm, migrate
from models.tortoise_adapter import sqlite3_of
from tests.conftest import IS_MYSQL
from tests.factories import make_child, make_family, make_parent

pytestmark = pytest.mark.skipif(IS_MYSQL, reason="SQLite's locking")


@pytest.fixture
async def sqlite_file(tmp_path: Path) -> AsyncIterator[Path]:
    path = tmp_path / "shared.sqlite3"
    await migrate(f"sqlite://{path}")
    await init_orm(f"sqlite://{path}")
    try:
        yield path
    finally:
        await close_orm()


async def test_a_transaction_that_reads_then_writes_waits_for_another_processs_write_to_commit(sqlite_file):
    child = await make_child(await make_parent(family=await make_family()))
    other_process = sqlite3.connect(sqlite_file, isolation_level=None)
    other_process.execute("BEGIN IMMEDIATE")
    other_process.execute("UPDATE users SET balance_cents = balance_cents + 100 WHERE id = ?", (child.id,))
    asyncio.get_running_loop().call_later(0.3, other_process.commit)

    async with in_transaction():
        current = await User.get(id=child.id)
        await User.filter(id=child.id).update(balance_cents=current.balance_cents + 5)

    other_process.close()
    assert (await User.get(id=child.id)).balance_cents == 105  # both writes kept, in order


async def test_a_lock_held_past_the_busy_timeout_fails_the_transaction_and_frees_the_connection(tmp_path):
    path = tmp_path / "shared.sqlite3"
    await migrate(f"sqlite://{path}")
    await init_orm(f"sqlite://{path}?busy_timeout=200")
    try:
        child = await make_child(await make_parent(family=await make_family()))
        other_process = sqlite3.connect(path, isolation_level=None)
        other_process.execute("BEGIN IMMEDIATE")

        with pytest.raises(OperationalError, match="locked"):
            async with in_transaction():
                await User.filter(id=child.id).update(balance_cents=1)

        other_process.rollback()
        other_process.close()
        async with in_transaction():
            await User.filter(id=child.id).update(balance_cents=2)
        assert (await User.get(id=child.id)).balance_cents == 2
    finally:
        await close_orm()


async def test_a_transaction_runs_its_statements_on_the_event_loops_thread_and_waits_on_aiosqlites(sqlite_file):
    """Inside a transaction, which holds the write lock, no statement can wait: they run where the
    request runs. BEGIN (which waits for the lock) and COMMIT (which syncs the file) hop to aiosqlite's
    thread, as do statements outside a transaction."""
    child = await make_child(await make_parent(family=await make_family()))
    threads: list[tuple[str, int]] = []
    sqlite3_of(connections.get("default")).set_trace_callback(
        lambda statement: threads.append((statement.split()[0].upper(), threading.get_ident())))

    async with in_transaction():
        await User.filter(id=child.id).update(balance_cents=7)
        await User.get(id=child.id)
    await User.get(id=child.id)

    here = threading.get_ident()
    assert [(verb, thread == here) for verb, thread in threads] == [
        ("BEGIN", False), ("UPDATE", True), ("SELECT", True), ("COMMIT", False), ("SELECT", False),
    ]
    assert (await User.get(id=child.id)).balance_cents == 7


async def test_a_failed_transaction_rolls_back_the_statements_it_ran_on_the_event_loops_thread(sqlite_file):
    child = await make_child(await make_parent(family=await make_family()))

    with pytest.raises(RuntimeError):
        async with in_transaction():
            await User.filter(id=child.id).update(balance_cents=9)
            raise RuntimeError("the use case fails after its write")

    assert (await User.get(id=child.id)).balance_cents == 0
