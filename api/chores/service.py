"""Use cases of chores: define, list, complete, disable (contract §4 with decisions D2, D3, D11, D14).

Every list runs a fixed number of queries: the chores (or rows) of the page, then all the rows of
those chores in one more query (:func:`load_views`). Rows are read "as of now" (:func:`settle`):
an approved recurring cycle whose cooldown has ended is OPEN, an expired pool claim is gone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from api.auth import require_child, require_parent
from api.chores import queries
from api.chores.schemas import ChoreCreate, ChoreUpdate
from api.errors import BadRequest, Conflict, Forbidden, NotFound, Unprocessable
from api.metrics import business
from models import ActivityType, AssignmentMode, AssignmentState, Chore, ChoreAssignment, User
from models.activities import record_activity
from models.assignments import (
    POOL_SLOT,
    approved_rows,
    live_rows,
    open_rows,
    pending_rows,
    remove_expired_pool_claim,
    rows_in_state,
    settle,
)
from models.chores import chores_of
from models.events import stage_assignment_completed, stage_chore_offered
from models.money import cents_to_number, format_dollars
from models.timeutil import utcnow
from settings import Settings
from workers import enqueue

STATES = {
    "active": AssignmentState.OPEN,
    "completed": AssignmentState.APPROVED,
    "pending-approval": AssignmentState.PENDING,
}
ONE_OFF_DONE = "This chore has already been approved and cannot be completed again"
ALREADY_CLAIMED = "This chore has already been claimed by another child"


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

    @property
    def next_available_at(self) -> datetime | None:
        """When the chore can be done again: the focused row's cooldown end, else the earliest running one."""
        if self.focus is not None:
            return self.focus.cooldown_ends_at
        ends = [row.cooldown_ends_at for row in self.assignments if row.cooldown_ends_at is not None]
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
    ids = [chore.id for chore in chores]
    rows = await ChoreAssignment.filter(chore_id__in=ids).using_db(using_db).order_by("id") if ids else []
    by_chore: dict[int, list[ChoreAssignment]] = defaultdict(list)
    for row in settle(rows, now):
        by_chore[row.chore_id].append(row)
    views = []
    for chore in chores:
        live = by_chore[chore.id]
        focus = next((row for row in live if row.assignee_id == focus_child_id), None)
        views.append(ChoreView(chore, live, focus, Compat.of(focus) if with_compat and focus else None))
    return views


def require_manager(chore: Chore, user: User, *, refusal: str, not_found: str = "Chore not found") -> None:
    """Refuse unless ``user`` manages the chore (D11): another family's chore is not found, as an
    unknown id is (issue #15); otherwise the refusal names the authorship as §4 does."""
    if chore.belongs_to_other_family(user):
        raise NotFound(not_found)
    if not chore.managed_by(user):
        raise Forbidden(refusal)


async def chore_or_404(chore_id: int, *, lock: bool = False, using_db: BaseDBAsyncClient | None = None) -> Chore:
    query = Chore.select_for_update() if lock else Chore.all()
    chore = await query.using_db(using_db).get_or_none(id=chore_id)
    if chore is None:
        raise NotFound("Chore not found")
    return chore


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


async def _check_assignees(
    user: User, ids: list[int], *, refusal: str, using_db: BaseDBAsyncClient | None = None
) -> list[User]:
    """The assignees, in order, each one a child ``user`` manages: 404 for an unknown id or another
    family's (issue #15), 403 with §4's ``refusal`` for anyone else."""
    found = {assignee.id: assignee for assignee in await User.filter(id__in=ids).using_db(using_db)} if ids else {}
    for assignee_id in ids:
        assignee = found.get(assignee_id)
        if assignee is None or user.in_other_family_than(assignee):
            raise NotFound(f"Assignee with ID {assignee_id} not found")
        if not user.manages(assignee):
            raise Forbidden(refusal.format(id=assignee_id))
    return [found[assignee_id] for assignee_id in ids]


