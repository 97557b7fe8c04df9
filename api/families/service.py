"""Use cases of families: create, join, members, invite codes, statistics, leaving (contract §3, D11–D13).

Every change of a user's family runs in one transaction and moves his chores with him
(``models.families.move_into_family``). Changes of a family's membership lock the family's row, so
two parents removing each other at once cannot leave it without a parent (MySQL; SQLite serialises).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q, Subquery
from tortoise.functions import Coalesce, Sum
from tortoise.transactions import in_transaction

from api.errors import BadRequest, Forbidden, NotFound
from api.metrics import business
from models import Chore, ChoreAssignment, EntryKind, Family, LedgerEntry, User
from models.families import move_into_family, unused_invite_code
from models.redemptions import Redemption, cancel_pending
from models.timeutil import utcnow
from workers import enqueue

FAMILY_MEMBERSHIP_REQUIRED = "This operation requires family membership. Please create or join a family first."
ALREADY_IN_FAMILY = "User is already a member of a family"
LEFT_THE_FAMILY = "The child left the family"


@dataclass(frozen=True)
class FamilyStats:
    family: Family
    total_members: int
    total_parents: int
    total_children: int
    total_chores: int
    completed_chores: int
    approved_chores: int
    rewards_earned_cents: int


async def family_of(user: User) -> Family | None:
    """The caller's family, or None (F1)."""
    return await Family.get_or_none(id=user.family_id) if user.family_id is not None else None


async def create_family(*, parent: User, name: str | None) -> Family:
    """Create a family with a fresh invite code; the parent and all his children move into it (F2, D13)."""
    async with in_transaction() as conn:
        caller = await _lock_outside_any_family(parent, conn)
        family = await Family.create(
            name=(name or "").strip() or f"{caller.username}'s Family",
            invite_code=await unused_invite_code(conn),
            using_db=conn,
        )
        await _move_with_children(caller, family.id, conn)
    business.FAMILIES_CREATED.inc()
    return family


async def join_family(*, parent: User, invite_code: str) -> Family:
    """Join the family of a usable invite code; the parent brings all his children (F3, D13)."""
    async with in_transaction() as conn:
        caller = await _lock_outside_any_family(parent, conn)
        family = await Family.filter(invite_code=invite_code).using_db(conn).first()
        if family is None or not family.invite_code_usable():
            raise NotFound("Invalid or expired invite code")
        await _move_with_children(caller, family.id, conn)
    business.FAMILY_JOINS.inc()
    return family


async def family_members(*, user: User) -> tuple[Family, list[User]]:
    """The caller's family and all its members by username (F4)."""
    family = await _member_family(user)
    return family, await User.filter(family_id=family.id).order_by("username", "id")


async def regenerate_invite_code(*, user: User, expires_in_days: int | None) -> Family:
    """Replace the family's invite code at once, expiring in ``expires_in_days`` or never (F5, F9)."""
    async with in_transaction() as conn:
        family = await _locked_member_family(user, conn)
        family.invite_code = await unused_invite_code(conn)
        family.invite_code_expires_at = utcnow() + timedelta(days=expires_in_days) if expires_in_days else None
        await family.save(using_db=conn, update_fields=["invite_code", "invite_code_expires_at", "updated_at"])
    return family


async def family_timezone(*, user: User) -> str | None:
    """The caller's family's time zone (None: not set, read as UTC)."""
    return (await _member_family(user)).timezone


async def set_family_timezone(*, parent: User, timezone: str | None) -> str | None:
    """Set the family's time zone (an IANA name, checked by the schema), or None for UTC."""
    async with in_transaction() as conn:
        family = await _locked_member_family(parent, conn)
        family.timezone = timezone
        await family.save(using_db=conn, update_fields=["timezone", "updated_at"])
    return family.timezone


