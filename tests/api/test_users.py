"""The users endpoints after registration: children lists, password resets, listings, stats (§2 U6–U13)."""

from __future__ import annotations

import logging

import pytest

from models import ChoreAssignment, User
from tests.conftest import make_settings
from tests.factories import auth_headers, make_child, make_family, make_household, make_parent, make_priced_chore

MY_CHILDREN = "/api/v1/users/my-children"
MY_FAMILY_CHILDREN = "/api/v1/users/my-family-children"
CHILDREN_LISTS = [MY_CHILDREN, MY_FAMILY_CHILDREN]
USERS = "/api/v1/users/"
REGISTRATION_STATUS = "/api/v1/users/admin/registration-status"


def reset_url(child_id: int | str) -> str:
    return f"/api/v1/users/children/{child_id}/reset-password"


def public(user: User) -> dict:
    return {
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "is_parent": user.is_parent,
        "is_active": user.is_active,
        "parent_id": user.parent_id,
    }


async def login_status(client, username: str, password: str) -> int:
    response = await client.post("/api/v1/users/login", data={"username": username, "password": password})
    return response.status_code


# --- U6 / U7: children with their chores -------------------------------------------------------------


@pytest.mark.parametrize("url", CHILDREN_LISTS)
async def test_family_children_come_by_username_with_every_assignment(client, settings, url):
    family = await make_family()
    parent, co_parent = await make_parent(family=family), await make_parent(family=family)
    zoe = await make_child(parent, username="zoe")
    adam = await make_child(co_parent, username="adam")
    dishes = await make_priced_chore(parent, title="Dishes", reward_cents=500)
    lawn = await make_priced_chore(co_parent, title="Lawn", reward_cents=1000, is_disabled=True)
    open_row = await ChoreAssignment.create(chore=dishes, assignee=zoe)
    approved = await ChoreAssignment.create(
        chore=lawn, assignee=zoe, is_completed=True, is_approved=True, approval_reward_cents=750
    )
    zero_reward = await ChoreAssignment.create(
        chore=dishes, assignee=adam, is_completed=True, is_approved=True, approval_reward_cents=0
    )

    response = await client.get(url, headers=auth_headers(co_parent, settings))

    assert response.status_code == 200
    assert response.json() == [
        public(adam) | {"chores": [
            {"id": zero_reward.id, "chore_id": dishes.id, "chore_title": "Dishes", "reward": 5.0,
             "is_completed": True, "is_approved": True},
        ]},
        public(zoe) | {"chores": [
            {"id": open_row.id, "chore_id": dishes.id, "chore_title": "Dishes", "reward": 5.0,
             "is_completed": False, "is_approved": False},
            {"id": approved.id, "chore_id": lawn.id, "chore_title": "Lawn", "reward": 7.5,
             "is_completed": True, "is_approved": True},
        ]},
    ]


@pytest.mark.parametrize("url", CHILDREN_LISTS)
async def test_without_a_family_a_parent_sees_his_own_children_in_creation_order(client, settings, url):
    parent = await make_parent()
    first, second = await make_child(parent, username="zed"), await make_child(parent, username="amy")
    await make_child(await make_parent())

    response = await client.get(url, headers=auth_headers(parent, settings))

    assert [child["id"] for child in response.json()] == [first.id, second.id]
    assert all(child["chores"] == [] for child in response.json())


async def test_all_childrens_assignments_are_read_in_one_query(client, settings, caplog):
    home = await make_household(children=4)
    chore = await make_priced_chore(home.parent, reward_cents=100)
    for child in home.children:
        await ChoreAssignment.create(chore=chore, assignee=child)

    with caplog.at_level(logging.DEBUG, logger="tortoise.db_client"):
        response = await client.get(MY_FAMILY_CHILDREN, headers=auth_headers(home.parent, settings))

    assert all(len(child["chores"]) == 1 for child in response.json())
    assignment_reads = [r for r in caplog.records if "chore_assignments" in r.getMessage()]
    assert len(assignment_reads) == 1


@pytest.mark.parametrize(
    ("url", "detail"),
    [(MY_CHILDREN, "Only parents can list their children"),
     (MY_FAMILY_CHILDREN, "Only parents can access children information")],
)
async def test_children_cannot_list_children(client, settings, url, detail):
    child = await make_child(await make_parent(family=await make_family()))

    response = await client.get(url, headers=auth_headers(child, settings))

    assert response.status_code == 403
    assert response.json() == {"detail": detail}


@pytest.mark.parametrize("url", CHILDREN_LISTS)
async def test_children_lists_need_a_token(client, url):
    assert (await client.get(url)).status_code == 401


@pytest.mark.parametrize("url", CHILDREN_LISTS)
async def test_another_familys_children_never_show(client, settings, url):
    home = await make_household()
    other = await make_household()
    await ChoreAssignment.create(chore=await make_priced_chore(other.parent), assignee=other.children[0])

    response = await client.get(url, headers=auth_headers(home.parent, settings))

    assert sorted(child["id"] for child in response.json()) == sorted(child.id for child in home.children)


