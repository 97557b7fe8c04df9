"""Bare POSTs to action routes (issue #18.7): no body, and no ``Content-Type`` (curl) or aiohttp's
``application/octet-stream`` with ``Content-Length: 0``, are accepted wherever the body is empty or
optional; a body with a wrong content type is still 415."""

from __future__ import annotations

import aiohttp
import pytest

from models import Chore, ChoreAssignment, Family
from tests.api.real_server import running_server, server_environment
from tests.factories import auth_headers, make_household, make_pending_assignment, make_priced_chore

CHORES = "/api/v1/chores"
# What a bare POST carries besides authorization: curl sends no content headers, aiohttp these.
BARE_POSTS = {
    "curl": {},
    "aiohttp": {"Content-Type": "application/octet-stream", "Content-Length": "0"},
}


@pytest.fixture(params=sorted(BARE_POSTS))
def bare(request) -> dict[str, str]:
    return BARE_POSTS[request.param]


async def test_a_child_completes_a_chore_with_a_bare_post(client, settings, bare):
    home = await make_household(children=1)
    chore = await make_priced_chore(home.parent, reward_cents=500, assignment_mode="single")
    await ChoreAssignment.create(chore=chore, assignee=home.children[0])

    response = await client.post(f"{CHORES}/{chore.id}/complete", headers=auth_headers(home.children[0], settings)
                                 | bare)

    assert response.status_code == 200, response.text
    assert response.json()["assignment"]["is_completed"] is True


async def test_a_parent_disables_and_enables_a_chore_with_bare_posts(client, settings, bare):
    home = await make_household(children=1)
    chore = await make_priced_chore(home.parent)
    headers = auth_headers(home.parent, settings) | bare

    disabled = await client.post(f"{CHORES}/{chore.id}/disable", headers=headers)
    disabled_in_storage = (await Chore.get(id=chore.id)).is_disabled
    enabled = await client.post(f"{CHORES}/{chore.id}/enable", headers=headers)

    assert (disabled.status_code, enabled.status_code) == (200, 200), (disabled.text, enabled.text)
    assert disabled_in_storage is True
    assert (await Chore.get(id=chore.id)).is_disabled is False


@pytest.mark.parametrize("route", ["chore", "assignment"])
async def test_a_fixed_reward_is_approved_with_a_bare_post(client, settings, bare, route):
    home = await make_household(children=1)
    chore = await make_priced_chore(home.parent, reward_cents=300)
    row = await make_pending_assignment(chore, home.children[0], completed_at=chore.created_at)
    path = f"{CHORES}/{chore.id}/approve" if route == "chore" else f"/api/v1/assignments/{row.id}/approve"

    response = await client.post(path, headers=auth_headers(home.parent, settings) | bare)

    assert response.status_code == 200, response.text
    assert (await ChoreAssignment.get(id=row.id)).is_approved is True


async def test_a_range_reward_approved_with_a_bare_post_still_needs_its_value(client, settings, bare):
    home = await make_household(children=1)
    chore = await make_priced_chore(home.parent, is_range_reward=True, min_reward_cents=100, max_reward_cents=500)
    row = await make_pending_assignment(chore, home.children[0], completed_at=chore.created_at)

    response = await client.post(f"{CHORES}/{chore.id}/approve", headers=auth_headers(home.parent, settings) | bare)

    assert response.status_code == 422
    assert response.json() == {"detail": "Reward value is required for range-based rewards"}
    assert (await ChoreAssignment.get(id=row.id)).is_approved is False


@pytest.mark.parametrize("path", ["/api/v1/families/invite-code", "/api/v1/families/invite-code/generate"])
async def test_a_new_invite_code_without_expiry_comes_from_a_bare_post(client, settings, bare, path):
    home = await make_household(children=0)
    old_code = home.family.invite_code

    response = await client.post(path, headers=auth_headers(home.parent, settings) | bare)

    assert response.status_code == 200, response.text
    assert response.json()["expires_at"] is None
    assert (await Family.get(id=home.family.id)).invite_code == response.json()["invite_code"] != old_code


async def test_a_body_with_a_wrong_content_type_is_still_415_and_changes_nothing(client, settings):
    home = await make_household(children=0)
    chore = await make_priced_chore(home.parent)

    response = await client.post(f"{CHORES}/{chore.id}/disable", content=b"{}",
                                 headers=auth_headers(home.parent, settings) | {"Content-Type": "text/plain"})

    assert response.status_code == 415
    assert response.json()["error"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert (await Chore.get(id=chore.id)).is_disabled is False


async def test_a_route_that_needs_a_body_answers_a_bare_post_with_422(client, settings, bare):
    home = await make_household(children=0)

    response = await client.post(CHORES, headers=auth_headers(home.parent, settings) | bare)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]
    assert not await Chore.exists()


async def test_aiohttp_gets_a_new_invite_code_from_a_real_server(tmp_path):
    """The header aiohttp really sends, through a real server's HTTP parser."""
    with running_server(server_environment(tmp_path), tmp_path / "server.log") as base_url:
        async with aiohttp.ClientSession(base_url) as session:
            login = await _register_and_log_in(session)
            async with session.post("/api/v1/families/create", json={"name": "Bare"}, headers=login) as created:
                assert created.status == 201, await created.text()
            async with session.post("/api/v1/families/invite-code", headers=login) as bare:
                assert bare.request_info.headers["Content-Type"] == "application/octet-stream"
                assert bare.status == 200, await bare.text()


async def _register_and_log_in(session: aiohttp.ClientSession) -> dict[str, str]:
    form = {"username": "bareparent", "password": "password123", "email": "bare@example.com", "is_parent": "true",
            "registration_code": "BETA2024"}
    async with session.post("/api/v1/users/register", data=form) as registered:
        assert registered.status == 201, await registered.text()
    async with session.post("/api/v1/users/login", data={"username": "bareparent", "password": "password123"}) as login:
        assert login.status == 200, await login.text()
        return {"Authorization": f"Bearer {(await login.json())['access_token']}"}
