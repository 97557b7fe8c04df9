"""Creating accounts: parent self-registration (U2), accounts made by a parent (U3), login limits (§13)."""

from __future__ import annotations

import asyncio
import time

import pytest

from models import User
from tests.conftest import make_settings
from tests.factories import PASSWORD, auth_headers, make_child, make_family, make_parent

REGISTER = "/api/v1/users/register"
USERS = "/api/v1/users/"
LOGIN = "/api/v1/users/login"
# Only these tests count requests; their own Redis database keeps other helpers' data out of the way.
RATE_LIMITED = make_settings(rate_limit_enabled=True, redis_url="redis://127.0.0.1:6379/11")


def parent_form(**overrides: str) -> dict[str, str]:
    form = {
        "username": "newparent",
        "password": "secret-pass",
        "email": "newparent@example.com",
        "is_parent": "true",
        "registration_code": "BETA2024",
    }
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def child_form(**overrides: str) -> dict[str, str]:
    form = {"username": "newchild", "password": "secret-pass", "is_parent": "false"}
    form.update(overrides)
    return form


async def assert_login_works(client, username: str, password: str) -> None:
    response = await client.post(LOGIN, data={"username": username, "password": password})
    assert response.status_code == 200, response.text


# --- U2: parent self-registration -------------------------------------------------------------------


async def test_a_parent_registers_with_a_code_and_can_log_in(client):
    response = await client.post(REGISTER, data=parent_form())

    assert response.status_code == 201
    body = response.json()
    user = await User.get(username="newparent")
    assert body == {
        "id": user.id,
        "username": "newparent",
        "email": "newparent@example.com",
        "is_parent": True,
        "is_active": True,
        "parent_id": None,
        "family_id": None,
        "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    assert body["created_at"].endswith("Z")
    assert "hashed_password" not in response.text
    assert user.hashed_password.startswith("$2b$")
    await assert_login_works(client, "newparent", "secret-pass")


async def test_the_registration_code_is_trimmed_and_case_insensitive(client):
    response = await client.post(REGISTER, data=parent_form(registration_code="  family_trial "))

    assert response.status_code == 201


async def test_multipart_registration_is_accepted(client):
    response = await client.post(REGISTER, data=parent_form(), files={"unused": ("a.txt", b"x")})

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("code", "detail"),
    [
        (None, "Registration code is required during beta period"),
        ("", "Registration code is required during beta period"),
        ("   ", "Registration code cannot be empty"),
        ("NOT-A-CODE", "Invalid registration code. Please contact admin for a valid beta code."),
        ("x" * 10_000, "Invalid registration code. Please contact admin for a valid beta code."),
    ],
)
async def test_a_parent_needs_a_valid_registration_code(client, code, detail):
    response = await client.post(REGISTER, data=parent_form(registration_code=code))

    assert response.status_code == 422
    assert response.json() == {"detail": detail}
    assert not await User.exists()


async def test_no_configured_codes_means_no_parent_can_register(app, client):
    app.ctx.settings = make_settings(registration_codes=())

    response = await client.post(REGISTER, data=parent_form())

    assert response.status_code == 422
    assert response.json()["detail"].startswith("Invalid registration code")


@pytest.mark.parametrize(
    ("email", "detail"),
    [
        (None, "Email is required for parent accounts"),
        ("", "Email is required for parent accounts"),
        ("not-an-email", "Invalid email format"),
        ("two@@example.com", "Invalid email format"),
        ("spaces in@example.com", "Invalid email format"),
        # passes the reference's simple pattern, fails full validation (reserved domain)
        ("someone@example.test", "Invalid email format"),
        ("a" * 10_000 + "@example.com", "Invalid email format"),
    ],
)
async def test_a_parent_needs_a_valid_email(client, email, detail):
    response = await client.post(REGISTER, data=parent_form(email=email))

    assert response.status_code == 422
    assert response.json() == {"detail": detail}
    assert not await User.exists()


async def test_the_email_is_stored_with_its_domain_normalised(client):
    response = await client.post(REGISTER, data=parent_form(email="Mixed.Case@EXAMPLE.COM"))

    assert response.json()["email"] == "Mixed.Case@example.com"


