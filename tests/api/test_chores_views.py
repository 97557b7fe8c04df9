"""What each caller sees: a child's to-do list (C3), the approval inbox (C4), per-child views (C5, C6),
and the isolation of families on every chore and assignment route."""

from __future__ import annotations

from models import ChoreAssignment
from tests.factories import api_create_chore, auth_headers, make_child, make_household, make_parent

CHORES = "/api/v1/chores"


async def test_available_lists_the_childs_open_rows_and_his_familys_free_pool(client, settings):
    home = await make_household()
    other = await make_household()
    alice, bob = home.children
    parent = auth_headers(home.parent, settings)
    mine = await api_create_chore(client, parent, assignee_ids=[alice.id])
    await api_create_chore(client, parent, assignee_ids=[bob.id])
    pool = await api_create_chore(client, auth_headers(home.co_parent, settings), assignment_mode="unassigned",
                                  assignee_ids=[])
    foreign_pool = await api_create_chore(client, auth_headers(other.parent, settings), assignment_mode="unassigned",
                                          assignee_ids=[])

    response = await client.get(f"{CHORES}/available", headers=auth_headers(alice, settings))

    assert response.status_code == 200
    body = response.json()
    assert body["total_count"] == 2
    [assigned] = body["assigned"]
    assert (assigned["chore"]["id"], assigned["assignment_id"]) == (mine["id"], mine["assignments"][0]["id"])
    assert assigned["assignment"] == mine["assignments"][0]
    assert [item["chore"]["id"] for item in body["pool"]] == [pool["id"]]
    stranger = await client.post(f"{CHORES}/{foreign_pool['id']}/complete", headers=auth_headers(alice, settings))
    assert stranger.status_code == 404
    assert stranger.json() == {"detail": "Chore not found"}
    assert not await ChoreAssignment.filter(chore_id=foreign_pool["id"]).exists()
    refused = await client.get(f"{CHORES}/available", headers=parent)
    assert (refused.status_code, refused.json()) == (403, {"detail": "This endpoint is only for children users"})


async def test_a_child_without_family_finds_his_parents_pool_chores(client, settings):
    parent = await make_parent()
    child = await make_child(parent)
    stranger = await make_parent()
    pool = await api_create_chore(client, auth_headers(parent, settings), assignment_mode="unassigned", assignee_ids=[])
    await api_create_chore(client, auth_headers(stranger, settings), assignment_mode="unassigned", assignee_ids=[])

    body = (await client.get(f"{CHORES}/available", headers=auth_headers(child, settings))).json()

    assert [item["chore"]["id"] for item in body["pool"]] == [pool["id"]]


async def test_the_approval_inbox_holds_the_familys_completed_rows_with_their_child(client, settings):
    home = await make_household()
    other = await make_household()
    alice, bob = home.children
    chore = await api_create_chore(client, auth_headers(home.parent, settings), assignment_mode="multi_independent",
                                   assignee_ids=[alice.id, bob.id])
    await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(bob, settings))

    inbox = await client.get(f"{CHORES}/pending-approval", headers=auth_headers(home.co_parent, settings))

    assert inbox.status_code == 200
    [item] = inbox.json()
    assert set(item) == {"assignment", "assignment_id", "chore", "assignee", "assignee_name"}
    assert item["assignment"]["assignee_id"] == bob.id
    assert item["assignee"] == {"id": bob.id, "username": bob.username, "email": None, "is_parent": False,
                                "is_active": True, "parent_id": home.parent.id}
    assert item["assignee_name"] == bob.username
    assert "hashed_password" not in inbox.text
    assert item["chore"]["id"] == chore["id"]
    assert (await client.get(f"{CHORES}/pending-approval", headers=auth_headers(other.parent, settings))).json() == []
    refused = await client.get(f"{CHORES}/pending-approval", headers=auth_headers(alice, settings))
    assert (refused.status_code, refused.json()) == (403, {"detail": "This endpoint is only for parent users"})


