"""Catch-up: ``GET /api/v1/events?after=&limit=`` returns the caller's events he missed, oldest first."""

from __future__ import annotations

import pytest
from tortoise.transactions import in_transaction

from models import Event, EventType
from models.events import stage_event
from tests.factories import auth_headers
from workers.publishing import publish_pending


async def stage(recipients: list[int], **data) -> Event:
    async with in_transaction() as conn:
        event = await stage_event(conn, type=EventType.CHORE_AVAILABLE, family_id=None, recipients=recipients, data=data)
    assert event is not None  # it has recipients, so it is written
    return event


async def catch_up(client, user, settings, **params):
    return await client.get("/api/v1/events", params=params, headers=auth_headers(user, settings))


async def test_an_offline_client_catches_up_on_exactly_the_events_it_missed(
    families, connect, publisher, client, settings
):
    socket = await connect(families.x)
    seen = await stage([families.x.id], n=1)
    await publish_pending(publisher)
    [(_, pushed)] = await socket.wait_for(1)
    await socket.sio.disconnect()

    missed = [await stage([families.x.id, families.mum.id], n=2), await stage([families.x.id], n=3)]
    await stage([families.y.id], n=4)
    await stage([families.z.id], n=5)
    await publish_pending(publisher)
    response = await catch_up(client, families.x, settings, after=pushed["id"])

    assert response.status_code == 200
    assert response.json() == [(await Event.get(id=event.id)).payload() for event in missed]
    assert pushed["id"] == seen.id


async def test_catch_up_includes_events_not_pushed_yet(families, client, settings):
    event = await stage([families.x.id], n=1)

    response = await catch_up(client, families.x, settings)

    assert [item["id"] for item in response.json()] == [event.id]


async def test_catch_up_pages_with_after_and_limit(families, client, settings):
    events = [await stage([families.mum.id], n=n) for n in range(5)]

    first = (await catch_up(client, families.mum, settings, limit=2)).json()
    rest = (await catch_up(client, families.mum, settings, after=first[-1]["id"], limit=500)).json()
    nothing = (await catch_up(client, families.mum, settings, after=events[-1].id)).json()

    assert [item["id"] for item in first] == [events[0].id, events[1].id]
    assert [item["id"] for item in rest] == [event.id for event in events[2:]]
    assert nothing == []


async def test_the_default_page_is_a_hundred_events(families, client, settings):
    async with in_transaction() as conn:
        for n in range(101):
            await stage_event(conn, type=EventType.CHORE_AVAILABLE, family_id=None, recipients=[families.x.id],
                              data={"n": n})

    response = await catch_up(client, families.x, settings)

    assert len(response.json()) == 100
    assert [item["data"]["n"] for item in response.json()] == list(range(100))


async def test_another_family_sees_none_of_the_events(families, client, settings):
    await stage([families.x.id, families.mum.id, families.dad.id, families.y.id])

    for user in (families.other_parent, families.z):
        response = await catch_up(client, user, settings)
        assert response.status_code == 200
        assert response.json() == []


async def test_catch_up_needs_a_token(client):
    response = await client.get("/api/v1/events")

    assert response.status_code == 401
    assert response.json() == {"detail": "Not authenticated"}


@pytest.mark.parametrize(
    ("params", "field", "error_type"),
    [
        ({"after": "-1"}, "after", "greater_than_equal"),
        ({"after": "abc"}, "after", "int_parsing"),
        ({"after": "9" * 40}, "after", "less_than_equal"),
        ({"limit": "0"}, "limit", "greater_than_equal"),
        ({"limit": "501"}, "limit", "less_than_equal"),
        ({"limit": "x" * 10_000}, "limit", "int_parsing"),
    ],
)
async def test_bad_parameters_are_422(families, client, settings, params, field, error_type):
    response = await client.get("/api/v1/events", params=params, headers=auth_headers(families.x, settings))

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", field]
    assert error["type"] == error_type


async def test_the_trailing_slash_form_works_too(families, client, settings):
    await stage([families.x.id])

    response = await client.get("/api/v1/events/", headers=auth_headers(families.x, settings))

    assert response.status_code == 200
    assert len(response.json()) == 1
