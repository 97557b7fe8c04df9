"""API tokens: a parent creates, lists and revokes them; a token acts as its parent within its scopes.

The route-by-route scope rules are in test_token_scopes.py; the kiosk in test_tokens_kiosk.py.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis

from models import User
from models.api_tokens import ApiToken
from models.timeutil import as_utc, isoformat_z
from realtime.rooms import DEFAULT_CHANNEL
from tests.factories import auth_headers, bearer, make_api_token, make_family, make_household, make_parent

TOKENS = "/api/v1/tokens"
INVALID = {"detail": "Invalid authentication credentials"}


def in_days(days: float) -> str:
    return isoformat_z(datetime.now(UTC) + timedelta(days=days))


async def create(client, headers, **body):
    return await client.post(TOKENS, json={"name": "Home Assistant", "scopes": ["read"], **body}, headers=headers)


async def test_a_parent_creates_a_token_shown_once_with_its_prefix_and_stored_as_a_hash(client, settings):
    home = await make_household(children=0)
    expires = in_days(30)

    response = await create(client, auth_headers(home.parent, settings), scopes=["read", "chores:write"],
                            expires_at=expires)

    assert response.status_code == 201
    body = response.json()
    secret = body.pop("token")
    assert secret.startswith("chk_") and len(secret) == 4 + 43
    assert body == {
        "id": body["id"], "name": "Home Assistant", "scopes": ["chores:write", "read"], "token_prefix": secret[:12],
        "created_by": home.parent.id, "created_at": body["created_at"], "expires_at": expires,
        "last_used_at": None, "revoked_at": None,
    }
    stored = await ApiToken.get(id=body["id"])
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert stored.family_id == home.family.id
    assert not any(secret[4:] in str(value) for value in (await ApiToken.filter(id=body["id"]).values())[0].values())
    listed = await client.get(TOKENS, headers=auth_headers(home.parent, settings))
    assert listed.json() == [body]
    assert secret not in listed.text


async def test_a_token_without_an_expiry_lasts_ninety_days(client, settings):
    parent = await make_parent(family=await make_family())

    response = await create(client, auth_headers(parent, settings))

    expires = datetime.fromisoformat(response.json()["expires_at"])
    assert abs(expires - (datetime.now(UTC) + timedelta(days=90))) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("body", "loc", "message"),
    [
        ({"scopes": ["admin"]}, ["body", "scopes", 0], "Input should be 'read', 'chores:write', 'money:write' or 'kiosk'"),
        ({"scopes": []}, ["body", "scopes"], "List should have at least 1 item after validation, not 0"),
        ({"scopes": ["kiosk", "read"]}, ["body", "scopes"],
         "Value error, the kiosk scope cannot be combined with other scopes"),
        ({"expires_at": "2020-01-01T00:00:00Z"}, ["body", "expires_at"], "Value error, expires_at must be in the future"),
        ({"expires_at": in_days(366)}, ["body", "expires_at"], "Value error, expires_at must be within 365 days"),
        ({"name": "  "}, ["body", "name"], "String should have at least 1 character"),
        ({"expires_at": "9999-12-31T23:59:59-23:59"}, ["body", "expires_at"],
         "Value error, expires_at is no valid UTC time"),
    ],
)
async def test_bad_tokens_are_refused_with_a_422_and_nothing_is_stored(client, settings, body, loc, message):
    parent = await make_parent(family=await make_family())

    response = await create(client, auth_headers(parent, settings), **body)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["msg"]) == (loc, message)
    assert await ApiToken.all().count() == 0


async def test_the_family_lists_its_tokens_newest_first_and_never_another_familys(client, settings):
    home, other = await make_household(children=0), await make_household(children=0)
    first = (await create(client, auth_headers(home.parent, settings), name="Tablet", scopes=["kiosk"])).json()
    second = (await create(client, auth_headers(home.co_parent, settings), name="Dashboard")).json()
    await create(client, auth_headers(other.parent, settings), name="Theirs")

    listed = await client.get(TOKENS, headers=auth_headers(home.parent, settings))
    page = await client.get(TOKENS, params={"skip": 1, "limit": 1}, headers=auth_headers(home.co_parent, settings))

    assert [token["id"] for token in listed.json()] == [second["id"], first["id"]]
    assert [token["id"] for token in page.json()] == [first["id"]]


async def test_a_parent_without_a_family_sees_his_own_tokens_only(client, settings):
    loner, other_loner = await make_parent(), await make_parent()
    mine = (await create(client, auth_headers(loner, settings))).json()
    await create(client, auth_headers(other_loner, settings))

    listed = await client.get(TOKENS, headers=auth_headers(loner, settings))
    foreign = await client.delete(f"{TOKENS}/{mine['id']}", headers=auth_headers(other_loner, settings))

    assert [token["id"] for token in listed.json()] == [mine["id"]]
    assert foreign.status_code == 404


async def test_a_token_acts_as_its_parent(client, settings):
    parent = await make_parent(family=await make_family())
    secret = await make_api_token(parent, "read")

    response = await client.get("/api/v1/users/me", headers=bearer(secret))

    assert response.status_code == 200
    assert response.json()["id"] == parent.id


async def test_a_revoked_token_is_refused_at_once_and_the_list_shows_when(client, settings):
    home = await make_household(children=0)
    created = (await create(client, auth_headers(home.parent, settings))).json()
    token = bearer(created["token"])
    assert (await client.get("/api/v1/users/me", headers=token)).status_code == 200

    revoked = await client.delete(f"{TOKENS}/{created['id']}", headers=auth_headers(home.co_parent, settings))
    again = await client.delete(f"{TOKENS}/{created['id']}", headers=auth_headers(home.parent, settings))
    refused = await client.get("/api/v1/users/me", headers=token)

    assert (revoked.status_code, again.status_code) == (204, 204)
    assert (refused.status_code, refused.json(), refused.headers["www-authenticate"]) == (401, INVALID, "Bearer")
    [listed] = (await client.get(TOKENS, headers=auth_headers(home.parent, settings))).json()
    stored = await ApiToken.get(id=created["id"])
    assert listed["revoked_at"] == isoformat_z(stored.revoked_at)


async def test_revoking_tells_the_realtime_servers_to_close_the_tokens_sockets(client, settings):
    parent = await make_parent(family=await make_family())
    created = (await create(client, auth_headers(parent, settings))).json()
    async with Redis.from_url(settings.redis_url) as redis, redis.pubsub() as pubsub:
        await pubsub.subscribe(DEFAULT_CHANNEL)

        await client.delete(f"{TOKENS}/{created['id']}", headers=auth_headers(parent, settings))
        async with asyncio.timeout(5):
            message = None
            while message is None:
                message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1)

    assert json.loads(message["data"]) == {"method": "api_token_revoked", "token_id": created["id"]}


async def test_another_familys_token_cannot_be_revoked_and_looks_unknown(client, settings):
    home, other = await make_household(children=0), await make_household(children=0)
    theirs = (await create(client, auth_headers(other.parent, settings))).json()

    foreign = await client.delete(f"{TOKENS}/{theirs['id']}", headers=auth_headers(home.parent, settings))
    unknown = await client.delete(f"{TOKENS}/99999999", headers=auth_headers(home.parent, settings))

    assert (foreign.status_code, foreign.json()) == (unknown.status_code, unknown.json()) == (
        404, {"detail": "API token not found"}
    )
    assert (await ApiToken.get(id=theirs["id"])).revoked_at is None
    assert (await client.get("/api/v1/users/me", headers=bearer(theirs["token"]))).status_code == 200


@pytest.mark.parametrize("case", ["expired", "unknown", "tampered", "parent moved", "parent deleted"])
async def test_dead_tokens_get_the_contracts_401(client, settings, case):
    home = await make_household(children=0)
    secret = await make_api_token(home.parent, "read")
    if case == "expired":
        await ApiToken.all().update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    elif case == "unknown":
        secret = "chk_" + "A" * 43
    elif case == "tampered":
        secret = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    elif case == "parent moved":
        await User.filter(id=home.parent.id).update(family_id=(await make_family()).id)
    else:
        await User.filter(id=home.parent.id).delete()

    response = await client.get("/api/v1/users/me", headers=bearer(secret))

    assert (response.status_code, response.json(), response.headers["www-authenticate"]) == (401, INVALID, "Bearer")


async def test_a_deactivated_parents_token_is_refused_like_his_login(client, settings):
    parent = await make_parent(family=await make_family())
    secret = await make_api_token(parent, "read")
    await User.filter(id=parent.id).update(is_active=False)

    response = await client.get("/api/v1/users/me", headers=bearer(secret))

    assert (response.status_code, response.json()) == (401, {"detail": "Inactive user"})


async def test_last_used_is_recorded_at_most_once_a_minute(client, settings):
    parent = await make_parent(family=await make_family())
    secret = await make_api_token(parent, "read")
    assert (await ApiToken.get()).last_used_at is None

    await client.get("/api/v1/users/me", headers=bearer(secret))
    first = (await ApiToken.get()).last_used_at
    await client.get("/api/v1/users/me", headers=bearer(secret))
    within_the_minute = (await ApiToken.get()).last_used_at
    a_while_ago = datetime.now(UTC) - timedelta(minutes=2)
    await ApiToken.all().update(last_used_at=a_while_ago)
    await client.get("/api/v1/users/me", headers=bearer(secret))
    later = (await ApiToken.get()).last_used_at

    assert first is not None and abs(as_utc(first) - datetime.now(UTC)) < timedelta(seconds=30)
    assert within_the_minute == first
    assert as_utc(later) > a_while_ago + timedelta(minutes=1)
    listed = await client.get(TOKENS, headers=auth_headers(parent, settings))
    assert listed.json()[0]["last_used_at"] == isoformat_z(later)


@pytest.mark.parametrize(
    ("method", "path"), [("POST", TOKENS), ("GET", TOKENS), ("DELETE", f"{TOKENS}/1")]
)
async def test_an_api_token_cannot_manage_tokens(client, settings, method, path):
    parent = await make_parent(family=await make_family())
    secret = await make_api_token(parent, "read", "chores:write", "money:write")

    response = await client.request(method, path, json={"name": "More", "scopes": ["read"]}, headers=bearer(secret))

    assert (response.status_code, response.json()) == (
        403, {"detail": "This route needs a login token; API tokens cannot use it"}
    )
    assert await ApiToken.all().count() == 1
    assert (await ApiToken.get()).revoked_at is None


async def test_an_api_token_does_not_count_as_a_parent_when_registering_a_child(client, settings):
    parent = await make_parent(family=await make_family())
    secret = await make_api_token(parent, "read", "chores:write", "money:write")
    form = {"username": "tokenkid", "password": "password123", "is_parent": "false"}

    with_token = await client.post("/api/v1/users/register", data=form, headers=bearer(secret))
    anonymous = await client.post("/api/v1/users/register", data={**form, "username": "anonkid"})

    assert (with_token.status_code, with_token.json()) == (anonymous.status_code, anonymous.json())
    assert with_token.status_code >= 400
    assert not await User.exists(username="tokenkid")
