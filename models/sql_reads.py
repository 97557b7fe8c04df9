"""Hot reads written as plain parameterised SQL, run on Tortoise's connection.

Every authenticated request looks its caller up, and children and parents open a few lists many
times a day; for these reads Tortoise spent about as long building the statement (pypika, ``Q``
resolution, quoting) as the database spent running it (bench/README.md). Their SQL is written out
once instead, so a call only binds its values.

Statements use ``%s`` placeholders (turned into ``?`` on SQLite) and backtick-quoted identifiers,
which SQLite, MySQL and MariaDB all read. A row is a dict of the driver's values (a datetime column is
text on SQLite, ``models.timeutil.from_column`` reads both); callers that need model instances make
them the way Tortoise's own executor does (``models/tortoise_adapter.py``: ``from_row``), the hottest
reads serialise the rows themselves.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models.tortoise_adapter import columns_of, dialect_of, table_of

PLACEHOLDER = "%s"
# A row of a plain SQL statement, by column name.
Row = dict[str, Any]


async def fetch(sql: str, *parameters: Any, using_db: BaseDBAsyncClient | None = None) -> list[Row]:
    """The rows of ``sql`` with ``parameters`` bound, on ``using_db``, else on the connection of the
    current transaction if any."""
    connection = using_db or connections.get("default")
    return await connection.execute_query_dict(in_dialect(connection, sql), list(parameters))


def in_dialect(connection: BaseDBAsyncClient, sql: str) -> str:
    """``sql`` with the placeholders ``connection``'s driver reads (``?`` on SQLite)."""
    return sql.replace(PLACEHOLDER, "?") if dialect_of(connection) == "sqlite" else sql


def table(model: type[Model], alias: str | None = None) -> str:
    """``chores`` or ``chores AS c``, quoted."""
    quoted = f"`{table_of(model)}`"
    return f"{quoted} AS {alias}" if alias else quoted


@cache
def select_list(model: type[Model], alias: str | None = None) -> str:
    """Every column of ``model``; under ``alias``, each named ``<alias>__<column>`` in the row (for joins)."""
    if alias is None:
        return ", ".join(f"`{column}`" for column in columns_of(model))
    return ", ".join(f"{alias}.`{column}` AS `{alias}__{column}`" for column in columns_of(model))


def part(row: Row, model: type[Model], alias: str) -> Row:
    """The share of a joined row that ``select_list(model, alias)`` selected, by column name."""
    prefix = f"{alias}__"
    return {column: row[prefix + column] for column in columns_of(model)}


def marks(count: int) -> str:
    """``%s, %s, ...``: the placeholders of an ``IN`` list of ``count`` values."""
    return ", ".join([PLACEHOLDER] * count)
