"""Scopes on every route (api/token_scopes.py): walked from the router, so a new route is covered at once.

A token is refused (403, naming the scope) on every route its scopes do not open, and a route that
declares nothing takes login tokens only. Each probe names ids nobody has and sends an empty body,
so an accepted request changes nothing either: the walk proves the gate, not the use cases.
"""

from __future__ import annotations

import pytest

from api.token_scopes import LOGIN_ONLY, ROUTE_SCOPES, scope_refusal
from models import LedgerEntry
from models.api_tokens import ApiScope
from tests.factories import api_create_chore, auth_headers, bearer, make_api_token, make_household
from tests.security.routes import Probe, is_authenticated, method_of, name_of, operations, path_parameters, send
from tests.security.world import changed_rows, snapshot

UNKNOWN_ID = 99_999_999
EVERY_SCOPE_BUT_KIOSK = ("read", "chores:write", "money:write")
SCOPE_SETS = [("read",), ("chores:write",), ("money:write",), ("kiosk",), EVERY_SCOPE_BUT_KIOSK]
KIOSK_ROUTES = {"chores.list_chores", "chores.available_chores", "chores.complete_chore", "users.my_family_children"}


def probe(route) -> Probe:
    return Probe(path={name: UNKNOWN_ID for name in path_parameters(route)},
                 json=None if method_of(route) == "GET" else {})


def is_scope_refusal(answer: tuple) -> bool:
    """A 403 of the scope gate (the use cases' own 403s refuse a parent's role, as they would his login)."""
    status, body = answer
    detail = body.get("detail") if isinstance(body, dict) else None
    return status == 403 and isinstance(detail, str) and (detail == LOGIN_ONLY or detail.startswith("This API token"))


def authenticated_routes(app):
    return {name_of(app, route): route for route in operations(app) if is_authenticated(route)}


ROUTE_FAMILIES = {"users", "families", "chores", "assignments", "adjustments", "payouts", "activities", "statistics",
                  "reports", "balances", "events", "tokens"}


async def test_the_table_names_only_routes_that_exist_and_the_walk_covers_every_route_family(app):
    routes = authenticated_routes(app)

    assert set(ROUTE_SCOPES) - set(routes) == set()
    assert {name.split(".")[0] for name in routes} >= ROUTE_FAMILIES


@pytest.mark.parametrize("scopes", SCOPE_SETS, ids="+".join)
async def test_every_route_honours_its_declared_scopes(app, client, scopes):
    home = await make_household(children=1)
    headers = bearer(await make_api_token(home.parent, *scopes))
    held = {ApiScope(scope) for scope in scopes}
    failures = []
    before = await snapshot()

    for name, route in authenticated_routes(app).items():
        response = await send(client, route, probe(route), headers)
        refusal = scope_refusal(name, held)
        answer = (response.status_code, response.json() if response.status_code < 500 else response.text)
        if refusal is not None and answer != (403, {"detail": refusal}):
            failures.append(f"{name} let {scopes} through: {answer}")
        if refusal is None and (response.status_code in (401, 500) or is_scope_refusal(answer)):
            failures.append(f"{name} refused {scopes}: {answer}")

    assert not failures, "\n".join(failures)
    assert changed_rows(before, await snapshot()) == []


async def test_a_read_token_cannot_write_anywhere(app, client):
    home = await make_household(children=1)
    headers = bearer(await make_api_token(home.parent, "read"))
    writes = {name: route for name, route in authenticated_routes(app).items() if method_of(route) != "GET"}

    answers = {name: (await send(client, route, probe(route), headers)).status_code for name, route in writes.items()}

    assert set(answers.values()) == {403}, answers
    assert len(writes) > 20


async def test_routes_that_declare_nothing_take_login_tokens_only(app, client, settings):
    home = await make_household(children=1)
    headers = bearer(await make_api_token(home.parent, *EVERY_SCOPE_BUT_KIOSK))
    undeclared = {name: route for name, route in authenticated_routes(app).items() if name not in ROUTE_SCOPES}

    answers = {name: (await send(client, route, probe(route), headers)).json() for name, route in undeclared.items()}

    assert all(answer == {"detail": LOGIN_ONLY} for answer in answers.values()), answers
    assert {"tokens.create_token", "tokens.revoke_token", "users.create_user", "users.reset_child_password",
            "users.registration_status", "families.members", "families.join"} <= set(undeclared)


async def test_a_kiosk_token_reaches_its_four_routes_only():
    assert {name for name, scopes in ROUTE_SCOPES.items() if ApiScope.KIOSK in scopes} == KIOSK_ROUTES


async def test_a_read_token_sees_what_its_parent_sees(client, settings):
    home = await make_household(children=1)
    await api_create_chore(client, auth_headers(home.parent, settings), assignee_ids=[home.children[0].id])
    headers = bearer(await make_api_token(home.parent, "read"))

    for path in ("/api/v1/chores", "/api/v1/users/my-children", "/api/v1/activities/recent",
                 "/api/v1/statistics/weekly-summary", "/api/v1/payouts/", "/api/v1/adjustments/"):
        by_token = await client.get(path, headers=headers)
        by_login = await client.get(path, headers=auth_headers(home.parent, settings))
        assert (by_token.status_code, by_token.json()) == (by_login.status_code, by_login.json()), path


async def test_a_chores_token_creates_and_approves_as_its_parent_but_moves_no_money(client, settings):
    home = await make_household(children=1)
    [child] = home.children
    headers = bearer(await make_api_token(home.parent, "chores:write"))

    chore = await api_create_chore(client, headers, reward=2, assignee_ids=[child.id])
    await client.post(f"/api/v1/chores/{chore['id']}/complete", headers=auth_headers(child, settings))
    approved = await client.post(f"/api/v1/assignments/{chore['assignments'][0]['id']}/approve", json={},
                                 headers=headers)
    bonus = await client.post("/api/v1/adjustments/", json={"child_id": child.id, "amount": 1, "reason": "Bonus"},
                              headers=headers)
    listed = await client.get("/api/v1/chores", headers=headers)

    assert chore["creator_id"] == home.parent.id
    assert approved.status_code == 200
    assert (bonus.status_code, bonus.json()) == (
        403, {"detail": "This API token lacks the 'money:write' scope this route needs"}
    )
    assert (listed.status_code, listed.json()) == (
        403, {"detail": "This API token lacks the 'kiosk' or 'read' scope this route needs"}
    )


async def test_a_money_token_books_adjustments_and_payouts_by_its_parent(client, settings):
    home = await make_household(children=1)
    [child] = home.children
    headers = bearer(await make_api_token(home.co_parent, "money:write"))

    bonus = await client.post("/api/v1/adjustments/", json={"child_id": child.id, "amount": 5, "reason": "Bonus"},
                              headers=headers)
    payout = await client.post("/api/v1/payouts/", json={"child_id": child.id, "amount": 2}, headers=headers)
    chore = await client.post("/api/v1/chores", json={"title": "Sweep", "assignee_ids": [child.id]}, headers=headers)

    assert (bonus.status_code, payout.status_code, chore.status_code) == (201, 201, 403)
    assert {entry.actor_id for entry in await LedgerEntry.filter(child_id=child.id)} == {home.co_parent.id}
