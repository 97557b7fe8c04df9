"""Statements of the hot write paths as plain parameterised SQL, on the caller's transaction.

The approval cycle (complete, then approve) is most of what the API writes; Tortoise spent about as
long building each of its statements as the database spent running them. As for the hot reads
(models/sql_reads.py, whose conventions these follow: ``%s`` placeholders, backtick identifiers),
the SQL is written once and a call only binds its values, which the columns' fields convert as
Tortoise's executor would (``to_db``), so the rows stored are the ones Tortoise would store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models.sql_reads import PLACEHOLDER, in_dialect, table
from models.tortoise_adapter import dialect_of, from_row, key_of, to_db

M = TypeVar("M", bound=Model)


def is_sqlite(conn: BaseDBAsyncClient) -> bool:
    return dialect_of(conn) == "sqlite"


def locking(conn: BaseDBAsyncClient, sql: str) -> str:
    """``sql`` as a locking read (SQLite has no row locks: its transactions hold the whole file)."""
    return sql if is_sqlite(conn) else f"{sql} FOR UPDATE"


async def execute(conn: BaseDBAsyncClient, sql: str, *parameters: Any) -> int:
    """Run an UPDATE or DELETE; the number of rows it changed."""
    changed, _ = await conn.execute_query(in_dialect(conn, sql), list(parameters))
    return changed


async def update_row(conn: BaseDBAsyncClient, instance: Model, columns: Sequence[str]) -> None:
    """Write these columns of a saved instance, as ``instance.save(update_fields=...)`` would."""
    model = type(instance)
    values = [to_db(model, column, getattr(instance, column)) for column in columns]
    await execute(conn, _update_sql(model, tuple(columns)), *values, instance.pk)


@cache
def _update_sql(model: type[Model], columns: tuple[str, ...]) -> str:
    assignments = ", ".join(f"`{column}` = %s" for column in columns)
    return f"UPDATE {table(model)} SET {assignments} WHERE `{key_of(model)}` = %s"


async def insert_rows(conn: BaseDBAsyncClient, model: type[M], rows: Sequence[Mapping[str, Any]]) -> list[M]:
    """``insert_values``, returning the rows as saved instances with their keys."""
    first = await insert_values(conn, model, rows)
    key = key_of(model)
    return [from_row(model, {**row, key: first + offset}) for offset, row in enumerate(rows)]


async def insert_values(conn: BaseDBAsyncClient, model: type[Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert rows (each a mapping of every column but the key, in one order) in ONE statement; the
    key of the first.

    A multi-row INSERT gets consecutive keys: InnoDB reserves them together for an insert whose
    row count is known (every ``innodb_autoinc_lock_mode``), SQLite's single writer numbers the rows
    one after the other. MySQL reports the first key, SQLite the last.
    """
    if not rows:
        return 0
    columns = tuple(rows[0])
    values = [to_db(model, column, row[column]) for row in rows for column in columns]
    reported = await conn.execute_insert(in_dialect(conn, _insert_sql(model, columns, len(rows))), values)
    return reported - len(rows) + 1 if is_sqlite(conn) else reported


@cache
def _insert_sql(model: type[Model], columns: tuple[str, ...], count: int) -> str:
    names = ", ".join(f"`{column}`" for column in columns)
    one = "(" + ", ".join([PLACEHOLDER] * len(columns)) + ")"
    return f"INSERT INTO {table(model)} ({names}) VALUES " + ", ".join([one] * count)
