"""Connecting: the REST API's token (a login token, or an API token with the read scope) opens a socket,
which joins its user's room; anything else is refused."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import jwt
import pytest
import socketio
from prometheus_client import REGISTRY

from models import User
from models.api_tokens import ApiToken
from models.timeutil import utcnow
from tests.factories import auth_headers, bearer, make_api_token, make_parent


def refusals() -> float:
    return REGISTRY.get_sample_value("chores_realtime_connect_refusals_total") or 0.0


def connected_sockets() -> float:
    return REGISTRY.get_sample_value("chores_realtime_connected_sockets") or 0.0


async def test_a_parent_or_a_child_joins_his_own_room_only(families, realtime, connect):
    parent, child = await connect(families.mum), await connect(families.x)

    assert realtime.rooms_of(parent) == {f"user:{families.mum.id}"}
    assert realtime.rooms_of(child) == {f"user:{families.x.id}"}


async def test_a_user_without_a_family_joins_his_own_room_only(db, realtime, connect):
    loner = await make_parent()

    client = await connect(loner)

    assert realtime.rooms_of(client) == {f"user:{loner.id}"}


async def test_the_token_may_come_in_the_query_string_or_the_authorization_header(
    families, realtime, connect, settings
):
    header = auth_headers(families.dad, settings)
    token = header["Authorization"].removeprefix("Bearer ")

    by_query = await connect(query=f"?token={token}")
    by_header = await connect(headers=header)

    assert f"user:{families.dad.id}" in realtime.rooms_of(by_query)
    assert f"user:{families.dad.id}" in realtime.rooms_of(by_header)


def forge(user_id: int, key: str, **claims) -> str:
    return jwt.encode({"sub": str(user_id), "exp": utcnow() + timedelta(hours=1), **claims}, key, algorithm="HS256")


@pytest.mark.parametrize(
    "handshake",
    ["missing", "empty", "garbage", "other key", "expired", "no exp", "no sub", "alg none", "not a dict"],
)
async def test_bad_missing_or_expired_tokens_are_refused(families, realtime, connect, settings, handshake):
    key, user_id = settings.secret_key, families.mum.id
    auth = {
        "missing": None,
        "empty": {"token": ""},
        "garbage": {"token": "not-a-jwt"},
        "other key": {"token": forge(user_id, "another-key-that-is-long-enough-for-hs256")},
        "expired": {"token": jwt.encode({"sub": str(user_id), "exp": utcnow() - timedelta(minutes=1)}, key, "HS256")},
        "no exp": {"token": jwt.encode({"sub": str(user_id)}, key, "HS256")},
        "no sub": {"token": jwt.encode({"exp": utcnow() + timedelta(hours=1)}, key, "HS256")},
        "alg none": {"token": jwt.encode({"sub": str(user_id), "exp": 9999999999}, None, algorithm="none")},
        "not a dict": "just a string",
    }[handshake]
    before = refusals()

    with pytest.raises(socketio.exceptions.ConnectionError):
        await connect(auth=auth)

    assert refusals() == before + 1


async def test_tokens_of_deleted_or_inactive_users_are_refused(families, realtime, connect, settings):
    header = auth_headers(families.dad, settings)
    await User.filter(id=families.x.id).update(is_active=False)
    await User.filter(id=families.dad.id).delete()

    with pytest.raises(socketio.exceptions.ConnectionError):
        await connect(families.x)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await connect(headers=header)


async def test_connected_sockets_are_counted(families, realtime, connect):
    before = connected_sockets()

    client = await connect(families.mum)
    assert connected_sockets() == before + 1
    await client.sio.disconnect()
    await client.sio.sleep(0.2)

    assert connected_sockets() == before


# --------------------------------------------------------------------------------------------
# API tokens (models/api_tokens.py): a live token with the read scope connects as its parent
# --------------------------------------------------------------------------------------------


async def test_an_api_token_with_the_read_scope_joins_its_parents_room(families, realtime, connect):
    secret = await make_api_token(families.mum, "read", "chores:write")

    by_auth = await connect(auth={"token": secret})
    by_header = await connect(headers=bearer(secret))

    token = await ApiToken.get()
    assert realtime.rooms_of(by_auth) == realtime.rooms_of(by_header) == {f"user:{families.mum.id}",
                                                                           f"api_token:{token.id}"}
    assert token.last_used_at is not None


async def test_revoking_an_api_token_closes_its_sockets_and_no_other(families, realtime, connect, publisher):
    secret = await make_api_token(families.mum, "read")
    other = await make_api_token(families.mum, "read")
    revoked, spared, login = await connect(auth={"token": secret}), await connect(auth={"token": other}), \
        await connect(families.mum)
    token = await ApiToken.get(visible_prefix=secret[:12])

    await publisher.api_token_revoked(token.id)
    async with asyncio.timeout(5):
        while revoked.sio.connected:
            await asyncio.sleep(0.02)

    assert spared.sio.connected and login.sio.connected


@pytest.mark.parametrize("case", ["revoked", "expired", "unknown", "kiosk", "write only", "inactive parent"])
async def test_dead_kiosk_or_write_only_api_tokens_are_refused(families, realtime, connect, case):
    scopes = {"kiosk": ("kiosk",), "write only": ("chores:write", "money:write")}.get(case, ("read",))
    secret = await make_api_token(families.mum, *scopes)
    if case == "revoked":
        await ApiToken.all().update(revoked_at=utcnow())
    elif case == "expired":
        await ApiToken.all().update(expires_at=utcnow() - timedelta(seconds=1))
    elif case == "unknown":
        secret = "chk_" + "A" * 43
    elif case == "inactive parent":
        await User.filter(id=families.mum.id).update(is_active=False)
    before = refusals()

    with pytest.raises(socketio.exceptions.ConnectionError):
        await connect(auth={"token": secret})

    assert refusals() == before + 1
