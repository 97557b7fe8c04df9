"""The database connection dropped under the app (MariaDB kills it): an answer, never a hang or a 500,
nothing half-written, and the pool back in service for the next request."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import asyncmy
import pytest

from models import ChoreAssignment, EntryKind, LedgerEntry
from models.ledger import ledger_balance_cents
from tests.conftest import TEST_DATABASE_URL
from tests.consistency import assert_consistent
from tests.factories import api_create_chore, auth_headers, make_household

pytestmark = pytest.mark.mysql

ANSWER_WITHIN_SECONDS = 10


async def kill_connections_to_the_test_database() -> int:
    """What a database restart or a network cut does to the app: every connection it holds is gone."""
    parts = urlsplit(TEST_DATABASE_URL)
    conn = await asyncmy.connect(host=parts.hostname, port=parts.port or 3306, user=parts.username or "root",
                                 password=parts.password or "")
    try:
        async with conn.cursor() as cursor:
            await cursor.execute(
                "SELECT id FROM information_schema.processlist WHERE db = %s AND id <> CONNECTION_ID()",
                (parts.path.lstrip("/"),),
            )
            ids = [row[0] for row in await cursor.fetchall()]
            for connection_id in ids:
                await cursor.execute(f"KILL {int(connection_id)}")
        return len(ids)
    finally:
        conn.close()


async def test_an_approval_when_the_connection_was_dropped_is_answered_and_paid_at_most_once(client, settings):
    home = await make_household(children=1)
    child = home.children[0]
    chore = await api_create_chore(client, auth_headers(home.parent, settings), reward=3, assignee_ids=[child.id])
    assert (await client.post(f"/api/v1/chores/{chore['id']}/complete",
                              headers=auth_headers(child, settings))).status_code == 200
    assignment = await ChoreAssignment.get(chore_id=chore["id"])

    assert await kill_connections_to_the_test_database() > 0
    async with asyncio.timeout(ANSWER_WITHIN_SECONDS):
        first = await client.post(f"/api/v1/assignments/{assignment.id}/approve", json={},
                                  headers=auth_headers(home.parent, settings))

    assert first.status_code in (200, 503), first.text
    if first.status_code == 503:
        assert first.json() == {"detail": "Service temporarily unavailable"}
        assert await LedgerEntry.filter(child_id=child.id).count() == 0  # nothing half-written
        again = await client.post(f"/api/v1/assignments/{assignment.id}/approve", json={},
                                  headers=auth_headers(home.parent, settings))
        assert again.status_code == 200, again.text
    assert await LedgerEntry.filter(child_id=child.id, kind=EntryKind.REWARD).count() == 1
    assert await ledger_balance_cents(child.id) == 300
    await assert_consistent(settings.redis_url)


async def test_reads_work_again_right_after_the_connections_were_dropped(client, settings):
    home = await make_household(children=1)
    await kill_connections_to_the_test_database()

    statuses = []
    async with asyncio.timeout(ANSWER_WITHIN_SECONDS):
        for _ in range(3):
            response = await client.get("/api/v1/users/me", headers=auth_headers(home.parent, settings))
            statuses.append(response.status_code)

    assert set(statuses) <= {200, 503}
    assert statuses[-1] == 200
