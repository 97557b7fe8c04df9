"""The three assignment modes end to end: complete → approve, complete → reject → complete again (§11.5, D3, D14)."""

from __future__ import annotations

from models import Activity, ChoreAssignment, EntryKind, LedgerEntry, User
from tests.factories import api_create_chore, auth_headers, make_household

CHORES = "/api/v1/chores"


def row_of(chore: dict, child: User) -> dict:
    [row] = [a for a in chore["assignments"] if a["assignee_id"] == child.id]
    return row


async def available(client, headers) -> dict:
    response = await client.get(f"{CHORES}/available", headers=headers)
    assert response.status_code == 200
    return response.json()


async def pending_ids(client, headers) -> list[int]:
    response = await client.get(f"{CHORES}/pending-approval", headers=headers)
    assert response.status_code == 200
    return [item["assignment_id"] for item in response.json()]


async def test_single_chore_is_completed_by_its_child_and_approved_into_the_ledger(client, settings):
    home = await make_household()
    parent = auth_headers(home.parent, settings)
    alice, bob = [auth_headers(child, settings) for child in home.children]
    chore = await api_create_chore(
        client, parent, title="Dishes", reward=2.5, assignment_mode="single", assignee_ids=[home.children[0].id]
    )
    row = row_of(chore, home.children[0])
    assert chore["assignee_ids"] == [home.children[0].id]
    assert [item["chore"]["id"] for item in (await available(client, alice))["assigned"]] == [chore["id"]]
    assert (await available(client, bob))["total_count"] == 0

    refused = await client.post(f"{CHORES}/{chore['id']}/complete", headers=bob)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "You are not assigned to this chore"}

    done = await client.post(f"{CHORES}/{chore['id']}/complete", headers=alice)
    assert done.status_code == 200
    body = done.json()
    assert body["message"] == "Chore completed successfully"
    assert body["assignment"]["id"] == row["id"]
    assert body["assignment"]["is_completed"] is True
    assert body["assignment"]["completion_date"].endswith("Z")
    assert (await available(client, alice))["total_count"] == 0
    assert await pending_ids(client, parent) == [row["id"]]

    again = await client.post(f"{CHORES}/{chore['id']}/complete", headers=alice)
    assert again.status_code == 400
    assert again.json() == {"detail": "This chore is already completed and pending approval"}

    approved = await client.post(f"/api/v1/assignments/{row['id']}/approve", json={}, headers=parent)
    assert approved.status_code == 200
    result = approved.json()
    assert result["message"] == "Assignment approved successfully"
    assert result["final_reward"] == 2.5
    assert result["assignment"]["is_approved"] is True
    assert result["assignment"]["approval_reward"] == 2.5
    assert result["reward_adjustment"]["amount"] == "2.50"
    assert result["reward_adjustment"]["reason"] == "Approved chore: Dishes"
    assert result["reward_adjustment"]["parent_id"] == home.parent.id
    assert await pending_ids(client, parent) == []

    [entry] = await LedgerEntry.filter(child_id=home.children[0].id)
    assert (entry.kind, entry.amount_cents, entry.cycle, entry.assignment_id) == (EntryKind.REWARD, 250, 1, row["id"])
    assert (await User.get(id=home.children[0].id)).balance_cents == 250

    one_off = await client.post(f"{CHORES}/{chore['id']}/complete", headers=alice)
    assert one_off.status_code == 400
    assert one_off.json() == {"detail": "This chore has already been approved and cannot be completed again"}


async def test_single_chore_rejected_goes_back_to_its_child_with_the_reason_until_he_completes_it_again(client, settings):
    home = await make_household()
    parent, alice = auth_headers(home.parent, settings), auth_headers(home.children[0], settings)
    chore = await api_create_chore(client, parent, assignee_ids=[home.children[0].id])
    row_id = chore["assignments"][0]["id"]
    await client.post(f"{CHORES}/{chore['id']}/complete", headers=alice)

    rejected = await client.post(
        f"/api/v1/assignments/{row_id}/reject", json={"rejection_reason": "  Still dirty  "}, headers=parent
    )

    assert rejected.status_code == 200
    body = rejected.json()
    assert body["rejection_reason"] == "Still dirty"
    assert body["message"] == "Assignment rejected successfully. Child can see the reason and redo the chore."
    assert body["assignment"]["is_completed"] is False
    assert body["assignment"]["completion_date"] is None
    [item] = (await available(client, alice))["assigned"]
    assert item["assignment"]["rejection_reason"] == "Still dirty"
    assert item["assignment_id"] == row_id

    redo = await client.post(f"{CHORES}/{chore['id']}/complete", headers=alice)
    assert redo.status_code == 200
    assert redo.json()["assignment"]["rejection_reason"] is None
    assert await LedgerEntry.filter(child_id=home.children[0].id).count() == 0


