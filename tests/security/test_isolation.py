"""Cross-family isolation (issue #9, item 2): no id of another family opens anything, no list shows any.

Another family's id is not found (issue #15, item 3): a 404 with the body an unknown id gets, so an
answer never tells that the id exists. The one other answer is a refusal of the caller's role that
comes before any id is read (a child on a parent-only route): the same 403 for every id.

Family A (the caller, small ids) attacks family B (far ids, see ``world.py``) on every route that
takes an id, as A's parent and as A's child, and, where a kiosk token may go, as A's kiosk. The
routes come from the router, so a new route with an id parameter fails
``test_every_route_taking_an_id_has_a_row_in_the_matrix`` until the matrix says how to fill it, and
is then attacked like the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import httpx
import pytest
from sanic import Sanic
from sanic.router import Route

from tests.factories import unique
from tests.security.routes import Probe, id_parameters, method_of, name_of, operations, path_parameters, send, url_of
from tests.security.world import SCHEDULE, FamilyWorld, Foreign, Snapshot, changed_rows, snapshot, two_families

UNKNOWN_ID = 99_999_999


class Outcome(Enum):
    """What an answer to another family's id must be."""

    NOT_FOUND = "404 with the body an id nobody has gets (or the role's 403 every id gets), nothing changed"
    LIKE_UNKNOWN = "exactly the answer to an id nobody has, nothing changed"
    IGNORED = "the contract ignores this parameter: no data of the other family, none of its rows touched"


@dataclass(frozen=True)
class Fill:
    """Which of the other family's rows go in a parameter, how the request is built, what must come back."""

    table: str
    probe: Callable[[int, FamilyWorld], Probe]
    as_parent: Outcome = Outcome.NOT_FOUND
    as_child: Outcome = Outcome.NOT_FOUND
    # Also attacked with the family's kiosk token when set (the routes it may call).
    as_kiosk: Outcome | None = None


def in_path(name: str, json: Any = None) -> Callable[[int, FamilyWorld], Probe]:
    return lambda foreign_id, home: Probe(path={name: foreign_id}, json=json)


def in_query(name: str) -> Callable[[int, FamilyWorld], Probe]:
    return lambda foreign_id, home: Probe(query={name: foreign_id})


def kiosk_child(chore: str) -> Callable[[int, FamilyWorld], Probe]:
    """Complete one of the home family's chores for the child named in the query."""
    return lambda foreign_id, home: Probe(path={"chore_id": home.chores[chore]}, query={"child_id": foreign_id})


def new_child(**fields: Any) -> dict[str, Any]:
    return {"username": unique("newcomer"), "password": "password123", "is_parent": False, **fields}


def new_chore(**fields: Any) -> dict[str, Any]:
    return {"title": "Not yours", "description": "", "reward": 1, **fields}


REJECTION = {"rejection_reason": "Not yours"}

