"""The plain-SQL hot reads give what the equivalent Tortoise querysets give, on SQLite and MariaDB."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.transactions import in_transaction

from api.chores.queries import open_rows_of, pending_rows_of, unheld_pool_of
from models import AssignmentMode, Chore, ChoreAssignment, User
from models.assignments import POOL_SLOT, live_rows, open_rows, pending_rows
from models.sql_reads import fetch
from models.tortoise_adapter import columns_of
from tests.factories import make_household, make_parent, make_pending_assignment, make_priced_chore

DAY = 86_400


def snapshot(model: Model, related: tuple[str, ...] = ()) -> dict:
    """Every column of an instance, and those of the related objects named."""
    values = {column: getattr(model, column) for column in columns_of(type(model))}
    return values | {name: snapshot(getattr(model, name)) for name in related}


async def world():
    """Two families; in the first, rows in every state: open, pending, approved in and after cooldown,
    live and expired pool claims, a disabled chore."""
    home, other = await make_household(children=2), await make_household(children=1)
    alice, bob = home.children
    now = datetime.now(UTC)
    single = await make_priced_chore(home.parent, reward_cents=300, assignment_mode="single")
    recurring = await make_priced_chore(home.parent, reward_cents=200, is_recurring=True, cooldown_days=1)
    disabled = await make_priced_chore(home.parent, reward_cents=100, is_disabled=True)
    ranged = await make_priced_chore(home.co_parent, is_range_reward=True, min_reward_cents=100, max_reward_cents=900)
    await ChoreAssignment.create(chore=single, assignee=alice)
    await make_pending_assignment(recurring, alice, completed_at=now)
    await ChoreAssignment.create(chore=recurring, assignee=bob, is_completed=True, is_approved=True,
                                 approval_reward_cents=200, cooldown_ends_at=now - timedelta(hours=1))
    await ChoreAssignment.create(chore=disabled, assignee=alice)
    await ChoreAssignment.create(chore=ranged, assignee=bob, is_completed=True, is_approved=False)
    pools = [await make_priced_chore(home.parent, assignment_mode=AssignmentMode.UNASSIGNED) for _ in range(3)]
    await ChoreAssignment.create(chore=pools[0], assignee=bob, pool_slot=POOL_SLOT, is_completed=True)
    await ChoreAssignment.create(chore=pools[1], assignee=bob, pool_slot=POOL_SLOT, is_completed=True,
                                 is_approved=True, cooldown_ends_at=now - timedelta(minutes=5))
    theirs = await make_priced_chore(other.parent, assignment_mode=AssignmentMode.UNASSIGNED)
    await make_pending_assignment(await make_priced_chore(other.parent, reward_cents=50), other.children[0],
                                  completed_at=now)
    return home, other, now, theirs


async def test_a_childs_open_rows_are_those_of_the_queryset_with_their_chores(db):
    home, other, now, _ = await world()

    for child in (*home.children, *other.children):
        expected = await ChoreAssignment.filter(
            open_rows(now), assignee_id=child.id, pool_slot__isnull=True, chore__is_disabled=False
        ).select_related("chore").order_by("id")
        found = await open_rows_of(child, now)
        assert [snapshot(row, ("chore",)) for row in found] == [snapshot(row, ("chore",)) for row in expected]
    assert len(await open_rows_of(home.children[1], now)) == 1  # bob's recurring row after its cooldown


async def test_the_unheld_pool_is_the_familys_enabled_pool_chores_without_a_live_claim(db):
    home, other, now, theirs = await world()

    for child in (*home.children, *other.children):
        pool = Chore.filter(family_id=child.family_id, assignment_mode=AssignmentMode.UNASSIGNED, is_disabled=False)
        held = Subquery(ChoreAssignment.filter(live_rows(now), pool_slot=POOL_SLOT).values("chore_id"))
        expected = await pool.exclude(id__in=held).order_by("id")
        assert [snapshot(chore) for chore in await unheld_pool_of(child, now)] == [snapshot(c) for c in expected]
    assert len(await unheld_pool_of(home.children[0], now)) == 2  # the free one and the expired claim's
    assert [chore.id for chore in await unheld_pool_of(other.children[0], now)] == [theirs.id]
    assert await unheld_pool_of(await User.create(username="orphan", hashed_password="x"), now) == []


async def test_a_parents_pending_rows_are_those_of_his_chores_with_chore_and_child(db):
    home, other, now, _ = await world()
    loner = await make_parent()
    await make_pending_assignment(await make_priced_chore(loner), home.children[0], completed_at=now)

    for parent in (home.parent, home.co_parent, other.parent, loner):
        managed = Q(chore__family_id=parent.family_id) if parent.family_id else Q(chore__creator_id=parent.id)
        expected = await ChoreAssignment.filter(pending_rows(), managed).select_related("chore", "assignee").order_by(
            "id")
        found = await pending_rows_of(parent)
        assert [snapshot(row, ("chore", "assignee")) for row in found] == [
            snapshot(row, ("chore", "assignee")) for row in expected]
    assert len(await pending_rows_of(home.parent)) == 3  # alice's recurring row, bob's ranged row and pool claim


async def test_a_read_inside_a_transaction_sees_its_uncommitted_rows(db):
    parent = await make_parent()

    async with in_transaction():
        await User.filter(id=parent.id).update(balance_cents=777)
        [row] = await fetch("SELECT `balance_cents` FROM `users` WHERE `id` = %s", parent.id)
        assert row["balance_cents"] == 777
