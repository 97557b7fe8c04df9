"""Chore schedules over the API: setting a rule, its occurrences through complete / approve / reject,
overdue and missed with a penalty to confirm, exceptions, vacations and the views (issue #12).

The family lives in Europe/Berlin; the clock is fixed (time-machine) and moved on by
``tests.schedules.advance_to``, which runs the transitions the occurrence jobs run.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from models import ChoreAssignment, EntryKind, LedgerEntry
from models.schedules import ChoreOccurrence, ChoreSchedule, ScheduleException, Vacation
from tests.consistency import assert_consistent
from tests.factories import Household, api_create_chore, auth_headers, make_household
from tests.schedules import advance_to

CHORES = "/api/v1/chores"
# Friday 27 March 2026, 12:00 UTC (13:00 in Berlin); the clocks change on Sunday 29 March.
START = datetime(2026, 3, 27, 12, 0, tzinfo=UTC)
# Saturdays at 10:00 Berlin, opening two hours before, a 30-minute grace, missed at the deadline.
SATURDAYS = {
    "rrule": "FREQ=WEEKLY;BYDAY=SA", "starts_on": "2026-03-01", "due_time": "10:00", "window_minutes": 120,
    "grace_minutes": 30, "deadline_action": "miss", "missed_penalty": 0.5,
}
FIRST_DUE = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)  # Saturday 28 March, 10:00 CET
SECOND_DUE = datetime(2026, 4, 4, 8, 0, tzinfo=UTC)  # Saturday 4 April, 10:00 CEST


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
async def home(client, settings) -> Household:
    home = await make_household(children=2)
    response = await client.put("/api/v1/families/timezone", json={"timezone": "Europe/Berlin"},
                                headers=auth_headers(home.parent, settings))
    assert response.status_code == 200
    return home


async def scheduled_chore(client, settings, home: Household, schedule: dict | None = None, **chore) -> dict:
    parent = auth_headers(home.parent, settings)
    body = {"reward": 2, "assignment_mode": "single", "assignee_ids": [home.children[0].id], **chore}
    created = await api_create_chore(client, parent, **body)
    response = await client.put(f"{CHORES}/{created['id']}/schedule", json=schedule or SATURDAYS, headers=parent)
    assert response.status_code == 201, response.text
    return created


async def occurrences(client, settings, user, **params) -> list[dict]:
    response = await client.get("/api/v1/occurrences", params=params, headers=auth_headers(user, settings))
    assert response.status_code == 200, response.text
    return response.json()


async def test_a_rule_is_set_read_and_creates_its_next_occurrence(client, settings, clock, home):
    chore = await scheduled_chore(client, settings, home)
    parent = auth_headers(home.parent, settings)

    read = await client.get(f"{CHORES}/{chore['id']}/schedule", headers=parent)
    again = await client.put(f"{CHORES}/{chore['id']}/schedule", json=SATURDAYS, headers=parent)

    assert read.status_code == 200
    assert read.json()["timezone"] == "Europe/Berlin"
    assert read.json()["due_time"] == "10:00"
    assert read.json()["next_due"][:2] == ["2026-03-28T09:00:00Z", "2026-04-04T08:00:00Z"]
    assert again.status_code == 200
    [upcoming] = await occurrences(client, settings, home.parent)
    assert (upcoming["state"], upcoming["child_id"]) == ("upcoming", home.children[0].id)
    assert (upcoming["opens_at"], upcoming["due_at"], upcoming["deadline_at"]) == (
        "2026-03-28T07:00:00Z", "2026-03-28T09:00:00Z", "2026-03-28T09:30:00Z")
    assert await occurrences(client, settings, home.children[1]) == []


@pytest.mark.parametrize(
    ("change", "status", "problem"),
    [
        ({"rrule": "FREQ=SECONDLY"}, 422, "FREQ=SECONDLY is too frequent"),
        ({"rrule": "FREQ=DAILY;BYHOUR=1,2"}, 422, "BYHOUR is not supported"),
        ({"rrule": "FREQ=SOMETIMES"}, 422, "rrule cannot be read"),
        ({"rrule": "FREQ=WEEKLY;BYDAY=SA", "window_minutes": 8 * 24 * 60}, 422, "longer than the shortest gap"),
        ({"grace_minutes": -1}, 422, "greater than or equal to 0"),
        ({"missed_penalty": 0}, 422, "greater than 0"),
        ({"missed_penalty": -2}, 422, "greater than 0"),
        ({"due_time": "25:00"}, 422, "time"),
        ({"deadline_action": "explode"}, 422, "nothing"),
    ],
)
async def test_bad_input_is_refused_and_stores_nothing(client, settings, clock, home, change, status, problem):
    parent = auth_headers(home.parent, settings)
    chore = await api_create_chore(client, parent, assignee_ids=[home.children[0].id])

    response = await client.put(f"{CHORES}/{chore['id']}/schedule", json={**SATURDAYS, **change}, headers=parent)

    assert response.status_code == status
    assert problem in response.text
    assert await ChoreSchedule.all().count() == 0
    assert await ChoreOccurrence.all().count() == 0


async def test_only_a_parent_of_the_family_schedules_an_assigned_chore(client, settings, clock, home):
    parent = auth_headers(home.parent, settings)
    stranger = await make_household(children=1)
    pool = await api_create_chore(client, parent, assignment_mode="unassigned", assignee_ids=[])
    assigned = await api_create_chore(client, parent, assignee_ids=[home.children[0].id])

    as_pool = await client.put(f"{CHORES}/{pool['id']}/schedule", json=SATURDAYS, headers=parent)
    as_stranger = await client.put(f"{CHORES}/{assigned['id']}/schedule", json=SATURDAYS,
                                   headers=auth_headers(stranger.parent, settings))
    as_child = await client.put(f"{CHORES}/{assigned['id']}/schedule", json=SATURDAYS,
                                headers=auth_headers(home.children[0], settings))
    unknown = await client.get(f"{CHORES}/{assigned['id']}/schedule", headers=parent)

    assert (as_pool.status_code, as_stranger.status_code, as_child.status_code) == (422, 404, 403)
    assert "pool (unassigned) chore cannot have a schedule" in as_pool.text
    assert unknown.status_code == 404
    assert await ChoreSchedule.all().count() == 0


async def test_an_occurrence_runs_the_assignment_cycle_and_pays_once(client, settings, clock, home):
    chore = await scheduled_chore(client, settings, home)
    child, parent = auth_headers(home.children[0], settings), auth_headers(home.parent, settings)

    before = await client.get(f"{CHORES}/available", headers=child)
    too_early = await client.post(f"{CHORES}/{chore['id']}/complete", headers=child)
    await advance_to(clock, FIRST_DUE - timedelta(hours=1))
    available = await client.get(f"{CHORES}/available", headers=child)
    completed = await client.post(f"{CHORES}/{chore['id']}/complete", headers=child)
    approved = await client.post(f"{CHORES}/{chore['id']}/approve", json={}, headers=parent)
    twice = await client.post(f"{CHORES}/{chore['id']}/approve", json={}, headers=parent)

    assert before.json()["assigned"] == []
    assert too_early.status_code == 400 and "no open occurrence" in too_early.json()["detail"]
    [item] = available.json()["assigned"]
    assert item["chore"]["occurrence_state"] == "open"
    assert item["chore"]["due_at"] == "2026-03-28T09:00:00Z"
    assert completed.status_code == 200 and approved.status_code == 200
    assert twice.status_code == 400
    [done] = await occurrences(client, settings, home.parent, state="done")
    assert done["completed_at"] == "2026-03-28T08:00:00Z"
    assert await LedgerEntry.filter(child_id=home.children[0].id, kind=EntryKind.REWARD).count() == 1
    assert (await client.get(f"{CHORES}/available", headers=child)).json()["assigned"] == []

    await advance_to(clock, SECOND_DUE - timedelta(hours=2))
    [item] = (await client.get(f"{CHORES}/available", headers=child)).json()["assigned"]
    assert item["chore"]["due_at"] == "2026-04-04T08:00:00Z"  # still 10:00 in Berlin, now in summer time
    assert (await client.post(f"{CHORES}/{chore['id']}/complete", headers=child)).status_code == 200
    assert (await client.post(f"{CHORES}/{chore['id']}/approve", json={}, headers=parent)).status_code == 200
    rewards = await LedgerEntry.filter(child_id=home.children[0].id, kind=EntryKind.REWARD).order_by("id")
    assert [(entry.amount_cents, entry.cycle) for entry in rewards] == [(200, 1), (200, 2)]
    cycles = [row["id"] for row in await occurrences(client, settings, home.parent, state="done")]
    assert [(await ChoreOccurrence.get(id=i)).cycle for i in cycles] == [1, 2]
    await assert_consistent(settings.redis_url)


async def test_a_rejection_sends_the_occurrence_back_open_or_overdue(client, settings, clock, home):
    chore = await scheduled_chore(client, settings, home, {**SATURDAYS, "deadline_action": "nothing"})
    child, parent = auth_headers(home.children[0], settings), auth_headers(home.parent, settings)
    await advance_to(clock, FIRST_DUE - timedelta(hours=1))

    await client.post(f"{CHORES}/{chore['id']}/complete", headers=child)
    rejected = await client.post(f"{CHORES}/{chore['id']}/reject", json={"rejection_reason": "not clean"}, headers=parent)
    [reopened] = await occurrences(client, settings, home.parent, state="open")
    await client.post(f"{CHORES}/{chore['id']}/complete", headers=child)
    await advance_to(clock, FIRST_DUE + timedelta(hours=1))
    await client.post(f"{CHORES}/{chore['id']}/reject", json={"rejection_reason": "still not"}, headers=parent)

    assert rejected.status_code == 200
    assert (reopened["state"], reopened["completed_at"]) == ("open", None)
    [late] = await occurrences(client, settings, home.parent, state="overdue")
    assert late["id"] == reopened["id"]
    assert await LedgerEntry.all().count() == 0


async def test_a_missed_occurrence_leaves_the_list_and_its_penalty_waits_for_a_parent(client, settings, clock, home):
    chore = await scheduled_chore(client, settings, home)
    child_user = home.children[0]
    child, parent = auth_headers(child_user, settings), auth_headers(home.parent, settings)
    await client.post("/api/v1/adjustments/", json={"child_id": child_user.id, "amount": 3, "reason": "pocket"},
                      headers=parent)

    await advance_to(clock, FIRST_DUE + timedelta(minutes=10))
    overdue = await client.get(f"{CHORES}/available", params={"state": "overdue"}, headers=child)
    per_child = await client.get(f"{CHORES}/child/{child_user.id}", params={"state": "overdue"}, headers=parent)
    await advance_to(clock, FIRST_DUE + timedelta(minutes=30))
    [missed] = await occurrences(client, settings, home.parent, state="missed")
    listed = await client.get(f"{CHORES}/available", headers=child)
    booked_by_itself = await LedgerEntry.filter(amount_cents__lt=0).count()
    confirmed = await client.post(f"/api/v1/occurrences/{missed['id']}/penalty", json={"action": "confirm"},
                                  headers=parent)
    repeated = await client.post(f"/api/v1/occurrences/{missed['id']}/penalty", json={"action": "confirm"},
                                 headers=parent)
    waived = await client.post(f"/api/v1/occurrences/{missed['id']}/penalty", json={"action": "waive"},
                               headers=parent)

    assert [item["chore"]["id"] for item in overdue.json()["assigned"]] == [chore["id"]]
    assert overdue.json()["assigned"][0]["chore"]["occurrence_state"] == "overdue"
    assert [view["occurrence_state"] for view in per_child.json()] == ["overdue"]
    assert (missed["penalty_status"], missed["penalty"]) == ("proposed", 0.5)
    assert listed.json()["assigned"] == []
    assert booked_by_itself == 0
    assert confirmed.status_code == 200 and confirmed.json()["penalty_status"] == "booked"
    assert repeated.status_code == 200
    assert waived.status_code == 409
    penalties = await LedgerEntry.filter(kind=EntryKind.ADJUSTMENT, amount_cents__lt=0)
    assert [(entry.amount_cents, entry.child_id) for entry in penalties] == [(-50, child_user.id)]
    balance = await client.get("/api/v1/users/me/balance", headers=child)
    assert balance.json()["balance"] == 2.5


async def test_a_waived_penalty_books_nothing_and_a_child_cannot_decide(client, settings, clock, home):
    await scheduled_chore(client, settings, home)
    await advance_to(clock, FIRST_DUE + timedelta(hours=1))
    [missed] = await occurrences(client, settings, home.parent, state="missed")
    url = f"/api/v1/occurrences/{missed['id']}/penalty"

    by_child = await client.post(url, json={"action": "waive"}, headers=auth_headers(home.children[0], settings))
    waived = await client.post(url, json={"action": "waive"}, headers=auth_headers(home.co_parent, settings))
    confirmed = await client.post(url, json={"action": "confirm"}, headers=auth_headers(home.parent, settings))

    assert by_child.status_code == 403
    assert waived.json()["penalty_status"] == "waived"
    assert confirmed.status_code == 409
    assert await LedgerEntry.all().count() == 0


async def test_a_penalty_cannot_take_what_a_reward_request_holds(client, settings, clock, home):
    await scheduled_chore(client, settings, home)
    child_user = home.children[0]
    child, parent = auth_headers(child_user, settings), auth_headers(home.parent, settings)
    await client.post("/api/v1/adjustments/", json={"child_id": child_user.id, "amount": 3, "reason": "pocket"},
                      headers=parent)
    reward = await client.post("/api/v1/rewards", json={"title": "Kite", "price": 2.75}, headers=parent)
    held = await client.post("/api/v1/redemptions", json={"reward_id": reward.json()["id"]}, headers=child)
    await advance_to(clock, FIRST_DUE + timedelta(hours=1))
    [missed] = await occurrences(client, settings, home.parent, state="missed")

    confirmed = await client.post(f"/api/v1/occurrences/{missed['id']}/penalty", json={"action": "confirm"},
                                  headers=parent)

    assert held.status_code == 201
    assert confirmed.status_code == 400
    assert confirmed.json()["detail"] == (
        "Penalty would take the balance below the $2.75 held for pending reward requests. Spendable balance: $0.25"
    )
    assert (await ChoreOccurrence.get(id=missed["id"])).penalty_status == "proposed"
    assert await LedgerEntry.filter(amount_cents__lt=0).count() == 0
    declined = await client.post(f"/api/v1/redemptions/{held.json()['id']}/decline", json={"reason": "Chores first"},
                                 headers=parent)
    assert declined.status_code == 200  # the hold stood untouched until a parent decided


async def test_an_occurrence_is_skipped_or_moved_by_an_exception(client, settings, clock, home):
    chore = await scheduled_chore(client, settings, home, {**SATURDAYS, "deadline_action": "nothing"})
    parent = auth_headers(home.parent, settings)
    url = f"{CHORES}/{chore['id']}/schedule/exceptions"

    skipped = await client.post(url, json={"original_at": "2026-03-28T09:00:00Z", "action": "skip"}, headers=parent)
    moved = await client.post(url, json={"original_at": "2026-04-04T08:00:00Z", "action": "move",
                                         "moved_to": "2026-04-05T16:00:00Z"}, headers=parent)
    not_in_rule = await client.post(url, json={"original_at": "2026-03-29T09:00:00Z", "action": "skip"}, headers=parent)
    twice = await client.post(url, json={"original_at": "2026-03-28T09:00:00Z", "action": "skip"}, headers=parent)
    await advance_to(clock, datetime(2026, 4, 5, 15, 0, tzinfo=UTC))
    listed = await occurrences(client, settings, home.parent)

    assert (skipped.status_code, moved.status_code) == (201, 201)
    assert (not_in_rule.status_code, twice.status_code) == (422, 409)
    assert [(row["original_at"], row["state"], row["due_at"]) for row in listed[:2]] == [
        ("2026-03-28T09:00:00Z", "skipped", "2026-03-28T09:00:00Z"),
        ("2026-04-04T08:00:00Z", "open", "2026-04-05T16:00:00Z"),
    ]
    withdrawn = await client.delete(f"{url}/{skipped.json()['id']}", headers=auth_headers(home.parent, settings))
    assert withdrawn.status_code == 204
    assert await ScheduleException.all().count() == 1


async def test_a_vacation_skips_the_childs_occurrences_of_those_days(client, settings, clock, home):
    daily = {**SATURDAYS, "rrule": "FREQ=DAILY", "window_minutes": None, "missed_penalty": None}
    child = home.children[0]
    await scheduled_chore(client, settings, home, daily, assignment_mode="multi_independent",
                          assignee_ids=[child.id, home.children[1].id])
    parent = auth_headers(home.parent, settings)

    created = await client.post("/api/v1/vacations", json={"child_id": child.id, "starts_on": "2026-03-28",
                                                           "ends_on": "2026-03-30"}, headers=parent)
    for day in range(28, 32):
        await advance_to(clock, datetime(2026, 3, day, 12, 0, tzinfo=UTC))
    mine = await occurrences(client, settings, home.parent, child_id=child.id)
    sibling = await occurrences(client, settings, home.parent, child_id=home.children[1].id)

    assert created.status_code == 201
    assert [(row["due_at"][:10], row["state"]) for row in mine] == [
        ("2026-03-28", "skipped"), ("2026-03-31", "missed"), ("2026-04-01", "upcoming")]
    assert [row["state"] for row in sibling] == ["missed", "missed", "missed", "missed", "upcoming"]
    listed = await client.get("/api/v1/vacations", headers=parent)
    assert [row["starts_on"] for row in listed.json()] == ["2026-03-28"]


async def test_vacations_are_checked_and_scoped_to_the_family(client, settings, clock, home):
    parent = auth_headers(home.parent, settings)
    stranger = await make_household(children=1)

    inverted = await client.post("/api/v1/vacations", json={"child_id": home.children[0].id, "starts_on": "2026-04-02",
                                                            "ends_on": "2026-04-01"}, headers=parent)
    foreign = await client.post("/api/v1/vacations", json={"child_id": stranger.children[0].id,
                                                           "starts_on": "2026-04-01", "ends_on": "2026-04-02"},
                                headers=parent)
    by_child = await client.post("/api/v1/vacations", json={"child_id": home.children[0].id, "starts_on": "2026-04-01",
                                                            "ends_on": "2026-04-02"},
                                 headers=auth_headers(home.children[0], settings))

    assert (inverted.status_code, foreign.status_code, by_child.status_code) == (422, 404, 403)
    assert await Vacation.all().count() == 0


async def test_new_assignees_get_the_next_occurrences_and_former_ones_lose_theirs(client, settings, clock, home):
    chore = await scheduled_chore(client, settings, home)
    first, second = home.children

    changed = await client.put(f"{CHORES}/{chore['id']}", json={"assignee_ids": [second.id]},
                               headers=auth_headers(home.parent, settings))

    assert changed.status_code == 200
    assert await occurrences(client, settings, first) == []
    [upcoming] = await occurrences(client, settings, second)
    assert (upcoming["state"], upcoming["due_at"]) == ("upcoming", "2026-03-28T09:00:00Z")


async def test_removing_the_schedule_returns_the_chore_to_its_cooldown(client, settings, clock, home):
    chore = await scheduled_chore(client, settings, home, is_recurring=True, cooldown_days=1)
    child, parent = auth_headers(home.children[0], settings), auth_headers(home.parent, settings)
    await advance_to(clock, FIRST_DUE - timedelta(hours=1))
    await client.post(f"{CHORES}/{chore['id']}/complete", headers=child)
    await client.post(f"{CHORES}/{chore['id']}/approve", json={}, headers=parent)

    removed = await client.delete(f"{CHORES}/{chore['id']}/schedule", headers=parent)

    assert removed.status_code == 204
    row = await ChoreAssignment.get(chore_id=chore["id"])
    assert row.cooldown_ends_at is not None
    assert [o["state"] for o in await occurrences(client, settings, home.parent)] == ["done"]


async def test_a_chore_without_schedule_answers_as_before(client, settings, clock, home):
    parent, child = auth_headers(home.parent, settings), auth_headers(home.children[0], settings)
    await scheduled_chore(client, settings, home)
    plain = await api_create_chore(client, parent, assignee_ids=[home.children[0].id])
    await advance_to(clock, FIRST_DUE - timedelta(hours=1))

    available = await client.get(f"{CHORES}/available", headers=child)
    per_child = await client.get(f"{CHORES}/child/{home.children[0].id}", headers=parent)

    items = {item["chore"]["id"]: item["chore"] for item in available.json()["assigned"]}
    assert set(items[plain["id"]]) == set(plain)
    assert "due_at" not in items[plain["id"]]
    views = {view["id"]: view for view in per_child.json()}
    assert set(views[plain["id"]]) == set(plain)
    assert views[plain["id"]] == {**plain, "is_completed": False, "is_approved": False,
                                  "updated_at": views[plain["id"]]["updated_at"]}