# (route, parameter) -> how to attack it. Every id parameter of every route must have a row.
MATRIX: dict[tuple[str, str], Fill] = {
    # U11 answers an unknown parent with [] (contract): another family's parent must look the same.
    ("users.children_of_parent", "parent_id"): Fill(
        "users", in_path("parent_id"), as_parent=Outcome.LIKE_UNKNOWN, as_child=Outcome.LIKE_UNKNOWN
    ),
    ("users.reset_child_password", "child_id"): Fill("users", in_path("child_id", json="new-password")),
    ("users.create_user", "parent_id"): Fill(
        "users", lambda foreign_id, home: Probe(json=new_child(parent_id=foreign_id))
    ),
    # U3: "family_id accepted but ignored"; the new child joins the caller's family.
    ("users.create_user", "family_id"): Fill(
        "families", lambda foreign_id, home: Probe(json=new_child(family_id=foreign_id)), as_parent=Outcome.IGNORED
    ),
    ("users.register", "parent_id"): Fill(
        "users",
        lambda foreign_id, home: Probe(
            form={"username": unique("newcomer"), "password": "password123", "is_parent": "false",
                  "parent_id": str(foreign_id)}
        ),
    ),
    ("families.remove_member", "user_id"): Fill(
        "users", lambda foreign_id, home: Probe(path={"user_id": foreign_id}, json={"user_id": foreign_id})
    ),
    ("families.remove_member_by_body", "user_id"): Fill(
        "users", lambda foreign_id, home: Probe(json={"user_id": foreign_id})
    ),
    ("chores.create_chore", "assignee_ids"): Fill(
        "users", lambda foreign_id, home: Probe(json=new_chore(assignee_ids=[foreign_id]))
    ),
    ("chores.create_chore", "assignee_id"): Fill(
        "users", lambda foreign_id, home: Probe(json=new_chore(assignee_id=foreign_id))
    ),
    # C2: child_id is for parents; a child's list ignores it.
    ("chores.list_chores", "child_id"): Fill("users", in_query("child_id"), as_child=Outcome.IGNORED),
    ("chores.get_chore", "chore_id"): Fill("chores", in_path("chore_id")),
    ("chores.update_chore", "chore_id"): Fill("chores", in_path("chore_id", json={"title": "Taken over"})),
    ("chores.update_chore", "assignee_ids"): Fill(
        "users",
        lambda foreign_id, home: Probe(path={"chore_id": home.chores["editable"]}, json={"assignee_ids": [foreign_id]}),
    ),
    ("chores.delete_chore", "chore_id"): Fill("chores", in_path("chore_id")),
    ("chores.complete_chore", "chore_id"): Fill("chores", in_path("chore_id")),
    # child_id names the child a kiosk token acts for; login tokens ignore it (parents are refused their role).
    ("chores.complete_chore", "child_id"): Fill(
        "users", kiosk_child("pool"), as_child=Outcome.IGNORED, as_kiosk=Outcome.NOT_FOUND
    ),
    ("chores.available_chores", "child_id"): Fill(
        "users", in_query("child_id"), as_child=Outcome.IGNORED, as_kiosk=Outcome.NOT_FOUND
    ),
    ("chores.approve_chore", "chore_id"): Fill("chores", in_path("chore_id", json={"reward_value": 1})),
    ("rotation.show_rotation", "chore_id"): Fill("chores", in_path("chore_id")),
    ("rotation.configure_rotation", "chore_id"): Fill("chores", in_path("chore_id", json={"mode": "none"})),
    ("rotation.set_turn", "chore_id"): Fill("chores", in_path("chore_id", json={"child_id": 1})),
    ("rotation.set_turn", "child_id"): Fill(
        "users",
        lambda foreign_id, home: Probe(path={"chore_id": home.chores["editable"]}, json={"child_id": foreign_id}),
        as_parent=Outcome.LIKE_UNKNOWN, as_child=Outcome.LIKE_UNKNOWN,
    ),
    ("rotation.swap_turns", "chore_id"): Fill(
        "chores", in_path("chore_id", json={"first": "2030-01-01T00:00:00Z", "second": "2030-02-01T00:00:00Z"})
    ),
    ("chores.reject_chore", "chore_id"): Fill("chores", in_path("chore_id", json=REJECTION)),
    ("chores.disable_chore", "chore_id"): Fill("chores", in_path("chore_id")),
    ("chores.enable_chore", "chore_id"): Fill("chores", in_path("chore_id")),
    ("chores.child_chores", "child_id"): Fill("users", in_path("child_id")),
    ("chores.child_completed_chores", "child_id"): Fill("users", in_path("child_id")),
    ("assignments.approve", "assignment_id"): Fill(
        "chore_assignments", in_path("assignment_id", json={"reward_value": 1})
    ),
    ("assignments.reject", "assignment_id"): Fill("chore_assignments", in_path("assignment_id", json=REJECTION)),
    ("adjustments.create_adjustment", "child_id"): Fill(
        "users", lambda foreign_id, home: Probe(json={"child_id": foreign_id, "amount": 5, "reason": "Not yours"})
    ),
    ("adjustments.list_adjustments", "child_id"): Fill("users", in_query("child_id")),
    # J2: parent_id is "accepted and ignored".
    ("adjustments.list_adjustments", "parent_id"): Fill("users", in_query("parent_id"), as_parent=Outcome.IGNORED),
    ("adjustments.child_adjustments", "child_id"): Fill("users", in_path("child_id")),
    ("adjustments.adjustment_total", "child_id"): Fill("users", in_path("child_id")),
    ("payouts.record_payout", "child_id"): Fill(
        "users", lambda foreign_id, home: Probe(json={"child_id": foreign_id, "amount": 1})
    ),
    ("payouts.list_payouts", "child_id"): Fill("users", in_query("child_id")),
    ("ledger.list_entries", "child_id"): Fill("users", in_query("child_id")),
    ("ledger.reverse_entry", "entry_id"): Fill("ledger_entries", in_path("entry_id", json={"reason": "Not yours"})),
    # The rewards store: child_id is for parents; a child's store ignores it.
    ("rewards.list_rewards", "child_id"): Fill("users", in_query("child_id"), as_child=Outcome.IGNORED),
    ("rewards.get_reward", "reward_id"): Fill("rewards", in_path("reward_id")),
    ("rewards.update_reward", "reward_id"): Fill("rewards", in_path("reward_id", json={"price": 1})),
    ("rewards.delete_reward", "reward_id"): Fill("rewards", in_path("reward_id")),
    ("redemptions.request_reward", "reward_id"): Fill(
        "rewards", lambda foreign_id, home: Probe(json={"reward_id": foreign_id})
    ),
    ("redemptions.list_redemptions", "child_id"): Fill("users", in_query("child_id")),
    ("redemptions.get_redemption", "redemption_id"): Fill("redemptions", in_path("redemption_id")),
    ("redemptions.approve_redemption", "redemption_id"): Fill("redemptions", in_path("redemption_id")),
    ("redemptions.decline_redemption", "redemption_id"): Fill(
        "redemptions", in_path("redemption_id", json={"reason": "Not yours"})
    ),
    ("allowances.get_allowance", "child_id"): Fill("users", in_path("child_id")),
    ("allowances.set_allowance", "child_id"): Fill(
        "users", in_path("child_id", json={"amount": 5, "period": "weekly", "weekday": "monday", "time": "08:00"})
    ),
    ("allowances.delete_allowance", "child_id"): Fill("users", in_path("child_id")),
    ("allowances.preview_allowance", "child_id"): Fill("users", in_path("child_id")),
    ("allowances.allowance_payments", "child_id"): Fill("users", in_path("child_id")),
    ("jars.get_jars", "child_id"): Fill("users", in_path("child_id")),
    ("jars.configure_jars", "child_id"): Fill(
        "users", in_path("child_id", json={"jars": [{"name": "spend", "percent": 100, "is_spend": True}]})
    ),
    ("jars.transfer", "child_id"): Fill(
        "users", in_path("child_id", json={"from_jar": "spend", "to_jar": "save", "amount": 1})
    ),
    ("jars.list_transfers", "child_id"): Fill("users", in_path("child_id")),
    ("activities.one", "activity_id"): Fill("activities", in_path("activity_id")),
    ("statistics.weekly_summary", "child_id"): Fill("users", in_query("child_id")),
    ("statistics.monthly_summary", "child_id"): Fill("users", in_query("child_id")),
    ("statistics.trends", "child_id"): Fill("users", in_query("child_id")),
    ("statistics.comparison", "child_id"): Fill("users", in_query("child_id")),
    ("reports.allowance_summary", "child_id"): Fill("users", in_query("child_id")),
    ("reports.export_allowance_summary", "child_id"): Fill("users", in_query("child_id")),
    ("reports.reward_history", "child_id"): Fill("users", in_path("child_id")),
    ("tokens.revoke_token", "token_id"): Fill("api_tokens", in_path("token_id")),
    ("webhooks.get_endpoint", "endpoint_id"): Fill("webhook_endpoints", in_path("endpoint_id")),
    ("webhooks.update_endpoint", "endpoint_id"): Fill(
        "webhook_endpoints", in_path("endpoint_id", json={"description": "Taken over", "enabled": False})
    ),
    ("webhooks.delete_endpoint", "endpoint_id"): Fill("webhook_endpoints", in_path("endpoint_id")),
    ("webhooks.rotate_secret", "endpoint_id"): Fill("webhook_endpoints", in_path("endpoint_id")),
    ("webhooks.list_deliveries", "endpoint_id"): Fill("webhook_endpoints", in_path("endpoint_id")),
    ("webhooks.redeliver", "endpoint_id"): Fill(
        "webhook_endpoints",
        lambda foreign_id, home: Probe(path={"endpoint_id": foreign_id, "delivery_id": home.webhook_delivery}),
    ),
    ("webhooks.redeliver", "delivery_id"): Fill(
        "webhook_deliveries",
        lambda foreign_id, home: Probe(path={"endpoint_id": home.webhook_endpoint, "delivery_id": foreign_id}),
    ),
    ("push.delete_subscription", "subscription_id"): Fill("push_subscriptions", in_path("subscription_id")),
    ("streaks.child_streaks", "child_id"): Fill("users", in_query("child_id")),
    ("calendar_feeds.create_feed", "child_id"): Fill("users", lambda foreign_id, home: Probe(json={"child_id": foreign_id})),
    ("calendar_feeds.revoke_feed", "feed_id"): Fill("calendar_feeds", in_path("feed_id")),
    ("calendar_feeds.regenerate_feed", "feed_id"): Fill("calendar_feeds", in_path("feed_id")),
    ("schedules.get_schedule", "chore_id"): Fill("chores", in_path("chore_id")),
    ("schedules.put_schedule", "chore_id"): Fill("chores", in_path("chore_id", json=SCHEDULE)),
    ("schedules.delete_schedule", "chore_id"): Fill("chores", in_path("chore_id")),
    ("schedules.list_exceptions", "chore_id"): Fill("chores", in_path("chore_id")),
    ("schedules.add_exception", "chore_id"): Fill(
        "chores", in_path("chore_id", json={"original_at": "2030-01-01T18:00:00Z", "action": "skip"})
    ),
    ("schedules.delete_exception", "chore_id"): Fill(
        "chores",
        lambda foreign_id, home: Probe(path={"chore_id": foreign_id, "exception_id": home.schedule_exception}),
    ),
    ("schedules.delete_exception", "exception_id"): Fill(
        "schedule_exceptions",
        lambda foreign_id, home: Probe(path={"chore_id": home.chores["scheduled"], "exception_id": foreign_id}),
    ),
    ("occurrences.list_occurrences", "child_id"): Fill("users", in_query("child_id")),
    ("occurrences.decide_penalty", "occurrence_id"): Fill(
        "chore_occurrences", in_path("occurrence_id", json={"action": "confirm"})
    ),
    ("vacations.list_vacations", "child_id"): Fill("users", in_query("child_id")),
    ("vacations.create_vacation", "child_id"): Fill(
        "users", lambda foreign_id, home: Probe(json={"child_id": foreign_id, "starts_on": "2099-01-01",
                                                      "ends_on": "2099-01-02"})
    ),
    ("vacations.delete_vacation", "vacation_id"): Fill("vacations", in_path("vacation_id")),
}

