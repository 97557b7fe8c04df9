"""Every use of Tortoise ORM's private parts, in one place, checked against the installed version.

Tortoise has no public way to do these, and each is used for a measured reason:

- SQLite transactions that begin with ``BEGIN IMMEDIATE`` (``models/sqlite_engine.py`` says why):
  Tortoise has no option for it, so its SQLite client, transaction wrapper and transaction context
  are subclassed here, using their private ``_connection``, ``_trxlock``, ``_lock``,
  ``_in_transaction`` and the connections registry's ``set``.
- The statements of those transactions run on the event loop's thread, not aiosqlite's (the wrapper
  says why and when that is safe): the wrapper's ``execute_*`` methods are overridden after Tortoise's
  own (its ``translate_exceptions``, its debug log of each statement, its NUL spelling), and the
  client's ``create_connection`` opens the connection as Tortoise's does (``filename``, ``pragmas``,
  ``_post_connect``) but usable from that thread.
- Rows of plain SQL made into model instances (``models/sql_reads.py``): ``Model._init_from_db``
  (what Tortoise's own executor calls for every row) and ``Model._meta`` for the table and column
  names; the other way, an instance's values read as a plain row (its ``__dict__``).
- Values of plain SQL writes (``models/sql_writes.py``) converted by the column's field, as Tortoise's
  executor converts them (``Model._meta`` maps a column to its field).
- The ``_<field>`` attribute where Tortoise keeps a ``select_related`` object.
- ``Tortoise.init(_enable_global_fallback=True)``, so that request tasks see the connections a
  listener opened (stack-notes.md, §1a).
- Times of day on SQLite: Tortoise registers sqlite3 adapters for dates and datetimes but none for
  ``datetime.time``, so a ``TimeField`` (a schedule's due time) could not be written; the adapter
  below writes the ISO text Tortoise's ``TimeField`` reads back.

Importing this module on a Tortoise release outside ``SUPPORTED`` raises UnsupportedLibraryVersion.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, TypeVar, cast

import aiosqlite
from tortoise import Tortoise, fields
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient, TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
    translate_exceptions,
)
from tortoise.connection import get_connections
from tortoise.exceptions import OperationalError
from tortoise.models import Model

from models.aiosqlite_adapter import sqlite3_connection
from models.library_versions import require_version
from models.timeutil import from_column

SUPPORTED = {"at_least": "1.1.9", "below": "1.2"}
TORTOISE_VERSION = require_version("tortoise-orm", **SUPPORTED, adapter=__name__)

M = TypeVar("M", bound=Model)

sqlite3.register_adapter(datetime.time, datetime.time.isoformat)


async def init_tortoise(config: dict) -> None:
    """``Tortoise.init`` with the global fallback: request tasks do not inherit a listener's context."""
    await Tortoise.init(config=config, _enable_global_fallback=True)


def table_of(model: type[Model]) -> str:
    return model._meta.db_table


@cache
def columns_of(model: type[Model]) -> tuple[str, ...]:
    """The model's columns, in field order (a foreign key ``chore`` is its column ``chore_id``)."""
    return tuple(model._meta.fields_db_projection.values())


@cache
def datetime_columns_of(model: type[Model]) -> tuple[str, ...]:
    """The columns of the model's ``DatetimeField``s."""
    meta = model._meta
    return tuple(column for name, column in meta.fields_db_projection.items()
                 if isinstance(meta.fields_map[name], fields.DatetimeField))


def from_row(model: type[M], row: dict[str, Any]) -> M:
    """A saved instance from one row holding every column of the model, as Tortoise's executor makes it.

    SQLite gives datetimes as ISO text, which Tortoise parses with a pure-Python parser (about 12 µs a
    value); ``datetime.fromisoformat`` reads the same text some 50 times faster, and Tortoise then
    only moves the aware result to its time zone, as it does with the parser's.
    """
    values = dict(row)
    for column in datetime_columns_of(model):
        values[column] = from_column(values[column])
    return model._init_from_db(**values)


def key_of(model: type[Model]) -> str:
    """The column of the model's primary key."""
    return model._meta.db_pk_column


def to_db(model: type[Model], column: str, value: Any) -> Any:
    """``value`` as Tortoise's executor sends it for ``column`` (an enum's value, a JSON document's text...)."""
    meta = model._meta
    return meta.fields_map[meta.fields_db_projection_reverse.get(column, column)].to_db_value(value, model)


