"""Defining and listing chores (C1, C2, C7–C9, C13, C14) with the Decisions D10, D11 and the parent list row."""

from __future__ import annotations

import pytest

from models import Activity, Chore, ChoreAssignment, EntryKind, LedgerEntry
from tests.factories import api_create_chore, auth_headers, make_child, make_household, make_parent

CHORES = "/api/v1/chores"
CHORE_KEYS = {
    "id", "title", "description", "reward", "min_reward", "max_reward", "approval_reward", "rejection_reason",
    "is_range_reward", "cooldown_days", "is_recurring", "frequency", "is_disabled", "assignment_mode", "creator_id",
    "created_at", "updated_at", "is_completed", "is_approved", "completed_at", "approved_at", "assignments",
    "assignee_ids", "next_available_at",
}
ASSIGNMENT_KEYS = {
    "id", "chore_id", "assignee_id", "is_completed", "is_approved", "completion_date", "approval_date",
    "approval_reward", "rejection_reason", "created_at", "updated_at",
}


async def nothing_stored() -> bool:
    return not await Chore.exists() and not await ChoreAssignment.exists() and not await Activity.exists()


# --- C1 create ---------------------------------------------------------------------------------------------


async def test_parent_creates_a_fixed_single_chore_with_its_row_and_a_created_activity(client, settings):
    home = await make_household()
    alice = home.children[0]

    response = await client.post(
        CHORES,
        json={"title": " Dishes ", "description": "After dinner", "reward": 2.5, "assignment_mode": "single",
              "assignee_ids": [alice.id], "frequency": "daily"},
        headers=auth_headers(home.parent, settings),
    )

    assert response.status_code == 201
    chore = response.json()
    assert set(chore) == CHORE_KEYS
    assert chore["title"] == "Dishes"
    assert (chore["reward"], chore["min_reward"], chore["max_reward"]) == (2.5, None, None)
    assert (chore["assignment_mode"], chore["creator_id"], chore["frequency"]) == ("single", home.parent.id, "daily")
    assert chore["created_at"].endswith("Z") and chore["updated_at"].endswith("Z")
    assert [chore[k] for k in ("is_completed", "is_approved", "completed_at", "approved_at", "approval_reward",
                               "rejection_reason", "next_available_at")] == [None] * 7
    [row] = chore["assignments"]
    assert set(row) == ASSIGNMENT_KEYS
    assert (row["assignee_id"], row["is_completed"], row["is_approved"], row["completion_date"]) == (
        alice.id, False, False, None)
    assert chore["assignee_ids"] == [alice.id]
    assert (await Chore.get(id=chore["id"])).family_id == home.family.id
    [activity] = await Activity.all()
    assert (activity.activity_type, activity.user_id, activity.target_user_id, activity.family_id) == (
        "chore_created", home.parent.id, alice.id, home.family.id)


async def test_range_recurring_multi_chore_logs_one_created_activity_per_child_without_an_amount(client, settings):
    home = await make_household()
    ids = [child.id for child in home.children]

    chore = await api_create_chore(
        client, auth_headers(home.parent, settings), title="Lawn", reward=0, min_reward=3, max_reward=7.5,
        is_range_reward=True, is_recurring=True, cooldown_days=7, assignment_mode="multi_independent", assignee_ids=ids,
    )

    assert (chore["min_reward"], chore["max_reward"], chore["is_range_reward"]) == (3.0, 7.5, True)
    assert (chore["is_recurring"], chore["cooldown_days"]) == (True, 7)
    assert [row["assignee_id"] for row in chore["assignments"]] == ids
    activities = await Activity.all().order_by("id")
    assert [a.target_user_id for a in activities] == ids
    assert {a.description for a in activities} == {"Created chore 'Lawn'"}
    assert activities[0].activity_data == {"chore_id": chore["id"], "chore_title": "Lawn", "reward_amount": None}


