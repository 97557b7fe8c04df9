"""Balances (U5, U8): one figure per child, the sum of his ledger, the same in every endpoint (D1).

The last test is the issue's "Done when": a parent and two children run every mode end to end over
HTTP, and every endpoint's balance agrees with the ledger to the cent.
"""

from __future__ import annotations

from models import User
from models.ledger import ledger_balance_cents
from tests.factories import api_create_chore, auth_headers, make_child, make_household, make_parent

CHORES = "/api/v1/chores"


async def test_a_childs_balance_is_rewards_plus_adjustments_minus_payouts(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent, child = auth_headers(home.parent, settings), auth_headers(alice, settings)
    fixed = await api_create_chore(client, parent, reward=5, assignee_ids=[alice.id])
    ranged = await api_create_chore(client, parent, reward=0, is_range_reward=True, min_reward=1, max_reward=4,
                                    assignee_ids=[alice.id])
    waiting = await api_create_chore(client, parent, reward=4, assignee_ids=[alice.id])
    for chore in (fixed, ranged, waiting):
        await client.post(f"{CHORES}/{chore['id']}/complete", headers=child)
    await client.post(f"{CHORES}/{fixed['id']}/approve", json={}, headers=parent)
    await client.post(f"{CHORES}/{ranged['id']}/approve", json={"reward_value": 2.5}, headers=parent)
    for amount in (1.25, -0.5):
        await client.post("/api/v1/adjustments/", json={"child_id": alice.id, "amount": amount, "reason": "abc"},
                          headers=parent)
    await client.post("/api/v1/payouts/", json={"child_id": alice.id, "amount": 3}, headers=parent)

    response = await client.get("/api/v1/users/me/balance", headers=child)

    assert response.status_code == 200
    assert response.json() == {"balance": 5.25, "total_earned": 7.5, "adjustments": 0.75, "paid_out": 3.0,
                               "pending_chores_value": 4.0}


async def test_balance_is_for_children_and_the_summary_for_parents(client, settings):
    home = await make_household(children=1)

    balance = await client.get("/api/v1/users/me/balance", headers=auth_headers(home.parent, settings))
    summary = await client.get("/api/v1/users/allowance-summary", headers=auth_headers(home.children[0], settings))

    assert (balance.status_code, balance.json()) == (403, {"detail": "Parents should use /api/v1/users/summary endpoint"})
    assert (summary.status_code, summary.json()) == (403, {"detail": "Only parents can access allowance summary"})
    assert (await client.get("/api/v1/users/me/balance")).status_code == 401


async def test_the_allowance_summary_lists_the_familys_children_by_username(client, settings):
    family_home = await make_household(children=0)
    zed = await make_child(family_home.parent, username="zed")
    amy = await make_child(family_home.co_parent, username="amy")
    other = await make_household(children=1)
    parent = auth_headers(family_home.parent, settings)
    chore = await api_create_chore(client, parent, reward=2, assignee_ids=[zed.id])
    await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(zed, settings))
    await client.post(f"{CHORES}/{chore['id']}/approve", json={}, headers=parent)
    await client.post("/api/v1/payouts/", json={"child_id": zed.id, "amount": 0.5}, headers=parent)

    response = await client.get("/api/v1/users/allowance-summary", headers=auth_headers(family_home.co_parent, settings))

    assert response.status_code == 200
    assert response.json() == [
        {"id": amy.id, "username": "amy", "completed_chores": 0, "total_earned": 0.0, "total_adjustments": 0.0,
         "paid_out": 0.0, "balance_due": 0.0},
        {"id": zed.id, "username": "zed", "completed_chores": 1, "total_earned": 2.0, "total_adjustments": 0.0,
         "paid_out": 0.5, "balance_due": 1.5},
    ]
    assert other.children[0].id not in [row["id"] for row in response.json()]


async def test_a_parent_without_family_sees_his_own_children(client, settings):
    parent = await make_parent()
    child = await make_child(parent)
    await make_child(await make_parent())

    response = await client.get("/api/v1/users/allowance-summary", headers=auth_headers(parent, settings))

    assert [row["id"] for row in response.json()] == [child.id]


