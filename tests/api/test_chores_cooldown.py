"""Recurring chores: the cooldown runs from the approval; once it ends the chore is available again (D2, D3).

A "day" lasts one second here (COOLDOWN_DAY_SECONDS=1), and the tests really wait.
"""

from __future__ import annotations

import asyncio

import pytest

from models import ChoreAssignment, EntryKind, LedgerEntry, User
from tests.conftest import make_settings
from tests.factories import api_create_chore, auth_headers, make_household

CHORES = "/api/v1/chores"
DAY = 1.0


@pytest.fixture
def settings():
    return make_settings(cooldown_day_seconds=1)


async def available_ids(client, headers) -> tuple[list[int], list[int]]:
    body = (await client.get(f"{CHORES}/available", headers=headers)).json()
    return [i["chore"]["id"] for i in body["assigned"]], [i["chore"]["id"] for i in body["pool"]]


async def complete_and_approve(client, chore_id, child_headers, parent_headers) -> dict:
    done = await client.post(f"{CHORES}/{chore_id}/complete", headers=child_headers)
    assert done.status_code == 200, done.text
    approved = await client.post(f"/api/v1/assignments/{done.json()['assignment']['id']}/approve", headers=parent_headers)
    assert approved.status_code == 200, approved.text
    return approved.json()


async def test_a_recurring_chore_rests_during_its_cooldown_then_comes_back_for_another_paid_cycle(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent, child = auth_headers(home.parent, settings), auth_headers(alice, settings)
    chore = await api_create_chore(client, parent, reward=1.5, is_recurring=True, cooldown_days=1,
                                   assignee_ids=[alice.id])

    first = await complete_and_approve(client, chore["id"], child, parent)

    row = await ChoreAssignment.get(id=first["assignment"]["id"])
    assert (row.cycle, row.cooldown_ends_at is not None) == (1, True)
    assert await available_ids(client, child) == ([], [])
    resting = await client.post(f"{CHORES}/{chore['id']}/complete", headers=child)
    assert resting.status_code == 400
    assert resting.json() == {"detail": "Chore is in cooldown period. Available again in 1 days"}
    [listed] = (await client.get(CHORES, headers=child)).json()
    assert listed["next_available_at"] is not None
    assert listed["assignments"][0]["is_approved"] is True

    await asyncio.sleep(DAY + 0.1)

    assert await available_ids(client, child) == ([chore["id"]], [])
    [view] = (await client.get(f"{CHORES}/child/{alice.id}", headers=parent)).json()
    assert (view["is_completed"], view["is_approved"], view["next_available_at"]) == (False, False, None)
    assert view["approval_reward"] == 1.5
    second = await complete_and_approve(client, chore["id"], child, parent)
    assert second["assignment"]["id"] == first["assignment"]["id"]
    entries = await LedgerEntry.filter(child_id=alice.id).order_by("id")
    assert [(e.kind, e.amount_cents, e.cycle) for e in entries] == [(EntryKind.REWARD, 150, 1), (EntryKind.REWARD, 150, 2)]
    assert (await User.get(id=alice.id)).balance_cents == 300


async def test_a_recurring_pool_chore_returns_to_the_pool_after_its_cooldown(client, settings):
    home = await make_household()
    alice, bob = home.children
    parent = auth_headers(home.parent, settings)
    a, b = auth_headers(alice, settings), auth_headers(bob, settings)
    chore = await api_create_chore(client, parent, reward=2, is_recurring=True, cooldown_days=1,
                                   assignment_mode="unassigned", assignee_ids=[])

    await complete_and_approve(client, chore["id"], a, parent)

    assert await available_ids(client, a) == await available_ids(client, b) == ([], [])
    again = await client.post(f"{CHORES}/{chore['id']}/complete", headers=a)
    assert again.status_code == 400
    assert again.json() == {"detail": "You completed this chore recently. Available again in 1 days"}
    assert (await client.post(f"{CHORES}/{chore['id']}/complete", headers=b)).status_code == 409

    await asyncio.sleep(DAY + 0.1)

    assert await available_ids(client, a) == await available_ids(client, b) == ([], [chore["id"]])
    parent_view = (await client.get(f"{CHORES}/{chore['id']}", headers=parent)).json()
    assert parent_view["assignments"] == [] and parent_view["assignee_ids"] == []
    await complete_and_approve(client, chore["id"], b, parent)
    claims = await ChoreAssignment.filter(chore_id=chore["id"])
    assert [c.assignee_id for c in claims] == [bob.id]
    assert (await User.get(id=alice.id)).balance_cents == (await User.get(id=bob.id)).balance_cents == 200
    assert await LedgerEntry.filter(kind=EntryKind.REWARD).count() == 2


async def test_a_recurring_chore_without_cooldown_days_is_available_again_at_once(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent, child = auth_headers(home.parent, settings), auth_headers(alice, settings)
    chore = await api_create_chore(client, parent, is_recurring=True, cooldown_days=0, assignee_ids=[alice.id])

    await complete_and_approve(client, chore["id"], child, parent)

    assert await available_ids(client, child) == ([chore["id"]], [])
    await complete_and_approve(client, chore["id"], child, parent)
    assert await LedgerEntry.filter(child_id=alice.id).count() == 2


async def test_a_one_off_chore_never_comes_back_whatever_its_cooldown_days(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent, child = auth_headers(home.parent, settings), auth_headers(alice, settings)
    chore = await api_create_chore(client, parent, is_recurring=False, cooldown_days=1, assignee_ids=[alice.id])
    await complete_and_approve(client, chore["id"], child, parent)

    await asyncio.sleep(DAY + 0.1)

    assert await available_ids(client, child) == ([], [])
    response = await client.post(f"{CHORES}/{chore['id']}/complete", headers=child)
    assert response.status_code == 400
    assert response.json() == {"detail": "This chore has already been approved and cannot be completed again"}