async def test_pool_chore_has_no_rows_and_logs_no_activity(client, settings):
    home = await make_household()

    chore = await api_create_chore(client, auth_headers(home.parent, settings), assignment_mode="unassigned",
                                   assignee_ids=[])

    assert chore["assignments"] == [] and chore["assignment_mode"] == "unassigned"
    assert not await Activity.exists()


async def test_legacy_assignee_id_picks_single_or_pool_mode(client, settings):
    home = await make_household()
    headers = auth_headers(home.parent, settings)

    single = await api_create_chore(client, headers, assignee_id=home.children[0].id)
    pool = await api_create_chore(client, headers, assignee_id=None)
    default = await api_create_chore(client, headers, assignee_ids=[home.children[1].id])

    assert (single["assignment_mode"], single["assignee_ids"]) == ("single", [home.children[0].id])
    assert (pool["assignment_mode"], pool["assignee_ids"]) == ("unassigned", [])
    assert default["assignment_mode"] == "single"


async def test_unknown_keys_are_ignored_and_the_slash_form_works(client, settings):
    home = await make_household()

    response = await client.post(
        f"{CHORES}/", json={"title": "T", "description": "", "assignee_ids": [home.children[0].id], "colour": "red"},
        headers=auth_headers(home.parent, settings),
    )

    assert response.status_code == 201
    assert response.json()["reward"] == 0


async def test_a_co_parent_assigns_the_other_parents_child(client, settings):
    home = await make_household()

    chore = await api_create_chore(client, auth_headers(home.co_parent, settings), assignee_ids=[home.children[0].id])

    assert chore["creator_id"] == home.co_parent.id


async def test_a_child_cannot_create_chores(client, settings):
    home = await make_household()

    response = await client.post(CHORES, json={"title": "T", "description": ""},
                                 headers=auth_headers(home.children[0], settings))

    assert response.status_code == 403
    assert response.json() == {"detail": "Only parents can create chores"}
    assert await nothing_stored()


@pytest.mark.parametrize(
    ("mode", "count", "message"),
    [
        ("single", 0, "'single' assignment mode requires exactly 1 assignee_id"),
        ("single", 2, "'single' assignment mode requires exactly 1 assignee_id"),
        ("multi_independent", 0, "'multi_independent' assignment mode requires at least 1 assignee_id"),
        ("unassigned", 1, "'unassigned' assignment mode must have 0 assignee_ids"),
    ],
)
async def test_assignee_count_must_fit_the_mode(client, settings, mode, count, message):
    home = await make_household()

    response = await client.post(
        CHORES,
        json={"title": "T", "description": "", "assignment_mode": mode,
              "assignee_ids": [c.id for c in home.children[:count]]},
        headers=auth_headers(home.parent, settings),
    )

    assert response.status_code == 422
    assert response.json() == {"detail": message}
    assert await nothing_stored()


async def test_assignees_must_exist_and_be_children_the_parent_manages(client, settings):
    home = await make_household()
    other = await make_household()
    loner = await make_parent()
    loner_child = await make_child(await make_parent())
    cases = [
        (home.parent, 999999, 404, "Assignee with ID 999999 not found"),
        (home.parent, other.children[0].id, 404, f"Assignee with ID {other.children[0].id} not found"),
        (home.parent, home.co_parent.id, 403,
         f"Assignee {home.co_parent.id} is not your child. You can only assign chores to your own children"),
        (loner, loner_child.id, 403,
         f"Assignee {loner_child.id} is not your child. You can only assign chores to your own children"),
    ]

    for parent, assignee_id, status, detail in cases:
        response = await client.post(CHORES, json={"title": "T", "description": "", "assignee_ids": [assignee_id]},
                                     headers=auth_headers(parent, settings))
        assert (response.status_code, response.json()) == (status, {"detail": detail})
    assert await nothing_stored()


