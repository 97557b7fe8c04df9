"""The reads of the two busiest chore lists, and the rows of every chore view, as plain SQL
(models/sql_reads.py).

Children open their available chores and parents their pending approvals many times a day;
Tortoise spent longer building these statements, and making instances of their rows, than the
database spent running them (bench/README.md). Each statement exists once per scope column (a
family, or a parent alone), and each condition is the SQL of the ``Q`` of ``models.assignments`` it
names. The lists' reads give plain rows (``Row``), which the lists serialise as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import groupby
from operator import itemgetter

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
PENDING = "{row}.`is_completed` = 1 AND {row}.`is_approved` = 0"  # on the row named ``row``
LIVE_CLAIM = "(h.`is_approved` = 0 OR h.`cooldown_ends_at` IS NULL OR h.`cooldown_ends_at` > %s)"
# ``ChoreAssignment.cooldown_over(now)`` of the row named ``r`` (never NULL, so that NOT works on it).
COOLDOWN_OVER = (
    "(r.`is_completed` = 1 AND r.`is_approved` = 1 AND r.`cooldown_ends_at` IS NOT NULL AND r.`cooldown_ends_at` <= %s)"
)
# ``settle`` keeps the row named ``r``: anything but an ended pool claim.
LIVE_ROW = f"(r.`pool_slot` IS NULL OR r.`pool_slot` <> {POOL_SLOT} OR NOT {COOLDOWN_OVER})"
# What ``ChoreAssignment.reopen`` sets, by column.
REOPENED = {"is_completed": "0", "is_approved": "0", "completion_date": "NULL", "rejection_reason": "NULL",
            "cooldown_ends_at": "NULL"}


def chore_ids_where(condition: Q) -> Subquery:
    """The ids of the chores with some row matching ``condition``, as a subquery."""
    return Subquery(ChoreAssignment.filter(condition).values("chore_id"))


# Why a row of ``_available_sql`` is listed: one of the child's own open rows, or a chore of his pool.
OWN, POOL = 0, 1


@cache
def _available_sql(column: str | None) -> str:
    """The chores of the child's own open rows, then (with a scope ``column``) the unheld pool chores
    of that scope, each joined to its live rows, in one statement. Neither part is ordered: MariaDB
    sorts a join through a temporary table, on disk because of ``description``, which cost it more than
    the rest of the statement; ``available_to`` puts the few rows in order instead.
    """
    # Every chore found has a live row: the child's open row ``a`` itself.
    own = (
        f"SELECT {select_list(Chore, 'c')}, s.`id` AS `schedule_id`, {_settled_columns('r__')}, "
        f"{OWN} AS `listed`, a.`id` AS `listed_by` "
        f"FROM {table(ChoreAssignment, 'a')} JOIN {table(Chore, 'c')} ON c.`id` = a.`chore_id` "
        f"LEFT JOIN {table(ChoreSchedule, 's')} ON s.`chore_id` = c.`id` "
        f"JOIN {table(ChoreAssignment, 'r')} ON r.`chore_id` = c.`id` AND {LIVE_ROW} "
        f"WHERE a.`assignee_id` = %s AND a.`pool_slot` IS NULL AND c.`is_disabled` = 0 AND {OPEN}"
    )
    if column is None:
        return own
    # Claims of each pool chore only: an index search per chore, not a scan of every family's claims.
    pool = (
        f"SELECT {select_list(Chore, 'c')}, NULL, {_settled_columns('r__')}, {POOL}, c.`id` "
        f"FROM {table(Chore, 'c')} LEFT JOIN {table(ChoreAssignment, 'r')} ON r.`chore_id` = c.`id` AND {LIVE_ROW} "
        f"WHERE c.`{_scope_column(column)}` = %s AND c.`assignment_mode` = %s AND c.`is_disabled` = 0 AND NOT EXISTS ("
        f"SELECT 1 FROM {table(ChoreAssignment, 'h')} "
        f"WHERE h.`chore_id` = c.`id` AND h.`pool_slot` = {POOL_SLOT} AND {LIVE_CLAIM})"
    )
    return f"{own} UNION ALL {pool}"


@cache
def _pending_rows_sql(column: str) -> str:
    # A pending row is live and ``settle`` leaves it as it is. Not ordered, as ``_available_sql``.
    return (
        f"SELECT {_settled_columns('r__')}, {select_list(Chore, 'c')}, {select_list(User, 'u')}, "
        f"CASE WHEN {PENDING.format(row='r')} THEN 1 ELSE 0 END AS `pending` "
        f"FROM {table(Chore, 'c')} JOIN {table(ChoreAssignment, 'r')} ON r.`chore_id` = c.`id` AND {LIVE_ROW} "
        f"JOIN {table(User, 'u')} ON u.`id` = r.`assignee_id` "
        f"WHERE c.`{_scope_column(column)}` = %s AND EXISTS (SELECT 1 FROM {table(ChoreAssignment, 'a')} "
        f"WHERE a.`chore_id` = c.`id` AND {PENDING.format(row='a')})"
    )


@cache
def _settled_columns(prefix: str = "") -> str:
    """The columns of the row named ``r`` as ``settle`` leaves them, each named ``<prefix><column>``."""
    return ", ".join(
        f"CASE WHEN {COOLDOWN_OVER} THEN {REOPENED[column]} ELSE r.`{column}` END AS `{prefix}{column}`"
        if column in REOPENED else f"r.`{column}` AS `{prefix}{column}`"
        for column in columns_of(ChoreAssignment)
    )


def _chores_with_rows(found: list[Row]) -> list[tuple[Row, list[Row], Row]]:
    """Joined rows of chores (``c``) and their live rows (``r``; none when ``r__id`` is NULL), chore by
    chore within each part of ``_available_sql``: each chore, its rows, and its first joined row (for
    the other columns selected)."""
    grouped = []
    for _, joined in groupby(found, key=itemgetter("listed", "c__id")):
        rows = list(joined)
        live = [part(row, ChoreAssignment, "r") for row in rows if row["r__id"] is not None]
        grouped.append((part(rows[0], Chore, "c"), live, rows[0]))
    return grouped


@dataclass
class Available:
    """What a child may do now (C3), as plain rows: the chores of his own open rows (pool claims aside)
    in the rows' order, each with its live rows (id asc) and whether it has a schedule; and the pool
    chores within his reach that nobody holds (D3), id asc, each with its live rows."""

    own: list[tuple[Row, list[Row], bool]]
    pool: list[tuple[Row, list[Row]]]


async def available_to(child: User, now: datetime) -> Available:
    """The child's open chores and his unheld pool as of ``now``."""
    column, scope = reach_scope(child)
    settled = _now_for_settled_columns(now)
    parameters = [*settled, now, child.id, now]
    if scope is not None:
        parameters += [*settled, now, scope, AssignmentMode.UNASSIGNED.value, now]
    found = await fetch(_available_sql(None if scope is None else column), *parameters)  # no scope: no pool
    found.sort(key=lambda row: (row["listed"], row["listed_by"], row["r__id"] or 0))
    grouped = _chores_with_rows(found)
    return Available(
        own=[(chore, rows, first["schedule_id"] is not None) for chore, rows, first in grouped if first["listed"] == OWN],
        pool=[(chore, rows) for chore, rows, first in grouped if first["listed"] == POOL],
    )


