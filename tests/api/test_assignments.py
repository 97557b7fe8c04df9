"""A parent's decision on a completed row: approve (A1, C11) and reject (A2, C12), range rewards (§11.7)."""

from __future__ import annotations

from models import Activity, ChoreAssignment, LedgerEntry, User
from tests.factories import api_create_chore, auth_headers, make_child, make_household, make_parent

CHORES = "/api/v1/chores"
ASSIGNMENTS = "/api/v1/assignments"


async def pending_row(client, settings, home, **chore_body) -> tuple[dict, int]:
    """A chore of ``home`` assigned to its first child, who has completed it."""
    child = home.children[0]
    chore = await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[child.id], **chore_body)
    done = await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(child, settings))
    assert done.status_code == 200
    return chore, done.json()["assignment"]["id"]


async def nothing_decided(row_id: int) -> bool:
    row = await ChoreAssignment.get(id=row_id)
    decided = await Activity.filter(activity_type__in=["chore_approved", "chore_rejected"]).exists()
    return row.is_completed and not row.is_approved and not await LedgerEntry.exists() and not decided


async def test_range_reward_is_the_parents_value_within_the_bounds(client, settings):
    home = await make_household(children=1)
    chore, row_id = await pending_row(client, settings, home, reward=0, is_range_reward=True, min_reward=3,
                                      max_reward=7)
    parent = auth_headers(home.parent, settings)
    cases = [
        ({}, "Reward value is required for range-based rewards"),
        ({"reward_value": None}, "Reward value is required for range-based rewards"),
        ({"reward_value": 2.99}, "Reward value must be between 3.0 and 7.0"),
        ({"reward_value": 7.01}, "Reward value must be between 3.0 and 7.0"),
    ]
    for body, detail in cases:
        response = await client.post(f"{ASSIGNMENTS}/{row_id}/approve", json=body, headers=parent)
        assert (response.status_code, response.json()) == (422, {"detail": detail})
    for body, error_type in (({"reward_value": 1000.5}, "less_than_equal"), ({"reward_value": "lots"}, "decimal_parsing"),
                             ({"reward_value": 4.123}, "decimal_max_places"), ({"reward_value": -1}, "greater_than_equal")):
        response = await client.post(f"{ASSIGNMENTS}/{row_id}/approve", json=body, headers=parent)
        assert response.status_code == 422
        assert [(e["loc"], e["type"]) for e in response.json()["detail"]] == [(["body", "reward_value"], error_type)]
    assert await nothing_decided(row_id)

    approved = await client.post(f"{ASSIGNMENTS}/{row_id}/approve", json={"reward_value": 6.75}, headers=parent)

    assert approved.status_code == 200
    assert approved.json()["final_reward"] == 6.75
    assert approved.json()["assignment"]["approval_reward"] == 6.75
    assert (await User.get(id=home.children[0].id)).balance_cents == 675


async def test_a_fixed_reward_ignores_the_reward_value_sent(client, settings):
    home = await make_household(children=1)
    _, row_id = await pending_row(client, settings, home, reward=4)

    approved = await client.post(f"{ASSIGNMENTS}/{row_id}/approve", json={"reward_value": 999},
                                 headers=auth_headers(home.parent, settings))

    assert approved.json()["final_reward"] == 4.0
    assert (await User.get(id=home.children[0].id)).balance_cents == 400


async def test_approve_and_reject_errors_follow_the_contract(client, settings):
    home = await make_household(children=1)
    other = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    open_chore = await api_create_chore(client, parent, assignee_ids=[alice.id])
    open_row = open_chore["assignments"][0]["id"]
    _, row_id = await pending_row(client, settings, home)
    reason = {"rejection_reason": "Redo"}
    cases = [
        ("approve", alice, row_id, {}, 403, "Only parents can approve assignments"),
        ("approve", home.parent, 999999, {}, 404, "Assignment not found"),
        ("approve", other.parent, row_id, {}, 404, "Assignment not found"),
        ("approve", home.parent, open_row, {}, 400, "Assignment must be completed before approval"),
        ("reject", alice, row_id, reason, 403, "Only parents can reject assignments"),
        ("reject", home.parent, 999999, reason, 404, "Assignment not found"),
        ("reject", other.parent, row_id, reason, 404, "Assignment not found"),
        ("reject", home.parent, open_row, reason, 400, "Assignment must be completed before rejection"),
        ("reject", home.parent, row_id, {"rejection_reason": "   "}, 422,
         "Rejection reason is required and cannot be empty"),
    ]
    for action, user, target, body, status, detail in cases:
        response = await client.post(f"{ASSIGNMENTS}/{target}/{action}", json=body, headers=auth_headers(user, settings))
        assert (response.status_code, response.json()) == (status, {"detail": detail}), (action, detail)
    for body in (None, {}, {"rejection_reason": ""}, {"rejection_reason": "x" * 501}, {"rejection_reason": 5}):
        response = await client.post(f"{ASSIGNMENTS}/{row_id}/reject", json=body, headers=parent)
        assert response.status_code == 422, body
        assert isinstance(response.json()["detail"], list)
    bad_id = await client.post(f"{ASSIGNMENTS}/abc/approve", headers=parent)
    assert bad_id.status_code == 422 and bad_id.json()["detail"][0]["loc"] == ["path", "assignment_id"]
    assert await nothing_decided(row_id)

    assert (await client.post(f"{ASSIGNMENTS}/{row_id}/approve", headers=parent)).status_code == 200
    for action, body, detail in (("approve", {}, "Assignment is already approved"),
                                 ("reject", reason, "Cannot reject already approved assignment")):
        response = await client.post(f"{ASSIGNMENTS}/{row_id}/{action}", json=body, headers=parent)
        assert (response.status_code, response.json()) == (400, {"detail": detail})
    assert await LedgerEntry.all().count() == 1


