"""Use cases that define chores: create, update, delete, disable and enable (C1, C8, C9, C13, C14)."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from api.auth import require_parent
from api.chores.access import chore_or_404, require_manager
from api.chores.schemas import ChoreCreate, ChoreUpdate
from api.chores.views import ChoreView, load_views
from api.errors import BadRequest, Forbidden, NotFound, Unprocessable
from api.metrics import business
from models import ActivityType, AssignmentMode, Chore, ChoreAssignment, User
from models.activities import record_activity
from models.assignments import live_rows, open_rows, settle
from models.events import stage_chore_offered
from models.money import cents_to_number, format_dollars
from models.occurrences import assignees_replaced, transition_instants
from models.timeutil import utcnow
from workers import enqueue


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
        assignees, occurrences = None, []
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
            occurrences = await assignees_replaced(chore.id, now, conn)
    if assignees is not None:
        await enqueue.publish_events()
        await enqueue.schedule_occurrences(transition_instants(occurrences))
    [view] = await load_views([chore], now)
    return view


async def delete_chore(*, user: User, chore_id: int) -> None:
    """C9: delete a chore and its rows; ledger entries and activities stay."""
    require_parent(user, "Only parents can delete chores")
    chore = await _managed_chore(user, chore_id, "delete")
    async with in_transaction() as conn:
        await chore.delete(using_db=conn)


async def disable_chore(*, user: User, chore_id: int) -> ChoreView:
    """C13: hide a chore from children (idempotent)."""
    require_parent(user, "Only parents can disable chores")
    chore = await _managed_chore(user, chore_id, "disable")
    return await _set_disabled(chore, True)


async def enable_chore(*, user: User, chore_id: int) -> ChoreView:
    """C14: show a disabled chore again; family-scoped like disable (D11)."""
    require_parent(user, "Only parents can enable chores")
    chore = await _managed_chore(user, chore_id, "enable")
    if not chore.is_disabled:
        raise BadRequest("Chore is not disabled")
    return await _set_disabled(chore, False)


async def _managed_chore(user: User, chore_id: int, verb: str) -> Chore:
    """The chore a parent may ``verb`` (one he manages), or the refusal §4 gives. The callers keep their
    own ``require_parent`` first, where the security tests read each route's gate."""
    chore = await chore_or_404(chore_id)
    require_manager(chore, user, refusal=f"You can only {verb} chores you created")
    return chore


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
    open_ids = cast(list[int], await rows.filter(open_rows(now)).values_list("assignee_id", flat=True))
    await stage_chore_offered(conn, chore=chore, assignee_ids=open_ids)