async def test_multi_independent_rows_are_completed_and_decided_each_on_its_own(client, settings):
    home = await make_household()
    alice, bob = home.children
    parent = auth_headers(home.parent, settings)
    chore = await api_create_chore(
        client, parent, reward=1, assignment_mode="multi_independent", assignee_ids=[alice.id, bob.id]
    )
    assert sorted(chore["assignee_ids"]) == sorted([alice.id, bob.id])
    alice_row, bob_row = row_of(chore, alice), row_of(chore, bob)

    for child in (alice, bob):
        response = await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(child, settings))
        assert response.status_code == 200
    assert await pending_ids(client, parent) == [alice_row["id"], bob_row["id"]]

    approve = await client.post(f"/api/v1/assignments/{alice_row['id']}/approve", headers=parent)
    reject = await client.post(
        f"/api/v1/assignments/{bob_row['id']}/reject", json={"rejection_reason": "Try again"}, headers=parent
    )

    assert approve.status_code == reject.status_code == 200
    assert await pending_ids(client, parent) == []
    bob_again = await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(bob, settings))
    assert bob_again.status_code == 200
    assert await pending_ids(client, parent) == [bob_row["id"]]
    assert (await User.get(id=alice.id)).balance_cents == 100
    assert (await User.get(id=bob.id)).balance_cents == 0


async def test_pool_chore_is_claimed_by_the_first_child_and_leaves_the_others_pool(client, settings):
    home = await make_household()
    alice, bob = home.children
    parent = auth_headers(home.parent, settings)
    chore = await api_create_chore(client, parent, reward=3, assignment_mode="unassigned", assignee_ids=[])
    assert chore["assignments"] == [] and chore["assignee_ids"] == []
    for child in (alice, bob):
        pool = (await available(client, auth_headers(child, settings)))["pool"]
        assert [item["chore"]["id"] for item in pool] == [chore["id"]]
        assert pool[0]["assignment"] is None and pool[0]["assignment_id"] is None

    claim = await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(alice, settings))

    assert claim.status_code == 200
    assert claim.json()["assignment"]["assignee_id"] == alice.id
    assert claim.json()["chore"]["assignee_ids"] == [alice.id]
    assert (await available(client, auth_headers(bob, settings)))["pool"] == []
    late = await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(bob, settings))
    assert late.status_code == 409
    assert late.json() == {"detail": "This chore has already been claimed by another child"}
    twice = await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(alice, settings))
    assert twice.status_code == 400
    assert twice.json() == {"detail": "You have already completed this chore and it's pending approval"}

    claim_id = claim.json()["assignment"]["id"]
    approved = await client.post(f"/api/v1/assignments/{claim_id}/approve", json={}, headers=parent)
    assert approved.status_code == 200
    assert (await User.get(id=alice.id)).balance_cents == 300
    done = await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(alice, settings))
    assert done.status_code == 400
    assert done.json() == {"detail": "This chore has already been approved and cannot be completed again"}
    assert (await available(client, auth_headers(bob, settings)))["pool"] == []


async def test_rejected_pool_claim_is_removed_and_the_chore_returns_to_every_childs_pool(client, settings):
    home = await make_household()
    alice, bob = home.children
    parent = auth_headers(home.parent, settings)
    chore = await api_create_chore(client, parent, assignment_mode="unassigned", assignee_ids=[])
    claim = await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(alice, settings))
    claim_id = claim.json()["assignment"]["id"]

    rejected = await client.post(
        f"/api/v1/assignments/{claim_id}/reject", json={"rejection_reason": "Not done"}, headers=parent
    )

    assert rejected.status_code == 200
    assert rejected.json()["chore"]["assignments"] == []
    assert not await ChoreAssignment.filter(id=claim_id).exists()
    for child in (alice, bob):
        pool = (await available(client, auth_headers(child, settings)))["pool"]
        assert [item["chore"]["id"] for item in pool] == [chore["id"]]
    bob_claim = await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(bob, settings))
    assert bob_claim.status_code == 200
    assert bob_claim.json()["assignment"]["assignee_id"] == bob.id


async def test_every_event_of_a_chores_life_is_logged_in_the_actors_family(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    chore = await api_create_chore(client, parent, title="Bins", reward=4, assignee_ids=[alice.id])
    row_id = chore["assignments"][0]["id"]
    await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(alice, settings))
    await client.post(f"/api/v1/assignments/{row_id}/reject", json={"rejection_reason": "x" * 60}, headers=parent)
    await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(alice, settings))
    await client.post(f"/api/v1/assignments/{row_id}/approve", headers=auth_headers(home.co_parent, settings))

    activities = await Activity.all().order_by("id")

    assert [(a.activity_type, a.user_id, a.target_user_id, a.description) for a in activities] == [
        ("chore_created", home.parent.id, alice.id, "Created chore 'Bins' ($4.00)"),
        ("chore_completed", alice.id, None, "Completed chore: Bins"),
        ("chore_rejected", home.parent.id, alice.id, f"Rejected chore 'Bins': {'x' * 50}..."),
        ("chore_completed", alice.id, None, "Completed chore: Bins"),
        ("chore_approved", home.co_parent.id, alice.id, "Approved chore 'Bins' for $4.00"),
    ]
    assert {a.family_id for a in activities} == {home.family.id}
    assert activities[0].activity_data == {"chore_id": chore["id"], "chore_title": "Bins", "reward_amount": 4.0}
    assert activities[2].activity_data["rejection_reason"] == "x" * 60
    assert activities[4].activity_data == {"chore_id": chore["id"], "chore_title": "Bins", "reward_amount": 4.0}
