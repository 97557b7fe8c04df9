"""Reads whose SQL Tortoise builds once per SQL dialect, so that each call only binds its values.

On the hot read paths Tortoise spends about as long building a statement (pypika, ``Q`` resolution,
quoting) as the database spends running it (bench/README.md). A :class:`PreparedRead` builds its
query once per dialect with sentinel numbers in place of its arguments, notes where they land among
the statement's parameters, and from then on runs that SQL with the caller's values. Rows come back
as the database driver gives them (no model instances, no field conversions): callers convert.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tortoise.models import Model
from tortoise.queryset import QuerySet, ValuesQuery

# Far outside any id, so that a sentinel cannot be mistaken for a constant of the query.
_FIRST_SENTINEL = -7_300_000_001


@dataclass(frozen=True)
class _Statement:
    sql: str
    # Per parameter: the argument it takes, or None for a constant of the query with its value.
    slots: tuple[tuple[str | None, Any], ...]

    def parameters(self, values: dict[str, int]) -> list[Any]:
        return [values[name] if name is not None else constant for name, constant in self.slots]


class PreparedRead:
    """``build(**arguments)`` made into SQL once per dialect; integer arguments only.

    >>> TOTALS = PreparedRead(Entry, lambda child_id: Entry.filter(child_id=child_id).values("kind"), "child_id")
    >>> rows = await TOTALS.rows(child_id=7)
    """

    def __init__(self, model: type[Model], build: Callable[..., QuerySet[Any] | ValuesQuery[Any]], *arguments: str):
        self._model = model
        self._build = build
        self._arguments = arguments
        self._statements: dict[str, _Statement] = {}

    async def rows(self, **values: int) -> list[dict[str, Any]]:
        db = self._model._meta.db
        dialect = db.capabilities.dialect
        statement = self._statements.get(dialect)
        if statement is None:
            statement = self._statements[dialect] = self._prepare()
        return await db.execute_query_dict(statement.sql, statement.parameters(values))

    def _prepare(self) -> _Statement:
        sentinels = {_FIRST_SENTINEL - index: name for index, name in enumerate(self._arguments)}
        query = self._build(**{name: sentinel for sentinel, name in sentinels.items()})
        query.sql()  # makes the pypika query of the connection's dialect
        sql, parameters = query.query.get_parameterized_sql()
        slots = tuple(
            (sentinels[value], None) if isinstance(value, int) and value in sentinels else (None, value)
            for value in parameters
        )
        missing = set(self._arguments) - {name for name, _ in slots}
        if missing:
            raise ValueError(f"arguments {sorted(missing)} are not parameters of the statement: {sql}")
        return _Statement(sql, slots)
