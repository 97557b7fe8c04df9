"""The busiest chore lists as plain rows: a child's available chores (C3), the parents' pending
approvals (C4).

They show what ``load_views`` shows (api/chores/views.py) without making a single model instance:
their statements (api/chores/queries.py) give plain rows, each chore with its live rows, settled as
of now by the database, and the schemas serialise the rows as they are. Making instances, and
Tortoise's parsing of SQLite's datetimes, cost more than the statements themselves; on SQLite each
statement costs a hop to the driver's thread and back, so each list reads its chores and their rows
together.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from api.chores import queries
from api.chores.views import next_available
from models.sql_reads import Row


@dataclass
class ListedChore:
    """A chore as its caller sees it now, in plain rows: its live rows (id asc), the row of the child in
    focus, and the focused child's current occurrence of a scheduled chore (api/chores/occurrences.py)."""

    chore: Row
    assignments: list[Row]
    focus: Row | None = None
    occurrence: Row | None = None

    @classmethod
    def of(cls, chore: Row, rows: list[Row], focus_child_id: int | None = None) -> ListedChore:
        """The chore with its live rows, focused on the row of ``focus_child_id`` if he has one."""
        return cls(chore, rows, next((row for row in rows if row["assignee_id"] == focus_child_id), None))

    @property
    def chore_id(self) -> int:
        return self.chore["id"]

    @property
    def next_available_at(self) -> datetime | None:
        return next_available(self.focus, self.assignments)


async def listed_chores(chores: list[Row], now: datetime, *, focus_child_id: int | None = None) -> list[ListedChore]:
    """These chores with all their live rows, fetched in one statement whatever their number."""
    rows_of: dict[int, list[Row]] = defaultdict(list)
    for row in await queries.live_rows_of([chore["id"] for chore in chores], now):
        rows_of[row["chore_id"]].append(row)
    return [ListedChore.of(chore, rows_of[chore["id"]], focus_child_id) for chore in chores]


def by_chore(rows: list[tuple[Row, Row]]) -> dict[int, ListedChore]:
    """Live rows (id asc), each with its chore, as the listed chores by id."""
    listed: dict[int, ListedChore] = {}
    for row, chore in rows:
        listed.setdefault(chore["id"], ListedChore(chore, [])).assignments.append(row)
    return listed