async def test_range_bounds_must_not_be_inverted(client, settings):
    home = await make_household()
    headers = auth_headers(home.parent, settings)
    body = {"title": "T", "description": "", "is_range_reward": True, "assignee_ids": [home.children[0].id]}

    inverted = await client.post(CHORES, json={**body, "min_reward": 5, "max_reward": 4}, headers=headers)
    missing_max = await client.post(CHORES, json={**body, "min_reward": 5}, headers=headers)

    assert inverted.status_code == missing_max.status_code == 422
    assert inverted.json() == {"detail": "Minimum reward must be less than maximum reward"}
    assert await nothing_stored()
    equal = await client.post(CHORES, json={**body, "min_reward": 5, "max_reward": 5}, headers=headers)
    assert equal.status_code == 201


async def test_a_chore_created_without_a_description_gets_an_empty_one(client, settings):
    home = await make_household()

    response = await client.post(CHORES, json={"title": "Feed the cat", "reward": 2, "assignment_mode": "unassigned"},
                                 headers=auth_headers(home.parent, settings))

    assert response.status_code == 201, response.text
    assert response.json()["description"] == ""
    assert (await Chore.get(id=response.json()["id"])).description == ""


@pytest.mark.parametrize(
    ("body", "loc", "error_type"),
    [
        ({"description": ""}, ["body", "title"], "missing"),
        ({"title": "   ", "description": ""}, ["body", "title"], "string_too_short"),
        ({"title": "x" * 10_000, "description": ""}, ["body", "title"], "string_too_long"),
        ({"title": "T", "description": "x" * 1001}, ["body", "description"], "string_too_long"),
        ({"title": "T", "description": None}, ["body", "description"], "string_type"),
        ({"title": 5, "description": ""}, ["body", "title"], "string_type"),
        ({"title": "T", "description": "", "reward": 1000.01}, ["body", "reward"], "less_than_equal"),
        ({"title": "T", "description": "", "reward": -1}, ["body", "reward"], "greater_than_equal"),
        ({"title": "T", "description": "", "reward": "lots"}, ["body", "reward"], "decimal_parsing"),
        ({"title": "T", "description": "", "reward": 1.005}, ["body", "reward"], "decimal_max_places"),
        ({"title": "T", "description": "", "reward": None}, ["body", "reward"], "decimal_type"),
        ({"title": "T", "description": "", "max_reward": 5000}, ["body", "max_reward"], "less_than_equal"),
        ({"title": "T", "description": "", "cooldown_days": 366}, ["body", "cooldown_days"], "less_than_equal"),
        ({"title": "T", "description": "", "cooldown_days": "soon"}, ["body", "cooldown_days"], "int_parsing"),
        ({"title": "T", "description": "", "is_recurring": "maybe"}, ["body", "is_recurring"], "bool_parsing"),
        ({"title": "T", "description": "", "assignment_mode": "weekly"}, ["body", "assignment_mode"], "enum"),
        ({"title": "T", "description": "", "assignee_ids": "1"}, ["body", "assignee_ids"], "list_type"),
        ({"title": "T", "description": "", "assignee_ids": ["x"]}, ["body", "assignee_ids", 0], "int_parsing"),
        ({"title": "T", "description": "", "assignee_ids": [10**30]}, ["body", "assignee_ids", 0], "less_than_equal"),
        ({"title": "T", "description": "", "assignee_ids": [1, 1]}, ["body", "assignee_ids"], "value_error"),
        ({"title": "T", "description": "", "frequency": "f" * 51}, ["body", "frequency"], "string_too_long"),
    ],
)
async def test_bad_bodies_are_refused_with_the_list_shaped_422_and_nothing_is_stored(
    client, settings, body, loc, error_type
):
    home = await make_household()

    response = await client.post(CHORES, json=body, headers=auth_headers(home.parent, settings))

    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [(e["loc"], e["type"]) for e in errors] == [(loc, error_type)]
    assert await nothing_stored()


