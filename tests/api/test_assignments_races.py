"""Concurrent requests on the rows that decide (D3, D1): one winner, clean 4xx for the others, one ledger entry.

They run on MariaDB only, where row locks are real; SQLite serialises every transaction.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from models import Activity, ChoreAssignment, EntryKind, LedgerEntry, User
from models.ledger import ledger_balance_cents
from tests.factories import api_create_chore, auth_headers, make_household

pytestmark = pytest.mark.mysql

CHORES = "/api/v1/chores"
TIMES = 20


async def test_twenty_children_claiming_one_pool_chore_at_once_leave_exactly_one_claim(client, settings):
    home = await make_household(children=TIMES)
    parent = auth_headers(home.parent, settings)
    chore = await api_create_chore(client, parent, assignment_mode="unassigned", assignee_ids=[])

    responses = await asyncio.gather(
        *(client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(child, settings)) for child in home.children)
    )

    assert Counter(r.status_code for r in responses) == {200: 1, 409: TIMES - 1}
    assert {r.json()["detail"] for r in responses if r.status_code == 409} == {
        "This chore has already been claimed by another child"
    }
    [winner] = [r.json()["assignment"]["assignee_id"] for r in responses if r.status_code == 200]
    claims = await ChoreAssignment.filter(chore_id=chore["id"])
    assert [(c.assignee_id, c.pool_slot, c.is_completed) for c in claims] == [(winner, 1, True)]
    assert await Activity.filter(activity_type="chore_completed").count() == 1


async def test_twenty_approvals_of_one_assignment_at_once_pay_the_reward_once(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parents = [auth_headers(home.parent, settings), auth_headers(home.co_parent, settings)]
    chore = await api_create_chore(client, parents[0], reward=7.25, assignee_ids=[alice.id])
    row_id = chore["assignments"][0]["id"]
    await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(alice, settings))

    responses = await asyncio.gather(
        *(
            client.post(f"/api/v1/assignments/{row_id}/approve", json={}, headers=parents[i % 2])
            for i in range(TIMES)
        )
    )

    assert Counter(r.status_code for r in responses) == {200: 1, 400: TIMES - 1}
    assert {r.json()["detail"] for r in responses if r.status_code == 400} == {"Assignment is already approved"}
    [entry] = await LedgerEntry.filter(child_id=alice.id)
    assert (entry.kind, entry.amount_cents, entry.cycle) == (EntryKind.REWARD, 725, 1)
    assert (await User.get(id=alice.id)).balance_cents == 725
    assert await Activity.filter(activity_type="chore_approved").count() == 1


async def test_twenty_chore_level_approvals_at_once_approve_one_row(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    chore = await api_create_chore(client, parent, reward=1, assignee_ids=[alice.id])
    await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(alice, settings))

    responses = await asyncio.gather(
        *(client.post(f"{CHORES}/{chore['id']}/approve", json={}, headers=parent) for _ in range(TIMES))
    )

    assert Counter(r.status_code for r in responses) == {200: 1, 400: TIMES - 1}
    assert {r.json()["detail"] for r in responses if r.status_code == 400} == {
        "No completed assignment found for this chore"
    }
    assert await LedgerEntry.filter(child_id=alice.id).count() == 1


async def test_a_child_completing_twice_at_once_completes_once(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    chore = await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[alice.id])
    headers = auth_headers(alice, settings)

    responses = await asyncio.gather(*(client.post(f"{CHORES}/{chore['id']}/complete", headers=headers) for _ in range(TIMES)))

    assert Counter(r.status_code for r in responses) == {200: 1, 400: TIMES - 1}
    assert {r.json()["detail"] for r in responses if r.status_code == 400} == {
        "This chore is already completed and pending approval"
    }
    assert await Activity.filter(activity_type="chore_completed").count() == 1


async def test_a_child_claiming_a_pool_chore_twice_at_once_claims_once(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    chore = await api_create_chore(client, auth_headers(home.parent, settings), assignment_mode="unassigned", assignee_ids=[])
    headers = auth_headers(alice, settings)

    responses = await asyncio.gather(*(client.post(f"{CHORES}/{chore['id']}/complete", headers=headers) for _ in range(TIMES)))

    assert Counter(r.status_code for r in responses) == {200: 1, 400: TIMES - 1}
    assert await ChoreAssignment.filter(chore_id=chore["id"]).count() == 1


async def test_concurrent_payouts_and_deductions_never_take_the_balance_below_zero(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    bonus = await client.post(
        "/api/v1/adjustments/", json={"child_id": alice.id, "amount": 10, "reason": "Birthday"}, headers=parent
    )
    assert bonus.status_code == 201

    requests = []
    for i in range(TIMES):
        if i % 2:
            requests.append(client.post("/api/v1/payouts/", json={"child_id": alice.id, "amount": 1}, headers=parent))
        else:
            body = {"child_id": alice.id, "amount": -1, "reason": "Broke a cup"}
            requests.append(client.post("/api/v1/adjustments/", json=body, headers=parent))
    responses = await asyncio.gather(*requests)

    assert Counter(r.status_code for r in responses) == {201: 10, 400: 10}
    assert await ledger_balance_cents(alice.id) == 0
    assert (await User.get(id=alice.id)).balance_cents == 0


async def test_approving_many_rows_of_one_child_at_once_pays_each_without_deadlock(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    chores = [await api_create_chore(client, parent, reward=1, assignee_ids=[alice.id]) for _ in range(TIMES)]
    for chore in chores:
        await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(alice, settings))
    payout = client.post("/api/v1/payouts/", json={"child_id": alice.id, "amount": 0.01}, headers=parent)

    responses = await asyncio.gather(
        *(client.post(f"/api/v1/assignments/{c['assignments'][0]['id']}/approve", headers=parent) for c in chores),
        payout,
    )

    assert [r.status_code for r in responses[:-1]] == [200] * TIMES
    assert responses[-1].status_code in (201, 400)
    expected = TIMES * 100 - (1 if responses[-1].status_code == 201 else 0)
    assert await ledger_balance_cents(alice.id) == expected
    assert (await User.get(id=alice.id)).balance_cents == expected