async def family_stats(*, user: User) -> FamilyStats:
    """Head counts, chores and rewards of the caller's family (F6, §11.11).

    Rows and rewards count once each: those of the family's chores or of its members. Rewards
    come from the ledger, so every approved cycle of a recurring chore counts (decision D1).
    """
    family = await _member_family(user)
    members = await User.filter(family_id=family.id).values_list("id", "is_parent")
    member_ids = [member_id for member_id, _ in members]
    parents = sum(1 for _, is_parent in members if is_parent)
    family_chore_ids = Subquery(Chore.filter(family_id=family.id).values("id"))
    completed = ChoreAssignment.filter(
        Q(assignee_id__in=member_ids) | Q(chore_id__in=family_chore_ids), is_completed=True
    )
    earned = cast(list[int], await (
        LedgerEntry.filter(Q(child_id__in=member_ids) | Q(chore_id__in=family_chore_ids), kind=EntryKind.REWARD)
        .annotate(total=Coalesce(Sum("amount_cents"), 0))
        .values_list("total", flat=True)
    ))
    return FamilyStats(
        family=family,
        total_members=len(members),
        total_parents=parents,
        total_children=len(members) - parents,
        total_chores=await Chore.filter(family_id=family.id).count(),
        completed_chores=await completed.count(),
        approved_chores=await completed.filter(is_approved=True).count(),
        rewards_earned_cents=int(earned[0] or 0) if earned else 0,
    )


async def remove_member(*, parent: User, user_id: int) -> None:
    """Take a member out of the parent's family, never its last parent (F7, F10).

    The removed user leaves with his chores; a removed parent's children stay in the family. A removed child's
    pending reward requests are cancelled: the rewards were his family's.
    """
    async with in_transaction() as conn:
        family = await _locked_member_family(parent, conn)
        target = await User.filter(id=user_id).using_db(conn).first()
        if target is None or target.family_id not in (None, family.id):
            # Another family's member is answered like an unknown id: ids reveal nothing across families.
            raise NotFound(f"User with ID {user_id} not found")
        if target.family_id != family.id:
            raise BadRequest("User is not a member of this family")
        if not target.is_parent:
            await cancel_pending(conn, Redemption.filter(child_id=target.id, family_id=family.id), actor=parent,
                                 reason=LEFT_THE_FAMILY)
        await _leave(target, family, conn)
    await enqueue.publish_events()


async def leave_family(*, parent: User) -> None:
    """The parent leaves his family, unless he is its last parent (F11); his children stay in it."""
    async with in_transaction() as conn:
        family = await _locked_member_family(parent, conn)
        await _leave(parent, family, conn)


async def cleanup_invite_codes(*, parent: User) -> int:
    """Give the parent's family a new code without expiry if its code has expired (F8, F12).

    Scoped to the caller's family: one family's parent never changes another family's code.
    """
    if parent.family_id is None:
        return 0
    async with in_transaction() as conn:
        family = await Family.select_for_update().using_db(conn).get_or_none(id=parent.family_id)
        if family is None or family.invite_code_usable():
            return 0
        family.invite_code = await unused_invite_code(conn)
        family.invite_code_expires_at = None
        await family.save(using_db=conn, update_fields=["invite_code", "invite_code_expires_at", "updated_at"])
    return 1


async def _member_family(user: User) -> Family:
    family = await family_of(user)
    if family is None:
        raise Forbidden(FAMILY_MEMBERSHIP_REQUIRED)
    return family


async def _locked_member_family(user: User, conn: BaseDBAsyncClient) -> Family:
    """The caller's family, its row locked until the transaction ends, if he is still in it once locked."""
    family = None
    if user.family_id is not None:
        family = await Family.select_for_update().using_db(conn).get_or_none(id=user.family_id)
    if family is None or not await User.filter(id=user.id, family_id=family.id).using_db(conn).exists():
        raise Forbidden(FAMILY_MEMBERSHIP_REQUIRED)
    return family


async def _lock_outside_any_family(parent: User, conn: BaseDBAsyncClient) -> User:
    """The parent's row, locked, read again; refused if he already has a family (also a concurrent one)."""
    caller = await User.select_for_update().using_db(conn).get(id=parent.id)
    if caller.family_id is not None:
        raise BadRequest(ALREADY_IN_FAMILY)
    return caller


async def _move_with_children(parent: User, family_id: int, conn: BaseDBAsyncClient) -> None:
    """Move the parent and his children into the family."""
    # Tortoise types values_list as tuples whatever ``flat`` says.
    children = cast(
        list[int], await User.filter(parent_id=parent.id, is_parent=False).using_db(conn).values_list("id", flat=True)
    )
    await move_into_family([parent.id, *children], family_id, using_db=conn)


async def _leave(member: User, family: Family, conn: BaseDBAsyncClient) -> None:
    if member.is_parent:
        parents = await User.filter(family_id=family.id, is_parent=True).using_db(conn).count()
        if parents <= 1:
            raise BadRequest("Cannot remove the last parent from a family")
    await move_into_family([member.id], None, using_db=conn)
