"""A kiosk token (a family's wall tablet): it lists the family's chores and completes them for the child
its request names (``?child_id=``), exactly as that child would; it touches nothing else."""

from __future__ import annotations

import pytest

from models import Activity, ChoreAssignment, Event, EventRecipient, LedgerEntry, User
from tests.factories import api_create_chore, auth_headers, bearer, make_api_token, make_household

CHORES = "/api/v1/chores"


@pytest.fixture
async def home():
    return await make_household(children=2)


@pytest.fixture
async def kiosk(home) -> dict[str, str]:
    return bearer(await make_api_token(home.parent, "kiosk"))


async def footprint(chore_id: int, child_id: int) -> dict:
    """What a completion leaves behind, with the chore's own id and title taken out."""
    row = await ChoreAssignment.get(chore_id=chore_id, assignee_id=child_id)
    [activity] = [
        activity for activity in await Activity.filter(activity_type="chore_completed")
        if activity.activity_data["chore_id"] == chore_id
    ]
    events = [event for event in await Event.all().order_by("id") if event.data.get("chore_id") == chore_id]
    return {
        "row": (row.is_completed, row.is_approved, row.completion_date is not None),
        "activity": (activity.user_id, activity.family_id, activity.target_user_id),
        "events": [
            (event.type, sorted(await EventRecipient.filter(event_id=event.id).values_list("user_id", flat=True)))
            for event in events
        ],
    }


async def test_the_kiosk_lists_a_named_childs_chores_as_he_sees_them(client, settings, home, kiosk):
    alice = home.children[0]
    await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[alice.id])
    await api_create_chore(client, auth_headers(home.parent, settings), assignment_mode="unassigned", assignee_ids=[])

    by_kiosk = await client.get(f"{CHORES}/available", params={"child_id": alice.id}, headers=kiosk)
    by_alice = await client.get(f"{CHORES}/available", headers=auth_headers(alice, settings))
    family = await client.get(CHORES, headers=kiosk)
    children = await client.get("/api/v1/users/my-family-children", headers=kiosk)

    assert by_kiosk.status_code == 200
    assert by_kiosk.json() == by_alice.json()
    assert by_kiosk.json()["total_count"] == 2
    assert family.status_code == 200 and len(family.json()) == 2
    assert {child["id"] for child in children.json()} == {child.id for child in home.children}


async def test_a_kiosk_completion_is_the_childs_own_completion(client, settings, home, kiosk):
    alice = home.children[0]
    parent = auth_headers(home.parent, settings)
    by_herself = await api_create_chore(client, parent, assignee_ids=[alice.id])
    by_tablet = await api_create_chore(client, parent, assignee_ids=[alice.id])
    own = await client.post(f"{CHORES}/{by_herself['id']}/complete", headers=auth_headers(alice, settings))

    response = await client.post(f"{CHORES}/{by_tablet['id']}/complete", params={"child_id": alice.id},
                                 headers=kiosk)

    assert response.status_code == 200
    body = response.json()
    assert (body["message"], body["assignment"]["assignee_id"], body["assignment"]["is_completed"]) == (
        own.json()["message"], alice.id, True
    )
    left_behind = await footprint(by_tablet["id"], alice.id)
    assert left_behind == await footprint(by_herself["id"], alice.id)
    assert left_behind["activity"][0] == alice.id
    assert ("assignment_completed", sorted([home.parent.id, home.co_parent.id])) in left_behind["events"]


async def test_the_kiosk_claims_a_pool_chore_for_the_named_child(client, settings, home, kiosk):
    bob = home.children[1]
    pool = await api_create_chore(client, auth_headers(home.parent, settings), assignment_mode="unassigned",
                                  assignee_ids=[])

    response = await client.post(f"{CHORES}/{pool['id']}/complete", params={"child_id": bob.id}, headers=kiosk)

    assert response.status_code == 200
    assert (await ChoreAssignment.get(chore_id=pool["id"])).assignee_id == bob.id


async def test_the_kiosk_must_name_a_child(client, settings, home, kiosk):
    chore = await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[home.children[0].id])

    response = await client.post(f"{CHORES}/{chore['id']}/complete", headers=kiosk)

    assert response.status_code == 422
    assert response.json() == {"detail": [
        {"type": "missing", "loc": ["query", "child_id"], "msg": "Field required", "input": None}
    ]}


@pytest.mark.parametrize("who", ["another family's child", "a parent", "an inactive child", "nobody"])
async def test_the_kiosk_cannot_name_anyone_but_an_active_child_of_its_family(client, settings, home, kiosk, who):
    alice = home.children[0]
    chore = await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[alice.id])
    other = await make_household(children=1)
    if who == "an inactive child":
        await User.filter(id=alice.id).update(is_active=False)
    child_id = {"another family's child": other.children[0].id, "a parent": home.co_parent.id,
                "an inactive child": alice.id, "nobody": 99_999_999}[who]

    listed = await client.get(f"{CHORES}/available", params={"child_id": child_id}, headers=kiosk)
    completed = await client.post(f"{CHORES}/{chore['id']}/complete", params={"child_id": child_id}, headers=kiosk)

    assert (listed.status_code, listed.json()) == (completed.status_code, completed.json()) == (
        404, {"detail": "Child not found"}
    )
    assert not await ChoreAssignment.filter(is_completed=True).exists()


async def test_the_kiosk_cannot_touch_money_approvals_or_accounts(client, settings, home, kiosk):
    alice = home.children[0]
    chore = await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[alice.id])
    await client.post(f"{CHORES}/{chore['id']}/complete", params={"child_id": alice.id}, headers=kiosk)
    row_id = chore["assignments"][0]["id"]

    attempts = [
        await client.post(f"/api/v1/assignments/{row_id}/approve", json={}, headers=kiosk),
        await client.post(f"/api/v1/assignments/{row_id}/reject", json={"rejection_reason": "No"}, headers=kiosk),
        await client.post("/api/v1/adjustments/", json={"child_id": alice.id, "amount": 5, "reason": "Bonus"},
                          headers=kiosk),
        await client.post("/api/v1/payouts/", json={"child_id": alice.id, "amount": 1}, headers=kiosk),
        await client.get(f"/api/v1/reports/reward-history/{alice.id}", headers=kiosk),
        await client.get("/api/v1/users/allowance-summary", headers=kiosk),
        await client.get("/api/v1/users/me", headers=kiosk),
        await client.post(f"/api/v1/users/children/{alice.id}/reset-password", json="new-password", headers=kiosk),
        await client.post(CHORES, json={"title": "Sweep", "assignee_ids": [alice.id]}, headers=kiosk),
    ]

    assert {response.status_code for response in attempts} == {403}
    assert not await LedgerEntry.exists()
    assert not (await ChoreAssignment.get(id=row_id)).is_approved


async def test_a_login_tokens_child_id_is_ignored(client, settings, home):
    alice, bob = home.children
    chore = await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[alice.id])

    as_bob = await client.get(f"{CHORES}/available", params={"child_id": alice.id}, headers=auth_headers(bob, settings))
    as_parent = await client.post(f"{CHORES}/{chore['id']}/complete", params={"child_id": alice.id},
                                  headers=auth_headers(home.parent, settings))

    assert as_bob.json()["total_count"] == 0
    assert (as_parent.status_code, as_parent.json()) == (403, {"detail": "Parents cannot complete chores"})
