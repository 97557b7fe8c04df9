"""The assignment state machine, its read-time view (D2, D3) and the SQL conditions that mirror it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tortoise.exceptions import IntegrityError

from models import AssignmentState, ChoreAssignment
from models.assignments import (
    POOL_SLOT,
    live_rows,
    remove_expired_pool_claim,
    rows_in_state,
    settle,
)
from models.timeutil import utcnow
from tests.factories import make_child, make_household, make_priced_chore

NOW = utcnow()
PAST, FUTURE = NOW - timedelta(seconds=5), NOW + timedelta(days=1)


def row(**fields) -> ChoreAssignment:
    return ChoreAssignment(chore_id=1, assignee_id=1, **fields)


def test_an_approved_cycle_is_open_again_once_its_cooldown_has_ended():
    resting = row(is_completed=True, is_approved=True, cooldown_ends_at=FUTURE)
    over = row(is_completed=True, is_approved=True, cooldown_ends_at=PAST)
    one_off = row(is_completed=True, is_approved=True)

    assert [r.state_at(NOW) for r in (resting, over, one_off)] == [
        AssignmentState.APPROVED, AssignmentState.OPEN, AssignmentState.APPROVED]
    assert (resting.in_cooldown(NOW), over.cooldown_over(NOW), one_off.cooldown_over(NOW)) == (True, True, False)


def test_days_left_count_whole_days_plus_one():
    resting = row(cooldown_ends_at=NOW + timedelta(seconds=2.5 * 86400))

    assert resting.cooldown_days_left(NOW, 86400) == 3
    assert resting.cooldown_days_left(NOW, 3600) == 61


def test_a_cycle_goes_open_pending_approved_and_reopens_keeping_the_approval():
    assignment = row()

    assignment.complete(NOW)
    assert assignment.state is AssignmentState.PENDING
    assignment.reject("again")
    assert (assignment.state, assignment.rejection_reason, assignment.completion_date) == (
        AssignmentState.OPEN, "again", None)
    assignment.complete(NOW)
    assert assignment.rejection_reason is None
    assignment.approve(300, NOW, FUTURE)
    assert (assignment.state, assignment.cycle, assignment.approval_reward_cents) == (AssignmentState.APPROVED, 1, 300)
    assignment.reopen()
    assert (assignment.state, assignment.cooldown_ends_at) == (AssignmentState.OPEN, None)
    assert (assignment.approval_date, assignment.approval_reward_cents) == (NOW, 300)


def test_settle_drops_expired_pool_claims_and_reopens_other_ended_cycles_in_memory():
    claim = row(pool_slot=POOL_SLOT, is_completed=True, is_approved=True, cooldown_ends_at=PAST)
    resting_claim = row(pool_slot=POOL_SLOT, is_completed=True, is_approved=True, cooldown_ends_at=FUTURE)
    ended = row(is_completed=True, is_approved=True, cooldown_ends_at=PAST)

    live = settle([claim, resting_claim, ended], NOW)

    assert live == [resting_claim, ended]
    assert (ended.is_completed, ended.is_approved) == (False, False)
    assert resting_claim.is_approved is True


async def test_the_sql_conditions_classify_rows_as_settle_does(db):
    home = await make_household(children=1)
    variants = {
        "open": {},
        "pending": {"is_completed": True},
        "resting": {"is_completed": True, "is_approved": True, "cooldown_ends_at": FUTURE},
        "ended": {"is_completed": True, "is_approved": True, "cooldown_ends_at": PAST},
        "one_off": {"is_completed": True, "is_approved": True},
        "claim_pending": {"is_completed": True, "pool_slot": POOL_SLOT},
        "claim_resting": {"is_completed": True, "is_approved": True, "cooldown_ends_at": FUTURE, "pool_slot": POOL_SLOT},
        "claim_expired": {"is_completed": True, "is_approved": True, "cooldown_ends_at": PAST, "pool_slot": POOL_SLOT},
    }
    names = {}
    for name, fields in variants.items():
        chore = await make_priced_chore(home.parent)
        created = await ChoreAssignment.create(chore=chore, assignee=home.children[0], **fields)
        names[created.id] = name

    async def matching(condition) -> set[str]:
        return {names[i] for i in await ChoreAssignment.filter(condition).values_list("id", flat=True)}

    rows = await ChoreAssignment.all()
    by_state = {state: {names[r.id] for r in rows if r.state_at(NOW) is state} for state in AssignmentState}
    for state in AssignmentState:
        assert await matching(rows_in_state(state, NOW)) == by_state[state], state
    assert await matching(live_rows(NOW)) == {names[r.id] for r in settle(await ChoreAssignment.all(), NOW)}
    assert await matching(live_rows(NOW)) == set(variants) - {"claim_expired"}


async def test_removing_an_expired_pool_claim_deletes_only_an_expired_one(db):
    home = await make_household(children=1)
    expired_chore, resting_chore = await make_priced_chore(home.parent), await make_priced_chore(home.parent)
    child = home.children[0]
    expired = await ChoreAssignment.create(chore=expired_chore, assignee=child, pool_slot=POOL_SLOT, is_completed=True,
                                           is_approved=True, cooldown_ends_at=PAST)
    resting = await ChoreAssignment.create(chore=resting_chore, assignee=child, pool_slot=POOL_SLOT, is_completed=True,
                                           is_approved=True, cooldown_ends_at=FUTURE)

    assert await remove_expired_pool_claim(expired_chore.id, NOW) is True
    assert await remove_expired_pool_claim(expired_chore.id, NOW) is False
    assert await remove_expired_pool_claim(resting_chore.id, NOW) is False
    assert not await ChoreAssignment.filter(id=expired.id).exists()
    assert await ChoreAssignment.filter(id=resting.id).exists()


async def test_a_second_pool_claim_of_one_chore_is_refused_by_the_database(db):
    home = await make_household(children=1)
    chore = await make_priced_chore(home.parent)
    await ChoreAssignment.create(chore=chore, assignee=home.children[0], pool_slot=POOL_SLOT)
    sibling = await make_child(home.parent)

    with pytest.raises(IntegrityError):
        await ChoreAssignment.create(chore=chore, assignee=sibling, pool_slot=POOL_SLOT)