async def test_passwords_under_8_characters_are_refused_for_parents_and_children(client, settings):
    parent = await make_parent()

    as_parent = await client.post(REGISTER, data=parent_form(password="short7!"))
    as_child = await client.post(REGISTER, data=child_form(password="short7!"), headers=auth_headers(parent, settings))

    for response in (as_parent, as_child):
        assert response.status_code == 422
        assert response.json() == {"detail": "Password must be at least 8 characters long"}
    assert await User.all().count() == 1


async def test_passwords_over_72_bytes_are_a_422_not_a_500(client):
    # 37 characters, 74 bytes: bcrypt would refuse it
    response = await client.post(REGISTER, data=parent_form(password="é" * 37))

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "password"]
    assert error["msg"] == "Value error, Password cannot be longer than 72 bytes"
    assert not await User.exists()


async def test_a_password_of_exactly_72_bytes_works(client):
    password = "p" * 72

    response = await client.post(REGISTER, data=parent_form(password=password))

    assert response.status_code == 201
    await assert_login_works(client, "newparent", password)


@pytest.mark.parametrize("username", ["ab", "x" * 51, "x" * 10_000])
async def test_usernames_must_have_3_to_50_characters(client, username):
    response = await client.post(REGISTER, data=parent_form(username=username))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "username"]
    assert not await User.exists()


async def test_required_form_fields_are_reported_together(client):
    response = await client.post(REGISTER, data={"email": "x@example.com"})

    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [error["loc"] for error in errors] == [["body", "username"], ["body", "password"], ["body", "is_parent"]]
    assert {error["msg"] for error in errors} == {"Field required"}


async def test_a_json_body_is_not_a_registration_form(client):
    response = await client.post(REGISTER, json=parent_form())

    assert response.status_code == 422
    assert not await User.exists()


async def test_registration_checks_come_in_the_contract_order(client):
    # bad code, missing email and short password at once: the code is reported first (step 2)
    first = await client.post(REGISTER, data=parent_form(registration_code="NOPE", email=None, password="x"))
    # then the e-mail (step 3) before the password (step 4)
    second = await client.post(REGISTER, data=parent_form(email=None, password="x"))

    assert first.json() == {"detail": "Invalid registration code. Please contact admin for a valid beta code."}
    assert second.json() == {"detail": "Email is required for parent accounts"}


async def test_a_taken_username_or_email_is_a_400(client):
    existing = await make_parent(username="taken")

    by_name = await client.post(REGISTER, data=parent_form(username="taken"))
    by_email = await client.post(REGISTER, data=parent_form(email=existing.email))

    assert by_name.status_code == by_email.status_code == 400
    assert by_name.json() == {"detail": "Username already taken"}
    assert by_email.json() == {"detail": "Email already registered"}
    assert await User.all().count() == 1


async def test_usernames_are_case_sensitive_on_every_database(client):
    await make_parent(username="Alice")

    other = await client.post(REGISTER, data=parent_form(username="alice"))
    wrong_case = await client.post(LOGIN, data={"username": "ALICE", "password": PASSWORD})

    assert other.status_code == 201, other.text
    assert wrong_case.status_code == 401
    await assert_login_works(client, "Alice", PASSWORD)


async def test_concurrent_registrations_of_one_username_give_one_account_and_one_400(client):
    forms = [parent_form(email="first@example.com"), parent_form(email="second@example.com")]

    responses = await asyncio.gather(*(client.post(REGISTER, data=form) for form in forms))

    assert sorted(response.status_code for response in responses) == [201, 400]
    loser = next(response for response in responses if response.status_code == 400)
    assert loser.json() == {"detail": "Username already taken"}
    assert await User.filter(username="newparent").count() == 1


# --- U2: the child variant needs a parent's token (decision D4) ------------------------------------


async def test_a_parent_registers_a_child_who_joins_his_family(client, settings):
    family = await make_family()
    parent = await make_parent(family=family)

    response = await client.post(REGISTER, data=child_form(), headers=auth_headers(parent, settings))

    assert response.status_code == 201
    body = response.json()
    assert body["is_parent"] is False
    assert body["parent_id"] == parent.id
    assert body["family_id"] == family.id
    child = await User.get(username="newchild")
    assert (child.parent_id, child.family_id) == (parent.id, family.id)
    await assert_login_works(client, "newchild", "secret-pass")


