"""A chore as its caller sees it now, with its rows, built for any number of chores in one query.

Every list runs a fixed number of queries: the chores (or rows) of the page, then all the rows of
those chores in one more query (:func:`load_views`). Rows are read "as of now" (``settle``): an
approved recurring cycle whose cooldown has ended is OPEN, an expired pool claim is gone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from api.chores import queries
from models import Chore, ChoreAssignment
from models.assignments import settle
from models.sql_reads import Row
from models.timeutil import from_column
from models.tortoise_adapter import values_of


@dataclass(frozen=True)
class Compat:
    """The reference's chore-level fields, filled from one child's row in a few views (§1.5)."""

    is_completed: bool
    is_approved: bool
    completed_at: datetime | None
    approved_at: datetime | None
    approval_reward_cents: int | None
    rejection_reason: str | None

    @classmethod
    def of(cls, row: ChoreAssignment) -> Compat:
        return cls(
            row.is_completed,
            row.is_approved,
            row.completion_date,
            row.approval_date,
            row.approval_reward_cents,
            row.rejection_reason,
        )


@dataclass
class ChoreView:
    """A chore as a caller sees it now: its live rows (id asc) and the row of the child in focus."""

    chore: Chore
    assignments: list[ChoreAssignment]
    focus: ChoreAssignment | None = None
    compat: Compat | None = None
    # The focused child's current occurrence of a scheduled chore (api/chores/occurrences.py).
    occurrence: Row | None = None

    @property
    def chore_id(self) -> int:
        return self.chore.id

    @property
    def next_available_at(self) -> datetime | None:
        focus = None if self.focus is None else values_of(self.focus)
        return next_available(focus, [values_of(row) for row in self.assignments])


def next_available(focus: Mapping[str, Any] | None, rows: Sequence[Mapping[str, Any]]) -> datetime | None:
    """When a chore can be done again: the focused row's cooldown end, else the earliest running one
    (rows as plain SQL rows or instances' values hold them)."""
    if focus is not None:
        return from_column(focus["cooldown_ends_at"])
    ends = [end for row in rows if (end := from_column(row["cooldown_ends_at"])) is not None]
    return min(ends, default=None)


async def load_views(
    chores: list[Chore],
    now: datetime,
    *,
    focus_child_id: int | None = None,
    with_compat: bool = False,
    using_db: BaseDBAsyncClient | None = None,
) -> list[ChoreView]:
    """Views of these chores with all their live rows, fetched in one query whatever their number."""
    rows = await queries.rows_of_chores([chore.id for chore in chores], using_db=using_db)
    return _views(chores, rows, now, focus_child_id, with_compat)


def view_of(chore: Chore, rows: list[ChoreAssignment], now: datetime, *, focus_child_id: int | None = None) -> ChoreView:
    """The view of a chore from every row of it as stored (id asc), with no query: those a use case
    has locked and changed (models/chore_locks.py). The view holds copies, since settling changes
    rows, and the use case's own rows must stay as it left them."""
    return _views([chore], [copy(row) for row in rows], now, focus_child_id, with_compat=False)[0]


def _views(
    chores: list[Chore], rows: list[ChoreAssignment], now: datetime, focus_child_id: int | None, with_compat: bool
) -> list[ChoreView]:
    by_chore: dict[int, list[ChoreAssignment]] = defaultdict(list)
    for row in settle(rows, now):
        by_chore[row.chore_id].append(row)
    views = []
    for chore in chores:
        live = by_chore[chore.id]
        focus = next((row for row in live if row.assignee_id == focus_child_id), None)
        views.append(ChoreView(chore, live, focus, Compat.of(focus) if with_compat and focus else None))
    return views
