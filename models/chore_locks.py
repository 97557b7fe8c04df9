"""The row locks a use case on one chore's rows takes first, in ONE locking statement.

Every use case that changes a chore's assignment rows locks the chore row first, then its rows, so
concurrent ones queue up on the chore and the losers see the winner's rows. Here both come from
one ``SELECT ... FOR UPDATE``: the chore LEFT JOIN every row of it (none: the chore alone), which
the use case then decides on in memory and changes, so that it can answer with the chore's view
built from those rows instead of reading them again (``api.chores.views.view_of``). Locking every
row costs no concurrency: use cases change a chore's rows only under its lock, and the scan of the
chore's rows by its index locked them all before as well. Whether the chore is scheduled rides
along as a subquery, which locks nothing (a locking read locks the rows of its own FROM clause only).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from operator import attrgetter

from tortoise.backends.base.client import BaseDBAsyncClient

from models.assignments import ChoreAssignment
from models.chores import Chore
from models.sql_reads import fetch, part, select_list, table
from models.sql_writes import locking
from models.tortoise_adapter import from_row


@dataclass(frozen=True)
class LockedChore:
    """A locked chore, every row of it (id asc) and whether it is scheduled.

    ``rows`` is what the chore's rows are once the use case is done with them: it changes the rows
    in place, and adds or drops the ones it inserts or deletes (``added``, ``dropped``).
    """

    chore: Chore
    rows: list[ChoreAssignment]
    scheduled: bool

    def row_of(self, child_id: int) -> ChoreAssignment | None:
        """The child's row (his pool claim, on a pool chore)."""
        return next((row for row in self.rows if row.assignee_id == child_id), None)

    def pool_claim(self) -> ChoreAssignment | None:
        return next((row for row in self.rows if row.is_pool_claim), None)

    def row(self, assignment_id: int) -> ChoreAssignment | None:
        return next((row for row in self.rows if row.id == assignment_id), None)

    def first_pending(self) -> ChoreAssignment | None:
        """The first row waiting for approval: what C11 and C12 decide on."""
        return next((row for row in self.rows if row.is_completed and not row.is_approved), None)

    def added(self, row: ChoreAssignment) -> None:
        self.rows.append(row)  # a new row's key is above every other's

    def dropped(self, row: ChoreAssignment) -> None:
        self.rows.remove(row)


@cache
def _sql() -> str:
    """The locking statement (built at the first call, once Tortoise knows every column).

    Not ``ORDER BY a.id``: MariaDB sorts a join through a temporary table, on disk because of
    ``description``, which cost more than the rest of the statement; the few rows are sorted here.
    """
    return (
        f"SELECT {select_list(Chore, 'c')}, {select_list(ChoreAssignment, 'a')}, "
        "EXISTS (SELECT 1 FROM `chore_schedules` AS s WHERE s.`chore_id` = c.`id`) AS `scheduled` "
        f"FROM {table(Chore, 'c')} LEFT JOIN {table(ChoreAssignment, 'a')} ON a.`chore_id` = c.`id` "
        "WHERE c.`id` = %s"
    )


async def lock_chore(chore_id: int, conn: BaseDBAsyncClient) -> LockedChore | None:
    """The chore and every row of it, locked until the transaction ends; None: no such chore."""
    found = await fetch(locking(conn, _sql()), chore_id, using_db=conn)
    if not found:
        return None
    rows = [from_row(ChoreAssignment, part(row, ChoreAssignment, "a")) for row in found if row["a__id"] is not None]
    rows.sort(key=attrgetter("id"))
    return LockedChore(from_row(Chore, part(found[0], Chore, "c")), rows, bool(found[0]["scheduled"]))
