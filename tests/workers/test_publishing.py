"""Publishing the outbox: each event pushed once to its recipients' rooms, then marked published."""

from __future__ import annotations

import asyncio
import time

import pytest
from redis.asyncio import Redis
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models import Event, EventType
from models.events import stage_event
from realtime.publisher import Publisher, PublishError
from tests.factories import make_approved_assignment, make_priced_chore
from tests.workers.support import PushListener, queue_on, running_worker, throwaway_redis
from workers import enqueue
from workers.publishing import publish_after_job, publish_pending, relay_outbox


async def stage_in(conn: BaseDBAsyncClient, recipients: list[int], **data) -> Event:
    """An event staged in the caller's transaction; it has recipients, so it is written."""
    event = await stage_event(conn, type=EventType.CHORE_AVAILABLE, family_id=None, recipients=recipients, data=data)
    assert event is not None
    return event


async def stage(recipients: list[int], **data) -> Event:
    async with in_transaction() as conn:
        return await stage_in(conn, recipients, **data)


async def test_a_wake_up_has_the_relay_push_the_events_to_their_recipients_rooms_once(
    families, settings, queue, publisher, listener
):
    first = await stage([families.x.id, families.mum.id], n=1)
    second = await stage([families.y.id], n=2)

    async with running_worker(settings, publisher):
        await enqueue.publish_events()
        await enqueue.publish_events()
        pushes = await listener.wait_for(2)
        await asyncio.sleep(0.2)

    assert [(name, sorted(rooms), payload["id"]) for name, rooms, payload in pushes] == [
        ("chore_available", sorted([f"user:{families.x.id}", f"user:{families.mum.id}"]), first.id),
        ("chore_available", [f"user:{families.y.id}"], second.id),
    ]
    assert pushes[0][2] == (await Event.get(id=first.id)).payload()
    assert await Event.filter(published_at=None).count() == 0
    assert len(listener.pushes) == 2


async def test_events_staged_while_the_relay_publishes_go_out_too_once_each_in_order(
    families, settings, queue, publisher, listener
):
    async with running_worker(settings, publisher):
        staged = []
        for n in range(40):
            staged.append(await stage([families.x.id], n=n))
            await enqueue.publish_events()
        await listener.wait_for(40)
        await asyncio.sleep(0.2)

    assert [payload["id"] for _, _, payload in listener.pushes] == [event.id for event in staged]
    assert await Event.filter(published_at=None).count() == 0


async def test_wake_ups_leave_at_most_one_entry_for_the_relay(families, queue, redis):
    for _ in range(5):
        await enqueue.publish_events()

    assert await redis.lrange(enqueue.OUTBOX_WAKE, 0, -1) == [b"1"]


async def test_a_publisher_that_finds_the_outbox_held_pushes_nothing_and_wakes_the_relay(
    families, channel, publisher, listener, redis
):
    event = await stage([families.x.id])
    await redis.set(f"{channel}:outbox-lease", "another publisher", px=5000)

    assert await publish_pending(publisher) == 0

    assert await redis.llen(enqueue.OUTBOX_WAKE) == 1
    await asyncio.sleep(0.2)
    assert listener.pushes == []
    assert (await Event.get(id=event.id)).published_at is None


async def test_a_request_staging_an_event_does_not_wait_while_the_publisher_waits_on_redis(families):
    """The publisher reads its batch (waiting for an earlier uncommitted event, so it holds the outbox
    from before that read), then Redis stalls it; meanwhile another request stages an event."""
    async with throwaway_redis() as server:
        publisher, control = Publisher(server.url), Redis.from_url(server.url)
        staged: asyncio.Future[Event] = asyncio.get_running_loop().create_future()
        release = asyncio.Event()

        async def earlier_request() -> None:
            async with in_transaction() as conn:
                staged.set_result(await stage_in(conn, [families.x.id]))
                await release.wait()

        request = asyncio.create_task(earlier_request())
        try:
            async with asyncio.timeout(5):
                early = await staged
            publishing = asyncio.create_task(publish_pending(publisher))
            await asyncio.sleep(0.3)  # the publisher holds the lease and waits for the uncommitted event
            await control.execute_command("CLIENT", "PAUSE", 10_000, "WRITE")  # PUBLISH now blocks
            release.set()
            await request
            await asyncio.sleep(0.3)  # the publisher has its batch and waits on Redis

            async with asyncio.timeout(5):
                late = await stage([families.x.id])
            publisher_still_blocked = not publishing.done()
        finally:
            release.set()
            await control.execute_command("CLIENT", "UNPAUSE")
            await control.aclose()
        try:
            pushed = await publishing
        finally:
            await publisher.close()

    assert publisher_still_blocked
    assert pushed == 1
    assert (await Event.get(id=early.id)).published_at is not None
    assert (await Event.get(id=late.id)).published_at is None


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
            staged.set_result(await stage_in(conn, [families.x.id]))
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


async def test_enqueue_helpers_return_quietly_and_quickly_when_redis_is_down(families, settings):
    chore = await make_priced_chore(families.mum, is_recurring=True, cooldown_days=1)
    row = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds)
    started = time.monotonic()
    async with queue_on("redis://127.0.0.1:1/0"):
        await enqueue.publish_events()
        await enqueue.schedule_cooldown_end(row)
        await enqueue.recompute_balance(families.x.id)

    assert time.monotonic() - started < 5


async def test_enqueue_helpers_without_a_connection_leave_the_work_to_the_sweep(families):
    event = await stage([families.x.id])

    await enqueue.publish_events()

    assert (await Event.get(id=event.id)).published_at is None


async def test_a_relay_run_cut_short_by_redis_is_tried_again_once_redis_is_back_without_a_wake_up(
    families, channel
):
    """The relay takes its wake-up, waits for an uncommitted event, then Redis goes away before the
    push; Redis comes back empty (the wake-up is gone for good) and the event still goes out."""
    async with throwaway_redis() as server:
        publisher = Publisher(server.url, channel=channel)
        staged: asyncio.Future[Event] = asyncio.get_running_loop().create_future()
        release = asyncio.Event()

        async def request_still_running() -> None:
            async with in_transaction() as conn:
                staged.set_result(await stage_in(conn, [families.x.id]))
                await release.wait()

        request = asyncio.create_task(request_still_running())
        relay = asyncio.create_task(relay_outbox(publisher))
        try:
            event = await staged
            await enqueue.wake_relay(publisher.redis)
            await asyncio.sleep(0.3)  # the relay has taken the wake-up and waits for the event
            server.stop()
            release.set()
            await request
            await asyncio.sleep(0.5)  # its push fails
            await server.start()
            listener = PushListener(server.url, channel)
            await listener.start()

            [(_, _, payload)] = await listener.wait_for(1, timeout=10)
            await listener.stop()
        finally:
            release.set()
            relay.cancel()
            await asyncio.gather(request, relay, return_exceptions=True)
            await publisher.close()

    assert payload["id"] == event.id
    assert (await Event.get(id=event.id)).published_at is not None
