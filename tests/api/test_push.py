"""``/api/v1/push``: subscribing browsers, preferences, the VAPID public key (issue #14, item 3)."""

from __future__ import annotations

import pytest

from models.push import MAX_SUBSCRIPTIONS_PER_USER, PushPreferences, PushSubscription
from settings import Settings
from tests.conftest import make_settings
from tests.factories import auth_headers, make_child, make_family, make_parent
from tests.push_service import Browser, push_settings

API = "/api/v1/push"
ENDPOINT = "https://push.example.com/send/abc123"


@pytest.fixture
def settings() -> Settings:
    return push_settings()


@pytest.fixture
async def parent(db):
    return await make_parent(family=await make_family())


@pytest.fixture
async def child(parent):
    return await make_child(parent)


async def subscribe(client, settings, user, body):
    return await client.post(f"{API}/subscriptions", json=body, headers=auth_headers(user, settings))


async def test_clients_get_the_application_server_key_to_subscribe_with(client, settings, child):
    response = await client.get(f"{API}/vapid-public-key", headers=auth_headers(child, settings))

    assert response.status_code == 200
    assert response.json() == {"public_key": settings.vapid_public_key}
    assert settings.vapid_private_key not in response.text


async def test_a_browser_subscribes_and_the_same_endpoint_again_renews_its_keys(client, settings, parent):
    first, renewed = Browser(), Browser()

    created = await subscribe(client, settings, parent, first.subscription(ENDPOINT))
    again = await subscribe(client, settings, parent, renewed.subscription(ENDPOINT))

    assert created.status_code == 201, created.text
    assert again.status_code == 200
    assert again.json()["id"] == created.json()["id"]
    assert created.json()["endpoint"] == ENDPOINT
    [row] = await PushSubscription.filter(user_id=parent.id)
    assert (row.p256dh, row.auth) == (renewed.p256dh, renewed.subscription(ENDPOINT)["keys"]["auth"])


async def test_a_user_lists_and_deletes_only_his_own_subscriptions(client, settings, parent, child):
    mine = (await subscribe(client, settings, parent, Browser().subscription(ENDPOINT))).json()
    childs = (await subscribe(client, settings, child, Browser().subscription(ENDPOINT + "-kid"))).json()

    listed = await client.get(f"{API}/subscriptions", headers=auth_headers(parent, settings))
    not_his = await client.delete(f"{API}/subscriptions/{childs['id']}", headers=auth_headers(parent, settings))
    deleted = await client.delete(f"{API}/subscriptions/{mine['id']}", headers=auth_headers(parent, settings))

    assert [subscription["id"] for subscription in listed.json()] == [mine["id"]]
    assert (not_his.status_code, not_his.json()) == (404, {"detail": "Push subscription not found"})
    assert deleted.status_code == 204
    assert await PushSubscription.all().values_list("id", flat=True) == [childs["id"]]


async def test_a_user_keeps_his_most_recent_subscriptions(client, settings, child):
    for number in range(MAX_SUBSCRIPTIONS_PER_USER + 1):
        response = await subscribe(client, settings, child, Browser().subscription(f"{ENDPOINT}/{number}"))
        assert response.status_code == 201

    endpoints = await PushSubscription.filter(user_id=child.id).values_list("endpoint", flat=True)
    assert sorted(endpoints) == sorted(f"{ENDPOINT}/{number}" for number in range(1, MAX_SUBSCRIPTIONS_PER_USER + 1))


@pytest.mark.parametrize(
    ("endpoint", "reason"),
    [
        ("https://10.0.0.1/push/abc", "not a public address"),
        ("https://169.254.169.254/latest/meta-data", "link-local"),
        ("https://[::ffff:10.0.0.1]/push", "not a public address"),
        ("http://push.example.com/abc", "must use https"),
        ("https://user:pw@push.example.com/abc", "user name or password"),
        ("https://[broken/abc", "cannot be read"),
        ("ftp://push.example.com/abc", "https"),
    ],
)
async def test_an_endpoint_the_server_may_not_send_to_is_refused_and_nothing_is_stored(
    client, settings, parent, endpoint, reason
):
    response = await subscribe(client, settings, parent, Browser().subscription(endpoint))

    assert response.status_code == 422
    [issue] = response.json()["detail"]
    assert issue["loc"] == ["body", "endpoint"]
    assert reason in issue["msg"]
    assert await PushSubscription.all().count() == 0