async def test_a_child_can_be_registered_under_a_co_parent(client, settings):
    family = await make_family()
    parent, co_parent = await make_parent(family=family), await make_parent(family=family)

    response = await client.post(
        REGISTER, data=child_form(parent_id=str(co_parent.id)), headers=auth_headers(parent, settings)
    )

    assert response.status_code == 201
    assert response.json()["parent_id"] == co_parent.id


async def test_an_anonymous_child_registration_needs_a_parent_id(client, settings):
    child_of_someone = await make_child(await make_parent())

    anonymous = await client.post(REGISTER, data=child_form())
    with_a_childs_token = await client.post(
        REGISTER, data=child_form(), headers=auth_headers(child_of_someone, settings)
    )
    with_a_bad_token = await client.post(REGISTER, data=child_form(), headers={"Authorization": "Bearer junk"})

    for response in (anonymous, with_a_childs_token, with_a_bad_token):
        assert response.status_code == 422
        assert response.json() == {"detail": "Parent ID is required for child accounts"}
    assert not await User.filter(username="newchild").exists()


async def test_nobody_registers_a_child_under_a_parent_anonymously(client, settings):
    parent = await make_parent()
    child = await make_child(parent)

    anonymous = await client.post(REGISTER, data=child_form(parent_id=str(parent.id)))
    as_a_child = await client.post(
        REGISTER, data=child_form(parent_id=str(parent.id)), headers=auth_headers(child, settings)
    )

    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": "Not authenticated"}
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert as_a_child.status_code == 403
    assert as_a_child.json() == {"detail": "Only parents can create new users"}
    assert not await User.filter(username="newchild").exists()


async def test_a_parent_cannot_register_a_child_under_another_familys_parent(client, settings):
    parent = await make_parent(family=await make_family())
    stranger = await make_parent(family=await make_family())
    lone_parent = await make_parent()
    headers = auth_headers(parent, settings)

    for parent_id in (stranger.id, lone_parent.id, 999_999):
        response = await client.post(REGISTER, data=child_form(parent_id=str(parent_id)), headers=headers)
        assert response.status_code == 404
        assert response.json() == {"detail": "Parent user not found"}
    assert not await User.filter(username="newchild").exists()


@pytest.mark.parametrize("parent_id", ["abc", "1.5", "9" * 30, "9" * 10_000])
async def test_a_parent_id_that_is_not_an_integer_is_a_422(client, settings, parent_id):
    parent = await make_parent()

    response = await client.post(
        REGISTER, data=child_form(parent_id=parent_id), headers=auth_headers(parent, settings)
    )

    assert response.status_code == 422
    assert response.json() == {"detail": "Parent ID must be a valid integer"}


# --- U3: a parent creates an account ----------------------------------------------------------------


async def test_a_parent_creates_a_child_who_inherits_parent_and_family(client, settings):
    family = await make_family()
    parent = await make_parent(family=family)

    response = await client.post(
        USERS,
        json={"username": "kid", "password": "kidpass1", "is_parent": False},
        headers=auth_headers(parent, settings),
    )

    assert response.status_code == 201
    child = await User.get(username="kid")
    assert response.json() == {
        "id": child.id,
        "username": "kid",
        "email": None,
        "is_parent": False,
        "is_active": True,
        "parent_id": parent.id,
    }
    assert child.family_id == family.id
    await assert_login_works(client, "kid", "kidpass1")


async def test_both_slash_forms_of_the_users_collection_work(client, settings):
    headers = auth_headers(await make_parent(), settings)

    with_slash = await client.post(USERS, json={"username": "kid1", "password": "kidpass1"}, headers=headers)
    without = await client.post(USERS.rstrip("/"), json={"username": "kid2", "password": "kidpass1"}, headers=headers)

    assert with_slash.status_code == without.status_code == 201


async def test_only_parents_create_accounts(client, settings):
    child = await make_child(await make_parent())

    response = await client.post(
        USERS, json={"username": "kid", "password": "kidpass1"}, headers=auth_headers(child, settings)
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "Only parents can create new users"}
    assert not await User.filter(username="kid").exists()