# --- U9: reset a child's password ---------------------------------------------------------------------


async def test_a_co_parent_resets_a_family_childs_password(client, settings):
    home = await make_household()
    child = home.children[0]

    response = await client.post(reset_url(child.id), json="newpass", headers=auth_headers(home.co_parent, settings))

    assert response.status_code == 200
    assert response.json() == public(child)
    assert await login_status(client, child.username, "newpass") == 200


async def test_a_parent_without_family_resets_his_own_childs_password(client, settings):
    parent = await make_parent()
    child = await make_child(parent)

    response = await client.post(reset_url(child.id), json="abcd", headers=auth_headers(parent, settings))

    assert response.status_code == 200
    assert await login_status(client, child.username, "abcd") == 200


@pytest.mark.parametrize(
    ("body", "error_type"),
    [("abc", "string_too_short"), (1234, "string_type"), ({"password": "abcdef"}, "string_type"),
     (["abcdef"], "string_type"), ("é" * 37, "value_error")],
)
async def test_the_new_password_is_a_json_string_of_4_to_72_bytes(client, settings, body, error_type):
    home = await make_household()
    child = home.children[0]

    response = await client.post(reset_url(child.id), json=body, headers=auth_headers(home.parent, settings))

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["type"], error["loc"]) == (error_type, ["body"])
    assert (await User.get(id=child.id)).hashed_password == child.hashed_password


async def test_a_reset_without_a_body_is_a_422(client, settings):
    home = await make_household()

    response = await client.post(reset_url(home.children[0].id), headers=auth_headers(home.parent, settings))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]


async def test_a_non_integer_child_id_is_a_422(client, settings):
    home = await make_household()

    for child_id in ("abc", "9" * 30):
        response = await client.post(reset_url(child_id), json="abcd", headers=auth_headers(home.parent, settings))
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["path", "child_id"]


async def test_reset_refusals_follow_the_contract(client, settings):
    home = await make_household()
    other = await make_household()
    headers = auth_headers(home.parent, settings)

    as_child = await client.post(
        reset_url(home.children[1].id), json="abcd", headers=auth_headers(home.children[0], settings)
    )
    unknown = await client.post(reset_url(999_999), json="abcd", headers=headers)
    a_parent = await client.post(reset_url(home.co_parent.id), json="abcd", headers=headers)
    other_familys_child = await client.post(reset_url(other.children[0].id), json="abcd", headers=headers)

    assert (as_child.status_code, as_child.json()) == (403, {"detail": "Only parents can reset passwords"})
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "Child not found"})
    assert (a_parent.status_code, a_parent.json()) == (403, {"detail": "Cannot reset password for a parent account"})
    assert (other_familys_child.status_code, other_familys_child.json()) == (404, {"detail": "Child not found"})
    assert await login_status(client, other.children[0].username, "abcd") == 401


async def test_a_parent_without_family_cannot_reset_someone_elses_child(client, settings):
    lone = await make_parent()
    child = await make_child(await make_parent())

    response = await client.post(reset_url(child.id), json="abcd", headers=auth_headers(lone, settings))

    assert response.status_code == 403
    assert response.json() == {"detail": "You can only reset passwords for your own children"}


# --- U10: GET /users/ ---------------------------------------------------------------------------------


async def test_a_parent_lists_the_accounts_of_his_family_only(client, settings):
    home = await make_household()
    await make_household()
    await make_parent()

    response = await client.get(USERS, headers=auth_headers(home.parent, settings))

    assert response.status_code == 200
    expected = sorted([home.parent, home.co_parent, *home.children], key=lambda user: user.id)
    assert response.json() == [public(user) for user in expected]
    assert "hashed_password" not in response.text


async def test_the_user_list_honours_skip_and_limit(client, settings):
    home = await make_household(children=3)
    everyone = sorted([home.parent, home.co_parent, *home.children], key=lambda user: user.id)
    headers = auth_headers(home.parent, settings)

    page = await client.get(USERS, params={"skip": 1, "limit": 2}, headers=headers)
    unslashed = await client.get(USERS.rstrip("/"), params={"skip": 4}, headers=headers)

    assert [user["id"] for user in page.json()] == [everyone[1].id, everyone[2].id]
    assert [user["id"] for user in unslashed.json()] == [everyone[4].id]


async def test_without_a_family_the_user_list_is_the_parent_and_his_children(client, settings):
    parent = await make_parent()
    child = await make_child(parent)
    await make_child(await make_parent())

    response = await client.get(USERS, headers=auth_headers(parent, settings))

    assert [user["id"] for user in response.json()] == [parent.id, child.id]


