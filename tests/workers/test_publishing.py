"""Publishing the outbox: each event pushed once to its recipients' rooms, then marked published."""

from __future__ import annotations

import asyncio
import time

import pytest
from arq import Retry
from prometheus_client import REGISTRY
from tortoise.transactions import in_transaction

from models import Event, EventType
from models.events import stage_event
from realtime.publisher import Publisher, PublishError
from tests.factories import make_approved_assignment, make_priced_chore
from tests.workers.support import run_worker
from workers import enqueue
from workers.instrument import MAX_TRIES
from workers.publishing import publish_after_job, publish_events, publish_pending


async def stage(recipients: list[int], **data) -> Event:
    async with in_transaction() as conn:
        return await stage_event(conn, type=EventType.CHORE_AVAILABLE, family_id=None, recipients=recipients, data=data)


def sample(name: str, job: str) -> float:
    return REGISTRY.get_sample_value(name, {"job": job}) or 0.0


async def test_the_publish_job_pushes_the_events_to_their_recipients_rooms_once(
    families, settings, queue, publisher, listener
):
    first = await stage([families.x.id, families.mum.id], n=1)
    second = await stage([families.y.id], n=2)
    runs_before = sample("chores_jobs_run_total", enqueue.PUBLISH_EVENTS)
    lateness_before = sample("chores_job_lateness_seconds_count", enqueue.PUBLISH_EVENTS)

    await enqueue.publish_events()
    await enqueue.publish_events()
    await run_worker(settings, publisher)

    pushes = await listener.wait_for(2)
    assert [(name, sorted(rooms), payload["id"]) for name, rooms, payload in pushes] == [
        ("chore_available", sorted([f"user:{families.x.id}", f"user:{families.mum.id}"]), first.id),
        ("chore_available", [f"user:{families.y.id}"], second.id),
    ]
    assert pushes[0][2] == (await Event.get(id=first.id)).payload()
    assert await Event.filter(published_at=None).count() == 0
    await asyncio.sleep(0.2)
    assert len(listener.pushes) == 2
    assert sample("chores_jobs_run_total", enqueue.PUBLISH_EVENTS) == runs_before + 2
    assert sample("chores_job_lateness_seconds_count", enqueue.PUBLISH_EVENTS) == lateness_before + 2


async def test_the_payload_has_id_type_utc_time_and_data(families, publisher, listener):
    event = await stage([families.x.id], chore_id=7)

    await publish_pending(publisher)

    [(_, _, payload)] = await listener.wait_for(1)
    assert set(payload) == {"id", "type", "occurred_at", "data"}
    assert payload["type"] == "chore_available"
    assert payload["occurred_at"].endswith("Z")
    assert payload["data"] == {"chore_id": 7}
    assert payload["id"] == event.id


async def test_concurrent_publishers_push_every_event_exactly_once(families, settings, channel, publisher, listener):
    events = [await stage([families.x.id], n=n) for n in range(30)]
    other = Publisher(settings.redis_url, channel=channel)

    try:
        counts = await asyncio.gather(publish_pending(publisher), publish_pending(other), publish_pending(publisher))
    finally:
        await other.close()

    assert sum(counts) == 30
    await listener.wait_for(30)
    await asyncio.sleep(0.2)
    assert sorted(payload["id"] for _, _, payload in listener.pushes) == [event.id for event in events]


async def test_a_jobs_follow_up_push_sends_older_waiting_events_first_and_nothing_newer(
    families, publisher, listener
):
    older, staged = await stage([families.x.id], n=1), await stage([families.x.id], n=2)
    newer = await stage([families.x.id], n=3)

    await publish_after_job({"publisher": publisher}, [staged])

    pushes = await listener.wait_for(2)
    assert [payload["id"] for _, _, payload in pushes] == [older.id, staged.id]
    assert (await Event.get(id=newer.id)).published_at is None


@pytest.mark.mysql
async def test_an_event_not_committed_yet_holds_back_the_later_ones(families, publisher, listener):
    staged: asyncio.Future[Event] = asyncio.get_running_loop().create_future()
    release = asyncio.Event()

    async def request_still_running() -> None:
        async with in_transaction() as conn:
            staged.set_result(
                await stage_event(
                    conn, type=EventType.CHORE_AVAILABLE, family_id=None, recipients=[families.x.id], data={}
                )
            )
            await release.wait()

    request = asyncio.create_task(request_still_running())
    try:
        async with asyncio.timeout(5):
            early = await staged
        late = await stage([families.x.id])  # committed first, with the higher id
        publishing = asyncio.create_task(publish_pending(publisher))
        await asyncio.sleep(0.3)
        pushed_meanwhile = list(listener.pushes)
    finally:
        release.set()
        await request

    assert pushed_meanwhile == []
    assert await publishing == 2
    pushes = await listener.wait_for(2)
    assert [payload["id"] for _, _, payload in pushes] == [early.id, late.id]


async def test_when_redis_refuses_the_events_stay_unpublished(families):
    event = await stage([families.x.id])
    dead = Publisher("redis://127.0.0.1:1/0")

    try:
        with pytest.raises(PublishError):
            await publish_pending(dead)
    finally:
        await dead.close()

    assert (await Event.get(id=event.id)).published_at is None


async def test_a_transient_failure_is_retried_with_backoff_then_counted_as_failed(families, settings):
    event = await stage([families.x.id])
    dead = Publisher("redis://127.0.0.1:1/0")
    retried = sample("chores_jobs_retried_total", enqueue.PUBLISH_EVENTS)
    failed = sample("chores_jobs_failed_total", enqueue.PUBLISH_EVENTS)
    due = time.time() * 1000

    try:
        with pytest.raises(Retry) as retry:
            await publish_events({"publisher": dead, "job_try": 1, "score": due})
        with pytest.raises(PublishError):
            await publish_events({"publisher": dead, "job_try": MAX_TRIES, "score": due})
    finally:
        await dead.close()

    assert retry.value.defer_score == 2000
    assert sample("chores_jobs_retried_total", enqueue.PUBLISH_EVENTS) == retried + 1
    assert sample("chores_jobs_failed_total", enqueue.PUBLISH_EVENTS) == failed + 1
    assert (await Event.get(id=event.id)).published_at is None


async def test_enqueue_helpers_return_quietly_and_quickly_when_redis_is_down(families, settings):
    chore = await make_priced_chore(families.mum, is_recurring=True, cooldown_days=1)
    row = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds)
    await enqueue.connect("redis://127.0.0.1:1/0")
    started = time.monotonic()
    try:
        await enqueue.publish_events()
        await enqueue.schedule_cooldown_end(row)
        await enqueue.recompute_balance(families.x.id)
        await enqueue.membership_changed([families.x.id])
    finally:
        await enqueue.close()

    assert time.monotonic() - started < 5


async def test_enqueue_helpers_without_a_connection_leave_the_work_to_the_sweep(families):
    event = await stage([families.x.id])

    await enqueue.publish_events()

    assert (await Event.get(id=event.id)).published_at is None


async def test_a_membership_notice_is_published_for_each_user(families, settings, queue, publisher, listener):
    await enqueue.membership_changed([families.dad.id, families.x.id, families.dad.id])

    await run_worker(settings, publisher)

    async with asyncio.timeout(5):
        while len(listener.notices) < 2:
            await asyncio.sleep(0.02)
    assert [(notice["method"], notice["user_id"]) for notice in listener.notices] == [
        ("membership_changed", min(families.dad.id, families.x.id)),
        ("membership_changed", max(families.dad.id, families.x.id)),
    ]
