"""``/api/v1/chores/{id}/rotation``: configure a rotation, read its turns, set and swap them (issue #12 item 4)."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, date, datetime

import pytest
import time_machine

from models import Activity, Chore, ChoreAssignment, Event, EventType, Family
from models.schedules import ChoreSchedule, RotationMode, RotationTurn
from tests.conftest import TEST_REDIS_URL
from tests.consistency import assert_consistent
from tests.factories import (
    api_create_chore,
    auth_headers,
    make_child,
    make_household,
    make_parent,
    make_schedule,
    make_vacation,
)

MONDAY = date(2026, 3, 23)
# Wednesday 25 March 2026, 10:00 in Berlin (CET): the week under way began on Monday 23 at 00:00 CET.
NOW = datetime(2026, 3, 25, 9, 0, tzinfo=UTC)
WEEK_STARTS = ["2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z", "2026-04-05T22:00:00Z", "2026-04-12T22:00:00Z"]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


async def scheduled_chore(client, settings, *, children: int = 3, mode: str = "single"):
    """A household in Berlin and a daily chore of theirs with a schedule, its first child assigned."""
    home = await make_household(children=children)
    await Family.filter(id=home.family.id).update(timezone="Europe/Berlin")
    parent = auth_headers(home.parent, settings)
    assignees = [home.children[0].id] if mode == "single" else [child.id for child in home.children]
    chore = await api_create_chore(client, parent, assignment_mode=mode, assignee_ids=assignees)
    await make_schedule(await Chore.get(id=chore["id"]), starts_on=MONDAY)
    return home, parent, chore["id"]


def rotation_url(chore_id: int, tail: str = "") -> str:
    return f"/api/v1/chores/{chore_id}/rotation{tail}"


async def configure(client, headers, chore_id, **body):
    return await client.put(rotation_url(chore_id), json={"mode": "round_robin", "period": "week", **body}, headers=headers)


async def test_a_weekly_round_robin_shows_the_turn_under_way_and_the_next_ones(client, settings):
    home, parent, chore_id = await scheduled_chore(client, settings)
    a, b, c = (child.id for child in home.children)

    response = await configure(client, parent, chore_id, order=[b, c, a], lookback_weeks=3)

    assert response.status_code == 200, response.text
    body = response.json()
    assert {k: body[k] for k in ("mode", "period", "order", "lookback_weeks", "timezone")} == {
        "mode": "round_robin", "period": "week", "order": [b, c, a], "lookback_weeks": 3, "timezone": "Europe/Berlin"
    }
    assert body["current"] == {
        "period_start": WEEK_STARTS[0], "period_end": WEEK_STARTS[1], "child_id": b, "set_by_parent": False, "decided": True
    }
    assert [(t["period_start"], t["child_id"], t["decided"]) for t in body["upcoming"]][:3] == [
        (WEEK_STARTS[1], c, False), (WEEK_STARTS[2], a, False), (WEEK_STARTS[3], b, False)
    ]
    assert (await ChoreAssignment.get(chore_id=chore_id)).assignee_id == b  # the row follows the week's holder
    shown = await client.get(rotation_url(chore_id), params={"turns": 2}, headers=parent)
    assert shown.json()["current"] == body["current"] and len(shown.json()["upcoming"]) == 2


async def test_an_old_client_sees_no_rotation_for_a_chore_that_does_not_rotate(client, settings):
    _, parent, chore_id = await scheduled_chore(client, settings)
    body = (await client.get(rotation_url(chore_id), headers=parent)).json()
    assert (body["mode"], body["current"], body["upcoming"]) == ("none", None, [])


async def test_a_child_of_another_family_in_the_order_is_refused_and_nothing_is_stored(client, settings):
    home, parent, chore_id = await scheduled_chore(client, settings)
    stranger = await make_child(await make_parent(family=(await make_household()).family))
    before = await ChoreSchedule.get(chore_id=chore_id)

    response = await configure(client, parent, chore_id, order=[home.children[0].id, stranger.id, home.co_parent.id])

    assert response.status_code == 422
    assert [(e["loc"], e["input"]) for e in response.json()["detail"]] == [
        (["body", "order", 1], stranger.id), (["body", "order", 2], home.co_parent.id)
    ]
    assert str(stranger.id) in response.json()["detail"][0]["msg"]
    after = await ChoreSchedule.get(chore_id=chore_id)
    assert (after.rotation, after.rotation_order, after.updated_at) == (RotationMode.NONE, [], before.updated_at)
    assert not await RotationTurn.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"order": [1]}, "body"),
        ({"order": [1, 1]}, "order"),
        ({"period": "year"}, "period"),
        ({"lookback_weeks": 0}, "lookback_weeks"),
    ],
)
async def test_a_malformed_rotation_is_a_422(client, settings, body, field):
    _, parent, chore_id = await scheduled_chore(client, settings)
    response = await client.put(rotation_url(chore_id), json={"mode": "round_robin", "order": [1, 2], **body}, headers=parent)
    assert response.status_code == 422
    assert field in response.json()["detail"][0]["loc"]


async def test_only_scheduled_single_chores_of_the_family_rotate_for_its_parents(client, settings):
    home, parent, chore_id = await scheduled_chore(client, settings, mode="multi_independent")
    order = [child.id for child in home.children]
    assert (await configure(client, parent, chore_id, order=order)).status_code == 409
    unscheduled = await api_create_chore(client, parent, assignee_ids=[order[0]])
    assert (await configure(client, parent, unscheduled["id"], order=order)).status_code == 404
    stranger = auth_headers(await make_parent(family=(await make_household()).family), settings)
    assert (await configure(client, stranger, chore_id, order=order)).status_code == 404
    child = auth_headers(home.children[0], settings)
    assert (await client.get(rotation_url(chore_id), headers=child)).status_code == 403
    assert (await client.post(rotation_url(chore_id, "/turn"), json={"child_id": order[0]}, headers=parent)).status_code == 409


async def test_a_parent_sets_whose_turn_the_current_week_is(client, settings):
    home, parent, chore_id = await scheduled_chore(client, settings)
    a, b, c = (child.id for child in home.children)
    await configure(client, parent, chore_id, order=[a, b, c])

    co_parent = auth_headers(home.co_parent, settings)
    response = await client.post(rotation_url(chore_id, "/turn"), json={"child_id": c}, headers=co_parent)

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["current"]["child_id"], body["current"]["set_by_parent"]) == (c, True)
    assert body["upcoming"][0]["child_id"] == a  # round robin goes on after c
    assert (await ChoreAssignment.get(chore_id=chore_id)).assignee_id == c
    [event] = await Event.filter(type=EventType.ROTATION_CHANGED).order_by("-id").limit(1)
    assert (event.data["child_id"], event.data["previous_child_id"], event.data["set_by_id"]) == (c, a, home.co_parent.id)
    activity = await Activity.get(activity_type="rotation_changed")
    assert (activity.user_id, activity.target_user_id) == (home.co_parent.id, c)


async def test_a_parent_sets_a_later_week_and_refuses_one_that_is_over_or_a_child_away(client, settings):
    home, parent, chore_id = await scheduled_chore(client, settings)
    a, b, c = home.children
    await configure(client, parent, chore_id, order=[a.id, b.id, c.id])
    await make_vacation(b, date(2026, 4, 6), date(2026, 4, 8))
    turn = rotation_url(chore_id, "/turn")

    later = await client.post(turn, json={"child_id": a.id, "period": "2026-04-01T12:00:00Z"}, headers=parent)
    assert later.status_code == 200
    assert [t["child_id"] for t in later.json()["upcoming"][:2]] == [a.id, c.id]  # b is away that week: c
    assert (await ChoreAssignment.get(chore_id=chore_id)).assignee_id == a.id  # still this week's holder

    over = await client.post(turn, json={"child_id": b.id, "period": "2026-03-20T12:00:00Z"}, headers=parent)
    assert over.status_code == 422 and over.json()["detail"][0]["loc"] == ["body", "period"]
    away = await client.post(turn, json={"child_id": b.id, "period": "2026-04-07T12:00:00"}, headers=parent)
    assert away.status_code == 409 and "away" in away.json()["detail"]
    outsider = await client.post(turn, json={"child_id": home.co_parent.id}, headers=parent)
    assert outsider.status_code == 422 and outsider.json()["detail"][0]["loc"] == ["body", "child_id"]


async def test_a_parent_swaps_two_weeks(client, settings):
    home, parent, chore_id = await scheduled_chore(client, settings)
    a, b, c = (child.id for child in home.children)
    await configure(client, parent, chore_id, order=[a, b, c])

    response = await client.post(
        rotation_url(chore_id, "/swap"), json={"first": "2026-04-01T08:00:00Z", "second": NOW.isoformat()}, headers=parent
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["current"]["child_id"], body["upcoming"][0]["child_id"]) == (b, a)
    assert body["current"]["set_by_parent"] and body["upcoming"][0]["set_by_parent"]
    assert (await ChoreAssignment.get(chore_id=chore_id)).assignee_id == b
    same = await client.post(rotation_url(chore_id, "/swap"), json={"first": NOW.isoformat(), "second": NOW.isoformat()},
                             headers=parent)
    assert same.status_code == 422


async def test_changing_the_order_forgets_the_automatic_turns_ahead(client, settings):
    home, parent, chore_id = await scheduled_chore(client, settings)
    a, b, c = (child.id for child in home.children)
    await configure(client, parent, chore_id, order=[a, b, c])
    await client.post(rotation_url(chore_id, "/turn"), json={"child_id": b, "period": "2026-04-08T08:00:00Z"}, headers=parent)
    await RotationTurn.create(chore_id=chore_id, period_start=datetime(2026, 3, 29, 22, tzinfo=UTC), child_id=b)

    body = (await configure(client, parent, chore_id, order=[c, a])).json()

    assert body["current"]["child_id"] == a  # the week under way stays with a, still in the order
    # The automatic week of 30 March is forgotten; b's week (set by a parent) is kept, but b left the order.
    assert [(t["child_id"], t["set_by_parent"]) for t in body["upcoming"][:2]] == [(c, False), (a, False)]
    assert await RotationTurn.filter(chore_id=chore_id, set_by_parent=True).count() == 1


@pytest.mark.mysql
async def test_two_parents_setting_the_turn_at_once_leave_one_consistent_turn(client, settings):
    home, parent, chore_id = await scheduled_chore(client, settings)
    a, b, c = (child.id for child in home.children)
    await configure(client, parent, chore_id, order=[a, b, c])
    await RotationTurn.filter(chore_id=chore_id).delete()
    headers = [parent, auth_headers(home.co_parent, settings)]

    responses = await asyncio.gather(*(
        client.post(rotation_url(chore_id, "/turn"), json={"child_id": (b, c)[i % 2]}, headers=headers[i % 2])
        for i in range(10)
    ))

    assert set(Counter(r.status_code for r in responses)) <= {200, 409}, [r.text for r in responses]
    [turn] = await RotationTurn.filter(chore_id=chore_id, period_start=datetime(2026, 3, 22, 23, tzinfo=UTC))
    assert turn.set_by_parent and turn.child_id in (b, c)
    assert (await ChoreAssignment.get(chore_id=chore_id)).assignee_id == turn.child_id
    shown = (await client.get(rotation_url(chore_id), headers=parent)).json()
    assert shown["current"]["child_id"] == turn.child_id
    await assert_consistent(TEST_REDIS_URL)