# Parameters named like ids that name no row of ours.
NOT_ROW_IDS = {
    ("users.login", "client_id"): "the OAuth2 form's client name, ignored",
    ("calendar_feeds.feed", "secret"): "a feed's secret, no row id (tests/api/test_calendar_feeds.py)",
}


def id_routes(app: Sanic) -> dict[tuple[str, str], Route]:
    return {(name_of(app, route), parameter): route for route in operations(app) for parameter in id_parameters(route)}


def with_id(probe: Probe, old: int, new: int) -> Probe:
    """The same request with another id in place of ``old`` (the ``LIKE_UNKNOWN`` baseline)."""

    def swap(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: swap(item) for key, item in value.items()}
        if isinstance(value, list):
            return [swap(item) for item in value]
        if value == old or value == str(old):
            return type(value)(new)
        return value

    form = swap(probe.form) if probe.form is not None else None
    return Probe(swap(probe.path), swap(probe.query), swap(probe.json), form)


def role_refusal(response: httpx.Response) -> bool:
    """A 403 that an id nobody has gets too: the caller's role is refused before any id is read."""
    return response.status_code == 403


@pytest.fixture
async def families(client, settings) -> tuple[FamilyWorld, FamilyWorld, Foreign]:
    return await two_families(client, settings)


async def test_every_route_taking_an_id_has_a_row_in_the_matrix(app):
    derived = set(id_routes(app))

    assert derived - MATRIX.keys() - NOT_ROW_IDS.keys() == set(), "routes taking an id with no row in MATRIX"
    assert MATRIX.keys() - derived == set(), "rows of MATRIX naming no route parameter"