async def test_missing_or_non_object_body_is_a_422(client, settings):
    home = await make_household()
    headers = auth_headers(home.parent, settings)

    missing = await client.post(CHORES, headers=headers)
    a_list = await client.post(CHORES, json=[1, 2], headers=headers)

    assert missing.status_code == a_list.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body"]
    assert a_list.json()["detail"][0]["type"] == "model_type"
    assert await nothing_stored()


async def test_malformed_json_is_a_400_and_stores_nothing(client, settings):
    home = await make_household()

    response = await client.post(CHORES, content=b'{"title": "T",', headers={
        **auth_headers(home.parent, settings), "Content-Type": "application/json"})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "MALFORMED_JSON"
    assert await nothing_stored()


# --- C2 list -------------------------------------------------------------------------------------------------


async def test_parents_list_every_chore_of_the_family_disabled_ones_included(client, settings):
    home = await make_household()
    other = await make_household()
    mine = await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[home.children[0].id])
    theirs = await api_create_chore(client, auth_headers(home.co_parent, settings), assignment_mode="unassigned",
                                    assignee_ids=[], is_disabled=True)
    await api_create_chore(client, auth_headers(other.parent, settings), assignee_ids=[other.children[0].id])

    for parent in (home.parent, home.co_parent):
        response = await client.get(CHORES, headers=auth_headers(parent, settings))
        assert response.status_code == 200
        listed = response.json()
        assert [c["id"] for c in listed] == [mine["id"], theirs["id"]]
        assert [c["is_disabled"] for c in listed] == [False, True]
        assert listed[0]["assignments"] == mine["assignments"]


async def test_children_list_the_enabled_chores_they_hold_with_every_siblings_row(client, settings):
    home = await make_household()
    alice, bob = home.children
    headers = auth_headers(home.parent, settings)
    shared = await api_create_chore(client, headers, assignment_mode="multi_independent", assignee_ids=[alice.id, bob.id])
    await api_create_chore(client, headers, assignee_ids=[bob.id])
    await api_create_chore(client, headers, assignee_ids=[alice.id], is_disabled=True)
    await api_create_chore(client, headers, assignment_mode="unassigned", assignee_ids=[])

    response = await client.get(CHORES, headers=auth_headers(alice, settings))

    assert response.status_code == 200
    [chore] = response.json()
    assert chore["id"] == shared["id"]
    assert [row["assignee_id"] for row in chore["assignments"]] == [alice.id, bob.id]
    assert chore["is_completed"] is None


async def test_state_filter_uses_the_callers_rows_and_never_crashes(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent, child = auth_headers(home.parent, settings), auth_headers(alice, settings)
    open_chore = await api_create_chore(client, parent, assignee_ids=[alice.id])
    pending = await api_create_chore(client, parent, assignee_ids=[alice.id])
    approved = await api_create_chore(client, parent, assignee_ids=[alice.id])
    pool = await api_create_chore(client, parent, assignment_mode="unassigned", assignee_ids=[])
    for chore in (pending, approved):
        await client.post(f"{CHORES}/{chore['id']}/complete", headers=child)
    await client.post(f"{CHORES}/{approved['id']}/approve", json={}, headers=parent)

    async def ids(headers, **params):
        response = await client.get(CHORES, params=params, headers=headers)
        assert response.status_code == 200
        return [c["id"] for c in response.json()]

    assert await ids(parent, state="active") == [open_chore["id"], pool["id"]]
    assert await ids(parent, state="pending-approval") == [pending["id"]]
    assert await ids(parent, state="completed") == [approved["id"]]
    assert await ids(child, state="active") == [open_chore["id"]]
    assert await ids(child, state="pending-approval") == [pending["id"]]
    assert await ids(child, state="completed") == [approved["id"]]
    assert await ids(parent, state="completed", child_id=alice.id) == [approved["id"]]
    for bad in ("done", "x" * 10_000):
        response = await client.get(CHORES, params={"state": bad}, headers=parent)
        assert response.status_code == 422
        assert response.json() == {"detail": "Invalid state. Must be one of: active, completed, pending-approval"}


async def test_child_id_gives_the_per_child_view_for_a_managed_child_only(client, settings):
    home = await make_household(children=1)
    other = await make_household(children=1)
    [alice] = home.children
    chore = await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[alice.id])
    await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(alice, settings))

    mine = await client.get(CHORES, params={"child_id": alice.id}, headers=auth_headers(home.co_parent, settings))
    foreign = await client.get(CHORES, params={"child_id": alice.id}, headers=auth_headers(other.parent, settings))

    assert mine.status_code == 200
    [view] = mine.json()
    assert (view["is_completed"], view["is_approved"]) == (True, False)
    assert view["completed_at"] == view["assignments"][0]["completion_date"]
    assert foreign.status_code == 404
    assert foreign.json() == {"detail": "Child not found or not your child"}


