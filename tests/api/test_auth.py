"""Login and bearer-token checks (contract §0.2, U1, U4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest
import time_machine

from models.access_tokens import InvalidToken, decode_access_token
from tests.factories import PASSWORD, auth_headers, make_parent


async def test_login_returns_a_token_that_opens_me(client, settings):
    parent = await make_parent()

    response = await client.post("/api/v1/users/login", data={"username": parent.username, "password": PASSWORD})

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    claims = jwt.decode(body["access_token"], settings.secret_key, algorithms=["HS256"])
    assert claims["sub"] == str(parent.id)
    me = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json() == {
        "id": parent.id,
        "username": parent.username,
        "email": parent.email,
        "is_parent": True,
        "is_active": True,
        "parent_id": None,
    }


async def test_login_with_a_wrong_password_or_unknown_user_gets_the_same_401(client):
    parent = await make_parent()

    wrong = await client.post("/api/v1/users/login", data={"username": parent.username, "password": "nope-nope"})
    unknown = await client.post("/api/v1/users/login", data={"username": "ghost", "password": "nope-nope"})

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "Incorrect username or password"}


async def test_login_form_fields_are_required(client):
    response = await client.post("/api/v1/users/login", json={"username": "a", "password": "b"})

    assert response.status_code == 422
    locations = [error["loc"] for error in response.json()["detail"]]
    assert locations == [["body", "username"], ["body", "password"]]


async def test_me_without_a_token_is_401_with_bearer_challenge(client):
    response = await client.get("/api/v1/users/me")

    assert response.status_code == 401
    assert response.json() == {"detail": "Not authenticated"}
    assert response.headers["www-authenticate"] == "Bearer"


async def test_tokens_signed_with_another_key_or_alg_none_are_refused(client):
    parent = await make_parent()
    forged = jwt.encode({"sub": str(parent.id), "exp": 9999999999}, "another-key-of-sufficient-length-123", "HS256")
    unsigned = jwt.encode({"sub": str(parent.id), "exp": 9999999999}, None, algorithm="none")

    for token in (forged, unsigned, "not-a-jwt"):
        response = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.json() == {"detail": "Invalid authentication credentials"}


async def test_token_of_a_deleted_or_inactive_user_is_refused(client, settings):
    gone = await make_parent()
    inactive = await make_parent(is_active=False)
    gone_headers = auth_headers(gone, settings)
    await gone.delete()

    assert (await client.get("/api/v1/users/me", headers=gone_headers)).json() == {"detail": "User not found"}
    response = await client.get("/api/v1/users/me", headers=auth_headers(inactive, settings))
    assert response.status_code == 401
    assert response.json() == {"detail": "Inactive user"}


async def test_a_token_accepted_before_is_refused_once_it_expires(client, settings):
    parent = await make_parent()
    headers = auth_headers(parent, settings)
    lifetime = timedelta(minutes=settings.access_token_expire_minutes)

    assert (await client.get("/api/v1/users/me", headers=headers)).status_code == 200
    with time_machine.travel(datetime.now(UTC) + lifetime + timedelta(seconds=1), tick=False):
        response = await client.get("/api/v1/users/me", headers=headers)

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid authentication credentials"}


async def test_a_token_verified_under_one_key_is_not_taken_under_another(client, settings):
    parent = await make_parent()
    headers = auth_headers(parent, settings)
    assert (await client.get("/api/v1/users/me", headers=headers)).status_code == 200

    other_key = settings.model_copy(update={"secret_key": "a-different-secret-key-of-sufficient-length-0123"})
    with pytest.raises(InvalidToken):
        decode_access_token(headers["Authorization"].removeprefix("Bearer "), other_key)
