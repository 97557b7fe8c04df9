"""List endpoints of chores and money run a fixed number of SQL statements, whatever the number of rows.

Statements are counted from Tortoise's own debug log of every query it sends.
"""

from __future__ import annotations

import logging

from tests.factories import Household, api_create_chore, auth_headers, make_household

CHORES = "/api/v1/chores"
SQL_VERBS = ("SELECT", "INSERT", "UPDATE", "DELETE")


async def populate(client, settings, home: Household, size: int) -> None:
    """``size`` chores of every kind, each child with open, pending and approved rows, money moves."""
    parent = auth_headers(home.parent, settings)
    ids = [child.id for child in home.children]
    for _ in range(size):
        for state in ("open", "pending", "approved"):
            chore = await api_create_chore(client, parent, reward=1, assignment_mode="multi_independent",
                                           assignee_ids=ids)
            for child in home.children:
                if state != "open":
                    await client.post(f"{CHORES}/{chore['id']}/complete", headers=auth_headers(child, settings))
            if state == "approved":
                for row in chore["assignments"]:
                    await client.post(f"/api/v1/assignments/{row['id']}/approve", headers=parent)
        await api_create_chore(client, parent, assignment_mode="unassigned", assignee_ids=[])
        for child in home.children:
            await client.post("/api/v1/adjustments/", json={"child_id": child.id, "amount": 1, "reason": "abc"},
                              headers=parent)
            await client.post("/api/v1/payouts/", json={"child_id": child.id, "amount": 0.5}, headers=parent)


def requests_of(home: Household) -> list[tuple[str, str, dict]]:
    child = home.children[0]
    return [
        ("parent", CHORES, {}),
        ("parent", CHORES, {"state": "active"}),
        ("parent", CHORES, {"child_id": child.id}),
        ("child", CHORES, {}),
        ("child", CHORES, {"state": "completed"}),
        ("child", f"{CHORES}/available", {}),
        ("parent", f"{CHORES}/pending-approval", {}),
        ("parent", f"{CHORES}/child/{child.id}", {}),
        ("parent", f"{CHORES}/child/{child.id}/completed", {}),
        ("parent", "/api/v1/adjustments/", {}),
        ("parent", f"/api/v1/adjustments/child/{child.id}", {}),
        ("parent", f"/api/v1/adjustments/total/{child.id}", {}),
        ("parent", "/api/v1/payouts/", {}),
        ("child", "/api/v1/users/me/balance", {}),
        ("parent", "/api/v1/users/allowance-summary", {}),
    ]


async def statements_of(client, caplog, url: str, params: dict, headers: dict[str, str]) -> int:
    """The SQL statements one successful GET runs."""
    caplog.clear()
    response = await client.get(url, params=params, headers=headers)
    assert response.status_code == 200, (url, response.text)
    assert response.json(), url
    return len([r for r in caplog.records if r.getMessage().lstrip().upper().startswith(SQL_VERBS)])


async def statements_per_request(client, settings, caplog, home: Household) -> dict[tuple[str, str, str], int]:
    callers = {"parent": auth_headers(home.parent, settings), "child": auth_headers(home.children[0], settings)}
    counts = {}
    for caller, url, params in requests_of(home):
        key = (caller, url.replace(str(home.children[0].id), "{child}"), str(sorted(params)))
        counts[key] = await statements_of(client, caplog, url, params, callers[caller])
    return counts


async def test_list_endpoints_run_the_same_statements_for_one_or_many_rows(client, settings, caplog):
    small, large = await make_household(children=2), await make_household(children=4)
    await populate(client, settings, small, size=1)
    await populate(client, settings, large, size=4)
    caplog.set_level(logging.DEBUG, logger="tortoise.db_client")

    few = await statements_per_request(client, settings, caplog, small)
    many = await statements_per_request(client, settings, caplog, large)

    assert many == few
    assert 2 <= min(few.values()) and max(few.values()) <= 4


async def test_the_hottest_reads_run_the_fewest_statements_after_the_caller_lookup(client, settings, caplog):
    """A balance is one statement; the available list reads the child's chores and the pool, each with
    their rows, in one; the approval inbox reads the pending rows with all the rows of their chores."""
    home = await make_household(children=2)
    await populate(client, settings, home, size=2)
    caplog.set_level(logging.DEBUG, logger="tortoise.db_client")
    child, parent = auth_headers(home.children[0], settings), auth_headers(home.parent, settings)

    assert await statements_of(client, caplog, "/api/v1/users/me", {}, child) == 1
    assert await statements_of(client, caplog, "/api/v1/users/me/balance", {}, child) == 2
    assert await statements_of(client, caplog, f"{CHORES}/available", {}, child) == 2
    assert await statements_of(client, caplog, f"{CHORES}/pending-approval", {}, parent) == 2
