"""The reads of the two busiest chore lists, and the rows of every chore view, as plain SQL
(models/sql_reads.py).

Children open their available chores and parents their pending approvals many times a day;
Tortoise spent longer building these statements, and making instances of their rows, than the
database spent running them (bench/README.md). Each statement exists once per scope column (a
family, or a parent alone), and each condition is the SQL of the ``Q`` of ``models.assignments`` it
names. The lists' reads give plain rows (``Row``), which the lists serialise as they are.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q, Subquery

from models import AssignmentMode, Chore, ChoreAssignment, User
from models.assignments import POOL_SLOT
from models.chores import SCOPE_COLUMNS, managed_scope, reach_scope
from models.schedules import ChoreSchedule
from models.sql_reads import Row, fetch, marks, part, select_list, table
from models.tortoise_adapter import columns_of, from_row

# open_rows(now), pending_rows() and live_rows(now) of a pool claim, on the rows named ``a`` / ``h``.
OPEN = "(a.`is_completed` = 0 OR (a.`is_approved` = 1 AND a.`cooldown_ends_at` <= %s))"
PENDING = "a.`is_completed` = 1 AND a.`is_approved` = 0"
LIVE_CLAIM = "(h.`is_approved` = 0 OR h.`cooldown_ends_at` IS NULL OR h.`cooldown_ends_at` > %s)"
# ``ChoreAssignment.cooldown_over(now)`` of the row named ``r`` (never NULL, so that NOT works on it).
COOLDOWN_OVER = (
    "(r.`is_completed` = 1 AND r.`is_approved` = 1 AND r.`cooldown_ends_at` IS NOT NULL AND r.`cooldown_ends_at` <= %s)"
)
# What ``ChoreAssignment.reopen`` sets, by column.
REOPENED = {"is_completed": "0", "is_approved": "0", "completion_date": "NULL", "rejection_reason": "NULL",
            "cooldown_ends_at": "NULL"}


def chore_ids_where(condition: Q) -> Subquery:
    """The ids of the chores with some row matching ``condition``, as a subquery."""
    return Subquery(ChoreAssignment.filter(condition).values("chore_id"))


@cache
def _open_chores_sql() -> str:
    return (
        f"SELECT {select_list(Chore, 'c')}, s.`id` AS `schedule_id` "
        f"FROM {table(ChoreAssignment, 'a')} JOIN {table(Chore, 'c')} ON c.`id` = a.`chore_id` "
        f"LEFT JOIN {table(ChoreSchedule, 's')} ON s.`chore_id` = c.`id` "
        f"WHERE a.`assignee_id` = %s AND a.`pool_slot` IS NULL AND c.`is_disabled` = 0 AND {OPEN} ORDER BY a.`id`"
    )


@cache
def _unheld_pool_sql(column: str) -> str:
    # Claims of each pool chore only: an index search per chore, not a scan of every family's claims.
    return (
        f"SELECT {select_list(Chore)} FROM {table(Chore, 'c')} "
        f"WHERE c.`{column}` = %s AND c.`assignment_mode` = %s AND c.`is_disabled` = 0 AND NOT EXISTS ("
        f"SELECT 1 FROM {table(ChoreAssignment, 'h')} "
        f"WHERE h.`chore_id` = c.`id` AND h.`pool_slot` = {POOL_SLOT} AND {LIVE_CLAIM}) ORDER BY c.`id`"
    )


@cache
def _pending_rows_sql(column: str) -> str:
    return (
        f"SELECT {select_list(ChoreAssignment, 'a')}, {select_list(Chore, 'c')}, {select_list(User, 'u')} "
        f"FROM {table(ChoreAssignment, 'a')} JOIN {table(Chore, 'c')} ON c.`id` = a.`chore_id` "
        f"JOIN {table(User, 'u')} ON u.`id` = a.`assignee_id` "
        f"WHERE c.`{column}` = %s AND {PENDING} ORDER BY a.`id`"
    )


@cache
def _settled_columns() -> str:
    return ", ".join(
        f"CASE WHEN {COOLDOWN_OVER} THEN {REOPENED[column]} ELSE r.`{column}` END AS `{column}`"
        if column in REOPENED else f"r.`{column}`"
        for column in columns_of(ChoreAssignment)
    )


async def open_chores_of(child: User, now: datetime) -> list[tuple[Row, bool]]:
    """The chores of the child's own open rows of enabled chores (pool claims aside), in the rows'
    order, each with whether it has a schedule."""
    found = await fetch(_open_chores_sql(), child.id, now)
    return [(part(row, Chore, "c"), row["schedule_id"] is not None) for row in found]


async def unheld_pool_of(child: User, now: datetime) -> list[Row]:
    """The pool chores within the child's reach that nobody holds now (D3)."""
    column, scope = reach_scope(child)
    if scope is None:  # neither family nor parent: no pool
        return []
    return await fetch(_unheld_pool_sql(_scope_column(column)), scope, AssignmentMode.UNASSIGNED.value, now)


async def pending_rows_of(parent: User) -> list[tuple[Row, Row, Row]]:
    """The completed rows waiting for a decision on the chores the parent manages, each with its
    chore and its child."""
    column, scope = managed_scope(parent)
    found = await fetch(_pending_rows_sql(_scope_column(column)), scope)
    return [(part(row, ChoreAssignment, "a"), part(row, Chore, "c"), part(row, User, "u")) for row in found]


async def live_rows_of(chore_ids: list[int], now: datetime) -> list[Row]:
    """Every row of these chores as of ``now`` (id asc): ``models.assignments.settle`` done by the
    database (an ended pool claim left out, another ended cycle reopened)."""
    if not chore_ids:
        return []
    sql = (
        f"SELECT {_settled_columns()} FROM {table(ChoreAssignment, 'r')} WHERE r.`chore_id` IN ({marks(len(chore_ids))}) "
        f"AND (r.`pool_slot` IS NULL OR r.`pool_slot` <> {POOL_SLOT} OR NOT {COOLDOWN_OVER}) ORDER BY r.`id`"
    )
    return await fetch(sql, *[now] * len(REOPENED), *chore_ids, now)


async def enabled_chores(chore_ids: list[int]) -> list[Row]:
    """These chores but the disabled ones, id asc."""
    if not chore_ids:
        return []
    sql = (
        f"SELECT {select_list(Chore)} FROM {table(Chore)} "
        f"WHERE `id` IN ({marks(len(chore_ids))}) AND `is_disabled` = 0 ORDER BY `id`"
    )
    return await fetch(sql, *chore_ids)


async def rows_of_chores(chore_ids: list[int], *, using_db: BaseDBAsyncClient | None = None) -> list[ChoreAssignment]:
    """Every row of these chores (id asc), as stored."""
    if not chore_ids:
        return []
    sql = (
        f"SELECT {select_list(ChoreAssignment)} FROM {table(ChoreAssignment)} "
        f"WHERE `chore_id` IN ({marks(len(chore_ids))}) ORDER BY `id`"
    )
    return [from_row(ChoreAssignment, row) for row in await fetch(sql, *chore_ids, using_db=using_db)]


def _scope_column(column: str) -> str:
    """One of the scope columns, never anything else, since it is written into the SQL."""
    if column not in SCOPE_COLUMNS:
        raise ValueError(f"not a scope column: {column}")
    return column
