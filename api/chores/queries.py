"""The reads of the two busiest chore lists, their SQL built once per dialect (models/prepared.py).

Children open their available chores and parents their pending approvals many times a day;
Tortoise spent longer building these statements than the database spent running them
(bench/README.md). Each statement exists once per scope column (a family, or a parent alone).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from models import Chore, ChoreAssignment, User
from models.assignments import POOL_SLOT, live_rows, open_rows, pending_rows
from models.chores import SCOPE_COLUMNS, managed_scope, pool_within, reach_scope
from models.prepared import PreparedRead


def chore_ids_where(condition: Q) -> Subquery:
    """The ids of the chores with some row matching ``condition``, as a subquery."""
    return Subquery(ChoreAssignment.filter(condition).values("chore_id"))


def _open_rows(child_id: int, now: datetime) -> QuerySet[ChoreAssignment]:
    return (
        ChoreAssignment.filter(open_rows(now), assignee_id=child_id, pool_slot__isnull=True, chore__is_disabled=False)
        .select_related("chore")
        .order_by("id")
    )


def _unheld_pool(column: str) -> Callable[[int, datetime], QuerySet[Chore]]:
    def build(scope: int, now: datetime) -> QuerySet[Chore]:
        pool = pool_within(column, scope)
        # Claims of this pool only: an index search per chore, not a scan of every family's claims.
        held = chore_ids_where(live_rows(now) & Q(pool_slot=POOL_SLOT, chore_id__in=Subquery(pool.values("id"))))
        return pool.exclude(id__in=held).order_by("id")

    return build


def _pending_rows(column: str) -> Callable[[int], QuerySet[ChoreAssignment]]:
    def build(scope: int) -> QuerySet[ChoreAssignment]:
        managed = Subquery(Chore.filter(**{column: scope}).values("id"))
        return (
            ChoreAssignment.filter(pending_rows(), chore_id__in=managed)
            .select_related("chore", "assignee")
            .order_by("id")
        )

    return build


_OPEN_ROWS = PreparedRead(ChoreAssignment, _open_rows, "child_id", "now")
_UNHELD_POOL = {column: PreparedRead(Chore, _unheld_pool(column), "scope", "now") for column in SCOPE_COLUMNS}
_PENDING_ROWS = {column: PreparedRead(ChoreAssignment, _pending_rows(column), "scope") for column in SCOPE_COLUMNS}


async def open_rows_of(child: User, now: datetime) -> list[ChoreAssignment]:
    """The child's own open rows of enabled chores (pool claims aside), each with its chore."""
    return await _OPEN_ROWS.instances(child_id=child.id, now=now)


async def unheld_pool_of(child: User, now: datetime) -> list[Chore]:
    """The pool chores within the child's reach that nobody holds now (D3)."""
    column, scope = reach_scope(child)
    if scope is None:  # neither family nor parent: no pool
        return []
    return await _UNHELD_POOL[column].instances(scope=scope, now=now)


async def pending_rows_of(parent: User) -> list[ChoreAssignment]:
    """The completed rows waiting for a decision on the chores the parent manages, each with its
    chore and its child."""
    column, scope = managed_scope(parent)
    return await _PENDING_ROWS[column].instances(scope=scope)