async def test_skip_and_limit_page_the_list_by_id(client, settings):
    home = await make_household()
    headers = auth_headers(home.parent, settings)
    made = [await api_create_chore(client, headers, assignment_mode="unassigned", assignee_ids=[]) for _ in range(5)]

    page = await client.get(CHORES, params={"skip": 1, "limit": 2}, headers=headers)

    assert [c["id"] for c in page.json()] == [made[1]["id"], made[2]["id"]]
    for params, loc in (({"limit": 0}, "limit"), ({"skip": -1}, "skip"), ({"limit": "x"}, "limit"),
                        ({"child_id": "x"}, "child_id")):
        response = await client.get(CHORES, params=params, headers=headers)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", loc]


# --- C7 one chore ----------------------------------------------------------------------------------------------


async def test_one_chore_is_shown_to_its_family_parents_its_assignees_and_pool_children_only(client, settings):
    home = await make_household()
    other = await make_household()
    alice, bob = home.children
    single = await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[alice.id])
    pool = await api_create_chore(client, auth_headers(home.parent, settings), assignment_mode="unassigned",
                                  assignee_ids=[])

    async def status(user, chore):
        return (await client.get(f"{CHORES}/{chore['id']}", headers=auth_headers(user, settings))).status_code

    assert [await status(user, single) for user in (home.parent, home.co_parent, alice)] == [200, 200, 200]
    assert [await status(user, pool) for user in (alice, bob)] == [200, 200]
    assert await status(bob, single) == 403
    assert [await status(user, single) for user in (other.parent, other.children[0])] == [404, 404]
    assert await status(other.children[0], pool) == 404
    refused = await client.get(f"{CHORES}/{single['id']}", headers=auth_headers(bob, settings))
    assert refused.json() == {"detail": "Not authorized to access this chore"}
    foreign = await client.get(f"{CHORES}/{single['id']}", headers=auth_headers(other.parent, settings))
    assert foreign.json() == {"detail": "Chore not found"}
    assert (await client.get(f"{CHORES}/999999", headers=auth_headers(home.parent, settings))).json() == {
        "detail": "Chore not found"}
    bad = await client.get(f"{CHORES}/abc", headers=auth_headers(home.parent, settings))
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["path", "chore_id"]


# --- C8 update -------------------------------------------------------------------------------------------------


async def test_update_applies_only_the_keys_sent_and_replaces_the_assignees(client, settings):
    home = await make_household()
    alice, bob = home.children
    chore = await api_create_chore(client, auth_headers(home.parent, settings), title="Old", reward=1,
                                   frequency="weekly", assignee_ids=[alice.id])

    response = await client.put(
        f"{CHORES}/{chore['id']}",
        json={"title": "New", "reward": 2.25, "frequency": None, "assignee_ids": [bob.id],
              "assignment_mode": "multi_independent"},
        headers=auth_headers(home.co_parent, settings),
    )

    assert response.status_code == 200
    updated = response.json()
    assert (updated["title"], updated["reward"], updated["frequency"]) == ("New", 2.25, None)
    assert updated["description"] == chore["description"]
    assert updated["assignment_mode"] == "single"
    assert updated["assignee_ids"] == [bob.id]
    assert await ChoreAssignment.filter(chore_id=chore["id"]).values_list("assignee_id", flat=True) == [bob.id]


