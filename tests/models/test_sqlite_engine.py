"""SQLite transactions queue behind another process's writer instead of failing with "database is locked"."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from models import User
from models.db import close_orm, init_orm, migrate
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
