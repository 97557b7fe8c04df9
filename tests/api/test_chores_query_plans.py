"""A child's chore list costs the same however many families share the database (issue #8, flat cost).

Every statement of the request is planned by SQLite as index searches: a ``SCAN`` of a table would
read every family's rows. The statements are taken from Tortoise's debug log of every query it sends.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

import pytest
from tortoise import connections

from tests.conftest import IS_MYSQL
from tests.factories import api_create_chore, auth_headers, make_household

pytestmark = pytest.mark.skipif(IS_MYSQL, reason="reads SQLite's EXPLAIN QUERY PLAN")


class StatementLog(logging.Handler):
    """The (SQL, parameters) pairs Tortoise logs, read on its own logger before any handler rewrites them."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[tuple[str, list]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "%s: %s" and isinstance(record.args, tuple):
            self.statements.append(cast(tuple[str, list], record.args))


@contextmanager
def logged_statements() -> Iterator[StatementLog]:
    logger = logging.getLogger("tortoise.db_client")
    capture, level = StatementLog(), logger.level
    logger.addHandler(capture)
    logger.setLevel(logging.DEBUG)
    try:
        yield capture
    finally:
        logger.removeHandler(capture)
        logger.setLevel(level)


async def test_available_chores_search_indexes_and_scan_no_table(client, settings):
    home = await make_household(children=2)
    other = await make_household(children=2)
    for family in (home, other):
        parent = auth_headers(family.parent, settings)
        await api_create_chore(client, parent, assignment_mode="single", assignee_ids=[family.children[0].id])
        claimed = await api_create_chore(client, parent, assignment_mode="unassigned", assignee_ids=[])
        await api_create_chore(client, parent, assignment_mode="unassigned", assignee_ids=[])
        await client.post(f"/api/v1/chores/{claimed['id']}/complete", headers=auth_headers(family.children[1], settings))

    with logged_statements() as log:
        response = await client.get("/api/v1/chores/available", headers=auth_headers(home.children[0], settings))

    assert response.status_code == 200
    assert len(response.json()["assigned"]) == 1 and len(response.json()["pool"]) == 1
    selects = [(query, values) for query, values in log.statements if query.lstrip().upper().startswith("SELECT")]
    assert selects
    connection = connections.get("default")
    for query, values in selects:
        plan = await connection.execute_query_dict(f"EXPLAIN QUERY PLAN {query}", values)
        scans = [row["detail"] for row in plan if row["detail"].startswith("SCAN")]
        assert not scans, (query, scans)
