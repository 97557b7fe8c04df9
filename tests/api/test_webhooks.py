"""The webhook endpoints of a family (issue #14): registered by a parent, secret shown once, URLs checked.

Sending is the worker's (tests/workers/test_webhooks.py); here, what the API stores and answers.
"""

from __future__ import annotations

import base64

import pytest
from standardwebhooks.webhooks import Webhook

from models import DeliveryStatus, EventType, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from models.timeutil import utcnow
from tests.factories import auth_headers, make_household, make_parent

WEBHOOKS = "/api/v1/webhooks"
HOOK = {"url": "https://hooks.example.com/chores", "event_types": ["assignment_completed", "balance_updated"],
        "description": "Home Assistant"}


@pytest.fixture
async def home():
    return await make_household(children=1)


@pytest.fixture
def parent(home, settings):
    return auth_headers(home.parent, settings)


async def register(client, headers, **fields):
    return await client.post(WEBHOOKS, json={**HOOK, **fields}, headers=headers)


async def test_a_parent_registers_an_endpoint_and_sees_its_secret_only_once(client, home, parent, settings):
    response = await register(client, parent)

    assert response.status_code == 201
    body = response.json()
    secret = body.pop("secret")
    assert secret.startswith("whsec_") and len(base64.b64decode(secret.removeprefix("whsec_"))) >= 24
    Webhook(secret)  # a secret the spec's own library accepts
    assert body == {
        "id": body["id"], "url": HOOK["url"], "event_types": HOOK["event_types"], "description": "Home Assistant",
        "enabled": True, "disabled_reason": None, "disabled_at": None, "consecutive_failures": 0,
        "failing_since": None, "created_by": home.parent.id, "created_at": body["created_at"],
        "updated_at": body["updated_at"],
    }
    co_parent = auth_headers(home.co_parent, settings)
    listed = (await client.get(WEBHOOKS, headers=co_parent)).json()
    one = (await client.get(f"{WEBHOOKS}/{body['id']}", headers=co_parent)).json()
    assert listed == [one] and one["id"] == body["id"]
    assert "secret" not in one and secret not in str(listed)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://169.254.169.254/latest/meta-data/", "https"),
        ("https://10.0.0.1/hook", "not a public address"),
        ("https://127.0.0.1/hook", "loopback"),
        ("http://hooks.example.com/chores", "https"),
        ("https://user:pw@hooks.example.com/", "password"),
        ("ftp://hooks.example.com/", "https"),
    ],
)
async def test_a_url_the_server_may_not_send_to_is_refused_and_nothing_is_stored(client, parent, url, why):
    response = await register(client, parent, url=url)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "url"] and why in error["msg"]
    assert await WebhookEndpoint.all().count() == 0


async def test_an_unknown_or_missing_event_type_is_refused(client, parent):
    unknown = await register(client, parent, event_types=["assignment_completed", "chore_deleted"])
    empty = await register(client, parent, event_types=[])

    assert unknown.status_code == empty.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "event_types", 1]
    assert empty.json()["detail"][0]["loc"] == ["body", "event_types"]
    assert await WebhookEndpoint.all().count() == 0


async def test_every_event_type_can_be_subscribed_once(client, parent):
    types = [str(t) for t in EventType]

    response = await register(client, parent, event_types=[*types, *types])

    assert response.status_code == 201 and response.json()["event_types"] == types


async def test_children_and_parents_without_a_family_cannot_register(client, home, settings):
    child = await client.post(WEBHOOKS, json=HOOK, headers=auth_headers(home.children[0], settings))
    loner = await client.post(WEBHOOKS, json=HOOK, headers=auth_headers(await make_parent(), settings))

    assert child.status_code == loner.status_code == 403
    assert await WebhookEndpoint.all().count() == 0


async def test_a_family_has_at_most_ten_endpoints(client, parent):
    for number in range(10):
        assert (await register(client, parent, url=f"https://hooks.example.com/{number}")).status_code == 201

    response = await register(client, parent)

    assert (response.status_code, response.json()) == (
        409, {"detail": "A family can have at most 10 webhook endpoints"}
    )
    assert await WebhookEndpoint.all().count() == 10


async def test_another_familys_endpoint_is_not_found(client, parent, settings):
    stranger = auth_headers((await make_household()).parent, settings)
    theirs = (await register(client, stranger)).json()

    for method, path in [("GET", ""), ("PATCH", ""), ("DELETE", ""), ("GET", "/deliveries"),
                         ("POST", "/rotate-secret")]:
        response = await client.request(method, f"{WEBHOOKS}/{theirs['id']}{path}", headers=parent, json={})
        assert (response.status_code, response.json()) == (404, {"detail": "Webhook endpoint not found"})
    assert (await client.get(WEBHOOKS, headers=parent)).json() == []


async def test_an_update_checks_the_url_again_and_changes_only_what_is_given(client, parent):
    created = (await register(client, parent)).json()

    refused = await client.patch(f"{WEBHOOKS}/{created['id']}", json={"url": "https://10.0.0.1/"}, headers=parent)
    changed = await client.patch(f"{WEBHOOKS}/{created['id']}", headers=parent,
                                 json={"url": "https://other.example.com/x", "event_types": ["chore_available"]})

    assert refused.status_code == 422
    assert changed.status_code == 200
    body = changed.json()
    assert (body["url"], body["event_types"], body["description"]) == (
        "https://other.example.com/x", ["chore_available"], "Home Assistant"
    )