def values_of(instance: Model) -> Mapping[str, Any]:
    """An instance's values by column name, as a plain SQL row of its table holds them (a foreign key
    ``chore`` is ``chore_id``): its attributes, where Tortoise keeps them."""
    return instance.__dict__


def fetched_related(instance: Model, field: str) -> Model | None:
    """The related object ``select_related`` gave ``instance``, None when it found none or was not asked
    for it."""
    related = instance.__dict__.get(f"_{field}")
    return related if isinstance(related, Model) else None


def dialect_of(connection: BaseDBAsyncClient) -> str:
    return connection.capabilities.dialect


class ImmediateTransactionWrapper(SqliteTransactionWrapper):
    """A transaction that begins with ``BEGIN IMMEDIATE`` and then runs its statements on the event
    loop's thread, not aiosqlite's.

    Once ``BEGIN IMMEDIATE`` has returned, the transaction holds SQLite's write lock, so none of its
    statements can wait for another connection: each runs in microseconds, for which a hop to
    aiosqlite's thread and back costs some 50 µs of CPU (models/aiosqlite_adapter.py). The hops that
    can wait stay on that thread: the BEGIN (for the lock) and the COMMIT or ROLLBACK (the fsync).
    Using the connection from two threads is safe because they take turns: the transaction holds the
    client's lock, and every earlier hop, cancelled or not, was queued before its BEGIN and so ran
    before it returned.
    """

    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:  # still locked after the busy timeout
            raise OperationalError(exc) from exc

    @translate_exceptions
    async def execute_insert(self, query: str, values: list) -> int:
        async with self.acquire_connection():
            self.log.debug("%s: %s", query, values)
            cursor = sqlite3_of(self).execute(query, values)
            cursor.close()
            return cast(int, cursor.lastrowid)

    @translate_exceptions
    async def execute_many(self, query: str, values: list[list]) -> None:
        async with self.acquire_connection():
            self.log.debug("%s: %s", query, values)
            sqlite3_of(self).executemany(query, values).close()

    @translate_exceptions
    async def execute_query(self, query: str, values: list | None = None) -> tuple[int, Sequence[dict]]:
        query = _with_nul_characters(query)
        async with self.acquire_connection():
            self.log.debug("%s: %s", query, values)
            connection = sqlite3_of(self)
            start = connection.total_changes
            rows = _fetch_all(connection, query, values)
            return (connection.total_changes - start) or len(rows), rows

    @translate_exceptions
    async def execute_query_dict(self, query: str, values: list | None = None) -> list[dict]:
        query = _with_nul_characters(query)
        async with self.acquire_connection():
            self.log.debug("%s: %s", query, values)
            return [dict(row) for row in _fetch_all(sqlite3_of(self), query, values)]


def sqlite3_of(client: SqliteClient) -> sqlite3.Connection:
    """The sqlite3 connection under a SQLite client or one of its transactions (``_connection``)."""
    return sqlite3_connection(cast(aiosqlite.Connection, client._connection))


def _with_nul_characters(query: str) -> str:
    """The query with NUL characters spelled out, which sqlite3 cannot take (as Tortoise's client does)."""
    return query.replace("\x00", "'||CHAR(0)||'")


def _fetch_all(connection: sqlite3.Connection, query: str, values: list | None) -> list[Any]:
    cursor = connection.execute(query, values or ())
    try:
        return cursor.fetchall()
    finally:
        cursor.close()


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
    """Tortoise's SQLite client whose transactions begin with ``BEGIN IMMEDIATE`` and run their
    statements on the event loop's thread (``ImmediateTransactionWrapper``)."""

    async def create_connection(self, with_db: bool) -> None:
        """Tortoise's, but with a connection the event loop's thread may use too (``check_same_thread``)."""
        if not self._connection:
            self._connection = await aiosqlite.connect(self.filename, isolation_level=None, check_same_thread=False)
            sqlite3_of(self).row_factory = sqlite3.Row
            for pragma, value in self.pragmas.items():
                await (await self._connection.execute(f"PRAGMA {pragma}={value}")).close()
            await self._post_connect()

    def _in_transaction(self) -> TransactionContext:
        return ImmediateTransactionContext(ImmediateTransactionWrapper(self), self._lock)