async def create_chore(*, user: User, data: ChoreCreate) -> ChoreView:
    """Define a chore and give each assignee his row (C1); every check runs before anything is stored."""
    require_parent(user, "Only parents can create chores")
    mode, assignee_ids = data.mode_and_assignees()
    if error := mode.assignee_count_error(len(assignee_ids)):
        raise Unprocessable(error)
    assignees = await _check_assignees(
        user,
        assignee_ids,
        refusal="Assignee {id} is not your child. You can only assign chores to your own children",
    )
    chore = Chore(**data.chore_fields(), assignment_mode=mode, creator_id=user.id, family_id=user.family_id)
    if error := chore.reward_range_error():
        raise Unprocessable(error)
    fixed_reward = None if chore.is_range_reward else chore.reward_cents
    description = f"Created chore '{chore.title}'" + (f" ({format_dollars(fixed_reward)})" if fixed_reward else "")
    async with in_transaction() as conn:
        await chore.save(using_db=conn)
        rows = []
        for assignee in assignees:
            rows.append(await ChoreAssignment.create(chore_id=chore.id, assignee_id=assignee.id, using_db=conn))
            await record_activity(
                actor=user,
                activity_type=ActivityType.CHORE_CREATED,
                description=description,
                target_user_id=assignee.id,
                data={"chore_id": chore.id, "chore_title": chore.title, "reward_amount": cents_to_number(fixed_reward)},
                using_db=conn,
            )
        await stage_chore_offered(conn, chore=chore, assignee_ids=[assignee.id for assignee in assignees])
    await enqueue.publish_events()
    business.CHORES_CREATED.labels(mode=mode.value).inc()
    business.ASSIGNMENTS_CREATED.labels(mode=mode.value).inc(len(rows))
    return ChoreView(chore, rows)


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
    rows = rows.select_related("chore").order_by("id").offset(skip)
    if limit is not None:
        rows = rows.limit(limit)
    return await load_views([row.chore for row in await rows], now, focus_child_id=child.id, with_compat=True)


async def child_chores(*, user: User, child_id: int) -> list[ChoreView]:
    """C5: every chore of a child the caller manages, with that child's state on each."""
    require_parent(user, "Only parents can view children's chores")
    child = await _managed_child(user, child_id)
    return await _child_views(child, utcnow())


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


async def available_chores(*, user: User) -> tuple[list[ChoreView], list[ChoreView]]:
    """C3: the child's open rows, and the family's pool chores nobody holds (D2, D3)."""
    require_child(user, "This endpoint is only for children users")
    now = utcnow()
    rows = await queries.open_rows_of(user, now)
    pool = await queries.unheld_pool_of(user, now)
    views = await load_views([row.chore for row in rows] + pool, now, focus_child_id=user.id)
    return views[: len(rows)], views[len(rows) :]


async def pending_approvals(*, user: User) -> list[tuple[ChoreAssignment, ChoreView, User]]:
    """C4: the family's completed rows waiting for a parent, disabled chores included."""
    require_parent(user, "This endpoint is only for parent users")
    now = utcnow()
    rows = await queries.pending_rows_of(user)
    chores = list({row.chore_id: row.chore for row in rows}.values())
    views = {view.chore.id: view for view in await load_views(chores, now)}
    return [(row, views[row.chore_id], row.assignee) for row in rows]


async def get_chore(*, user: User, chore_id: int) -> ChoreView:
    """C7: a chore for a parent who manages it, or a child who holds it or finds it in his pool."""
    chore = await chore_or_404(chore_id)
    [view] = await load_views([chore], utcnow(), focus_child_id=None if user.is_parent else user.id)
    if user.is_parent:
        allowed = chore.managed_by(user)
    else:
        in_pool = chore.mode is AssignmentMode.UNASSIGNED and not chore.is_disabled and chore.within_reach_of(user)
        allowed = view.focus is not None or in_pool
    if chore.belongs_to_other_family(user):
        raise NotFound("Chore not found")
    if not allowed:
        raise Forbidden("Not authorized to access this chore")
    return view