async def judge(
    client: httpx.AsyncClient,
    route: Route,
    probe: Probe,
    foreign_id: int,
    headers: dict[str, str],
    outcome: Outcome,
    foreign: Foreign,
    before: Snapshot,
) -> tuple[str | None, Snapshot]:
    """Send one probe: what is wrong with its answer (None when nothing is), and the rows afterwards."""
    response = await send(client, route, probe, headers)
    after = await snapshot()
    changed = changed_rows(before, after)
    answer = f"{response.status_code} {response.text[:200]}"
    leaks = foreign.leaks_in(response.text, besides={foreign_id})
    if response.status_code >= 500 or leaks:
        return f"{answer} (leaks {sorted(leaks)})", after
    if outcome in (Outcome.NOT_FOUND, Outcome.LIKE_UNKNOWN):
        baseline = await send(client, route, with_id(probe, foreign_id, UNKNOWN_ID), headers)
        after = await snapshot()
        expected = (baseline.status_code, baseline.text)
        if (response.status_code, response.text.replace(str(foreign_id), str(UNKNOWN_ID))) != expected:
            return f"{answer} (an unknown id gets {baseline.status_code} {baseline.text[:200]})", after
        if outcome is Outcome.NOT_FOUND and response.status_code != 404 and not role_refusal(baseline):
            return f"{answer} (expected 404)", after
    if outcome is Outcome.IGNORED:
        changed = [key for key in changed if key in foreign.rows or foreign.leaks_in(str(after.get(key)))]
    if changed:
        return f"{answer} (changed rows {changed})", after
    return None, after


