"""Business counters move with the use cases that happen (contract §10 names)."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from tests.factories import PASSWORD, api_create_chore, auth_headers, make_household


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


COUNTED = [
    ("chores_created_total", {"mode": "single"}),
    ("assignments_created_total", {"mode": "single"}),
    ("chores_completed_total", {"mode": "single"}),
    ("chores_approved_total", {"mode": "single"}),
    ("chores_rejected_total", {"mode": "single"}),
    ("rewards_paid_total", {}),
    ("reward_adjustments_total", {"type": "bonus"}),
    ("payouts_total", {}),
    ("user_logins_total", {"role": "child"}),
    ("user_login_failures_total", {}),
]


async def test_a_chore_lifecycle_moves_every_business_counter_once(client, settings):
    home = await make_household(children=1)
    parent, child = auth_headers(home.parent, settings), auth_headers(home.children[0], settings)
    before = {name: sample(name, **labels) for name, labels in COUNTED}

    chore = await api_create_chore(client, parent, reward=4, assignee_ids=[home.children[0].id])
    await client.post(f"/api/v1/chores/{chore['id']}/complete", headers=child)
    await client.post(f"/api/v1/chores/{chore['id']}/reject", json={"rejection_reason": "Not yet"}, headers=parent)
    await client.post(f"/api/v1/chores/{chore['id']}/complete", headers=child)
    approved = await client.post(f"/api/v1/chores/{chore['id']}/approve", json={}, headers=parent)
    assert approved.status_code == 200, approved.text
    bonus = {"child_id": home.children[0].id, "amount": 1.5, "reason": "Extra help"}
    assert (await client.post("/api/v1/adjustments/", json=bonus, headers=parent)).status_code == 201
    payout = {"child_id": home.children[0].id, "amount": "2.00"}
    assert (await client.post("/api/v1/payouts/", json=payout, headers=parent)).status_code == 201
    username = home.children[0].username
    await client.post("/api/v1/users/login", data={"username": username, "password": PASSWORD})
    await client.post("/api/v1/users/login", data={"username": username, "password": "wrong-password"})

    after = {name: sample(name, **labels) for name, labels in COUNTED}
    delta = {name: after[name] - before[name] for name, _ in COUNTED}
    # Counters are floats shared by the whole test session: compare the increments approximately.
    assert delta == pytest.approx({
        "chores_created_total": 1,
        "assignments_created_total": 1,
        "chores_completed_total": 2,
        "chores_approved_total": 1,
        "chores_rejected_total": 1,
        "rewards_paid_total": 4.0,
        "reward_adjustments_total": 1,
        "payouts_total": 1,
        "user_logins_total": 1,
        "user_login_failures_total": 1,
    })


async def test_refused_requests_count_nothing(client, settings):
    home = await make_household(children=1)
    before = sample("chores_created_total", mode="single")

    response = await client.post(
        "/api/v1/chores", json={"title": "", "description": ""}, headers=auth_headers(home.parent, settings)
    )

    assert response.status_code == 422
    assert sample("chores_created_total", mode="single") == before