@pytest.mark.parametrize(
    "keys",
    [
        {"p256dh": "BAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"},
        {"p256dh": Browser().p256dh, "auth": "c2hvcnQ"},
        {"p256dh": Browser().p256dh},
        {"p256dh": "B" + "x" * 86, "auth": "AAAAAAAAAAAAAAAAAAAAAA"},
    ],
)
async def test_keys_a_browser_cannot_have_made_are_refused_and_nothing_is_stored(client, settings, parent, keys):
    response = await subscribe(client, settings, parent, {"endpoint": ENDPOINT, "keys": keys})

    assert response.status_code == 422
    assert all(issue["loc"][:2] == ["body", "keys"] for issue in response.json()["detail"])
    assert await PushSubscription.all().count() == 0


async def test_without_vapid_keys_web_push_is_off_and_says_so(client, parent, app):
    app.ctx.settings = make_settings()
    headers = auth_headers(parent, app.ctx.settings)

    key = await client.get(f"{API}/vapid-public-key", headers=headers)
    subscribed = await client.post(f"{API}/subscriptions", json=Browser().subscription(ENDPOINT), headers=headers)

    off = {"detail": "Web Push is not configured on this server (no VAPID keys)"}
    assert (key.status_code, key.json()) == (409, off)
    assert (subscribed.status_code, subscribed.json()) == (409, off)
    assert await PushSubscription.all().count() == 0


async def test_preferences_start_with_every_kind_of_the_callers_role_on_and_no_quiet_hours(
    client, settings, parent, child
):
    as_parent = await client.get(f"{API}/preferences", headers=auth_headers(parent, settings))
    as_child = await client.get(f"{API}/preferences", headers=auth_headers(child, settings))

    assert as_parent.json() == {"kinds": {"assignment_completed": True, "reward_requested": True}, "quiet_hours": None,
                                "timezone": "UTC"}
    assert as_child.json() == {
        "kinds": {"assignment_approved": True, "assignment_rejected": True, "chore_available": True,
                  "allowance_paid": True, "streak_milestone": True, "chore_due": True, "chore_overdue": True,
                  "chore_missed": True},
        "quiet_hours": None,
        "timezone": "UTC",
    }


async def test_kinds_and_quiet_hours_are_changed_separately(client, settings, child):
    headers = auth_headers(child, settings)

    await client.put(f"{API}/preferences", json={"kinds": {"chore_available": False}}, headers=headers)
    quiet = await client.put(f"{API}/preferences", json={"quiet_hours": {"start": "21:30", "end": "07:00"}},
                             headers=headers)
    cleared = await client.put(f"{API}/preferences", json={"quiet_hours": None}, headers=headers)

    assert quiet.status_code == 200
    assert quiet.json()["kinds"] == {"assignment_approved": True, "assignment_rejected": True, "chore_available": False,
                                     "allowance_paid": True, "streak_milestone": True, "chore_due": True,
                                     "chore_overdue": True, "chore_missed": True}
    assert quiet.json()["quiet_hours"] == {"start": "21:30", "end": "07:00"}
    assert cleared.json()["quiet_hours"] is None
    assert cleared.json()["kinds"]["chore_available"] is False
    saved = await PushPreferences.get(user_id=child.id)
    assert (saved.disabled_kinds, saved.quiet_start, saved.quiet_end) == (["chore_available"], None, None)


async def test_quiet_hours_are_read_in_the_familys_time_zone(client, settings, parent):
    await client.put("/api/v1/families/timezone", json={"timezone": "Europe/Berlin"},
                     headers=auth_headers(parent, settings))

    response = await client.get(f"{API}/preferences", headers=auth_headers(parent, settings))

    assert response.json()["timezone"] == "Europe/Berlin"


@pytest.mark.parametrize(
    "body",
    [
        {"kinds": {"everything": False}},
        {"kinds": {"assignment_completed": "maybe"}},
        {"quiet_hours": {"start": "22:00", "end": "22:00"}},
        {"quiet_hours": {"start": "24:00", "end": "07:00"}},
        {"quiet_hours": {"start": "7:00", "end": "08:00"}},
        {"quiet_hours": {"start": "22:00"}},
    ],
)
async def test_bad_preferences_are_refused_and_nothing_is_stored(client, settings, parent, body):
    response = await client.put(f"{API}/preferences", json=body, headers=auth_headers(parent, settings))

    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)
    assert await PushPreferences.all().count() == 0


async def test_a_kind_of_the_other_role_cannot_be_chosen(client, settings, parent):
    response = await client.put(f"{API}/preferences", json={"kinds": {"assignment_approved": False}},
                                headers=auth_headers(parent, settings))

    assert response.status_code == 422
    assert response.json() == {"detail": "assignment_approved: not a notification parents receive"}
    assert await PushPreferences.all().count() == 0
