"""Web Push end to end: a parent's browser subscribes over the API, a child completes a chore over the
API, and the real worker delivers the notification to the local push service, which decrypts it."""

from __future__ import annotations

import pytest

from settings import Settings
from tests.e2e.conftest import E2E_REDIS_URL
from tests.factories import api_create_chore, auth_headers
from tests.push_service import Browser, push_service, push_settings, vapid_claims


@pytest.fixture
def settings() -> Settings:
    return push_settings(redis_url=E2E_REDIS_URL, cooldown_day_seconds=1)


async def test_a_child_completes_a_chore_and_the_parents_phone_gets_the_push(families, client, settings, worker):
    phone = Browser()
    as_mum, as_x = auth_headers(families.mum, settings), auth_headers(families.x, settings)
    async with push_service() as service:
        key = await client.get("/api/v1/push/vapid-public-key", headers=as_mum)
        subscribed = await client.post("/api/v1/push/subscriptions", json=phone.subscription(service.endpoint("mum")),
                                       headers=as_mum)
        chore = await api_create_chore(client, as_mum, title="Feed the cat", assignee_ids=[families.x.id])

        completed = await client.post(f"/api/v1/chores/{chore['id']}/complete", headers=as_x)
        [request] = await service.wait_for(1)

    assert key.json()["public_key"] == settings.vapid_public_key
    assert subscribed.status_code == 201
    assert completed.status_code == 200
    message = phone.decrypt(request)
    assert (message["kind"], message["title"]) == ("assignment_completed", "Chore to approve")
    assert message["body"] == f"{families.x.username} finished: Feed the cat — waiting for your approval"
    assert message["data"]["chore_id"] == chore["id"]
    vapid_claims(request, settings, audience=service.origin)
