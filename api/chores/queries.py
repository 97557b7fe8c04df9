"""The reads of the two busiest chore lists, and the rows of every chore view, as plain SQL
(models/sql_reads.py).

Children open their available chores and parents their pending approvals many times a day;
Tortoise spent longer building these statements than the database spent running them
(bench/README.md). Each statement exists once per scope column (a family, or a parent alone), and
each condition is the SQL of the ``Q`` of ``models.assignments`` it names.
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
from models.sql_reads import fetch, instance, select_list, table
from models.tortoise_adapter import attach_related, from_row

# open_rows(now), pending_rows() and live_rows(now) of a pool claim, on the rows named ``a`` / ``h``.
OPEN = "(a.`is_completed` = 0 OR (a.`is_approved` = 1 AND a.`cooldown_ends_at` <= %s))"
PENDING = "a.`is_completed` = 1 AND a.`is_approved` = 0"
LIVE_CLAIM = "(h.`is_approved` = 0 OR h.`cooldown_ends_at` IS NULL OR h.`cooldown_ends_at` > %s)"


def chore_ids_where(condition: Q) -> Subquery:
    """The ids of the chores with some row matching ``condition``, as a subquery."""
    return Subquery(ChoreAssignment.filter(condition).values("chore_id"))


@cache
def _open_rows_sql() -> str:
    return (
        f"SELECT {select_list(ChoreAssignment, 'a')}, {select_list(Chore, 'c')}, {select_list(ChoreSchedule, 's')} "
        f"FROM {table(ChoreAssignment, 'a')} JOIN {table(Chore, 'c')} ON c.`id` = a.`chore_id` "
        f"LEFT JOIN {table(ChoreSchedule, 's')} ON s.`chore_id` = c.`id` "
        f"WHERE a.`assignee_id` = %s AND a.`pool_slot` IS NULL AND c.`is_disabled` = 0 AND {OPEN} ORDER BY a.`id`"
    )


@cache
def _unheld_pool_sql(column: str) -> str:
    # Claims of each pool chore only: an index search per chore, not a scan of every family's claims.
    return (
        f"SELECT {select_list(Chore, 'c')} FROM {table(Chore, 'c')} "
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


async def rows_of_chores(chore_ids: list[int], *, using_db: BaseDBAsyncClient | None = None) -> list[ChoreAssignment]:
    """Every row of these chores (id asc), in plain SQL (models/sql_reads.py): every chore list reads them."""
    if not chore_ids:
        return []
    marks = ", ".join(["%s"] * len(chore_ids))
    sql = f"SELECT {select_list(ChoreAssignment)} FROM {table(ChoreAssignment)} WHERE `chore_id` IN ({marks}) ORDER BY `id`"
    return [from_row(ChoreAssignment, row) for row in await fetch(sql, *chore_ids, using_db=using_db)]


async def open_rows_of(child: User, now: datetime) -> list[ChoreAssignment]:
    """The child's own open rows of enabled chores (pool claims aside), each with its chore and the
    chore's schedule if it has one (``select_related("chore__schedule")``)."""
    rows = []
    for found in await fetch(_open_rows_sql(), child.id, now):
        row = instance(ChoreAssignment, found, "a")
        chore = instance(Chore, found, "c")
        attach_related(chore, "schedule", instance(ChoreSchedule, found, "s") if found["s__id"] is not None else None)
        attach_related(row, "chore", chore)
        rows.append(row)
    return rows


async def unheld_pool_of(child: User, now: datetime) -> list[Chore]:
    """The pool chores within the child's reach that nobody holds now (D3)."""
    column, scope = reach_scope(child)
    if scope is None:  # neither family nor parent: no pool
        return []
    found = await fetch(_unheld_pool_sql(_scope_column(column)), scope, AssignmentMode.UNASSIGNED.value, now)
    return [instance(Chore, row, "c") for row in found]


async def pending_rows_of(parent: User) -> list[ChoreAssignment]:
    """The completed rows waiting for a decision on the chores the parent manages, each with its
    chore and its child."""
    column, scope = managed_scope(parent)
    rows = []
    for found in await fetch(_pending_rows_sql(_scope_column(column)), scope):
        row = instance(ChoreAssignment, found, "a")
        attach_related(row, "chore", instance(Chore, found, "c"))
        attach_related(row, "assignee", instance(User, found, "u"))
        rows.append(row)
    return rows


def _scope_column(column: str) -> str:
    """One of the scope columns, never anything else, since it is written into the SQL."""
    if column not in SCOPE_COLUMNS:
        raise ValueError(f"not a scope column: {column}")
    return column