async def test_a_parent_without_family_decides_only_on_chores_he_created(client, settings):
    creator, stranger = await make_parent(), await make_parent()
    child = await make_child(creator)
    chore = await api_create_chore(client, auth_headers(creator, settings), assignee_ids=[child.id])
    done = await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(child, settings))
    row_id = done.json()["assignment"]["id"]

    approve = await client.post(f"{ASSIGNMENTS}/{row_id}/approve", headers=auth_headers(stranger, settings))
    reject = await client.post(f"{ASSIGNMENTS}/{row_id}/reject", json={"rejection_reason": "no"},
                               headers=auth_headers(stranger, settings))

    assert approve.json() == {"detail": "You can only approve assignments for chores you created"}
    assert reject.json() == {"detail": "You can only reject assignments for chores you created"}
    assert await nothing_decided(row_id)


async def test_chore_level_approve_acts_on_the_first_completed_row(client, settings):
    home = await make_household()
    alice, bob = home.children
    parent = auth_headers(home.parent, settings)
    chore = await api_create_chore(client, parent, reward=0, is_range_reward=True, min_reward=1, max_reward=9,
                                   assignment_mode="multi_independent", assignee_ids=[alice.id, bob.id])
    for child in (bob, alice):
        await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(child, settings))

    missing_body = await client.post(f"{CHORES}/{chore['id']}/approve", headers=parent)
    approved = await client.post(f"{CHORES}/{chore['id']}/approve", json={"reward_value": 8}, headers=parent)

    assert missing_body.status_code == 422
    assert missing_body.json() == {"detail": "Reward value is required for range-based rewards"}
    assert approved.status_code == 200
    body = approved.json()
    assert (body["is_completed"], body["is_approved"], body["approval_reward"], body["reward"]) == (True, True, 8.0, 8.0)
    assert body["approved_at"] is not None and body["completed_at"] is not None
    first_row = chore["assignments"][0]
    assert first_row["assignee_id"] == alice.id
    assert (await User.get(id=alice.id)).balance_cents == 800
    assert (await User.get(id=bob.id)).balance_cents == 0


async def test_chore_level_reject_acts_on_the_first_completed_row(client, settings):
    home = await make_household(children=1)
    chore, row_id = await pending_row(client, settings, home)
    parent = auth_headers(home.parent, settings)

    rejected = await client.post(f"{CHORES}/{chore['id']}/reject", json={"rejection_reason": "Streaks"}, headers=parent)

    assert rejected.status_code == 200
    body = rejected.json()
    assert (body["is_completed"], body["is_approved"], body["completed_at"], body["approved_at"]) == (
        False, False, None, None)
    assert body["rejection_reason"] == "Streaks"
    assert (await ChoreAssignment.get(id=row_id)).rejection_reason == "Streaks"


async def test_chore_level_decisions_need_a_completed_row_and_a_managing_parent(client, settings):
    home = await make_household(children=1)
    other = await make_household()
    chore = await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[home.children[0].id])
    cases = [
        ("approve", {}, home.children[0], 403, "Only parents can approve chores"),
        ("reject", {"rejection_reason": "x"}, home.children[0], 403, "Only parents can reject chores"),
        ("approve", {}, other.parent, 404, "Chore not found"),
        ("reject", {"rejection_reason": "x"}, other.parent, 404, "Chore not found"),
        ("approve", {}, home.parent, 400, "No completed assignment found for this chore"),
        ("reject", {"rejection_reason": "x"}, home.parent, 400, "No completed assignment found for this chore"),
    ]

    for action, body, user, status, detail in cases:
        response = await client.post(f"{CHORES}/{chore['id']}/{action}", json=body, headers=auth_headers(user, settings))
        assert (response.status_code, response.json()) == (status, {"detail": detail})
    for action, body in (("approve", {}), ("reject", {"rejection_reason": "x"})):
        response = await client.post(f"{CHORES}/999999/{action}", json=body, headers=auth_headers(home.parent, settings))
        assert (response.status_code, response.json()) == (404, {"detail": "Chore not found"})


async def test_a_completed_row_of_a_disabled_chore_can_still_be_decided(client, settings):
    home = await make_household(children=1)
    chore, row_id = await pending_row(client, settings, home, reward=1)
    parent = auth_headers(home.parent, settings)
    await client.post(f"{CHORES}/{chore['id']}/disable", headers=parent)

    pending = await client.get(f"{CHORES}/pending-approval", headers=parent)
    approved = await client.post(f"{ASSIGNMENTS}/{row_id}/approve", headers=parent)

    assert [item["assignment_id"] for item in pending.json()] == [row_id]
    assert approved.status_code == 200
