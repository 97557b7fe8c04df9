"""Dependency checks behind the health routes: the database and Redis, each with a short timeout.

Failures are reported by kind only (``DBConnectionError``, ``timed out after 2s``): these routes
are public, and driver messages name hosts, ports and users. The full error goes to the log.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from tortoise import connections

log = logging.getLogger(__name__)

CHECK_TIMEOUT_SECONDS = 2.0
# Tortoise dialect → (the name reported, the query that returns the server's version).
DATABASE_KINDS = {
    "mysql": ("MySQL", "SELECT VERSION() AS version"),
    "sqlite": ("SQLite", "SELECT sqlite_version() AS version"),
}


@dataclasses.dataclass(frozen=True)
class Check:
    """The outcome of one dependency check."""

    healthy: bool
    error: str | None = None
    version: str | None = None
    kind: str | None = None


async def _bounded(name: str, probe: Callable[[], Awaitable[Any]]) -> tuple[Any, str | None]:
    """Run ``probe`` within the timeout: its result and None, or None and the text to report."""
    try:
        return await asyncio.wait_for(probe(), CHECK_TIMEOUT_SECONDS), None
    except TimeoutError:
        error = f"timed out after {CHECK_TIMEOUT_SECONDS:g}s"
    except Exception as exc:  # a dependency's failure is a health answer, never a 500
        log.warning("health check of %s failed", name, exc_info=exc)
        return None, type(exc).__name__
    log.warning("health check of %s failed: %s", name, error)
    return None, error


async def check_database() -> Check:
    """A trivial query through the ORM's connection."""
    _, error = await _bounded("database", lambda: connections.get("default").execute_query("SELECT 1"))
    return Check(healthy=error is None, error=error)


async def check_redis(redis: Redis) -> Check:
    _, error = await _bounded("redis", redis.ping)
    return Check(healthy=error is None, error=error)


async def describe_database() -> Check:
    """Reachability, server type and version of the database."""

    async def version() -> tuple[str, str]:
        connection = connections.get("default")
        dialect = connection.capabilities.dialect
        kind, query = DATABASE_KINDS.get(dialect, (dialect, "SELECT 'unknown' AS version"))
        rows = await connection.execute_query_dict(query)
        return kind, str(rows[0]["version"])

    found, error = await _bounded("database", version)
    if error is not None:
        return Check(healthy=False, error=error)
    kind, server_version = found
    return Check(healthy=True, version=server_version, kind=kind)


async def describe_redis(redis: Redis) -> Check:
    """Reachability and version of Redis."""
    info, error = await _bounded("redis", lambda: redis.info("server"))
    if error is not None:
        return Check(healthy=False, error=error)
    return Check(healthy=True, version=str(info.get("redis_version", "")))


async def readiness(redis: Redis) -> tuple[Check, Check]:
    """The database and Redis, checked concurrently."""
    database, cache = await asyncio.gather(check_database(), check_redis(redis))
    return database, cache


async def details(redis: Redis) -> tuple[Check, Check]:
    """The database and Redis with their versions, checked concurrently."""
    database, cache = await asyncio.gather(describe_database(), describe_redis(redis))
    return database, cache
