"""The rewards store (issue #13, item 1): parents keep the family's catalogue, children see what they can afford."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models import Activity, Event
from models.redemptions import Redemption
from models.rewards import Reward, RewardPeriod
from tests.api.test_ledger import adjust
from tests.factories import auth_headers, make_household, make_parent, unique

API = "/api/v1"


async def create_reward(client, headers, **body) -> dict:
    """A reward made through ``POST /rewards`` (default: $3, no stock, no limit, no end)."""
    response = await client.post(f"{API}/rewards", json={"title": unique("Reward "), "price": 3, **body}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def ask(client, settings, child, reward_id: int, **headers: str):
    """``child`` requests the reward."""
    return await client.post(f"{API}/redemptions", json={"reward_id": reward_id},
                             headers={**auth_headers(child, settings), **headers})


async def store_of(client, settings, user, **params) -> dict[str, dict]:
    """The rewards ``user`` sees, by title."""
    response = await client.get(f"{API}/rewards", params=params, headers=auth_headers(user, settings))
    assert response.status_code == 200, response.text
    return {reward["title"]: reward for reward in response.json()}


def in_days(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat().replace("+00:00", "Z")


async def test_a_parent_adds_a_reward_and_every_parent_of_the_family_sees_it(client, settings):
    home = await make_household(children=1)
    ends = in_days(30)

    response = await client.post(f"{API}/rewards", headers=auth_headers(home.parent, settings), json={
        "title": "  Movie night  ", "description": "You pick the film", "price": "4.50", "stock": 2,
        "limit_count": 1, "limit_period": "week", "expires_at": ends,
    })

    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"], "title": "Movie night", "description": "You pick the film", "price": 4.5, "stock": 2,
        "limit_count": 1, "limit_period": "week", "expires_at": body["expires_at"], "enabled": True, "available": True,
        "created_by": home.parent.id, "created_at": body["created_at"], "updated_at": body["updated_at"],
        "affordable": None, "missing": None,
    }
    assert body["expires_at"].endswith("Z") and body["expires_at"][:16] == ends[:16]
    reward = await Reward.get(id=body["id"])
    assert (reward.family_id, reward.price_cents, reward.limit_period) == (home.family.id, 450, RewardPeriod.WEEK)
    seen = await client.get(f"{API}/rewards/{body['id']}", headers=auth_headers(home.co_parent, settings))
    assert seen.json() == body


async def test_the_defaults_are_no_stock_no_limit_no_end_and_enabled(client, settings):
    home = await make_household(children=1)

    body = await create_reward(client, auth_headers(home.parent, settings), title="Sticker", price=0.5)

    assert (body["description"], body["stock"], body["limit_count"], body["limit_period"]) == ("", None, None, None)
    assert (body["expires_at"], body["enabled"], body["available"], body["price"]) == (None, True, True, 0.5)


@pytest.mark.parametrize(("body", "field"), [
    ({"title": "Toy", "price": -1}, "price"),
    ({"title": "Toy", "price": 0}, "price"),
    ({"title": "Toy", "price": "1.005"}, "price"),
    ({"title": "Toy", "price": 2_000_000}, "price"),
    ({"title": "   ", "price": 1}, "title"),
    ({"title": "T" * 101, "price": 1}, "title"),
    ({"price": 1}, "title"),
    ({"title": "Toy", "price": 1, "stock": -1}, "stock"),
    ({"title": "Toy", "price": 1, "limit_count": 0, "limit_period": "day"}, "limit_count"),
    ({"title": "Toy", "price": 1, "limit_period": "year", "limit_count": 1}, "limit_period"),
    ({"title": "Toy", "price": 1, "expires_at": "2020-01-01T00:00:00Z"}, "expires_at"),
    ({"title": "Toy", "price": 1, "expires_at": "9999-12-31T23:59:00-23:59"}, "expires_at"),
])
async def test_bad_rewards_are_refused_with_a_422_naming_the_field_and_nothing_is_stored(client, settings, body, field):
    home = await make_household(children=1)

    response = await client.post(f"{API}/rewards", json=body, headers=auth_headers(home.parent, settings))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", field]
    assert await Reward.all().count() == 0


async def test_a_limit_needs_both_its_count_and_its_period(client, settings):
    home = await make_household(children=1)
    headers = auth_headers(home.parent, settings)

    for half in ({"limit_count": 2}, {"limit_period": "day"}):
        response = await client.post(f"{API}/rewards", json={"title": "Toy", "price": 1, **half}, headers=headers)
        assert response.status_code == 422
        assert "limit_count and limit_period" in response.json()["detail"][0]["msg"]
    assert await Reward.all().count() == 0


async def test_children_and_parents_without_a_family_cannot_add_rewards(client, settings):
    home = await make_household(children=1)
    loner = await make_parent()

    by_child = await client.post(f"{API}/rewards", json={"title": "Toy", "price": 1},
                                 headers=auth_headers(home.children[0], settings))
    by_loner = await client.post(f"{API}/rewards", json={"title": "Toy", "price": 1},
                                 headers=auth_headers(loner, settings))

    assert (by_child.status_code, by_child.json()) == (403, {"detail": "Only parents can manage the rewards store"})
    assert by_loner.status_code == 403 and "family" in by_loner.json()["detail"]
    assert await Reward.all().count() == 0
    assert (await client.get(f"{API}/rewards", headers=auth_headers(loner, settings))).json() == []


async def test_a_change_applies_only_what_was_sent_and_null_clears_stock_limit_and_end(client, settings):
    home = await make_household(children=1)
    headers = auth_headers(home.co_parent, settings)
    reward = await create_reward(client, auth_headers(home.parent, settings), title="Toy", price=2, stock=3,
                                 limit_count=1, limit_period="day", expires_at=in_days(5))

    priced = await client.patch(f"{API}/rewards/{reward['id']}", json={"price": 2.25}, headers=headers)
    cleared = await client.patch(f"{API}/rewards/{reward['id']}", headers=headers, json={
        "stock": None, "limit_count": None, "limit_period": None, "expires_at": None, "enabled": False})

    assert priced.status_code == 200
    assert (priced.json()["price"], priced.json()["stock"], priced.json()["title"]) == (2.25, 3, "Toy")
    body = cleared.json()
    assert (body["stock"], body["limit_count"], body["limit_period"], body["expires_at"]) == (None, None, None, None)
    assert (body["enabled"], body["available"], body["price"]) == (False, False, 2.25)
    stored = await Reward.get(id=reward["id"])
    assert (stored.price_cents, stored.stock, stored.enabled) == (225, None, False)


@pytest.mark.parametrize("change", [{"title": None}, {"price": None}, {"enabled": None}, {"price": -2},
                                    {"limit_count": 2}, {"limit_count": 2, "limit_period": None}])
async def test_a_bad_change_is_a_422_and_changes_nothing(client, settings, change):
    home = await make_household(children=1)
    headers = auth_headers(home.parent, settings)
    reward = await create_reward(client, headers, title="Toy", price=2)

    response = await client.patch(f"{API}/rewards/{reward['id']}", json=change, headers=headers)

    assert response.status_code == 422
    assert (await client.get(f"{API}/rewards/{reward['id']}", headers=headers)).json() == reward


async def test_another_familys_reward_is_not_found_and_stays_as_it_was(client, settings):
    home, other = await make_household(children=1), await make_household(children=1)
    reward = await create_reward(client, auth_headers(other.parent, settings), title="Theirs", price=2)
    stranger, stranger_child = auth_headers(home.parent, settings), auth_headers(home.children[0], settings)

    answers = [
        await client.get(f"{API}/rewards/{reward['id']}", headers=stranger),
        await client.get(f"{API}/rewards/{reward['id']}", headers=stranger_child),
        await client.patch(f"{API}/rewards/{reward['id']}", json={"price": 1}, headers=stranger),
        await client.delete(f"{API}/rewards/{reward['id']}", headers=stranger),
    ]

    assert {(answer.status_code, answer.text) for answer in answers} == {(404, '{"detail":"Reward not found"}')}
    assert (await Reward.get(id=reward["id"])).price_cents == 200
    assert await store_of(client, settings, home.parent) == {}


async def test_a_child_sees_what_he_may_request_now_and_whether_he_can_afford_it(client, settings):
    home = await make_household(children=1)
    [sam] = home.children
    parent = auth_headers(home.parent, settings)
    for title, price, extra in [("Cheap", 2, {}), ("Exact", 5, {}), ("Dear", 8, {}), ("Off", 1, {"enabled": False}),
                                ("Sold out", 1, {"stock": 0})]:
        await create_reward(client, parent, title=title, price=price, **extra)
    ended = await create_reward(client, parent, title="Ended", price=1, expires_at=in_days(1))
    await Reward.filter(id=ended["id"]).update(expires_at=datetime.now(UTC) - timedelta(minutes=1))
    await adjust(client, parent, sam, 5)

    store = await store_of(client, settings, sam)

    assert list(store) == ["Cheap", "Dear", "Exact", "Sold out"]
    assert {title: (item["affordable"], item["missing"]) for title, item in store.items()} == {
        "Cheap": (True, 0.0), "Dear": (False, 3.0), "Exact": (True, 0.0), "Sold out": (True, 0.0)}
    parents_view = await store_of(client, settings, home.parent)
    assert set(parents_view) == {"Cheap", "Dear", "Exact", "Off", "Sold out", "Ended"}
    assert {(item["affordable"], item["missing"]) for item in parents_view.values()} == {(None, None)}
    assert (parents_view["Ended"]["available"], parents_view["Off"]["available"]) == (False, False)
    for_sam = await store_of(client, settings, home.co_parent, child_id=sam.id)
    assert (for_sam["Dear"]["affordable"], for_sam["Dear"]["missing"]) == (False, 3.0)
    hidden = await client.get(f"{API}/rewards/{ended['id']}", headers=auth_headers(sam, settings))
    assert hidden.status_code == 404


async def test_what_pending_requests_hold_is_no_longer_spendable(client, settings):
    home = await make_household(children=1)
    [sam] = home.children
    parent = auth_headers(home.parent, settings)
    game = await create_reward(client, parent, title="Game", price=4)
    await create_reward(client, parent, title="Book", price=3)
    await adjust(client, parent, sam, 6)

    assert (await ask(client, settings, sam, game["id"])).status_code == 201
    store = await store_of(client, settings, sam)

    assert (store["Book"]["affordable"], store["Book"]["missing"]) == (False, 1.0)
    assert (store["Game"]["affordable"], store["Game"]["missing"]) == (False, 2.0)
    one = await client.get(f"{API}/rewards/{game['id']}", headers=auth_headers(sam, settings))
    assert (one.json()["affordable"], one.json()["missing"]) == (False, 2.0)


async def test_a_parent_naming_another_familys_child_gets_a_404(client, settings):
    home, other = await make_household(children=1), await make_household(children=1)

    response = await client.get(f"{API}/rewards", params={"child_id": other.children[0].id},
                                headers=auth_headers(home.parent, settings))

    assert (response.status_code, response.json()) == (404, {"detail": "Child user not found"})


async def test_deleting_a_reward_cancels_its_pending_requests_and_keeps_the_past_ones(client, settings):
    home = await make_household(children=2)
    ann, ben = home.children
    parent = auth_headers(home.parent, settings)
    reward = await create_reward(client, parent, title="Kite", price=2, stock=5)
    for child in (ann, ben):
        await adjust(client, parent, child, 5)
    done = (await ask(client, settings, ann, reward["id"])).json()
    assert (await client.post(f"{API}/redemptions/{done['id']}/approve", headers=parent)).status_code == 200
    waiting = (await ask(client, settings, ben, reward["id"])).json()

    response = await client.delete(f"{API}/rewards/{reward['id']}", headers=auth_headers(home.co_parent, settings))

    assert response.status_code == 204
    assert not await Reward.filter(id=reward["id"]).exists()
    kept, cancelled = await Redemption.get(id=done["id"]), await Redemption.get(id=waiting["id"])
    assert (kept.status, kept.reward_id, kept.reward_title) == ("approved", None, "Kite")
    assert (cancelled.status, cancelled.decline_reason, cancelled.decided_by_id) == (
        "cancelled", "The reward was removed from the store", home.co_parent.id)
    assert await Activity.filter(activity_type="reward_cancelled", target_user_id=ben.id).count() == 1
    decided = [event.data for event in await Event.filter(type="reward_decided").order_by("id")]
    assert decided[-1]["status"] == "cancelled" and decided[-1]["redemption_id"] == waiting["id"]
    assert (await store_of(client, settings, ben)) == {}
