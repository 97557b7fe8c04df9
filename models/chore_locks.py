"""The row locks a use case on one chore's rows takes first, in ONE locking statement.

Every use case that changes a chore's assignment rows locks the chore row first, then the rows it
decides on, so concurrent ones queue up on the chore and the losers see the winner's rows. Here
both come from one ``SELECT ... FOR UPDATE``: the chore, LEFT JOIN the rows the decision needs
(none found: the chore alone). Whether the chore is scheduled rides along as a subquery, which
locks nothing (a locking read locks the rows of its own FROM clause only).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from operator import attrgetter

from tortoise.backends.base.client import BaseDBAsyncClient

from models.assignments import POOL_SLOT, ChoreAssignment
from models.chores import Chore
from models.sql_reads import fetch, part, select_list, table
from models.sql_writes import locking
from models.tortoise_adapter import from_row


@dataclass(frozen=True)
class Locked:
    """The locked chore (None: no such chore), the locked rows found, whether the chore is scheduled."""

    chore: Chore | None
    rows: list[ChoreAssignment]
    scheduled: bool


@cache
def _sql(decided_on: str) -> str:
    """The statement locking the chore and the rows ``ROWS[decided_on]`` (built at the first call, once
    Tortoise knows every column)."""
    return (
        f"SELECT {select_list(Chore, 'c')}, {select_list(ChoreAssignment, 'a')}, "
        "EXISTS (SELECT 1 FROM `chore_schedules` AS s WHERE s.`chore_id` = c.`id`) AS `scheduled` "
        f"FROM {table(Chore, 'c')} LEFT JOIN {table(ChoreAssignment, 'a')} "
        f"ON a.`chore_id` = c.`id` AND {ROWS[decided_on]}"
    )


ROWS = {
    # The child's own row, and the chore's pool claim (whoever holds it): what a completion decides on.
    "completion": f"(a.`assignee_id` = %s OR a.`pool_slot` = {POOL_SLOT}) WHERE c.`id` = %s",
    # The chore's rows waiting for approval (``pending_rows``): C11 and C12 decide on the first. Not
    # ``ORDER BY a.id LIMIT 1``: MariaDB sorts a join through a temporary table, on disk because of
    # ``description``, which cost more than the rest of the statement; the few others are locked too.
    "pending": "a.`is_completed` = 1 AND a.`is_approved` = 0 WHERE c.`id` = %s",
    # One row by id: what A1 and A2 decide on.
    "one_row": "a.`id` = %s WHERE c.`id` = %s",
}


async def _lock(conn: BaseDBAsyncClient, decided_on: str, *parameters: int) -> Locked:
    found = await fetch(locking(conn, _sql(decided_on)), *parameters, using_db=conn)
    if not found:
        return Locked(None, [], False)
    rows = [from_row(ChoreAssignment, part(row, ChoreAssignment, "a")) for row in found if row["a__id"] is not None]
    return Locked(from_row(Chore, part(found[0], Chore, "c")), rows, bool(found[0]["scheduled"]))


async def lock_for_completion(chore_id: int, child_id: int, conn: BaseDBAsyncClient) -> Locked:
    """The chore, the child's row and the chore's pool claim, locked (the claim may be his row)."""
    return await _lock(conn, "completion", child_id, chore_id)


async def lock_first_pending(chore_id: int, conn: BaseDBAsyncClient) -> Locked:
    """The chore and its first row waiting for approval, locked (with its other rows waiting)."""
    locked = await _lock(conn, "pending", chore_id)
    return Locked(locked.chore, sorted(locked.rows, key=attrgetter("id"))[:1], locked.scheduled)


async def lock_row(chore_id: int, assignment_id: int, conn: BaseDBAsyncClient) -> Locked:
    """The chore and its row ``assignment_id``, locked."""
    return await _lock(conn, "one_row", assignment_id, chore_id)
