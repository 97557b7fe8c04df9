"""Tortoise's SQLite engine, with transactions that take the write lock as they begin.

Under ``make run`` the web and the worker processes write to one SQLite file. A plain ``BEGIN``
is deferred: the transaction takes the write lock only at its first write. If another process
commits in between, SQLite (in WAL mode) refuses the write at once with "database is locked",
without waiting, because the transaction's earlier reads may be stale. ``BEGIN IMMEDIATE`` takes
the lock up front, so a second writer waits for the first to commit (the connection's busy
timeout) and then reads fresh data. SQLite serialises writers either way; this only makes them
queue instead of fail. A lock held past the busy timeout is an ``OperationalError`` (503 for a
request), and the connection is free again for the next transaction. Selected by
``models.db.tortoise_config`` for ``sqlite://`` URLs.
"""

from __future__ import annotations

import sqlite3

from tortoise.backends.base.client import TransactionalDBClient, TransactionContext
from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionContext, SqliteTransactionWrapper
from tortoise.connection import get_connections
from tortoise.exceptions import OperationalError


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:  # still locked after the busy timeout
            raise OperationalError(exc) from exc


class ImmediateTransactionContext(SqliteTransactionContext):
    """Tortoise's context, except that a BEGIN that fails gives the connection back to the process."""

    async def __aenter__(self) -> TransactionalDBClient:
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
            await self.connection.begin()
        except BaseException:
            self._trxlock.release()
            raise
        self.token = get_connections().set(self.connection_name, self.connection)
        return self.connection


class ImmediateSqliteClient(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return ImmediateTransactionContext(ImmediateTransactionWrapper(self), self._lock)


client_class = ImmediateSqliteClient
