"""Redis down when a use case commits: the request still succeeds, and the sweep delivers its pushes later."""

from __future__ import annotations

from arq.connections import RedisSettings, create_pool

from models import Event
from tests.conftest import make_settings
from tests.consistency import assert_consistent
from tests.factories import api_create_chore, auth_headers
from tests.workers.support import queue_on, run_worker, throwaway_redis
from workers import enqueue


async def test_requests_succeed_while_the_queue_redis_is_down_and_the_sweep_pushes_their_events_once_it_is_back(
    families, connect, client, settings, publisher, redis
):
    x, mum = await connect(families.x), await connect(families.mum)
    async with throwaway_redis() as queue_redis, queue_on(queue_redis.url):
        # The web app's queue connection (what ``redis_url`` gives it at start) on a Redis that then stops.
        queue_redis.stop()

        chore = await api_create_chore(client, auth_headers(families.mum, settings), reward=3,
                                       assignee_ids=[families.x.id])
        completed = await client.post(f"/api/v1/chores/{chore['id']}/complete", headers=auth_headers(families.x, settings))
        approved = await client.post(f"/api/v1/chores/{chore['id']}/approve", json={},
                                     headers=auth_headers(families.mum, settings))

        assert (completed.status_code, approved.status_code) == (200, 200)
        unpublished = await Event.filter(published_at=None).count()
        assert unpublished > 0
        assert x.events == mum.events == []

        await queue_redis.start()  # back, and empty: every job enqueued before is lost
        pool = await create_pool(RedisSettings.from_dsn(queue_redis.url))
        await pool.enqueue_job(enqueue.RESET_SWEEP)  # what the worker's cron does every minute
        await pool.aclose()
        await run_worker(make_settings(redis_url=queue_redis.url), publisher, with_sweep=True)
        await assert_consistent(queue_redis.url)

    await x.wait_for_event("balance_updated")
    await mum.wait_for_event("balance_updated")
    assert [name for name, _ in x.events if name != "activity_created"] == [
        "chore_available", "assignment_approved", "balance_updated"
    ]
    assert [name for name, _ in mum.events if name != "activity_created"] == [
        "assignment_completed", "assignment_approved", "balance_updated"
    ]
    assert len(x.received("activity_created")) == 3
    assert await Event.filter(published_at=None).count() == 0
