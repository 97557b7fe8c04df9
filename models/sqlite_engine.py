"""Tortoise's SQLite engine, with transactions that take the write lock as they begin.

Under ``make run`` the web and the worker processes write to one SQLite file. A plain ``BEGIN``
is deferred: the transaction takes the write lock only at its first write. If another process
commits in between, SQLite (in WAL mode) refuses the write at once with "database is locked",
without waiting, because the transaction's earlier reads may be stale. ``BEGIN IMMEDIATE`` takes
the lock up front, so a second writer waits for the first to commit (the connection's busy
timeout) and then reads fresh data. SQLite serialises writers either way; this only makes them
queue instead of fail. A lock held past the busy timeout is an ``OperationalError`` (503 for a
request), and the connection is free again for the next transaction. Selected by
``models.db.tortoise_config`` for ``sqlite://`` URLs; the client itself subclasses Tortoise's
private parts, so it lives in ``models/tortoise_adapter.py``.
"""

from __future__ import annotations

from models.tortoise_adapter import ImmediateSqliteClient

client_class = ImmediateSqliteClient
