"""A complete → approve cycle runs a fixed, small number of SQL statements (issue #16, item 3), each
searching indexes.

Statements are counted from Tortoise's own debug log of every query it sends, the lookup of the
caller included; transaction control (BEGIN, COMMIT) is not counted.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable

import httpx
import pytest
from tortoise import connections

from tests.api.test_chores_query_plans import logged_statements
from tests.conftest import IS_MYSQL
from tests.factories import api_create_chore, auth_headers, make_household

CHORES = "/api/v1/chores"
SQL_VERBS = ("SELECT", "INSERT", "UPDATE", "DELETE")
# The caller; the chore and its rows locked; the row; the recipients; the activity; the events; their
# recipients. The view answered is built from the locked rows.
COMPLETE = 7
# The caller; the chore and its rows locked; the row; the child's balance; the ledger entry; the
# child's jars; the recipients and the new balance; the activity; the events; their recipients.
APPROVE = 10


async def statements_of(request: Awaitable[httpx.Response], caplog) -> int:
    caplog.clear()
    response = await request
    assert response.status_code == 200, response.text
    return sum(1 for record in caplog.records if record.getMessage().lstrip().upper().startswith(SQL_VERBS))


async def test_a_complete_and_an_approve_run_a_fixed_number_of_statements(client, settings, caplog):
    home = await make_household(children=2)
    child = home.children[0]
    parent_headers, child_headers = auth_headers(home.parent, settings), auth_headers(child, settings)
    chore = await api_create_chore(client, parent_headers, reward=1, is_recurring=True, cooldown_days=0,
                                   assignment_mode="single", assignee_ids=[child.id])
    caplog.set_level(logging.DEBUG, logger="tortoise.db_client")

    for _ in range(2):  # the second cycle starts from the approved row whose cooldown is over
        completed = await statements_of(client.post(f"{CHORES}/{chore['id']}/complete", headers=child_headers), caplog)
        approved = await statements_of(
            client.post(f"{CHORES}/{chore['id']}/approve", json={}, headers=parent_headers), caplog
        )

        assert (completed, approved) == (COMPLETE, APPROVE)


@pytest.mark.skipif(IS_MYSQL, reason="reads SQLite's EXPLAIN QUERY PLAN")
async def test_the_reads_of_a_cycle_search_indexes_and_scan_no_table(client, settings):
    home, other = await make_household(children=2), await make_household(children=2)
    child = home.children[0]
    parent_headers, child_headers = auth_headers(home.parent, settings), auth_headers(child, settings)
    chore = await api_create_chore(client, parent_headers, is_recurring=True, cooldown_days=0,
                                   assignment_mode="single", assignee_ids=[child.id])
    await api_create_chore(client, auth_headers(other.parent, settings), assignment_mode="single",
                           assignee_ids=[other.children[0].id])

    with logged_statements() as log:
        assert (await client.post(f"{CHORES}/{chore['id']}/complete", headers=child_headers)).status_code == 200
        assert (await client.post(f"{CHORES}/{chore['id']}/approve", json={}, headers=parent_headers)).status_code == 200

    # Every read but the jars': their foreign key to the child, which they are read by, has an index on
    # MySQL only.
    selects = [(query, values) for query, values in log.statements
               if query.lstrip().upper().startswith("SELECT") and "FROM `jars`" not in query]
    connection = connections.get("default")
    for query, values in selects:
        plan = await connection.execute_query_dict(f"EXPLAIN QUERY PLAN {query}", values)
        scans = [row["detail"] for row in plan if row["detail"].startswith("SCAN")]
        assert not scans, (query, scans)