async def test_update_is_refused_once_a_row_is_completed(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    chore = await api_create_chore(client, auth_headers(home.parent, settings), title="Old", assignee_ids=[alice.id])
    await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(alice, settings))

    response = await client.put(f"{CHORES}/{chore['id']}", json={"title": "New"},
                                headers=auth_headers(home.parent, settings))

    assert response.status_code == 400
    assert response.json() == {"detail": "Cannot update chore with completed or approved assignments"}
    assert (await Chore.get(id=chore["id"])).title == "Old"


async def test_update_errors_follow_the_contract_and_change_nothing(client, settings):
    home = await make_household()
    other = await make_household()
    alice = home.children[0]
    chore = await api_create_chore(client, auth_headers(home.parent, settings), title="Old", reward=1,
                                   assignee_ids=[alice.id])
    url = f"{CHORES}/{chore['id']}"
    parent = auth_headers(home.parent, settings)
    cases = [
        (alice, url, {"title": "New"}, 403, "Only parents can update chores"),
        (home.parent, f"{CHORES}/999999", {"title": "New"}, 404, "Chore not found"),
        (other.parent, url, {"title": "New"}, 404, "Chore not found"),
        (home.parent, url, {"title": "New", "assignee_ids": []}, 422,
         "'single' assignment mode requires exactly 1 assignee_id"),
        (home.parent, url, {"title": "New", "assignee_ids": [424242]}, 404, "Assignee with ID 424242 not found"),
        (home.parent, url, {"title": "New", "assignee_ids": [other.children[0].id]}, 404,
         f"Assignee with ID {other.children[0].id} not found"),
        (home.parent, url, {"title": "New", "assignee_ids": [home.co_parent.id]}, 403,
         f"Assignee {home.co_parent.id} is not your child"),
        (home.parent, url, {"is_range_reward": True, "min_reward": 5, "max_reward": 2}, 422,
         "Minimum reward must be less than maximum reward"),
    ]
    for user, path, body, status, detail in cases:
        response = await client.put(path, json=body, headers=auth_headers(user, settings))
        assert (response.status_code, response.json()) == (status, {"detail": detail}), body
    for body in ({"title": None}, {"reward": None}, {"title": ""}, {"cooldown_days": -1}, {"assignee_ids": None},
                 {"description": "d" * 10_000}):
        response = await client.put(url, json=body, headers=parent)
        assert response.status_code == 422, body
        assert isinstance(response.json()["detail"], list)
    stored = await Chore.get(id=chore["id"])
    assert (stored.title, stored.reward_cents, stored.is_range_reward) == ("Old", 100, False)
    assert await ChoreAssignment.filter(chore_id=chore["id"]).values_list("assignee_id", flat=True) == [alice.id]


async def test_a_parent_without_family_manages_only_the_chores_he_created(client, settings):
    first, second = await make_parent(), await make_parent()
    child = await make_child(first)
    chore = await api_create_chore(client, auth_headers(first, settings), assignee_ids=[child.id])

    response = await client.put(f"{CHORES}/{chore['id']}", json={"title": "Mine"}, headers=auth_headers(second, settings))

    assert response.status_code == 403
    assert response.json() == {"detail": "You can only update chores you created"}


# --- C9 delete -------------------------------------------------------------------------------------------------


async def test_delete_removes_the_chore_and_its_rows_but_keeps_the_ledger_and_the_activities(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    chore = await api_create_chore(client, parent, reward=2, assignee_ids=[alice.id])
    await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(alice, settings))
    await client.post(f"{CHORES}/{chore['id']}/approve", json={}, headers=parent)

    response = await client.delete(f"{CHORES}/{chore['id']}", headers=auth_headers(home.co_parent, settings))

    assert response.status_code == 204
    assert response.content == b""
    assert not await Chore.filter(id=chore["id"]).exists()
    assert not await ChoreAssignment.filter(chore_id=chore["id"]).exists()
    [entry] = await LedgerEntry.all()
    assert (entry.kind, entry.amount_cents, entry.chore_id) == (EntryKind.REWARD, 200, None)
    assert await Activity.all().count() == 3


