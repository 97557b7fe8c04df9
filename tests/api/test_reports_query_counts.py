"""The feed, the statistics and the reports run a fixed number of SQL queries, whatever the data."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from models import ActivityType, EntryKind
from models.timeutil import utcnow
from tests.factories import (
    auth_headers,
    make_activity,
    make_child,
    make_family,
    make_ledger_entry,
    make_parent,
    make_pending_assignment,
    make_priced_chore,
)

SQL_LOGGER = "tortoise.db_client"


async def add_family_data(parent, children: int, entries_each: int) -> list:
    """Children with rewards, adjustments, payouts, pending chores and activities."""
    kids = [await make_child(parent) for _ in range(children)]
    chore = await make_priced_chore(parent, reward_cents=100)
    for kid in kids:
        await make_pending_assignment(chore, kid, completed_at=utcnow())
        for i in range(entries_each):
            at = utcnow() - timedelta(days=3 * i)
            await make_ledger_entry(kid, EntryKind.REWARD, 100, chore=chore, at=at)
            await make_ledger_entry(kid, EntryKind.ADJUSTMENT, -10, at=at)
            await make_ledger_entry(kid, EntryKind.PAYOUT, -5, at=at)
            await make_activity(parent, ActivityType.CHORE_APPROVED, target=kid, at=at)
            await make_activity(kid, ActivityType.CHORE_COMPLETED, at=at)
    return kids


async def queries_for(client, caplog, path: str, headers: dict) -> int:
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger=SQL_LOGGER):
        response = await client.get(path, headers=headers)
    assert response.status_code == 200, (path, response.text)
    return sum(1 for record in caplog.records if record.name == SQL_LOGGER)


@pytest.mark.parametrize("path", [
    "/api/v1/activities/recent?limit=100",
    "/api/v1/activities/summary",
    "/api/v1/activities/debug",
    "/api/v1/reports/allowance-summary",
    "/api/v1/reports/export/allowance-summary?format=csv",
    "/api/v1/reports/export/allowance-summary?format=json",
    "/api/v1/reports/reward-history/{child}?limit=200",
    "/api/v1/statistics/weekly-summary?weeks_back=12",
    "/api/v1/statistics/monthly-summary?months_back=12",
    "/api/v1/statistics/trends?period=weekly",
    "/api/v1/statistics/comparison?compare_periods=current_vs_previous_quarter",
])
async def test_the_number_of_queries_does_not_grow_with_the_data(client, settings, caplog, path):
    parent = await make_parent(family=await make_family())
    headers = auth_headers(parent, settings)
    first_child = (await add_family_data(parent, children=1, entries_each=1))[0]
    url = path.format(child=first_child.id)
    small = await queries_for(client, caplog, url, headers)
    assert small > 1

    await add_family_data(parent, children=4, entries_each=8)

    assert await queries_for(client, caplog, url, headers) == small


async def test_one_activity_takes_a_fixed_number_of_queries(client, settings, caplog):
    parent = await make_parent(family=await make_family())
    kid = await make_child(parent)
    activity = await make_activity(parent, ActivityType.CHORE_APPROVED, target=kid)

    count = await queries_for(client, caplog, f"/api/v1/activities/{activity.id}", auth_headers(parent, settings))

    assert count == 3  # the caller; the activity; its actor and target together