async def pending_rows_of(parent: User, now: datetime) -> list[tuple[Row, Row, Row, bool]]:
    """The live rows (id asc) of the chores the parent manages that have a completed row waiting for a
    decision, each with its chore, its child, and whether it is such a row."""
    column, scope = managed_scope(parent)
    found = await fetch(_pending_rows_sql(column), *_now_for_settled_columns(now), now, scope)
    found.sort(key=itemgetter("r__id"))
    return [(part(row, ChoreAssignment, "r"), part(row, Chore, "c"), part(row, User, "u"), bool(row["pending"]))
            for row in found]


async def live_rows_of(chore_ids: list[int], now: datetime) -> list[Row]:
    """Every row of these chores as of ``now`` (id asc): ``models.assignments.settle`` done by the
    database (an ended pool claim left out, another ended cycle reopened)."""
    if not chore_ids:
        return []
    sql = (
        f"SELECT {_settled_columns()} FROM {table(ChoreAssignment, 'r')} WHERE r.`chore_id` IN ({marks(len(chore_ids))}) "
        f"AND (r.`pool_slot` IS NULL OR r.`pool_slot` <> {POOL_SLOT} OR NOT {COOLDOWN_OVER}) ORDER BY r.`id`"
    )
    return await fetch(sql, *_now_for_settled_columns(now), *chore_ids, now)


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


def _now_for_settled_columns(now: datetime) -> list[datetime]:
    """The values of the placeholders of ``_settled_columns``."""
    return [now] * len(REOPENED)


def _scope_column(column: str) -> str:
    """One of the scope columns, never anything else, since it is written into the SQL."""
    if column not in SCOPE_COLUMNS:
        raise ValueError(f"not a scope column: {column}")
    return column