async def test_delete_is_refused_to_children_strangers_and_unknown_ids(client, settings):
    home = await make_household()
    other = await make_household()
    chore = await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[home.children[0].id])
    cases = [
        (home.children[0], chore["id"], 403, "Only parents can delete chores"),
        (other.parent, chore["id"], 404, "Chore not found"),
        (home.parent, 999999, 404, "Chore not found"),
    ]

    for user, chore_id, status, detail in cases:
        response = await client.delete(f"{CHORES}/{chore_id}", headers=auth_headers(user, settings))
        assert (response.status_code, response.json()) == (status, {"detail": detail})
    assert await Chore.filter(id=chore["id"]).exists()


# --- C13/C14 disable and enable ------------------------------------------------------------------------------


async def test_a_disabled_chore_disappears_for_children_and_cannot_be_completed_until_enabled(client, settings):
    home = await make_household()
    alice, bob = home.children
    parent, child = auth_headers(home.parent, settings), auth_headers(alice, settings)
    chore = await api_create_chore(client, parent, assignee_ids=[alice.id])
    pool = await api_create_chore(client, parent, assignment_mode="unassigned", assignee_ids=[])

    for target in (chore, pool):
        response = await client.post(f"{CHORES}/{target['id']}/disable", headers=auth_headers(home.co_parent, settings))
        assert response.status_code == 200
        assert response.json()["is_disabled"] is True
    again = await client.post(f"{CHORES}/{chore['id']}/disable", headers=parent)
    assert again.status_code == 200

    assert (await client.get(CHORES, headers=child)).json() == []
    assert (await client.get(f"{CHORES}/available", headers=child)).json() == {"assigned": [], "pool": [], "total_count": 0}
    assert [c["is_disabled"] for c in (await client.get(CHORES, headers=parent)).json()] == [True, True]
    for target, headers in ((chore, child), (pool, auth_headers(bob, settings))):
        refused = await client.post(f"{CHORES}/{target['id']}/complete", headers=headers)
        assert refused.status_code == 400
        assert refused.json() == {"detail": "Cannot complete a disabled chore"}

    enabled = await client.post(f"{CHORES}/{chore['id']}/enable", headers=auth_headers(home.co_parent, settings))
    assert enabled.status_code == 200
    assert enabled.json()["is_disabled"] is False
    assert [c["id"] for c in (await client.get(CHORES, headers=child)).json()] == [chore["id"]]
    assert (await client.post(f"{CHORES}/{chore['id']}/complete", headers=child)).status_code == 200
    not_disabled = await client.post(f"{CHORES}/{chore['id']}/enable", headers=parent)
    assert not_disabled.status_code == 400
    assert not_disabled.json() == {"detail": "Chore is not disabled"}


async def test_disable_and_enable_are_refused_to_children_and_strangers(client, settings):
    home = await make_household()
    other = await make_household()
    chore = await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[home.children[0].id],
                                   is_disabled=True)
    cases = [
        ("disable", home.children[0], 403, "Only parents can disable chores"),
        ("disable", other.parent, 404, "Chore not found"),
        ("enable", home.children[0], 403, "Only parents can enable chores"),
        ("enable", other.parent, 404, "Chore not found"),
    ]

    for action, user, status, detail in cases:
        response = await client.post(f"{CHORES}/{chore['id']}/{action}", headers=auth_headers(user, settings))
        assert (response.status_code, response.json()) == (status, {"detail": detail})
    assert (await client.post(f"{CHORES}/999999/enable", headers=auth_headers(home.parent, settings))).status_code == 404
    assert (await Chore.get(id=chore["id"])).is_disabled is True
