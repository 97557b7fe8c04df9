"""Field types of the response shapes, as the wire carries them (contract §0.6).

The ``*Out`` TypedDicts of each ``schemas.py`` annotate their fields with these, so that the OpenAPI
document (``api/openapi.py``) describes timestamps, dates and decimal strings precisely.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, overload

from pydantic import WithJsonSchema

from models.timeutil import from_column, isoformat_z

# ISO 8601 in UTC with a ``Z`` suffix, as ``models.timeutil.isoformat_z`` writes it.
Timestamp = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
# ``YYYY-MM-DD`` (statistics week bounds).
Day = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]
# Money on chores, assignments, balances, reports and statistics: a JSON number.
Money = float
# Money on adjustments and payouts: a decimal string with two places (``"-3.50"``), or ``"0"`` for an empty total.
DecimalText = Annotated[
    str, WithJsonSchema({"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]{2})?$", "example": "-3.50"})
]
# A local time of day, "HH:MM" (00:00 to 23:59), read in the family's time zone.
LOCAL_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


def minutes_after_midnight(text: str) -> int:
    """``"07:30"`` (matching LOCAL_TIME) as minutes after midnight: 450."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def local_time_text(minutes: int) -> str:
    """Minutes after midnight as ``"HH:MM"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@overload
def timestamp_out(value: datetime | str) -> str: ...
@overload
def timestamp_out(value: None) -> None: ...
@overload
def timestamp_out(value: datetime | str | None) -> str | None: ...
def timestamp_out(value: datetime | str | None) -> str | None:
    """``Timestamp`` of a datetime, of a plain SQL row's datetime column (models.timeutil.from_column), or None."""
    return isoformat_z(from_column(value))
