"""Use cases that read chores: the lists and the single chore of contract §4 (C2–C7, D2, D3, D11)."""

from __future__ import annotations

from datetime import datetime

from tortoise.expressions import Q

from api.auth import require_child, require_parent
from api.chores import queries
from api.chores.access import chore_or_404
from api.chores.listing import ListedChore, by_chore
from api.chores.occurrences import listed_in_state, views_in_state, with_occurrences
from api.chores.views import ChoreView, load_views
from api.errors import Forbidden, NotFound, Unprocessable
from models import AssignmentMode, AssignmentState, Chore, ChoreAssignment, User
from models.assignments import approved_rows, live_rows, pending_rows, rows_in_state
from models.chores import chores_of
from models.schedules import OccurrenceState
from models.sql_reads import Row
from models.timeutil import utcnow
from models.tortoise_adapter import fetched_related

STATES = {
    "active": AssignmentState.OPEN,
    "completed": AssignmentState.APPROVED,
    "pending-approval": AssignmentState.PENDING,
}


def _state(value: str | None) -> AssignmentState | None:
    if value is None:
        return None
    if value not in STATES:
        raise Unprocessable("Invalid state. Must be one of: active, completed, pending-approval")
    return STATES[value]


def _any_row_in(state: AssignmentState, now: datetime) -> Q:
    """A parent's filter: some row of the chore is in ``state``; a chore nobody holds counts as active."""
    in_state = Q(id__in=queries.chore_ids_where(rows_in_state(state, now)))
    if state is AssignmentState.OPEN:
        return in_state | ~Q(id__in=queries.chore_ids_where(live_rows(now)))
    return in_state


async def _managed_child(user: User, child_id: int) -> User:
    child = await User.get_or_none(id=child_id)
    if child is None or not user.manages(child):
        raise NotFound("Child not found or not your child")
    return child


async def list_chores(
    *, user: User, state: str | None, child_id: int | None, skip: int, limit: int
) -> list[ChoreView]:
    """C2: a parent's family chores (disabled ones too), one child's chores, or a child's own chores."""
    wanted = _state(state)
    now = utcnow()
    if user.is_parent and child_id is not None:
        child = await _managed_child(user, child_id)
        return await _child_views(child, now, state=wanted, skip=skip, limit=limit)
    if user.is_parent:
        chores = chores_of(user)
        if wanted is not None:
            chores = chores.filter(_any_row_in(wanted, now))
        focus = None
    else:
        held = queries.chore_ids_where(Q(assignee_id=user.id) & live_rows(now))
        chores = Chore.filter(is_disabled=False, id__in=held)
        if wanted is not None:
            chores = chores.filter(id__in=queries.chore_ids_where(Q(assignee_id=user.id) & rows_in_state(wanted, now)))
        focus = user.id
    page = await chores.order_by("id").offset(skip).limit(limit)
    return await load_views(page, now, focus_child_id=focus)


async def _child_views(
    child: User, now: datetime, *, state: AssignmentState | None = None, skip: int = 0, limit: int | None = None
) -> list[ChoreView]:
    """One chore per live row of the child (disabled chores too), with his row's compatibility fields."""
    rows = ChoreAssignment.filter(live_rows(now), assignee_id=child.id)
    if state is not None:
        rows = rows.filter(rows_in_state(state, now))
    rows = rows.select_related("chore__schedule").order_by("id").offset(skip)
    if limit is not None:
        rows = rows.limit(limit)
    return await load_views([row.chore for row in await rows], now, focus_child_id=child.id, with_compat=True)


async def child_chores(*, user: User, child_id: int, state: OccurrenceState | None = None) -> list[ChoreView]:
    """C5: every chore of a child the caller manages, with that child's state on each, and his current
    occurrence on scheduled chores; with ``state``, his scheduled chores with an occurrence in it."""
    require_parent(user, "Only parents can view children's chores")
    child = await _managed_child(user, child_id)
    if state is not None:
        return await views_in_state(child.id, state, utcnow())
    views = await _child_views(child, utcnow())
    scheduled = {view.chore_id for view in views if fetched_related(view.chore, "schedule") is not None}
    return await with_occurrences(views, scheduled, child.id)


async def child_completed_chores(*, user: User, child_id: int) -> list[ChoreView]:
    """C6: the chores a managed child has completed (pending or approved)."""
    require_parent(user, "Only parents can view children's completed chores")
    child = await _managed_child(user, child_id)
    now = utcnow()
    rows = (
        await ChoreAssignment.filter(pending_rows() | approved_rows(now), assignee_id=child.id)
        .select_related("chore")
        .order_by("id")
    )
    return await load_views([row.chore for row in rows], now)


async def available_chores(
    *, user: User, state: OccurrenceState | None = None
) -> tuple[list[ListedChore], list[ListedChore]]:
    """C3: the child's open rows (a scheduled chore while its occurrence is open or overdue), and the
    family's pool chores nobody holds (D2, D3); with ``state``, his scheduled chores with an occurrence
    in that state, and no pool."""
    require_child(user, "This endpoint is only for children users")
    now = utcnow()
    if state is not None:
        return await listed_in_state(user.id, state, now), []
    available = await queries.available_to(user, now)
    scheduled = {chore["id"] for chore, _, has_schedule in available.own if has_schedule}
    listed = [ListedChore.of(chore, rows, user.id) for chore, rows, _ in available.own]
    free = [ListedChore.of(chore, rows, user.id) for chore, rows in available.pool]
    return await with_occurrences(listed, scheduled, user.id, live_only=True), free


async def pending_approvals(*, user: User) -> list[tuple[Row, ListedChore, Row]]:
    """C4: the family's completed rows waiting for a parent, disabled chores included, each with its
    chore and its child (plain rows)."""
    require_parent(user, "This endpoint is only for parent users")
    found = await queries.pending_rows_of(user, utcnow())
    listed = by_chore([(row, chore) for row, chore, _, _ in found])
    return [(row, listed[chore["id"]], child) for row, chore, child, pending in found if pending]


async def get_chore(*, user: User, chore_id: int) -> ChoreView:
    """C7: a chore for a parent who manages it, or a child who holds it or finds it in his pool."""
    chore = await chore_or_404(chore_id)
    [view] = await load_views([chore], utcnow(), focus_child_id=None if user.is_parent else user.id)
    if user.is_parent:
        allowed = chore.managed_by(user)
    else:
        in_pool = chore.mode is AssignmentMode.UNASSIGNED and not chore.is_disabled and chore.within_reach_of(user)
        allowed = view.focus is not None or in_pool
    if allowed:
        return view
    if chore.belongs_to_other_family(user):  # as unknown as an id nobody has (issue #15)
        raise NotFound("Chore not found")
    raise Forbidden("Not authorized to access this chore")