async def test_creating_an_account_needs_a_token(client):
    response = await client.post(USERS, json={"username": "kid", "password": "kidpass1"})

    assert response.status_code == 401
    assert response.json() == {"detail": "Not authenticated"}


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"username": "ab", "password": "kidpass1"}, ["body", "username"]),
        ({"username": "x" * 10_000, "password": "kidpass1"}, ["body", "username"]),
        ({"username": 12345, "password": "kidpass1"}, ["body", "username"]),
        ({"username": "kid", "password": "abc"}, ["body", "password"]),
        ({"username": "kid", "password": "é" * 37}, ["body", "password"]),
        ({"username": "kid", "password": "x" * 10_000}, ["body", "password"]),
        ({"username": "kid", "password": "kidpass1", "email": "nope"}, ["body", "email"]),
        ({"username": "kid", "password": "kidpass1", "is_parent": "maybe"}, ["body", "is_parent"]),
        ({"username": "kid", "password": "kidpass1", "parent_id": "abc"}, ["body", "parent_id"]),
        ({"username": "kid", "password": "kidpass1", "parent_id": 10**30}, ["body", "parent_id"]),
        ({"password": "kidpass1"}, ["body", "username"]),
        ([], ["body"]),
        ("kid", ["body"]),
    ],
)
async def test_bad_account_bodies_are_422_and_store_nothing(client, settings, body, location):
    parent = await make_parent()

    response = await client.post(USERS, json=body, headers=auth_headers(parent, settings))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == location
    assert await User.all().count() == 1


async def test_a_missing_or_malformed_body_is_refused(client, settings):
    headers = auth_headers(await make_parent(), settings)

    missing = await client.post(USERS, headers=headers)
    json_type = {"Content-Type": "application/json"}
    malformed = await client.post(USERS, content=b'{"username": ', headers=headers | json_type)

    assert missing.status_code == 422
    assert missing.json()["detail"] == [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]
    assert malformed.status_code == 400
    assert malformed.json()["error"]["code"] == "MALFORMED_JSON"
    assert await User.all().count() == 1


async def test_a_created_account_needs_8_characters_of_password(client, settings):
    response = await client.post(
        USERS, json={"username": "kid", "password": "four"}, headers=auth_headers(await make_parent(), settings)
    )

    assert response.status_code == 422
    assert response.json() == {"detail": "Password must be at least 8 characters long"}


async def test_a_child_may_have_an_email(client, settings):
    response = await client.post(
        USERS,
        json={"username": "kid", "password": "kidpass1", "email": "kid@example.com"},
        headers=auth_headers(await make_parent(), settings),
    )

    assert response.status_code == 201
    assert response.json()["email"] == "kid@example.com"


async def test_a_parent_creates_another_parent_without_family(client, settings):
    parent = await make_parent(family=await make_family())
    body = {"username": "other", "password": "otherpass", "is_parent": True, "email": "other@example.com",
            "registration_code": "chores_beta", "parent_id": parent.id}

    response = await client.post(USERS, json=body, headers=auth_headers(parent, settings))

    assert response.status_code == 201
    assert response.json()["is_parent"] is True
    assert response.json()["parent_id"] is None
    assert (await User.get(username="other")).family_id is None


@pytest.mark.parametrize(
    ("extra", "detail"),
    [
        ({"email": "other@example.com"}, "Registration code is required during beta period"),
        ({"email": "other@example.com", "registration_code": " "}, "Registration code cannot be empty"),
        ({"email": "other@example.com", "registration_code": "nope"},
         "Invalid registration code. Please contact admin for a valid beta code."),
        ({"registration_code": "BETA2024"}, "Email is required for parent accounts"),
        ({"registration_code": "BETA2024", "email": "o'brien@example.com"}, "Invalid email format"),
    ],
)
async def test_a_new_parent_account_needs_a_code_and_an_email(client, settings, extra, detail):
    body = {"username": "other", "password": "otherpass", "is_parent": True, **extra}

    response = await client.post(USERS, json=body, headers=auth_headers(await make_parent(), settings))

    assert response.status_code == 422
    assert response.json() == {"detail": detail}
    assert not await User.filter(username="other").exists()


