"""Per-route rate limits of §13 on the chores and money routes (Redis db 9, this module's own)."""

from __future__ import annotations

import pytest

from api.adjustments import routes as adjustments
from api.chores import routes as chores
from api.payouts import routes as payouts
from models import Chore
from tests.conftest import make_settings
from tests.factories import auth_headers, make_household

REDIS_DB = 9


@pytest.fixture
def settings():
    return make_settings(rate_limit_enabled=True, redis_url=f"redis://127.0.0.1:6379/{REDIS_DB}")


def test_each_route_has_the_limit_of_the_contract():
    limits = {
        chores.create_chore: 30,
        chores.update_chore: 50,
        chores.delete_chore: 20,
        adjustments.create_adjustment: 30,
        adjustments.list_adjustments: 100,
        adjustments.child_adjustments: 100,
        adjustments.adjustment_total: 100,
        payouts.record_payout: 30,
    }

    assert {handler: handler.__rate_limit__ for handler in limits} == limits


async def test_the_thirty_first_chore_in_a_minute_gets_429_with_retry_after(client, app, settings):
    await app.ctx.redis.flushdb()
    home = await make_household()
    headers = auth_headers(home.parent, settings)
    body = {"title": "T", "description": "", "assignment_mode": "unassigned", "assignee_ids": []}

    responses = [await client.post("/api/v1/chores", json=body, headers=headers) for _ in range(31)]

    assert [r.status_code for r in responses] == [201] * 30 + [429]
    assert responses[-1].json() == {"error": "Rate limit exceeded: 30 per 1 minute"}
    assert int(responses[-1].headers["retry-after"]) >= 1
    assert await Chore.all().count() == 30


async def test_malformed_or_unauthenticated_requests_do_not_use_up_the_quota_of_post_chores(client, app, settings):
    await app.ctx.redis.flushdb()
    home = await make_household()
    headers = auth_headers(home.parent, settings)
    body = {"title": "T", "description": "", "assignment_mode": "unassigned", "assignee_ids": []}

    malformed = [await client.post("/api/v1/chores", json={**body, "title": 5}, headers=headers) for _ in range(31)]
    anonymous = [await client.post("/api/v1/chores", json=body) for _ in range(31)]
    accepted = [await client.post("/api/v1/chores", json=body, headers=headers) for _ in range(30)]

    assert {r.status_code for r in malformed} == {422}
    assert {r.status_code for r in anonymous} == {401}
    assert [r.status_code for r in accepted] == [201] * 30
