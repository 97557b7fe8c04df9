"""The plain-SQL hot reads give what the equivalent Tortoise querysets give, on SQLite and MariaDB.

Their plain rows are compared as the instances ``from_row`` makes of them: every column, read back
as Tortoise reads it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tortoise.expressions import Q, Subquery
from tortoise.models import Model
from tortoise.transactions import in_transaction

from api.chores.queries import Available, available_to, live_rows_of, pending_rows_of
from models import AssignmentMode, Chore, ChoreAssignment, User
from models.assignments import POOL_SLOT, live_rows, open_rows, pending_rows, settle
from models.sql_reads import Row, fetch
from models.tortoise_adapter import columns_of, fetched_related, from_row
from tests.factories import make_household, make_parent, make_pending_assignment, make_priced_chore, make_schedule

DAY = 86_400


def snapshot(model: Model, related: tuple[str, ...] = ()) -> dict:
    """Every column of an instance, and those of the related objects named."""
    values = {column: getattr(model, column) for column in columns_of(type(model))}
    return values | {name: snapshot(getattr(model, name)) for name in related}


def read_back(model: type[Model], row: Row) -> dict:
    """A plain row's columns as Tortoise reads them."""
    return snapshot(from_row(model, row))


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


async def settled_rows_of(chore: Chore, now: datetime) -> list[dict]:
    """The chore's rows as ``settle`` leaves them, each as a snapshot."""
    return [snapshot(row) for row in settle(await ChoreAssignment.filter(chore_id=chore.id).order_by("id"), now)]


def read_back_rows(rows: list[Row]) -> list[dict]:
    return [read_back(ChoreAssignment, row) for row in rows]


async def test_a_childs_open_chores_are_those_of_his_open_rows_with_their_live_rows_and_schedule(db):
    home, other, now, _ = await world()
    await make_schedule(await Chore.get(id=(await ChoreAssignment.filter(assignee=home.children[0]).first()).chore_id),
                        starts_on=now.date())

    for child in (*home.children, *other.children):
        expected = await ChoreAssignment.filter(
            open_rows(now), assignee_id=child.id, pool_slot__isnull=True, chore__is_disabled=False
        ).select_related("chore__schedule").order_by("id")
        found = (await available_to(child, now)).own
        assert [(read_back(Chore, chore), read_back_rows(rows), scheduled) for chore, rows, scheduled in found] == [
            (snapshot(row.chore), await settled_rows_of(row.chore, now), fetched_related(row.chore, "schedule") is not None)
            for row in expected]
    assert len((await available_to(home.children[1], now)).own) == 1  # bob's recurring row after its cooldown
    assert [scheduled for _, _, scheduled in (await available_to(home.children[0], now)).own] == [True]


async def test_the_unheld_pool_is_the_familys_enabled_pool_chores_without_a_live_claim(db):
    home, other, now, theirs = await world()

    for child in (*home.children, *other.children):
        pool = Chore.filter(family_id=child.family_id, assignment_mode=AssignmentMode.UNASSIGNED, is_disabled=False)
        held = Subquery(ChoreAssignment.filter(live_rows(now), pool_slot=POOL_SLOT).values("chore_id"))
        expected = await pool.exclude(id__in=held).order_by("id")
        found = (await available_to(child, now)).pool
        assert [(read_back(Chore, chore), read_back_rows(rows)) for chore, rows in found] == [
            (snapshot(chore), await settled_rows_of(chore, now)) for chore in expected]
    assert len((await available_to(home.children[0], now)).pool) == 2  # the free one and the expired claim's
    assert [chore["id"] for chore, _ in (await available_to(other.children[0], now)).pool] == [theirs.id]
    assert await available_to(await User.create(username="orphan", hashed_password="x"), now) == Available([], [])


async def test_a_parents_pending_rows_come_with_their_chore_and_child_among_the_live_rows_of_their_chores(db):
    home, other, now, _ = await world()
    loner = await make_parent()
    await make_pending_assignment(await make_priced_chore(loner), home.children[0], completed_at=now)

    for parent in (home.parent, home.co_parent, other.parent, loner):
        managed = Q(chore__family_id=parent.family_id) if parent.family_id else Q(chore__creator_id=parent.id)
        pending = await ChoreAssignment.filter(pending_rows(), managed).select_related("chore", "assignee").order_by(
            "id")
        chore_ids = {row.chore_id for row in pending}
        live = settle(await ChoreAssignment.filter(chore_id__in=chore_ids).select_related("chore", "assignee")
                      .order_by("id"), now)
        found = await pending_rows_of(parent, now)
        assert [(read_back(ChoreAssignment, row), read_back(Chore, chore), read_back(User, child), flag)
                for row, chore, child, flag in found] == [
            (snapshot(row), snapshot(row.chore), snapshot(row.assignee), row.id in {p.id for p in pending})
            for row in live]
    # alice's recurring row, bob's ranged row and pool claim
    assert sum(flag for *_, flag in await pending_rows_of(home.parent, now)) == 3


async def test_live_rows_are_the_rows_settled_as_of_now(db):
    """Cycles in and after their cooldown, live and ended pool claims, on both sides of ``now``."""
    home, other, now, _ = await world()
    [alice, bob] = home.children
    recurring = await make_priced_chore(home.parent, is_recurring=True, cooldown_days=1)
    await ChoreAssignment.create(chore=recurring, assignee=alice, is_completed=True, is_approved=True,
                                 approval_reward_cents=5, rejection_reason="old", completion_date=now,
                                 cooldown_ends_at=now + timedelta(seconds=1))
    await ChoreAssignment.create(chore=recurring, assignee=bob, is_completed=True, is_approved=True,
                                 completion_date=now, cooldown_ends_at=now)
    chore_ids = [chore.id for chore in await Chore.all().order_by("-id")]

    for moment in (now - timedelta(days=1), now, now + timedelta(days=2)):
        expected = settle(await ChoreAssignment.filter(chore_id__in=chore_ids).order_by("id"), moment)
        found = await live_rows_of(chore_ids, moment)
        assert [read_back(ChoreAssignment, row) for row in found] == [snapshot(row) for row in expected]
    assert await live_rows_of([], now) == []


async def test_a_read_inside_a_transaction_sees_its_uncommitted_rows(db):
    parent = await make_parent()

    async with in_transaction():
        await User.filter(id=parent.id).update(balance_cents=777)
        [row] = await fetch("SELECT `balance_cents` FROM `users` WHERE `id` = %s", parent.id)
        assert row["balance_cents"] == 777
