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
