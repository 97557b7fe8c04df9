"""Families, members and invite codes (contract §3 F1–F12, decisions D11–D13)."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta

import pytest

from models import Chore, ChoreAssignment, EntryKind, Family, User
from models.timeutil import as_utc, utcnow
from tests.factories import (
    auth_headers,
    make_child,
    make_family,
    make_household,
    make_ledger_entry,
    make_parent,
    make_priced_chore,
)

BASE = "/api/v1/families"
PARENT_PRIVILEGES = {"detail": "This operation requires parent privileges"}
FAMILY_MEMBERSHIP = {"detail": "This operation requires family membership. Please create or join a family first."}
LAST_PARENT = {"detail": "Cannot remove the last parent from a family"}
INVITE_CODE = re.compile(r"[A-Z0-9]{8}")


async def reload(user: User) -> User:
    return await User.get(id=user.id)


async def remove(client, headers, user_id, body) -> object:
    return await client.request("DELETE", f"{BASE}/members/{user_id}", json=body, headers=headers)


# --- F1: context --------------------------------------------------------------------------------------


async def test_context_without_a_family(client, settings):
    response = await client.get(f"{BASE}/context", headers=auth_headers(await make_parent(), settings))

    assert response.json() == {
        "has_family": False, "family": None, "role": "no_family", "can_invite": False, "can_manage": False,
    }


async def test_context_of_a_parent_and_of_a_child_in_a_family(client, settings):
    home = await make_household()
    family = await Family.get(id=home.family.id)

    as_parent = (await client.get(f"{BASE}/context", headers=auth_headers(home.parent, settings))).json()
    as_child = (await client.get(f"{BASE}/context", headers=auth_headers(home.children[0], settings))).json()

    expected_family = {
        "id": family.id,
        "name": family.name,
        "invite_code": family.invite_code,
        "invite_code_expires_at": None,
        "created_at": as_parent["family"]["created_at"],
        "updated_at": as_parent["family"]["updated_at"],
    }
    assert as_parent == {
        "has_family": True, "family": expected_family, "role": "parent", "can_invite": True, "can_manage": True,
    }
    assert as_child == {
        "has_family": True, "family": expected_family, "role": "child", "can_invite": False, "can_manage": False,
    }
    assert as_parent["family"]["created_at"].endswith("Z")


async def test_context_needs_a_token(client):
    assert (await client.get(f"{BASE}/context")).status_code == 401


# --- F2: create ---------------------------------------------------------------------------------------


async def test_creating_a_family_brings_the_parents_children_and_chores(client, settings):
    parent = await make_parent(username="dana")
    kids = [await make_child(parent), await make_child(parent)]
    chore = await make_priced_chore(parent)
    someone_elses_child = await make_child(await make_parent())

    response = await client.post(f"{BASE}/create", json={}, headers=auth_headers(parent, settings))

    assert response.status_code == 201
    body = response.json()
    family = await Family.get(id=body["id"])
    assert body["name"] == "dana's Family"
    assert INVITE_CODE.fullmatch(body["invite_code"]) and body["invite_code"] == family.invite_code
    assert body["invite_code_expires_at"] is None
    assert (await reload(parent)).family_id == family.id
    assert [(await reload(kid)).family_id for kid in kids] == [family.id, family.id]
    assert (await Chore.get(id=chore.id)).family_id == family.id
    assert (await reload(someone_elses_child)).family_id is None


@pytest.mark.parametrize(
    ("name", "stored"), [("  The Smiths ", "The Smiths"), ("   ", "dana's Family"), (None, "dana's Family")]
)
async def test_a_family_name_is_trimmed_and_defaults_to_the_parents(client, settings, name, stored):
    parent = await make_parent(username="dana")

    response = await client.post(f"{BASE}/create", json={"name": name}, headers=auth_headers(parent, settings))

    assert response.json()["name"] == stored


async def test_children_cannot_create_a_family_whatever_the_body(client, settings):
    child = await make_child(await make_parent())

    response = await client.post(f"{BASE}/create", json={"name": 5}, headers=auth_headers(child, settings))

    assert (response.status_code, response.json()) == (403, PARENT_PRIVILEGES)
    assert not await Family.exists()


@pytest.mark.parametrize("body", [None, [], {"name": "x" * 256}, {"name": "x" * 10_000}, {"name": 12}])
async def test_a_bad_family_body_is_422_and_creates_nothing(client, settings, body):
    parent = await make_parent()

    response = await client.post(f"{BASE}/create", json=body, headers=auth_headers(parent, settings))

    assert response.status_code == 422
    assert not await Family.exists()
    assert (await reload(parent)).family_id is None


async def test_malformed_json_creates_nothing(client, settings):
    headers = auth_headers(await make_parent(), settings) | {"Content-Type": "application/json"}

    response = await client.post(f"{BASE}/create", content=b"{name:", headers=headers)

    assert response.status_code == 400
    assert not await Family.exists()


async def test_a_parent_in_a_family_cannot_create_another(client, settings):
    home = await make_household()

    response = await client.post(f"{BASE}/create", json={"name": "Second"}, headers=auth_headers(home.parent, settings))

    assert (response.status_code, response.json()) == (400, {"detail": "User is already a member of a family"})
    assert await Family.all().count() == 1


# --- F3: join -----------------------------------------------------------------------------------------


async def test_joining_brings_the_parents_children_and_chores(client, settings):
    home = await make_household()
    joiner = await make_parent()
    kid = await make_child(joiner)
    chore = await make_priced_chore(joiner)

    response = await client.post(
        f"{BASE}/join", json={"invite_code": home.family.invite_code}, headers=auth_headers(joiner, settings)
    )

    assert response.status_code == 200
    assert response.json() == {
        "success": True, "family_id": home.family.id, "family_name": home.family.name,
        "message": "Successfully joined family",
    }
    assert (await reload(joiner)).family_id == home.family.id
    assert (await reload(kid)).family_id == home.family.id
    assert (await Chore.get(id=chore.id)).family_id == home.family.id


async def test_children_cannot_join(client, settings):
    child = await make_child(await make_parent())

    response = await client.post(f"{BASE}/join", json={"invite_code": "lower"}, headers=auth_headers(child, settings))

    assert (response.status_code, response.json()) == (403, PARENT_PRIVILEGES)
    assert (await reload(child)).family_id is None


@pytest.mark.parametrize(
    ("body", "error_type", "message"),
    [
        ({"invite_code": "ABC1234"}, "string_too_short", "String should have at least 8 characters"),
        ({"invite_code": "ABC123456"}, "string_too_long", "String should have at most 8 characters"),
        ({"invite_code": "abcd1234"}, "value_error", "Value error, Invite code must be uppercase"),
        ({"invite_code": "12345678"}, "value_error", "Value error, Invite code must be uppercase"),
        ({"invite_code": "ABCD-123"}, "value_error", "Value error, Invite code must contain only letters and numbers"),
        ({"invite_code": 12345678}, "string_type", "Input should be a valid string"),
        ({}, "missing", "Field required"),
    ],
)
async def test_invite_codes_are_8_upper_case_letters_and_digits(client, settings, body, error_type, message):
    response = await client.post(f"{BASE}/join", json=body, headers=auth_headers(await make_parent(), settings))

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["type"], error["loc"], error["msg"]) == (error_type, ["body", "invite_code"], message)


async def test_unknown_and_expired_codes_are_404(client, settings):
    expired = await make_family()
    expired.invite_code_expires_at = utcnow() - timedelta(seconds=1)
    await expired.save()
    joiner = await make_parent()

    for code in ("ZZZZZZZZ", expired.invite_code):
        response = await client.post(f"{BASE}/join", json={"invite_code": code}, headers=auth_headers(joiner, settings))
        assert (response.status_code, response.json()) == (404, {"detail": "Invalid or expired invite code"})
    assert (await reload(joiner)).family_id is None


async def test_a_code_that_expires_later_still_works(client, settings):
    family = await make_family()
    family.invite_code_expires_at = utcnow() + timedelta(hours=1)
    await family.save()

    response = await client.post(
        f"{BASE}/join", json={"invite_code": family.invite_code}, headers=auth_headers(await make_parent(), settings)
    )

    assert response.status_code == 200


async def test_a_member_cannot_join_another_family(client, settings):
    home = await make_household()
    other = await make_household()

    response = await client.post(
        f"{BASE}/join", json={"invite_code": other.family.invite_code}, headers=auth_headers(home.parent, settings)
    )

    assert (response.status_code, response.json()) == (400, {"detail": "User is already a member of a family"})
    assert (await reload(home.parent)).family_id == home.family.id


# --- F4: members --------------------------------------------------------------------------------------


async def test_members_are_split_into_parents_and_children_by_username(client, settings):
    family = await make_family()
    zed = await make_parent(family=family, username="zed")
    amy = await make_parent(family=family, username="amy")
    bob, al = await make_child(zed, username="bob"), await make_child(amy, username="al")
    await make_household()

    for caller in (zed, bob):
        response = await client.get(f"{BASE}/members", headers=auth_headers(caller, settings))
        body = response.json()
        assert (body["family_id"], body["family_name"], body["total_members"]) == (family.id, family.name, 4)
        assert [member["id"] for member in body["parents"]] == [amy.id, zed.id]
        assert [member["id"] for member in body["children"]] == [al.id, bob.id]
    member = body["children"][0]
    assert member == {
        "id": al.id, "username": "al", "email": None, "is_parent": False, "is_active": True, "parent_id": amy.id,
        "created_at": member["created_at"], "joined_at": member["created_at"],
    }
    assert member["created_at"].endswith("Z")
    assert "hashed_password" not in response.text


@pytest.mark.parametrize("path", ["/members", "/stats"])
async def test_family_views_need_a_family(client, settings, path):
    parent = await make_parent()
    child = await make_child(parent)

    for caller in (parent, child):
        response = await client.get(BASE + path, headers=auth_headers(caller, settings))
        assert (response.status_code, response.json()) == (403, FAMILY_MEMBERSHIP)


# --- F5 / F9: invite codes ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/invite-code/generate", "/invite-code"])
async def test_a_new_code_replaces_the_old_one_at_once(client, settings, path):
    home = await make_household()
    old_code = home.family.invite_code

    response = await client.post(BASE + path, json={}, headers=auth_headers(home.co_parent, settings))

    assert response.status_code == 200
    body = response.json()
    assert body == {"invite_code": body["invite_code"], "expires_at": None, "family_name": home.family.name}
    assert INVITE_CODE.fullmatch(body["invite_code"]) and body["invite_code"] != old_code
    joiner = await make_parent()
    stale = await client.post(f"{BASE}/join", json={"invite_code": old_code}, headers=auth_headers(joiner, settings))
    fresh = await client.post(
        f"{BASE}/join", json={"invite_code": body["invite_code"]}, headers=auth_headers(joiner, settings)
    )
    assert (stale.status_code, fresh.status_code) == (404, 200)


async def test_a_new_code_may_expire_in_some_days(client, settings):
    home = await make_household()

    response = await client.post(
        f"{BASE}/invite-code", json={"expires_in_days": 7}, headers=auth_headers(home.parent, settings)
    )

    family = await Family.get(id=home.family.id)
    expected = utcnow() + timedelta(days=7)
    assert abs(as_utc(family.invite_code_expires_at) - expected) < timedelta(minutes=1)
    assert response.json()["expires_at"].endswith("Z")


@pytest.mark.parametrize("body", [{"expires_in_days": 0}, {"expires_in_days": 366}, {"expires_in_days": "x"}, []])
async def test_bad_invite_code_bodies_are_422(client, settings, body):
    home = await make_household()

    response = await client.post(f"{BASE}/invite-code/generate", json=body, headers=auth_headers(home.parent, settings))

    assert response.status_code == 422
    assert (await Family.get(id=home.family.id)).invite_code == home.family.invite_code


async def test_invite_code_refusals_come_in_the_contract_order(client, settings):
    home = await make_household()
    lone = await make_parent()
    child_headers = auth_headers(home.children[0], settings)
    generate, bad_body = f"{BASE}/invite-code/generate", {"expires_in_days": 0}

    no_family = await client.post(generate, json=bad_body, headers=auth_headers(lone, settings))
    child_bad_body = await client.post(generate, json=bad_body, headers=child_headers)
    child = await client.post(f"{BASE}/invite-code", json={}, headers=child_headers)

    assert (no_family.status_code, no_family.json()) == (403, FAMILY_MEMBERSHIP)
    assert child_bad_body.status_code == 422
    assert (child.status_code, child.json()) == (403, {"detail": "Only parents can generate invite codes"})
    assert (await Family.get(id=home.family.id)).invite_code == home.family.invite_code


# --- F6: statistics -----------------------------------------------------------------------------------


async def test_family_stats_count_members_chores_and_earned_rewards(client, settings):
    home = await make_household(children=2)
    kid, other_kid = home.children
    dishes = await make_priced_chore(home.parent, reward_cents=500)
    lawn = await make_priced_chore(home.co_parent, reward_cents=1000, is_disabled=True)
    await make_priced_chore(home.co_parent)
    await ChoreAssignment.create(chore=dishes, assignee=kid, is_completed=True, is_approved=True)
    await ChoreAssignment.create(chore=lawn, assignee=kid, is_completed=True)
    await ChoreAssignment.create(chore=dishes, assignee=other_kid)
    await make_ledger_entry(kid, EntryKind.REWARD, 500, chore_id=dishes.id)
    await make_ledger_entry(kid, EntryKind.REWARD, 500, chore_id=dishes.id)
    await make_ledger_entry(other_kid, EntryKind.REWARD, 250)
    await make_ledger_entry(kid, EntryKind.ADJUSTMENT, 10_000)
    stranger = await make_household()
    await ChoreAssignment.create(
        chore=await make_priced_chore(stranger.parent),
        assignee=stranger.children[0],
        is_completed=True,
        is_approved=True,
    )
    await make_ledger_entry(stranger.children[0], EntryKind.REWARD, 9_900)

    response = await client.get(f"{BASE}/stats", headers=auth_headers(kid, settings))

    body = response.json()
    assert body == {
        "family_id": home.family.id,
        "name": home.family.name,
        "invite_code": home.family.invite_code,
        "created_at": body["created_at"],
        "total_members": 4,
        "total_parents": 2,
        "total_children": 2,
        "total_chores": 3,
        "completed_chores": 2,
        "approved_chores": 1,
        "total_rewards_earned": 12.5,
    }


# --- F7 / F10: remove a member ------------------------------------------------------------------------


async def test_a_parent_removes_a_child_from_the_family(client, settings):
    home = await make_household()
    child = home.children[0]

    headers = auth_headers(home.co_parent, settings)

    response = await remove(client, headers, child.id, {"user_id": child.id, "reason": "moved"})

    assert response.status_code == 200
    assert response.json() == {
        "success": True, "message": f"User {child.id} successfully removed from family", "removed_user_id": child.id,
    }
    assert (await reload(child)).family_id is None


async def test_a_removed_parent_leaves_with_his_chores_but_his_children_stay(client, settings):
    home = await make_household()
    chore = await make_priced_chore(home.parent)

    response = await client.post(
        f"{BASE}/remove-member", json={"user_id": home.parent.id}, headers=auth_headers(home.co_parent, settings)
    )

    assert response.status_code == 200
    assert response.json()["removed_user_id"] == home.parent.id
    assert (await reload(home.parent)).family_id is None
    assert (await Chore.get(id=chore.id)).family_id is None
    assert [(await reload(child)).family_id for child in home.children] == [home.family.id] * 2


async def test_a_parent_may_remove_himself_while_another_parent_remains(client, settings):
    home = await make_household()
    headers = auth_headers(home.parent, settings)

    response = await remove(client, headers, home.parent.id, {"user_id": home.parent.id})

    assert response.status_code == 200
    assert (await reload(home.parent)).family_id is None


async def test_the_last_parent_is_never_removed(client, settings):
    home = await make_household()
    await remove(client, auth_headers(home.parent, settings), home.co_parent.id, {"user_id": home.co_parent.id})
    headers = auth_headers(home.parent, settings)

    by_path = await remove(client, headers, home.parent.id, {"user_id": home.parent.id})
    by_body = await client.post(f"{BASE}/remove-member", json={"user_id": home.parent.id}, headers=headers)

    for response in (by_path, by_body):
        assert (response.status_code, response.json()) == (400, LAST_PARENT)
    assert (await reload(home.parent)).family_id == home.family.id


async def test_member_removal_refusals_follow_the_contract(client, settings):
    home = await make_household()
    other = await make_household()
    lone = await make_parent()
    headers = auth_headers(home.parent, settings)
    child_id = home.children[0].id

    no_family = await remove(client, auth_headers(lone, settings), child_id, {})
    bad_body = await remove(client, headers, child_id, {"user_id": "x", "reason": "r" * 501})
    as_child = await remove(client, auth_headers(home.children[1], settings), child_id, {"user_id": child_id})
    mismatch = await remove(client, headers, child_id, {"user_id": home.children[1].id})
    unknown = await remove(client, headers, 999_999, {"user_id": 999_999})
    outsider = await remove(client, headers, other.children[0].id, {"user_id": other.children[0].id})
    familyless = await remove(client, headers, lone.id, {"user_id": lone.id})
    no_body = await client.delete(f"{BASE}/members/{child_id}", headers=headers)
    bad_path = await remove(client, headers, "abc", {"user_id": 1})

    assert (no_family.status_code, no_family.json()) == (403, FAMILY_MEMBERSHIP)
    assert bad_body.status_code == 422
    assert [error["loc"] for error in bad_body.json()["detail"]] == [["body", "user_id"], ["body", "reason"]]
    assert (as_child.status_code, as_child.json()) == (403, {"detail": "Only parents can remove family members"})
    assert mismatch.status_code == 400
    assert mismatch.json() == {"detail": "User ID in path must match user ID in request body"}
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "User with ID 999999 not found"})
    outsider_id = other.children[0].id
    assert (outsider.status_code, outsider.json()) == (404, {"detail": f"User with ID {outsider_id} not found"})
    assert (familyless.status_code, familyless.json()) == (400, {"detail": "User is not a member of this family"})
    assert no_body.status_code == 422
    assert bad_path.status_code == 422
    assert (await reload(home.children[0])).family_id == home.family.id
    assert (await reload(other.children[0])).family_id == other.family.id


async def test_remove_member_by_body_refusals(client, settings):
    home = await make_household()
    other = await make_household()

    as_child = await client.post(
        f"{BASE}/remove-member", json={"user_id": home.parent.id}, headers=auth_headers(home.children[0], settings)
    )
    outsider = await client.post(
        f"{BASE}/remove-member", json={"user_id": other.parent.id}, headers=auth_headers(home.parent, settings)
    )
    no_family = await client.post(
        f"{BASE}/remove-member", json={"user_id": home.parent.id}, headers=auth_headers(await make_parent(), settings)
    )

    assert (as_child.status_code, as_child.json()) == (403, {"detail": "Only parents can remove family members"})
    assert (outsider.status_code, outsider.json()) == (404, {"detail": f"User with ID {other.parent.id} not found"})
    assert (no_family.status_code, no_family.json()) == (403, FAMILY_MEMBERSHIP)
    assert (await reload(other.parent)).family_id == other.family.id


# --- F11: leave ---------------------------------------------------------------------------------------


async def test_a_parent_leaves_with_his_chores_and_his_children_stay(client, settings):
    home = await make_household()
    chore = await make_priced_chore(home.parent)

    response = await client.delete(f"{BASE}/leave", headers=auth_headers(home.parent, settings))

    assert response.status_code == 200
    assert response.json() == {"success": True, "message": "Successfully left family"}
    assert (await reload(home.parent)).family_id is None
    assert (await Chore.get(id=chore.id)).family_id is None
    assert all([(await reload(child)).family_id == home.family.id for child in home.children])


async def test_leaving_refusals(client, settings):
    home = await make_household()
    await client.delete(f"{BASE}/leave", headers=auth_headers(home.co_parent, settings))

    last_parent = await client.delete(f"{BASE}/leave", headers=auth_headers(home.parent, settings))
    as_child = await client.delete(f"{BASE}/leave", headers=auth_headers(home.children[0], settings))
    no_family = await client.delete(f"{BASE}/leave", headers=auth_headers(home.co_parent, settings))

    assert (last_parent.status_code, last_parent.json()) == (400, LAST_PARENT)
    assert (as_child.status_code, as_child.json()) == (403, {"detail": "Only parents can leave a family"})
    assert (no_family.status_code, no_family.json()) == (403, FAMILY_MEMBERSHIP)
    assert (await reload(home.parent)).family_id == home.family.id
    assert (await reload(home.children[0])).family_id == home.family.id


# --- F8 / F12: expired code cleanup -------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), [("POST", "/admin/cleanup-invite-codes"), ("GET", "/cleanup-codes")])
async def test_cleanup_renews_the_callers_expired_code_only(client, settings, method, path):
    home = await make_household()
    other = await make_household()
    for family in (home.family, other.family):
        family.invite_code_expires_at = utcnow() - timedelta(days=1)
        await family.save()

    response = await client.request(method, BASE + path, headers=auth_headers(home.parent, settings))
    again = await client.request(method, BASE + path, headers=auth_headers(home.parent, settings))

    assert response.json() == {"cleaned_count": 1, "message": "Successfully regenerated 1 expired invite codes"}
    assert again.json() == {"cleaned_count": 0, "message": "Successfully regenerated 0 expired invite codes"}
    renewed, untouched = await Family.get(id=home.family.id), await Family.get(id=other.family.id)
    assert renewed.invite_code != home.family.invite_code and renewed.invite_code_expires_at is None
    assert untouched.invite_code == other.family.invite_code and untouched.invite_code_expires_at is not None


async def test_cleanup_is_for_parents(client, settings):
    home = await make_household()

    as_child = await client.post(f"{BASE}/admin/cleanup-invite-codes", headers=auth_headers(home.children[0], settings))
    lone = await client.get(f"{BASE}/cleanup-codes", headers=auth_headers(await make_parent(), settings))

    assert (as_child.status_code, as_child.json()) == (403, PARENT_PRIVILEGES)
    assert lone.json()["cleaned_count"] == 0


# --- isolation between families -----------------------------------------------------------------------


async def test_another_family_sees_nothing_of_family_a(client, settings):
    a = await make_household()
    b = await make_household()
    a_names = {user.username for user in (a.parent, a.co_parent, *a.children)}

    for caller in (b.parent, b.children[0]):
        headers = auth_headers(caller, settings)
        responses = [
            await client.get(f"{BASE}/context", headers=headers),
            await client.get(f"{BASE}/members", headers=headers),
            await client.get(f"{BASE}/stats", headers=headers),
            await client.get("/api/v1/users/stats", headers=headers),
            await client.get(f"/api/v1/users/children/{a.parent.id}", headers=headers),
        ]
        if caller.is_parent:
            responses += [
                await client.get("/api/v1/users/", headers=headers),
                await client.get("/api/v1/users/my-family-children", headers=headers),
                await client.get("/api/v1/users/my-children", headers=headers),
            ]
        for response in responses:
            assert response.status_code == 200
            assert a.family.invite_code not in response.text
            assert not any(name in response.text for name in a_names)


# --- the "done when" scenario -----------------------------------------------------------------


async def login(client, username: str, password: str) -> dict[str, str]:
    response = await client.post("/api/v1/users/login", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_two_parents_share_a_child_through_an_invite_code(client):
    registration = {"password": "first-pass", "is_parent": "true", "registration_code": "BETA2024"}
    first = await client.post(
        "/api/v1/users/register", data=registration | {"username": "mum", "email": "mum@example.com"}
    )
    assert first.status_code == 201
    mum = await login(client, "mum", "first-pass")
    created = await client.post(f"{BASE}/create", json={"name": "The Smiths"}, headers=mum)
    assert created.status_code == 201
    child = await client.post(
        "/api/v1/users/", json={"username": "kiddo", "password": "kiddo-pass", "is_parent": False}, headers=mum
    )
    assert child.status_code == 201
    code = (await client.post(f"{BASE}/invite-code", json={}, headers=mum)).json()["invite_code"]

    second = await client.post(
        "/api/v1/users/register",
        data=registration | {"username": "dad", "email": "dad@example.com", "password": "second-pass"},
    )
    assert second.status_code == 201
    dad = await login(client, "dad", "second-pass")
    joined = await client.post(f"{BASE}/join", json={"invite_code": code}, headers=dad)
    assert joined.status_code == 200

    for headers in (mum, dad):
        children = (await client.get("/api/v1/users/my-family-children", headers=headers)).json()
        assert [kid["username"] for kid in children] == ["kiddo"]
    kiddo = await login(client, "kiddo", "kiddo-pass")
    members = (await client.get(f"{BASE}/members", headers=kiddo)).json()
    assert [parent["username"] for parent in members["parents"]] == ["dad", "mum"]


# --- races (real row locks) ---------------------------------------------------------------------------


@pytest.mark.mysql
async def test_two_parents_removing_each_other_at_once_leave_one_parent(client, settings):
    home = await make_household()
    first, second = home.parent, home.co_parent

    responses = await asyncio.gather(
        remove(client, auth_headers(first, settings), second.id, {"user_id": second.id}),
        remove(client, auth_headers(second, settings), first.id, {"user_id": first.id}),
    )

    # the loser was removed before his own request got the family's lock: he is no member any more
    assert sorted(response.status_code for response in responses) == [200, 403]
    assert [response.json() for response in responses if response.status_code == 403] == [FAMILY_MEMBERSHIP]
    assert await User.filter(family_id=home.family.id, is_parent=True).count() == 1


@pytest.mark.mysql
async def test_one_parent_creating_two_families_at_once_gets_one(client, settings):
    parent = await make_parent()
    headers = auth_headers(parent, settings)

    responses = await asyncio.gather(*(client.post(f"{BASE}/create", json={}, headers=headers) for _ in range(2)))

    assert sorted(response.status_code for response in responses) == [201, 400]
    assert await Family.all().count() == 1