async def test_disabling_and_reenabling_resets_the_failures_and_requeues_what_waits(client, parent):
    created = (await register(client, parent)).json()
    endpoint = await WebhookEndpoint.get(id=created["id"])
    endpoint.consecutive_failures, endpoint.failing_since = 5, utcnow()
    await endpoint.save()
    waiting = await WebhookDelivery.create(endpoint_id=endpoint.id, event_id=1, event_type="balance_updated",
                                           body="{}", status=DeliveryStatus.FAILED, failed_attempts=5, attempts=5)

    off = await client.patch(f"{WEBHOOKS}/{endpoint.id}", json={"enabled": False}, headers=parent)
    on = await client.patch(f"{WEBHOOKS}/{endpoint.id}", json={"enabled": True}, headers=parent)

    assert off.json()["enabled"] is False and off.json()["disabled_reason"].startswith("disabled by ")
    assert on.json()["enabled"] is True
    assert (on.json()["consecutive_failures"], on.json()["disabled_reason"]) == (0, None)
    waiting = await WebhookDelivery.get(id=waiting.id)
    assert (waiting.status, waiting.failed_attempts, waiting.attempts) == (DeliveryStatus.PENDING, 0, 5)
    assert waiting.next_attempt_at is not None


async def test_rotating_gives_a_new_secret_once(client, parent):
    created = (await register(client, parent)).json()

    rotated = await client.post(f"{WEBHOOKS}/{created['id']}/rotate-secret", headers=parent)

    assert rotated.status_code == 200
    assert rotated.json()["secret"] != created["secret"]
    assert (await WebhookEndpoint.get(id=created["id"])).secret == rotated.json()["secret"]


async def test_the_delivery_log_is_paged_newest_first_with_each_attempt(client, parent):
    endpoint_id = (await register(client, parent)).json()["id"]
    deliveries = [
        await WebhookDelivery.create(endpoint_id=endpoint_id, event_id=event_id, event_type="balance_updated", body="{}")
        for event_id in (10, 11, 12)
    ]
    now = utcnow()
    await WebhookAttempt.create(delivery_id=deliveries[2].id, number=1, attempted_at=now, error="timed out",
                                duration_ms=2000)
    await WebhookAttempt.create(delivery_id=deliveries[2].id, number=2, attempted_at=now, response_code=204,
                                duration_ms=31)

    first = (await client.get(f"{WEBHOOKS}/{endpoint_id}/deliveries", params={"limit": 2}, headers=parent)).json()
    rest = (await client.get(f"{WEBHOOKS}/{endpoint_id}/deliveries", params={"offset": 2}, headers=parent)).json()

    assert [d["event_id"] for d in first + rest] == [12, 11, 10]
    assert [(a["number"], a["response_code"], a["error"]) for a in first[0]["attempt_log"]] == [
        (1, None, "timed out"), (2, 204, None)
    ]
    assert first[1]["attempt_log"] == []


async def test_a_redelivery_of_a_given_up_delivery_puts_it_back_in_the_queue(client, parent):
    endpoint_id = (await register(client, parent)).json()["id"]
    given_up = await WebhookDelivery.create(endpoint_id=endpoint_id, event_id=7, event_type="balance_updated",
                                            body="{}", status=DeliveryStatus.GIVEN_UP, attempts=8, failed_attempts=8)

    response = await client.post(f"{WEBHOOKS}/{endpoint_id}/deliveries/{given_up.id}/redeliver", headers=parent)
    unknown = await client.post(f"{WEBHOOKS}/{endpoint_id}/deliveries/999999/redeliver", headers=parent)

    assert response.status_code == 202
    assert (response.json()["status"], response.json()["attempts"]) == ("pending", 8)
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "Webhook delivery not found"})


async def test_a_redelivery_to_a_disabled_endpoint_is_a_conflict(client, parent):
    endpoint_id = (await register(client, parent)).json()["id"]
    delivery = await WebhookDelivery.create(endpoint_id=endpoint_id, event_id=7, event_type="balance_updated",
                                            body="{}", status=DeliveryStatus.SUCCEEDED)
    await client.patch(f"{WEBHOOKS}/{endpoint_id}", json={"enabled": False}, headers=parent)

    response = await client.post(f"{WEBHOOKS}/{endpoint_id}/deliveries/{delivery.id}/redeliver", headers=parent)

    assert response.status_code == 409
    assert (await WebhookDelivery.get(id=delivery.id)).status == DeliveryStatus.SUCCEEDED


async def test_deleting_an_endpoint_removes_its_delivery_log(client, parent):
    endpoint_id = (await register(client, parent)).json()["id"]
    await WebhookDelivery.create(endpoint_id=endpoint_id, event_id=7, event_type="balance_updated", body="{}")

    response = await client.delete(f"{WEBHOOKS}/{endpoint_id}", headers=parent)

    assert response.status_code == 204
    assert await WebhookEndpoint.all().count() == await WebhookDelivery.all().count() == 0