async def update_chore(*, user: User, chore_id: int, changes: ChoreUpdate) -> ChoreView:
    """C8: change a chore nobody has completed; ``assignee_ids`` replaces every row."""
    require_parent(user, "Only parents can update chores")
    now = utcnow()
    async with in_transaction() as conn:
        chore = await chore_or_404(chore_id, lock=True, using_db=conn)
        require_manager(
            chore,
            user,
            refusal="You can only update chores you created",
        )
        rows = settle(await ChoreAssignment.filter(chore_id=chore.id).using_db(conn), now)
        if any(row.is_completed or row.is_approved for row in rows):
            raise BadRequest("Cannot update chore with completed or approved assignments")
        chore.update_from_dict(changes.chore_changes())
        if error := chore.reward_range_error():
            raise Unprocessable(error)
        assignees = None
        if changes.replaces_assignees:
            if error := chore.mode.assignee_count_error(len(changes.assignee_ids)):
                raise Unprocessable(error)
            assignees = await _check_assignees(
                user,
                changes.assignee_ids,
                refusal="Assignee {id} is not your child",
                using_db=conn,
            )
        await chore.save(using_db=conn)
        if assignees is not None:
            await ChoreAssignment.filter(chore_id=chore.id).using_db(conn).delete()
            for assignee in assignees:
                await ChoreAssignment.create(chore_id=chore.id, assignee_id=assignee.id, using_db=conn)
            await stage_chore_offered(conn, chore=chore, assignee_ids=[assignee.id for assignee in assignees])
    if assignees is not None:
        await enqueue.publish_events()
    [view] = await load_views([chore], now)
    return view


async def delete_chore(*, user: User, chore_id: int) -> None:
    """C9: delete a chore and its rows; ledger entries and activities stay."""
    require_parent(user, "Only parents can delete chores")
    chore = await chore_or_404(chore_id)
    require_manager(
        chore,
        user,
        refusal="You can only delete chores you created",
    )
    async with in_transaction() as conn:
        await chore.delete(using_db=conn)


async def disable_chore(*, user: User, chore_id: int) -> ChoreView:
    """C13: hide a chore from children (idempotent)."""
    require_parent(user, "Only parents can disable chores")
    chore = await chore_or_404(chore_id)
    require_manager(
        chore,
        user,
        refusal="You can only disable chores you created",
    )
    return await _set_disabled(chore, True)


async def enable_chore(*, user: User, chore_id: int) -> ChoreView:
    """C14: show a disabled chore again; family-scoped like disable (D11)."""
    require_parent(user, "Only parents can enable chores")
    chore = await chore_or_404(chore_id)
    require_manager(
        chore,
        user,
        refusal="You can only enable chores you created",
    )
    if not chore.is_disabled:
        raise BadRequest("Chore is not disabled")
    return await _set_disabled(chore, False)


async def _set_disabled(chore: Chore, disabled: bool) -> ChoreView:
    chore.is_disabled = disabled
    now = utcnow()
    async with in_transaction() as conn:
        await chore.save(update_fields=["is_disabled", "updated_at"], using_db=conn)
        if not disabled:
            await _offer_again(chore, now, conn)
    if not disabled:
        await enqueue.publish_events()
    [view] = await load_views([chore], now)
    return view


async def _offer_again(chore: Chore, now: datetime, conn: BaseDBAsyncClient) -> None:
    """An enabled chore is available again to the children with an open row, or to the pool nobody holds."""
    rows = ChoreAssignment.filter(chore_id=chore.id).using_db(conn)
    if chore.mode is AssignmentMode.UNASSIGNED and await rows.filter(live_rows(now)).exists():
        return
    open_ids = await rows.filter(open_rows(now)).values_list("assignee_id", flat=True)
    await stage_chore_offered(conn, chore=chore, assignee_ids=open_ids)