async def test_a_family_runs_every_mode_end_to_end_and_every_balance_agrees_with_the_ledger(client, settings):
    home = await make_household(children=2)
    alice, bob = home.children
    parent, co_parent = auth_headers(home.parent, settings), auth_headers(home.co_parent, settings)
    kid = {alice.id: auth_headers(alice, settings), bob.id: auth_headers(bob, settings)}

    async def complete(chore, child):
        response = await client.post(f"{CHORES}/{chore['id']}/complete", headers=kid[child.id])
        assert response.status_code == 200, response.text
        return response.json()["assignment"]["id"]

    async def decide(row_id, action, headers=parent, **body):
        response = await client.post(f"/api/v1/assignments/{row_id}/{action}", json=body, headers=headers)
        assert response.status_code == 200, response.text

    single = await api_create_chore(client, parent, reward=1.1, assignment_mode="single", assignee_ids=[alice.id])
    multi = await api_create_chore(client, co_parent, reward=0, is_range_reward=True, min_reward=0.5, max_reward=3.3,
                                   assignment_mode="multi_independent", assignee_ids=[alice.id, bob.id])
    pool = await api_create_chore(client, parent, reward=2.2, assignment_mode="unassigned", assignee_ids=[])
    recurring = await api_create_chore(client, parent, reward=0.7, is_recurring=True, cooldown_days=0,
                                       assignment_mode="single", assignee_ids=[bob.id])

    await decide(await complete(single, alice), "reject", rejection_reason="Redo it")
    await decide(await complete(single, alice), "approve")
    await decide(await complete(multi, alice), "approve", headers=co_parent, reward_value=3.3)
    bob_multi = await complete(multi, bob)
    await decide(bob_multi, "reject", rejection_reason="Sloppy")
    await decide(await complete(multi, bob), "approve", reward_value=0.55)
    await decide(await complete(pool, bob), "reject", rejection_reason="Not you")
    await decide(await complete(pool, alice), "approve")
    for _ in range(3):
        await decide(await complete(recurring, bob), "approve")
    money = [("/api/v1/adjustments/", {"child_id": alice.id, "amount": 0.33, "reason": "Kindness"}),
             ("/api/v1/adjustments/", {"child_id": bob.id, "amount": -0.25, "reason": "Late"}),
             ("/api/v1/payouts/", {"child_id": alice.id, "amount": 4.01}),
             ("/api/v1/payouts/", {"child_id": bob.id, "amount": 0.1, "note": "Sweets"})]
    for url, body in money:
        assert (await client.post(url, json=body, headers=co_parent)).status_code == 201

    expected = {alice.id: 110 + 330 + 220 + 33 - 401, bob.id: 55 + 3 * 70 - 25 - 10}
    summary = {row["id"]: row for row in (await client.get("/api/v1/users/allowance-summary", headers=parent)).json()}
    for child in (alice, bob):
        balance = (await client.get("/api/v1/users/me/balance", headers=kid[child.id])).json()
        cents = expected[child.id]
        assert await ledger_balance_cents(child.id) == cents
        assert (await User.get(id=child.id)).balance_cents == cents
        assert round(balance["balance"] * 100) == round(summary[child.id]["balance_due"] * 100) == cents
        assert balance["total_earned"] == summary[child.id]["total_earned"]
        assert balance["paid_out"] == summary[child.id]["paid_out"]
        assert balance["adjustments"] == summary[child.id]["total_adjustments"]
        assert balance["pending_chores_value"] == 0
    assert summary[alice.id]["completed_chores"] == 3 and summary[bob.id]["completed_chores"] == 4
    assert summary[alice.id]["total_earned"] == 6.6 and summary[bob.id]["total_earned"] == 2.65
    totals = [(await client.get(f"/api/v1/adjustments/total/{c.id}", headers=parent)).json()["total_adjustments"]
              for c in (alice, bob)]
    assert totals == ["0.33", "-0.25"]
