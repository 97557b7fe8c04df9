"""Database configuration and lifecycle for every process.

MySQL/MariaDB schemas come from the aerich migrations in ``migrations/``; SQLite databases
(local runs, tests) are built from the models, since aerich files are dialect-specific SQL.
"""

from __future__ import annotations

from pathlib import Path

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url

from models.tortoise_adapter import init_tortoise
from settings import PROJECT_ROOT

MODEL_MODULES = ["models.activities", "models.allowances", "models.api_tokens", "models.assignments",
                 "models.calendar_feeds", "models.chores", "models.events", "models.families", "models.idempotency",
                 "models.jars", "models.ledger", "models.push", "models.redemptions", "models.rewards", "models.schedules",
                 "models.streaks", "models.users", "models.webhooks"]
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
SQLITE_ENGINE = "models.sqlite_engine"
# Connections per process. With Tortoise's default of 5, a request that gives its connection back
# between two statements takes it again ahead of those waiting, and the waiters' latency is 3-4x the
# median (bench/README.md, issue #16). Two web processes, the worker and realtime stay far below
# MySQL's default max_connections (151).
MYSQL_POOL_MAXSIZE = 16


def tortoise_config(database_url: str, *, with_aerich: bool = False) -> dict:
    modules = MODEL_MODULES + (["aerich.models"] if with_aerich else [])
    return {
        "connections": {"default": _connection_config(database_url)},
        "apps": {"models": {"models": modules, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def _connection_config(database_url: str) -> dict:
    """The URL's settings; SQLite gets our engine with immediate transactions, MySQL a larger pool
    (``MYSQL_POOL_MAXSIZE``) unless the URL sets ``?maxsize=``."""
    config = expand_db_url(database_url)
    if database_url.startswith("sqlite://"):
        return {**config, "engine": SQLITE_ENGINE}
    config["credentials"].setdefault("maxsize", MYSQL_POOL_MAXSIZE)
    return config


def _sqlite_path(database_url: str) -> Path | None:
    path = database_url.removeprefix("sqlite://")
    return None if path == ":memory:" else Path(path)


async def init_orm(database_url: str) -> None:
    """Open the connections of this process (the global fallback lets request tasks see them)."""
    if database_url.startswith("sqlite://") and (path := _sqlite_path(database_url)):
        path.parent.mkdir(parents=True, exist_ok=True)
    await init_tortoise(tortoise_config(database_url))


async def close_orm() -> None:
    await Tortoise.close_connections()


async def migrate(database_url: str) -> list[str]:
    """Bring the schema up to date: aerich upgrade on MySQL, create missing tables on SQLite."""
    if database_url.startswith("mysql://"):
        from aerich import Command

        async with Command(
            tortoise_config=tortoise_config(database_url, with_aerich=True),
            app="models",
            location=str(MIGRATIONS_DIR),
        ) as command:
            return await command.upgrade(run_in_transaction=True)
    await init_orm(database_url)
    try:
        await Tortoise.generate_schemas(safe=True)
    finally:
        await close_orm()
    return []
