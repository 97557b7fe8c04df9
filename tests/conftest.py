"""Fixture layers: settings → database → app → client, plus factories in tests/factories.py.

The suite runs on an in-memory SQLite database per test by default. With ``TEST_DATABASE_URL``
pointing at MariaDB/MySQL it runs there instead: the database is recreated from the aerich
migrations once per session and emptied after every test.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import httpx
import pytest
from sanic import Sanic
from tortoise import Tortoise, connections

from api.app import create_app
from models.db import close_orm, init_orm, migrate
from models.tortoise_adapter import table_of
from settings import Settings
from tests.consistency import assert_ledger_consistent
from tests.sanic_adapter import running

# The push fixtures (channel, publisher, families, redis, realtime, connect) the worker, realtime and
# end-to-end tests share. pytest only takes ``pytest_plugins`` from the root conftest.
pytest_plugins = ["tests.pushes"]

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://:memory:")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
IS_MYSQL = TEST_DATABASE_URL.startswith("mysql://")
# While models change faster than migrations (local work only), build the MySQL schema from the
# models instead; CI always builds it from the migrations.
SCHEMA_FROM_MODELS = os.environ.get("TEST_SCHEMA_FROM_MODELS") == "1"

Sanic.test_mode = True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if IS_MYSQL:
        return
    skip = pytest.mark.skip(reason="needs MariaDB/MySQL row locks (set TEST_DATABASE_URL)")
    for item in items:
        if "mysql" in item.keywords:
            item.add_marker(skip)


def free_port() -> int:
    """A TCP port nothing listens on right now, for servers the tests start."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": "test",
        "database_url": TEST_DATABASE_URL,
        "redis_url": TEST_REDIS_URL,
        "secret_key": "test-secret-key-that-is-long-enough-for-hs256",
        "bcrypt_rounds": 4,
        "rate_limit_enabled": False,
    }
    values.update(overrides)
    return Settings(**values)


async def _recreate_mysql_database(url: str) -> None:
    import asyncmy

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    conn = await asyncmy.connect(
        host=parts.hostname or "127.0.0.1", port=parts.port or 3306, user=parts.username or "root",
        password=parts.password or "",
    )
    async with conn.cursor() as cursor:
        await cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        await cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    conn.close()


@pytest.fixture(scope="session")
def migrated_database() -> str:
    """A MySQL database built by the aerich migrations, once per session (SQLite: nothing to do)."""
    if IS_MYSQL:
        asyncio.run(_recreate_mysql_database(TEST_DATABASE_URL))
        asyncio.run(_schema_from_models(TEST_DATABASE_URL) if SCHEMA_FROM_MODELS else migrate(TEST_DATABASE_URL))
    return TEST_DATABASE_URL


async def _schema_from_models(url: str) -> None:
    await init_orm(url)
    try:
        await Tortoise.generate_schemas()
    finally:
        await close_orm()


@pytest.fixture
def settings() -> Settings:
    return make_settings()


@pytest.fixture
async def db(migrated_database: str, request: pytest.FixtureRequest) -> AsyncIterator[None]:
    """The database of one test; after it, the money must still add up (tests/consistency.py), unless the test
    is marked ``ledger_left_inconsistent`` (it breaks the ledger on purpose, to see it repaired or refused)."""
    await init_orm(migrated_database)
    if not IS_MYSQL:
        await Tortoise.generate_schemas()
    try:
        yield
        if "ledger_left_inconsistent" not in request.keywords:
            await assert_ledger_consistent()
    finally:
        if IS_MYSQL:
            await empty_all_tables()
        await close_orm()


async def empty_all_tables() -> None:
    """Truncate every table (MariaDB runs share one database across the session)."""
    conn = connections.get("default")
    tables = [table_of(model) for model in Tortoise.apps["models"].values()]
    await conn.execute_script(
        "SET FOREIGN_KEY_CHECKS=0;" + "".join(f"TRUNCATE TABLE `{t}`;" for t in tables) + "SET FOREIGN_KEY_CHECKS=1;"
    )


@pytest.fixture
async def app(db: None, settings: Settings) -> AsyncIterator[Sanic]:
    async with running(create_app(settings, manage_orm=False)) as application:
        yield application


@pytest.fixture
async def client(app: Sanic) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http