async def test_the_per_child_views_show_his_state_on_each_chore_disabled_ones_included(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent, child = auth_headers(home.parent, settings), auth_headers(alice, settings)
    todo = await api_create_chore(client, parent, assignee_ids=[alice.id], is_disabled=True)
    done = await api_create_chore(client, parent, reward=2, assignee_ids=[alice.id])
    waiting = await api_create_chore(client, parent, assignee_ids=[alice.id])
    await client.post(f"{CHORES}/{done['id']}/complete", headers=child)
    await client.post(f"{CHORES}/{waiting['id']}/complete", headers=child)
    await client.post(f"{CHORES}/{done['id']}/approve", json={}, headers=parent)

    views = (await client.get(f"{CHORES}/child/{alice.id}", headers=auth_headers(home.co_parent, settings))).json()
    completed = (await client.get(f"{CHORES}/child/{alice.id}/completed", headers=parent)).json()

    assert [(v["id"], v["is_completed"], v["is_approved"], v["approval_reward"]) for v in views] == [
        (todo["id"], False, False, None), (done["id"], True, True, 2.0), (waiting["id"], True, False, None)]
    assert views[0]["is_disabled"] is True
    assert views[1]["approved_at"] is not None
    assert [c["id"] for c in completed] == [done["id"], waiting["id"]]
    assert completed[0]["is_completed"] is None


async def test_per_child_views_are_for_parents_managing_that_child(client, settings):
    home = await make_household(children=1)
    other = await make_household()
    [alice] = home.children
    cases = [
        ("", alice, 403, "Only parents can view children's chores"),
        ("/completed", alice, 403, "Only parents can view children's completed chores"),
        ("", other.parent, 404, "Child not found or not your child"),
        ("/completed", other.parent, 404, "Child not found or not your child"),
    ]

    for suffix, user, status, detail in cases:
        response = await client.get(f"{CHORES}/child/{alice.id}{suffix}", headers=auth_headers(user, settings))
        assert (response.status_code, response.json()) == (status, {"detail": detail})
    unknown = await client.get(f"{CHORES}/child/999999", headers=auth_headers(home.parent, settings))
    assert unknown.status_code == 404
    not_a_child = await client.get(f"{CHORES}/child/{home.co_parent.id}", headers=auth_headers(home.parent, settings))
    assert not_a_child.status_code == 404


async def test_another_family_gets_403_or_404_on_every_chore_and_assignment_and_sees_none_of_them(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    single = await api_create_chore(client, parent, title="Secret A", assignee_ids=[alice.id])
    pool = await api_create_chore(client, parent, title="Secret B", assignment_mode="unassigned", assignee_ids=[])
    await client.post(f"{CHORES}/{single['id']}/complete", headers=auth_headers(alice, settings))
    row_id = single["assignments"][0]["id"]
    other = await make_household(children=1)
    strangers = [other.parent, other.children[0]]

    for stranger in strangers:
        headers = auth_headers(stranger, settings)
        calls = [
            client.get(f"{CHORES}/{single['id']}", headers=headers),
            client.get(f"{CHORES}/{pool['id']}", headers=headers),
            client.put(f"{CHORES}/{single['id']}", json={"title": "Mine"}, headers=headers),
            client.delete(f"{CHORES}/{pool['id']}", headers=headers),
            client.post(f"{CHORES}/{single['id']}/complete", headers=headers),
            client.post(f"{CHORES}/{pool['id']}/complete", headers=headers),
            client.post(f"{CHORES}/{single['id']}/approve", json={}, headers=headers),
            client.post(f"{CHORES}/{single['id']}/reject", json={"rejection_reason": "x"}, headers=headers),
            client.post(f"{CHORES}/{single['id']}/disable", headers=headers),
            client.post(f"{CHORES}/{single['id']}/enable", headers=headers),
            client.post(f"/api/v1/assignments/{row_id}/approve", json={}, headers=headers),
            client.post(f"/api/v1/assignments/{row_id}/reject", json={"rejection_reason": "x"}, headers=headers),
            client.get(f"{CHORES}/child/{alice.id}", headers=headers),
            client.get(f"{CHORES}/child/{alice.id}/completed", headers=headers),
        ]
        for call in calls:
            response = await call
            assert response.status_code in (403, 404), response.request.url
            assert "Secret" not in response.text
        lists = [
            client.get(CHORES, headers=headers),
            client.get(CHORES, params={"child_id": alice.id}, headers=headers),
            client.get(f"{CHORES}/pending-approval", headers=headers),
            client.get(f"{CHORES}/available", headers=headers),
        ]
        for call in lists:
            response = await call
            assert "Secret" not in response.text, response.request.url

    row = await ChoreAssignment.get(id=row_id)
    assert (row.is_completed, row.is_approved) == (True, False)
    assert await ChoreAssignment.filter(chore_id=pool["id"]).count() == 0


async def test_a_decision_answers_with_the_chore_a_read_shows_right_after(client, settings):
    """Completions, claims and decisions answer with the chore built from the rows they locked and
    changed, not read again: the same chore a read shows once they have committed."""
    home = await make_household()
    alice, bob = home.children
    parent, as_alice = auth_headers(home.parent, settings), auth_headers(alice, settings)
    shared = await api_create_chore(client, parent, assignment_mode="multi_independent", is_recurring=True,
                                    cooldown_days=0, assignee_ids=[alice.id, bob.id])
    pool = await api_create_chore(client, parent, assignment_mode="unassigned", assignee_ids=[])

    async def read(chore: dict, headers: dict[str, str]) -> dict:
        response = await client.get(f"{CHORES}/{chore['id']}", headers=headers)
        assert response.status_code == 200
        return response.json()

    completed = (await client.post(f"{CHORES}/{shared['id']}/complete", headers=as_alice)).json()
    assert completed["chore"] == await read(shared, as_alice)
    [alices_row] = [row for row in completed["chore"]["assignments"] if row["assignee_id"] == alice.id]
    assert completed["assignment"] == alices_row

    approved = (await client.post(f"/api/v1/assignments/{alices_row['id']}/approve", json={}, headers=parent)).json()
    # No cooldown: the chore shows her row open again at once, the answer's row as it was approved.
    assert approved["chore"] == await read(shared, parent)
    assert approved["assignment"]["is_approved"] is True
    assert [row["is_approved"] for row in approved["chore"]["assignments"]] == [False, False]

    claimed = (await client.post(f"{CHORES}/{pool['id']}/complete", headers=as_alice)).json()
    assert claimed["chore"] == await read(pool, as_alice)
    assert [row["assignee_id"] for row in claimed["chore"]["assignments"]] == [alice.id]

    rejected = await client.post(f"/api/v1/assignments/{claimed['assignment']['id']}/reject",
                                 json={"rejection_reason": "Not yet"}, headers=parent)
    # A rejected claim is removed: the chore is back in the pool.
    assert rejected.json()["chore"] == await read(pool, parent)
    assert rejected.json()["chore"]["assignments"] == []