async def test_no_id_of_another_family_opens_or_changes_anything(app, client, families):
    home, other, foreign = families
    routes = id_routes(app)
    failures: list[str] = []
    probes = 0
    rows = await snapshot()
    for (route_name, parameter), fill in MATRIX.items():
        route = routes[(route_name, parameter)]
        for foreign_id in foreign.ids(fill.table):
            probe = fill.probe(foreign_id, home)
            roles = [("parent", home.as_parent, fill.as_parent), ("child", home.as_child, fill.as_child)]
            if fill.as_kiosk is not None:
                roles.append(("kiosk", home.as_kiosk, fill.as_kiosk))
            for role, headers, outcome in roles:
                wrong, rows = await judge(client, route, probe, foreign_id, headers, outcome, foreign, rows)
                if wrong:
                    failures.append(f"{route_name} {parameter}={foreign_id} as {role}: {wrong}")
                probes += 1

    assert not failures, "\n".join(failures)
    assert probes > 200


async def test_no_list_shows_anything_of_another_family(app, client, families):
    home, other, foreign = families
    lists = [route for route in operations(app) if method_of(route) == "GET" and not path_parameters(route)]
    failures: list[str] = []
    roles = {"parent": home.as_parent, "child": home.as_child, "read token": home.as_reader, "kiosk": home.as_kiosk}
    seen_own_data = dict.fromkeys(roles, False)
    for role, headers in roles.items():
        for route in lists:
            response = await client.get(url_of(route, {}), headers=headers)
            leaks = foreign.leaks_in(response.text)
            if response.status_code >= 500 or leaks:
                failures.append(f"{name_of(app, route)} as {role}: {response.status_code} leaks {sorted(leaks)}")
            seen_own_data[role] |= home.tag in response.text

    assert not failures, "\n".join(failures)
    assert all(seen_own_data.values()), f"some lists showed nothing at all, the scan proves nothing: {seen_own_data}"


async def test_the_other_family_sees_its_own_rows_so_the_scans_had_something_to_find(client, families):
    home, other, foreign = families

    chores = await client.get("/api/v1/chores", headers=other.as_parent)
    feed = await client.get("/api/v1/activities/recent", params={"limit": 100}, headers=other.as_parent)
    events = await client.get("/api/v1/events", headers=other.as_child)

    assert {chore["id"] for chore in chores.json()} == set(foreign.ids("chores"))
    assert {activity["id"] for activity in feed.json()["activities"]} == set(foreign.ids("activities"))
    assert events.json() and all(event["id"] in foreign.ids("events") for event in events.json())
