"""``GET /api/v1/streaks`` and streak milestones (issue #12, item 6).

Occurrences are made directly (tests/factories.py): the occurrence lifecycle is another part of the
issue. A milestone is announced from the approval use case once the occurrence is ``done``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from tortoise.transactions import in_transaction

from models import Activity, ActivityType, ChoreAssignment, Event, EventRecipient, EventType
from models.schedules import OccurrenceState
from models.streaks import record_streak_milestones
from tests.factories import (
    auth_headers,
    make_household,
    make_occurrence,
    make_pending_assignment,
    make_priced_chore,
    make_schedule,
)

API = "/api/v1/streaks"
DONE, MISSED, SKIPPED = OccurrenceState.DONE, OccurrenceState.MISSED, OccurrenceState.SKIPPED
START = datetime(2026, 3, 2, 18, tzinfo=UTC)
NOW = START + timedelta(days=40)

pytestmark = pytest.mark.usefixtures("db")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


async def scheduled_chore(parent, title="Dishes"):
    chore = await make_priced_chore(parent, title=title, reward_cents=100)
    await make_schedule(chore, starts_on=START.date())
    return chore


async def occurrences(chore, child, states, *, first_day=0):
    """One occurrence a day from ``first_day``, done an hour early when DONE."""
    made = []
    for offset, state in enumerate(states):
        due = START + timedelta(days=first_day + offset)
        completed = due - timedelta(hours=1) if state is DONE else None
        made.append(await make_occurrence(chore, child, due_at=due, state=state, completed_at=completed))
    return made


async def test_a_child_reads_his_streaks_overall_and_per_chore(client, settings):
    home = await make_household()
    child = home.children[0]
    dishes, bins = await scheduled_chore(home.parent), await scheduled_chore(home.parent, "Bins")
    await occurrences(dishes, child, [DONE, DONE, MISSED, DONE, SKIPPED, DONE])
    await occurrences(bins, child, [DONE], first_day=10)

    response = await client.get(API, headers=auth_headers(child, settings))

    assert response.status_code == 200, response.text
    assert response.json() == {
        "child_id": child.id,
        "overall": {"current": 3, "best": 3},
        "chores": [
            {"chore_id": dishes.id, "chore_title": "Dishes", "current": 2, "best": 2},
            {"chore_id": bins.id, "chore_title": "Bins", "current": 1, "best": 1},
        ],
    }


async def test_a_child_without_occurrences_has_no_streak(client, settings):
    home = await make_household()
    response = await client.get(API, headers=auth_headers(home.children[0], settings))
    assert response.json() == {"child_id": home.children[0].id, "overall": {"current": 0, "best": 0}, "chores": []}


async def test_a_parent_names_a_child_of_his_family(client, settings):
    home, other = await make_household(), await make_household()
    await occurrences(await scheduled_chore(home.parent), home.children[1], [DONE, DONE])
    headers = auth_headers(home.co_parent, settings)

    own = await client.get(API, params={"child_id": home.children[1].id}, headers=headers)
    foreign = await client.get(API, params={"child_id": other.children[0].id}, headers=headers)
    a_parent = await client.get(API, params={"child_id": home.parent.id}, headers=headers)
    unnamed = await client.get(API, headers=headers)
    sibling = await client.get(API, params={"child_id": home.children[1].id},
                               headers=auth_headers(home.children[0], settings))

    assert own.json()["overall"] == {"current": 2, "best": 2}
    assert (foreign.status_code, a_parent.status_code, sibling.status_code) == (404, 404, 404)
    assert unnamed.status_code == 422
    assert unnamed.json()["detail"][0]["loc"] == ["query", "child_id"]


async def milestone_events(child_id):
    events = await Event.filter(type=EventType.STREAK_MILESTONE).order_by("id")
    return [
        (event.data["scope"], event.data["milestone"],
         sorted(await EventRecipient.filter(event_id=event.id).values_list("user_id", flat=True)))
        for event in events
        if event.data["child_id"] == child_id
    ]


async def record(child, chore):
    async with in_transaction() as conn:
        return await record_streak_milestones(child.id, chore.id, using_db=conn)


async def test_reaching_three_announces_the_chore_and_overall_milestones_once():
    home = await make_household()
    child = home.children[0]
    chore = await scheduled_chore(home.parent)
    await occurrences(chore, child, [DONE, DONE])
    assert await record(child, chore) == []

    await occurrences(chore, child, [DONE], first_day=2)
    assert await record(child, chore) == [3, 3]
    assert await record(child, chore) == []  # recomputing the same streak announces nothing

    family = sorted([child.id, home.parent.id, home.co_parent.id])
    assert await milestone_events(child.id) == [("chore", 3, family), ("overall", 3, family)]
    activities = await Activity.filter(activity_type=ActivityType.STREAK_MILESTONE.value)
    assert [(activity.user_id, activity.target_user_id) for activity in activities] == [(child.id, child.id)] * 2


async def test_reaching_three_again_after_a_break_is_a_new_milestone():
    home = await make_household()
    child = home.children[0]
    chore = await scheduled_chore(home.parent)
    await occurrences(chore, child, [DONE, DONE, DONE])
    assert await record(child, chore) == [3, 3]

    await occurrences(chore, child, [MISSED, DONE, DONE, DONE], first_day=3)
    assert await record(child, chore) == [3, 3]
    assert [milestone for _, milestone, _ in await milestone_events(child.id)] == [3, 3, 3, 3]


async def test_only_the_overall_streak_may_reach_a_milestone():
    home = await make_household()
    child = home.children[0]
    dishes, bins = await scheduled_chore(home.parent), await scheduled_chore(home.parent, "Bins")
    await occurrences(dishes, child, [DONE, DONE])
    await occurrences(bins, child, [DONE], first_day=2)

    assert await record(child, bins) == [3]
    assert [(scope, milestone) for scope, milestone, _ in await milestone_events(child.id)] == [("overall", 3)]


async def test_an_occurrence_done_late_reaches_nothing():
    home = await make_household()
    child = home.children[0]
    chore = await scheduled_chore(home.parent)
    await occurrences(chore, child, [DONE, DONE])
    due = START + timedelta(days=2)
    await make_occurrence(chore, child, due_at=due, state=DONE, completed_at=due + timedelta(minutes=1))

    assert await record(child, chore) == []


async def test_an_unscheduled_chore_announces_nothing():
    home = await make_household()
    chore = await make_priced_chore(home.parent, reward_cents=100)
    assert await record(home.children[0], chore) == []


async def test_the_approval_use_case_announces_the_milestone_over_the_outbox(client, settings):
    """As the occurrence lifecycle will: the third occurrence is done when the parent approves it."""
    home = await make_household()
    child = home.children[0]
    chore = await scheduled_chore(home.parent)
    await occurrences(chore, child, [DONE, DONE, DONE])
    row = await make_pending_assignment(chore, child, completed_at=NOW)

    response = await client.post(f"/api/v1/assignments/{row.id}/approve", json={},
                                 headers=auth_headers(home.parent, settings))

    assert response.status_code == 200, response.text
    assert [(scope, milestone) for scope, milestone, _ in await milestone_events(child.id)] == [
        ("chore", 3), ("overall", 3),
    ]
    assert (await ChoreAssignment.get(id=row.id)).is_approved
