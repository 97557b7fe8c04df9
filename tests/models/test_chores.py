"""Chore rules: cooldown end, reward bounds, who may manage or see a chore."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models import Chore, User
from models.chores import managed_scope, pool_within, reach_scope
from tests.factories import make_child, make_household, make_parent, make_priced_chore

APPROVED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def test_a_recurring_chore_rests_its_cooldown_days_and_a_one_off_never_comes_back():
    assert Chore(is_recurring=True, cooldown_days=3).cooldown_end(APPROVED_AT, 86400) == APPROVED_AT + timedelta(days=3)
    assert Chore(is_recurring=True, cooldown_days=3).cooldown_end(APPROVED_AT, 1) == APPROVED_AT + timedelta(seconds=3)
    assert Chore(is_recurring=True, cooldown_days=0).cooldown_end(APPROVED_AT, 86400) == APPROVED_AT
    assert Chore(is_recurring=False, cooldown_days=3).cooldown_end(APPROVED_AT, 86400) is None


def test_range_rules():
    chore = Chore(is_range_reward=True, min_reward_cents=300, max_reward_cents=750)

    assert [chore.range_reward_error(v) for v in (300, 750)] == [None, None]
    assert chore.range_reward_error(None) == "Reward value is required for range-based rewards"
    assert chore.range_reward_error(299) == "Reward value must be between 3.0 and 7.5"
    assert chore.reward_range_error() is None
    assert Chore(is_range_reward=True, min_reward_cents=100).reward_range_error() == (
        "Minimum reward must be less than maximum reward")
    assert Chore(is_range_reward=False, min_reward_cents=100).reward_range_error() is None


async def test_family_parents_manage_the_familys_chores_and_children_reach_them(db):
    home = await make_household(children=1)
    other = await make_household(children=1)
    chore = await make_priced_chore(home.parent)
    pool = await make_priced_chore(home.co_parent, assignment_mode="unassigned")
    await make_priced_chore(home.parent, assignment_mode="unassigned", is_disabled=True)
    await make_priced_chore(other.parent, assignment_mode="unassigned")

    assert [chore.managed_by(u) for u in (home.parent, home.co_parent, home.children[0], other.parent)] == [
        True, True, False, False]
    assert chore.belongs_to_other_family(other.parent) and not chore.belongs_to_other_family(home.co_parent)
    assert chore.within_reach_of(home.children[0]) and not chore.within_reach_of(other.children[0])
    assert reach_scope(home.children[0]) == managed_scope(home.co_parent) == ("family_id", home.family.id)
    assert [c.id for c in await pool_within(*reach_scope(home.children[0]))] == [pool.id]


async def test_without_family_a_parent_manages_his_own_chores_and_his_children_reach_them(db):
    parent, stranger = await make_parent(), await make_parent()
    child: User = await make_child(parent)
    chore = await make_priced_chore(parent, assignment_mode="unassigned")

    assert chore.managed_by(parent) and not chore.managed_by(stranger)
    assert not chore.belongs_to_other_family(stranger)
    assert reach_scope(child) == managed_scope(parent) == ("creator_id", parent.id)
    assert [c.id for c in await pool_within(*reach_scope(child))] == [chore.id]
    assert await pool_within(*reach_scope(await make_child(stranger))).count() == 0
