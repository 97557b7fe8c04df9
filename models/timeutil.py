"""UTC time helpers shared by every package."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import overload


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Treat naive datetimes (SQLite, MySQL DATETIME) as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@overload
def isoformat_z(value: datetime) -> str: ...
@overload
def isoformat_z(value: None) -> None: ...
@overload
def isoformat_z(value: datetime | None) -> str | None: ...
def isoformat_z(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z`` suffix, the project's wire format for timestamps."""
    if value is None:
        return None
    return as_utc(value).replace(tzinfo=None).isoformat() + "Z"


@overload
def from_column(value: datetime | str) -> datetime: ...
@overload
def from_column(value: None) -> None: ...
@overload
def from_column(value: datetime | str | None) -> datetime | None: ...
def from_column(value: datetime | str | None) -> datetime | None:
    """A datetime column as the driver gives it in a plain SQL row: SQLite gives ISO text (what
    Tortoise wrote: ``2026-12-07 14:12:22.123456+00:00``), MariaDB a naive datetime in UTC."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value
