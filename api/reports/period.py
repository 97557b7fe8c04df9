"""The ``date_from`` / ``date_to`` filters of the reports (contract R1–R3, decision D7).

``date_from`` is a date or a full ISO datetime; ``date_to`` a date (its whole day is included) or a
full ISO datetime (included). Naive values are UTC. Bad or inverted values are the client's
mistake: 400 with a message that says what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from tortoise.expressions import Q

from api.errors import BadRequest
from models.timeutil import as_utc


@dataclass(frozen=True)
class DateRange:
    """A half-open UTC interval [start, end); either side may be open."""

    start: datetime | None = None
    end: datetime | None = None
    # What reports print as the period's end: the end of date_to's day, or the datetime given.
    shown_end: datetime | None = None

    def covering(self, field: str) -> Q:
        """A filter keeping the rows whose ``field`` falls in the range."""
        bounds: dict[str, datetime] = {}
        if self.start is not None:
            bounds[f"{field}__gte"] = self.start
        if self.end is not None:
            bounds[f"{field}__lt"] = self.end
        return Q(join_type=Q.AND, **bounds)


def _parse_datetime(value: str) -> datetime:
    try:
        return as_utc(datetime.fromisoformat(value))
    except ValueError as exc:
        raise BadRequest(f"Invalid date format: {exc}") from None
    except OverflowError:
        raise BadRequest(f"Invalid date format: {value!r} is out of range") from None


def _is_plain_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _end_bounds(date_to: str) -> tuple[datetime | None, datetime]:
    """(exclusive end, shown end) of a ``date_to`` value: a whole day, or an instant.

    The last day a datetime can hold has no exclusive end: the range is then open-ended.
    """
    if _is_plain_date(date_to):
        day = datetime.combine(date.fromisoformat(date_to), time.min, tzinfo=UTC)
        shown_end, step = day.replace(hour=23, minute=59, second=59), timedelta(days=1)
    else:
        day = shown_end = _parse_datetime(date_to)
        step = timedelta(microseconds=1)
    try:
        return day + step, shown_end
    except OverflowError:
        return None, shown_end


def parse_date_range(date_from: str | None, date_to: str | None) -> DateRange:
    """The range the two query values describe; empty values mean no bound, as the client omits them."""
    start = _parse_datetime(date_from) if date_from else None
    end, shown_end = _end_bounds(date_to) if date_to else (None, None)
    if start is not None and end is not None and start >= end:
        raise BadRequest("Invalid date range: date_from must not be after date_to")
    return DateRange(start=start, end=end, shown_end=shown_end)
