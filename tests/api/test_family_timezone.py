"""``/api/v1/families/timezone``: the zone a family's quiet hours (and later its schedules) are read in."""

from __future__ import annotations

import pytest

from models import Family
from tests.factories import auth_headers, make_child, make_family, make_parent

API = "/api/v1/families"


@pytest.fixture
async def family(db):
    return await make_family()


@pytest.fixture
async def parent(family):
    return await make_parent(family=family)


async def test_a_family_is_on_utc_until_a_parent_sets_its_zone(client, settings, parent):
    child = await make_child(parent)

    before = await client.get(f"{API}/timezone", headers=auth_headers(child, settings))
    changed = await client.put(f"{API}/timezone", json={"timezone": "Europe/Berlin"}, headers=auth_headers(parent, settings))
    after = await client.get(f"{API}/timezone", headers=auth_headers(child, settings))

    assert before.json() == {"timezone": None}
    assert changed.json() == after.json() == {"timezone": "Europe/Berlin"}
    family = await Family.get(id=parent.family_id)
    assert family.zone.key == "Europe/Berlin"


async def test_null_puts_the_family_back_on_utc(client, settings, parent):
    headers = auth_headers(parent, settings)
    await client.put(f"{API}/timezone", json={"timezone": "America/New_York"}, headers=headers)

    response = await client.put(f"{API}/timezone", json={"timezone": None}, headers=headers)

    assert response.json() == {"timezone": None}
    assert (await Family.get(id=parent.family_id)).zone.key == "UTC"


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "europe/berlin", "localtime", "", "UTC+2", "Europe/" + "x" * 60])
async def test_a_name_that_is_no_iana_zone_is_refused_and_nothing_is_stored(client, settings, parent, name):
    response = await client.put(f"{API}/timezone", json={"timezone": name}, headers=auth_headers(parent, settings))

    assert response.status_code == 422
    [issue] = response.json()["detail"]
    assert issue["loc"] == ["body", "timezone"]
    assert (await Family.get(id=parent.family_id)).timezone is None


async def test_only_a_parent_sets_the_zone(client, settings, parent):
    child = await make_child(parent)

    response = await client.put(f"{API}/timezone", json={"timezone": "Europe/Berlin"}, headers=auth_headers(child, settings))

    assert (response.status_code, response.json()) == (403, {"detail": "This operation requires parent privileges"})
    assert (await Family.get(id=parent.family_id)).timezone is None


async def test_without_a_family_the_routes_answer_like_the_other_family_routes(client, settings, db):
    loner = await make_parent()
    headers = auth_headers(loner, settings)

    read = await client.get(f"{API}/timezone", headers=headers)
    written = await client.put(f"{API}/timezone", json={"timezone": "Europe/Berlin"}, headers=headers)
    members = await client.get(f"{API}/members", headers=headers)

    assert read.status_code == written.status_code == members.status_code == 403
    assert read.json() == written.json() == members.json()


async def test_existing_family_responses_do_not_grow_a_timezone_field(client, settings, parent):
    headers = auth_headers(parent, settings)
    await client.put(f"{API}/timezone", json={"timezone": "Europe/Berlin"}, headers=headers)

    context = await client.get(f"{API}/context", headers=headers)
    members = await client.get(f"{API}/members", headers=headers)
    code = await client.post(f"{API}/invite-code", json={}, headers=headers)

    for response in (context, members, code):
        assert response.status_code == 200
        assert "timezone" not in response.text
        assert "Europe/Berlin" not in response.text