@pytest.mark.parametrize("params", [{"skip": -1}, {"limit": 0}, {"limit": 1001}, {"skip": "x"}, {"limit": "9" * 40}])
async def test_bad_paging_values_are_422(client, settings, params):
    response = await client.get(USERS, params=params, headers=auth_headers(await make_parent(), settings))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


async def test_the_user_list_is_for_parents_with_a_token(client, settings):
    child = await make_child(await make_parent(family=await make_family()))

    anonymous = await client.get(USERS)
    as_child = await client.get(USERS, headers=auth_headers(child, settings))

    assert anonymous.status_code == 401
    assert (as_child.status_code, as_child.json()) == (403, {"detail": "Only parents can list users"})


# --- U11: children of a parent ------------------------------------------------------------------------


async def test_children_of_a_parent_of_the_callers_family(client, settings):
    home = await make_household()
    co_parents_child = await make_child(home.co_parent)

    as_co_parent = await client.get(
        f"/api/v1/users/children/{home.parent.id}", headers=auth_headers(home.co_parent, settings)
    )
    as_child = await client.get(
        f"/api/v1/users/children/{home.co_parent.id}", headers=auth_headers(home.children[0], settings)
    )

    assert as_co_parent.json() == [public(child) for child in home.children]
    assert as_child.json() == [public(co_parents_child)]


async def test_children_of_another_familys_parent_are_an_empty_list(client, settings):
    home = await make_household()
    other = await make_household()
    lone = await make_parent()
    lone_child = await make_child(lone)

    for caller in (home.parent, home.children[0], lone):
        response = await client.get(f"/api/v1/users/children/{other.parent.id}", headers=auth_headers(caller, settings))
        assert (response.status_code, response.json()) == (200, [])
    own = await client.get(f"/api/v1/users/children/{lone.id}", headers=auth_headers(lone, settings))
    assert own.json() == [public(lone_child)]
    unknown = await client.get("/api/v1/users/children/424242", headers=auth_headers(lone, settings))
    assert unknown.json() == []


async def test_children_of_a_parent_need_a_token_and_an_integer_id(client, settings):
    parent = await make_parent()

    assert (await client.get(f"/api/v1/users/children/{parent.id}")).status_code == 401
    response = await client.get("/api/v1/users/children/abc", headers=auth_headers(parent, settings))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "parent_id"]


# --- U12: stats ---------------------------------------------------------------------------------------


async def test_stats_of_a_family_member(client, settings):
    home = await make_household(children=3)

    for caller in (home.co_parent, home.children[0]):
        response = await client.get("/api/v1/users/stats", headers=auth_headers(caller, settings))
        body = response.json()
        assert body["user"] == {
            "id": caller.id,
            "username": caller.username,
            "is_parent": caller.is_parent,
            "is_active": True,
            "created_at": body["user"]["created_at"],
        }
        assert body["user"]["created_at"].endswith("Z")
        assert body["family_context"] == {
            "family_id": home.family.id,
            "family_name": home.family.name,
            "invite_code": home.family.invite_code,
        }
        assert (body["children_count"], body["family_members_count"]) == (3, 5)


async def test_stats_without_a_family(client, settings):
    parent = await make_parent()
    child = await make_child(parent)
    await make_child(parent)

    as_parent = (await client.get("/api/v1/users/stats", headers=auth_headers(parent, settings))).json()
    as_child = (await client.get("/api/v1/users/stats", headers=auth_headers(child, settings))).json()

    assert (as_parent["family_context"], as_parent["children_count"], as_parent["family_members_count"]) == (None, 2, 0)
    assert (as_child["family_context"], as_child["children_count"], as_child["family_members_count"]) == (None, 0, 0)


# --- U13: registration status -------------------------------------------------------------------------


async def test_parents_see_the_registration_codes(client, settings):
    response = await client.get(REGISTRATION_STATUS, headers=auth_headers(await make_parent(), settings))

    assert response.json() == {
        "registration_restricted": True,
        "valid_codes_count": 3,
        "valid_codes": ["BETA2024", "FAMILY_TRIAL", "CHORES_BETA"],
        "message": "Registration codes are currently required for parent accounts",
    }


async def test_registration_is_reported_open_when_no_code_is_configured(app, client, settings):
    app.ctx.settings = make_settings(registration_codes=())

    response = await client.get(REGISTRATION_STATUS, headers=auth_headers(await make_parent(), settings))

    assert response.json() == {
        "registration_restricted": False,
        "valid_codes_count": 0,
        "valid_codes": [],
        "message": "Registration is open to all users",
    }


async def test_children_cannot_read_the_registration_codes(client, settings):
    child = await make_child(await make_parent())

    response = await client.get(REGISTRATION_STATUS, headers=auth_headers(child, settings))

    assert response.status_code == 403
    assert response.json() == {"detail": "Only parents can view registration status"}
    assert "BETA2024" not in response.text