async def test_a_child_may_be_created_for_a_co_parent_but_not_for_a_stranger(client, settings):
    family = await make_family()
    parent, co_parent = await make_parent(family=family), await make_parent(family=family)
    stranger = await make_parent(family=await make_family())
    headers = auth_headers(parent, settings)

    for_co_parent = await client.post(
        USERS, json={"username": "kid1", "password": "kidpass1", "parent_id": co_parent.id}, headers=headers
    )
    for_stranger = await client.post(
        USERS, json={"username": "kid2", "password": "kidpass1", "parent_id": stranger.id}, headers=headers
    )
    for_nobody = await client.post(
        USERS, json={"username": "kid3", "password": "kidpass1", "parent_id": 987654}, headers=headers
    )

    assert for_co_parent.status_code == 201
    assert for_co_parent.json()["parent_id"] == co_parent.id
    for response in (for_stranger, for_nobody):
        assert response.status_code == 404
        assert response.json() == {"detail": "Parent user not found"}
    assert not await User.filter(username__in=["kid2", "kid3"]).exists()


async def test_parent_id_zero_means_the_caller_and_family_id_is_ignored(client, settings):
    parent = await make_parent(family=await make_family())
    other_family = await make_family()

    response = await client.post(
        USERS,
        json={"username": "kid", "password": "kidpass1", "parent_id": 0, "family_id": other_family.id},
        headers=auth_headers(parent, settings),
    )

    assert response.status_code == 201
    child = await User.get(username="kid")
    assert (child.parent_id, child.family_id) == (parent.id, parent.family_id)


async def test_a_created_account_needs_a_free_username_and_email(client, settings):
    parent = await make_parent()
    headers = auth_headers(parent, settings)

    by_name = await client.post(USERS, json={"username": parent.username, "password": "kidpass1"}, headers=headers)
    by_email = await client.post(
        USERS, json={"username": "kid", "password": "kidpass1", "email": parent.email}, headers=headers
    )

    assert by_name.status_code == by_email.status_code == 400
    assert by_name.json() == {"detail": "Username already taken"}
    assert by_email.json() == {"detail": "Email already registered"}


# --- rate limits (§13) ------------------------------------------------------------------------------


async def start_of_a_fresh_window(app) -> None:
    """Empty the counters, and avoid straddling two one-minute windows."""
    await app.ctx.redis.flushdb()
    if time.time() % 60 > 55:
        await asyncio.sleep(61 - time.time() % 60)


@pytest.mark.parametrize("settings", [RATE_LIMITED])
async def test_the_sixth_login_attempt_in_a_minute_gets_429(app, client):
    await start_of_a_fresh_window(app)
    parent = await make_parent()
    form = {"username": parent.username, "password": "wrong-password"}

    statuses = [(await client.post(LOGIN, data=form)).status_code for _ in range(5)]
    sixth = await client.post(LOGIN, data={"username": parent.username, "password": PASSWORD})

    assert statuses == [401] * 5
    assert sixth.status_code == 429
    assert sixth.json() == {"error": "Rate limit exceeded: 5 per 1 minute"}
    assert 1 <= int(sixth.headers["retry-after"]) <= 61


@pytest.mark.parametrize("settings", [RATE_LIMITED])
async def test_malformed_logins_do_not_spend_the_quota(app, client):
    await start_of_a_fresh_window(app)
    parent = await make_parent()

    malformed = [(await client.post(LOGIN, data={"username": "x"})).status_code for _ in range(6)]
    login = await client.post(LOGIN, data={"username": parent.username, "password": PASSWORD})

    assert malformed == [422] * 6
    assert login.status_code == 200


@pytest.mark.parametrize("settings", [RATE_LIMITED])
async def test_the_fourth_registration_in_a_minute_gets_429(app, client):
    await start_of_a_fresh_window(app)

    statuses = [
        (await client.post(REGISTER, data=parent_form(username=f"parent{n}", email=f"p{n}@example.com"))).status_code
        for n in range(4)
    ]

    assert statuses == [201, 201, 201, 429]
    assert await User.all().count() == 3