async def complete_chore(*, user: User, chore_id: int, settings: Settings) -> ChoreView:
    """C10: a child completes his row, or claims a pool chore; the view's focus is his row afterwards.

    The chore row is locked first, as every use case that changes its rows does, so concurrent
    completions and claims queue up and the losers see the winner's row.
    """
    require_child(user, "Parents cannot complete chores")
    now = utcnow()
    async with in_transaction() as conn:
        chore = await Chore.select_for_update().using_db(conn).get_or_none(id=chore_id)
        row = None
        if chore is not None:
            row = await ChoreAssignment.select_for_update().using_db(conn).get_or_none(
                chore_id=chore.id, assignee_id=user.id
            )
        if chore is None or (row is None and not chore.within_reach_of(user)):
            raise NotFound("Chore not found")
        if chore.is_disabled:
            raise BadRequest("Cannot complete a disabled chore")
        if chore.mode is AssignmentMode.UNASSIGNED:
            row = await _claim(chore, user, now, settings, conn)
        else:
            row = await _complete_own(chore, row, now, settings, conn)
        await stage_assignment_completed(conn, assignment=row, chore=chore)
        await record_activity(
            actor=user,
            activity_type=ActivityType.CHORE_COMPLETED,
            description=f"Completed chore: {chore.title}",
            data={"chore_id": chore.id, "chore_title": chore.title},
            using_db=conn,
        )
    await enqueue.publish_events()
    business.CHORES_COMPLETED.labels(mode=chore.mode.value).inc()
    if chore.mode is AssignmentMode.UNASSIGNED:
        business.ASSIGNMENTS_CLAIMED.inc()
    [view] = await load_views([chore], now, focus_child_id=user.id)
    return view


async def _complete_own(
    chore: Chore, row: ChoreAssignment | None, now: datetime, settings: Settings, conn: BaseDBAsyncClient
) -> ChoreAssignment:
    if row is None:
        raise Forbidden("You are not assigned to this chore")
    _check_completable(
        row,
        now,
        settings,
        pending="This chore is already completed and pending approval",
        cooldown="Chore is in cooldown period. Available again in {days} days",
    )
    if row.cooldown_over(now):
        row.reopen()
    row.complete(now)
    await row.save(using_db=conn)
    return row


def _check_completable(
    row: ChoreAssignment, now: datetime, settings: Settings, *, pending: str, cooldown: str
) -> None:
    """Refuse a completion while the row awaits approval, rests in cooldown, or is a finished one-off (D14)."""
    state = row.state_at(now)
    if state is AssignmentState.PENDING:
        raise BadRequest(pending)
    if row.in_cooldown(now):
        raise BadRequest(cooldown.format(days=row.cooldown_days_left(now, settings.cooldown_day_seconds)))
    if state is AssignmentState.APPROVED:
        raise BadRequest(ONE_OFF_DONE)


async def _claim(
    chore: Chore, user: User, now: datetime, settings: Settings, conn: BaseDBAsyncClient
) -> ChoreAssignment:
    """Claim a pool chore, returning the claim: one claim at a time (D3); an expired claim is removed first."""
    claim = await ChoreAssignment.select_for_update().using_db(conn).get_or_none(
        chore_id=chore.id, pool_slot=POOL_SLOT
    )
    if claim is not None and claim.claim_expired(now):
        await remove_expired_pool_claim(chore.id, now, using_db=conn)
        claim = None
    if claim is None:
        try:
            return await ChoreAssignment.create(
                chore_id=chore.id,
                assignee_id=user.id,
                pool_slot=POOL_SLOT,
                is_completed=True,
                completion_date=now,
                using_db=conn,
            )
        except IntegrityError:
            raise Conflict(ALREADY_CLAIMED) from None
    if claim.assignee_id != user.id:
        raise Conflict(ALREADY_CLAIMED)
    _check_completable(
        claim,
        now,
        settings,
        pending="You have already completed this chore and it's pending approval",
        cooldown="You completed this chore recently. Available again in {days} days",
    )
    claim.complete(now)
    await claim.save(using_db=conn)
    return claim
