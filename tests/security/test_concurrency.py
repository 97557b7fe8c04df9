"""Money under concurrency (issue #9, item 5): everything that moves one child's balance, all at once.

Approvals of his rows, his pool claims against his siblings', bonuses, deductions and payouts from
both parents land together. Every request gets a 2xx or the 4xx the contract names for a lost race
(409 claim taken, 400 balance guard), never a 5xx; the balance is the ledger's sum, the cached
``balance_cents`` equals it, what the API acknowledged adds up to it, and replayed in commit order
it never goes below zero. MariaDB only, where row locks are real (see tests/api/test_assignments_races.py).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable
from dataclasses import dataclass
from itertools import accumulate
from typing import cast

import httpx
import pytest
from tortoise.transactions import in_transaction

from models import ChoreAssignment, EntryKind, LedgerEntry, User
from models.ledger import ledger_balance_cents, locked_balance_cents
from tests.api.test_assignments_races import CHORES
from tests.factories import api_create_chore, auth_headers, make_household

pytestmark = pytest.mark.mysql

API = "/api/v1"
BALANCE_GUARDS = {
    "deduction": "Adjustment would result in negative balance",
    "payout": "Payout exceeds current balance",
}


@dataclass(frozen=True)
class Move:
    """One request of the storm: what it is, the cents it moves if accepted, the statuses it may get."""

    kind: str
    child_id: int
    cents: int
    request: Awaitable[httpx.Response]
    allowed: frozenset[int]


def credit(client, headers, child_id: int, cents: int) -> Move:
    body = {"child_id": child_id, "amount": cents / 100, "reason": "Bonus"}
    request = client.post(f"{API}/adjustments/", json=body, headers=headers)
    return Move("bonus", child_id, cents, request, frozenset({201}))


def deduction(client, headers, child_id: int, cents: int) -> Move:
    body = {"child_id": child_id, "amount": -cents / 100, "reason": "Broke a cup"}
    request = client.post(f"{API}/adjustments/", json=body, headers=headers)
    return Move("deduction", child_id, -cents, request, frozenset({201, 400}))


def payout(client, headers, child_id: int, cents: int) -> Move:
    request = client.post(f"{API}/payouts/", json={"child_id": child_id, "amount": cents / 100}, headers=headers)
    return Move("payout", child_id, -cents, request, frozenset({201, 400}))


def approval(client, headers, child_id: int, row_id: int, cents: int) -> Move:
    request = client.post(f"{API}/assignments/{row_id}/approve", json={}, headers=headers)
    return Move("approval", child_id, cents, request, frozenset({200}))


def claim(client, headers, child_id: int, chore_id: int) -> Move:
    request = client.post(f"{CHORES}/{chore_id}/complete", headers=headers)
    return Move("claim", child_id, 0, request, frozenset({200, 409}))


async def storm(moves: list[Move]) -> list[tuple[Move, httpx.Response]]:
    """Send every move at once; fail on any answer its kind may not get."""
    responses = await asyncio.gather(*(move.request for move in moves))
    unexpected = [
        f"{move.kind} for {move.child_id}: {response.status_code} {response.text[:200]}"
        for move, response in zip(moves, responses, strict=True)
        if response.status_code not in move.allowed
        or (response.status_code == 400 and not response.json()["detail"].startswith(BALANCE_GUARDS[move.kind]))
    ]
    assert not unexpected, "\n".join(unexpected)
    return list(zip(moves, responses, strict=True))


async def assert_books_balance(child_id: int, acknowledged_cents: int) -> None:
    """Ledger sum == cached balance == what the API acknowledged, and no prefix of the ledger is negative.

    Every ledger write updates the child's row first, so entries of one child commit in id order.
    """
    amounts = cast(list[int], await LedgerEntry.filter(child_id=child_id).order_by("id").values_list("amount_cents", flat=True))
    assert await ledger_balance_cents(child_id) == sum(amounts) == acknowledged_cents
    assert (await User.get(id=child_id)).balance_cents == acknowledged_cents
    assert min(accumulate(amounts), default=0) >= 0


async def pending_rows(client, parent, child, settings, count: int, reward: float) -> list[int]:
    """``count`` one-off chores of ``child``, each completed and waiting for approval."""
    rows = []
    for _ in range(count):
        chore = await api_create_chore(client, parent, reward=reward, assignee_ids=[child.id])
        completed = await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(child, settings))
        assert completed.status_code == 200, completed.text
        rows.append(chore["assignments"][0]["id"])
    return rows


async def test_approvals_claims_bonuses_deductions_and_payouts_at_once_keep_every_balance_exact(client, settings):
    home = await make_household(children=3)
    alice, bob, carol = home.children
    parents = [auth_headers(home.parent, settings), auth_headers(home.co_parent, settings)]
    kids = {child.id: auth_headers(child, settings) for child in home.children}
    alice_rows = await pending_rows(client, parents[0], alice, settings, 8, reward=1.25)
    bob_rows = await pending_rows(client, parents[1], bob, settings, 4, reward=0.75)
    pool = [
        (await api_create_chore(client, parents[i % 2], reward=2, assignment_mode="unassigned", assignee_ids=[]))["id"]
        for i in range(4)
    ]
    for child in (alice, bob):
        seed = await client.post(
            f"{API}/adjustments/", json={"child_id": child.id, "amount": 3, "reason": "Start"}, headers=parents[0]
        )
        assert seed.status_code == 201

    moves = [approval(client, parents[i % 2], alice.id, row, 125) for i, row in enumerate(alice_rows)]
    moves += [approval(client, parents[i % 2], bob.id, row, 75) for i, row in enumerate(bob_rows)]
    moves += [claim(client, kids[child.id], child.id, chore) for chore in pool for child in home.children]
    for i in range(6):
        for child in (alice, bob):
            by = parents[i % 2]
            moves += [credit(client, by, child.id, 100), deduction(client, by, child.id, 200)]
            moves.append(payout(client, by, child.id, 150))
    answered = await storm(moves)

    for child, start in ((alice, 300), (bob, 300), (carol, 0)):
        accepted = sum(move.cents for move, response in answered if move.child_id == child.id and response.is_success)
        await assert_books_balance(child.id, start + accepted)
    rewards = await LedgerEntry.filter(kind=EntryKind.REWARD).values_list("assignment_id", flat=True)
    assert sorted(rewards) == sorted(alice_rows + bob_rows)
    won = [move for move, response in answered if move.kind == "claim" and response.status_code == 200]
    assert len(won) == len(pool)
    for chore in pool:
        assert await ChoreAssignment.filter(chore_id=chore, pool_slot=1).count() == 1


async def test_draining_a_balance_from_both_parents_while_rewards_arrive_never_overdraws_it(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parents = [auth_headers(home.parent, settings), auth_headers(home.co_parent, settings)]
    rows = await pending_rows(client, parents[0], alice, settings, 10, reward=1)
    seed = await client.post(
        f"{API}/adjustments/", json={"child_id": alice.id, "amount": 10, "reason": "Start"}, headers=parents[0]
    )
    assert seed.status_code == 201

    moves = [approval(client, parents[i % 2], alice.id, row, 100) for i, row in enumerate(rows)]
    for i in range(20):
        moves += [payout(client, parents[i % 2], alice.id, 100), deduction(client, parents[(i + 1) % 2], alice.id, 100)]
    answered = await storm(moves)

    accepted = sum(move.cents for move, response in answered if response.is_success)
    await assert_books_balance(alice.id, 1000 + accepted)
    debits = Counter(move.kind for move, response in answered if move.cents < 0 and response.is_success)
    assert 10 <= debits["payout"] + debits["deduction"] <= 20


async def hold_row_lock(child_id: int, held: asyncio.Event, release: asyncio.Event) -> None:
    """Hold a child's row lock, as his own money move does, until ``release`` is set.

    Run it as a task of its own: in the test's own task, the request (served in the same context)
    would join this transaction instead of waiting for its lock."""
    async with in_transaction() as conn:
        await locked_balance_cents(child_id, using_db=conn)
        held.set()
        await release.wait()


async def test_a_money_move_never_waits_for_a_siblings_row(client, settings):
    """A bonus's activity reaches the whole family; writing its recipients must not queue behind a sibling's
    row lock, which the sibling's own money move holds while it names this child in its activity (a deadlock)."""
    home = await make_household(children=2)
    alice, bob = home.children
    held, release = asyncio.Event(), asyncio.Event()
    holder = asyncio.create_task(hold_row_lock(bob.id, held, release))
    try:
        await asyncio.wait_for(held.wait(), timeout=10)
        bonus = credit(client, auth_headers(home.parent, settings), alice.id, 100)
        response = await asyncio.wait_for(bonus.request, timeout=10)
    finally:
        release.set()
        await holder
    assert response.status_code == 201, response.text
    await assert_books_balance(alice.id, 100)
