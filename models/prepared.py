"""Reads whose SQL Tortoise builds once per SQL dialect, so that each call only binds its values.

On the hot read paths Tortoise spends about as long building a statement (pypika, ``Q`` resolution,
quoting) as the database spends running it (bench/README.md). A :class:`PreparedRead` builds its
query once per dialect with sentinel values in place of its arguments, notes where they land among
the statement's parameters, and from then on runs that SQL with the caller's values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.models import Model
from tortoise.queryset import QuerySet, ValuesQuery

# Far outside any id or date the application stores, so that no constant of a query equals one.
_FIRST_INT_SENTINEL = -7_300_000_001
_DATETIME_SENTINEL_BASE = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


def _sentinel(index: int, value: Any) -> Any:
    if isinstance(value, datetime):
        return _DATETIME_SENTINEL_BASE.replace(microsecond=index + 1)
    if isinstance(value, int) and not isinstance(value, bool):
        return _FIRST_INT_SENTINEL - index
    raise TypeError(f"a prepared read takes integers and datetimes, not {type(value).__name__}")


@dataclass(frozen=True)
class _Statement:
    sql: str
    # Per parameter: the argument it takes, or None and the query's own constant.
    slots: tuple[tuple[str | None, Any], ...]
    # How Tortoise splits a row among the model and its select_related ones.
    select_related_idx: list | None

    def parameters(self, values: dict[str, Any]) -> list[Any]:
        return [values[name] if name is not None else constant for name, constant in self.slots]


class PreparedRead:
    """``build(**arguments)`` made into SQL once per dialect; arguments are integers or datetimes.

    ``rows`` gives the rows as the driver returns them (callers convert); ``instances`` gives model
    instances, with their ``select_related`` ones, as awaiting the query itself would.
    """

    def __init__(self, model: type[Model], build: Callable[..., QuerySet[Any] | ValuesQuery[Any]], *arguments: str):
        self._model = model
        self._build = build
        self._arguments = arguments
        self._statements: dict[str, _Statement] = {}

    async def rows(self, **values: Any) -> list[dict[str, Any]]:
        db = self._model._meta.db
        statement = self._statement(db, values)
        return await db.execute_query_dict(statement.sql, statement.parameters(values))

    async def instances(self, **values: Any) -> list[Model]:
        db = self._model._meta.db
        statement = self._statement(db, values)
        executor = db.executor_class(model=self._model, db=db, select_related_idx=statement.select_related_idx)
        return await executor.execute_select(statement.sql, statement.parameters(values))

    def _statement(self, db: Any, values: dict[str, Any]) -> _Statement:
        dialect = db.capabilities.dialect
        statement = self._statements.get(dialect)
        if statement is None:
            statement = self._statements[dialect] = self._prepare(values)
        return statement

    def _prepare(self, values: dict[str, Any]) -> _Statement:
        sentinels = {_sentinel(index, values[name]): name for index, name in enumerate(self._arguments)}
        query = self._build(**{name: sentinel for sentinel, name in sentinels.items()})
        query.sql()  # builds the pypika query for the connection's dialect
        sql, parameters = query.query.get_parameterized_sql()
        slots = tuple(
            (sentinels[value], None) if _is_sentinel(value, sentinels) else (None, value) for value in parameters
        )
        missing = set(self._arguments) - {name for name, _ in slots}
        if missing:
            raise ValueError(f"arguments {sorted(missing)} are not parameters of the statement: {sql}")
        return _Statement(sql, slots, getattr(query, "_select_related_idx", None))


def _is_sentinel(value: Any, sentinels: dict[Any, str]) -> bool:
    return isinstance(value, (int, datetime)) and not isinstance(value, bool) and value in sentinels
