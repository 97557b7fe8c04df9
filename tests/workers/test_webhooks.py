"""Sending webhooks: signed per Standard Webhooks, retried on a schedule, in order, and never lost.

A real HTTP receiver on 127.0.0.1 (tests/http_receiver.py) takes the requests and the test checks
each signature with the spec's own algorithm (``standardwebhooks.Webhook.verify``). Where time
matters the clock is fixed (time-machine) and moved by the test; the sender job is then run as the
worker would run it when its deferred job comes due.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from arq.constants import default_queue_name, job_key_prefix
from redis.asyncio import Redis
from standardwebhooks.webhooks import Webhook
from tortoise.transactions import in_transaction

from models import (
    DeliveryStatus,
    Event,
    EventRecipient,
    EventType,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from models.events import stage_event
from models.timeutil import as_utc
from models.webhooks import RETRY_SCHEDULE, new_secret
from realtime.publisher import Publisher
from settings import Settings
from tests.conftest import free_port, make_settings
from tests.factories import api_create_chore, auth_headers
from tests.http_receiver import Answer, LoopbackReceiver, ReceivedRequest, loopback_receiver
from tests.workers.conftest import JOBS_REDIS_URL
from tests.workers.support import Families, queue_on, run_worker, running_worker
from workers import webhooks
from workers.enqueue import webhook_job_id
from workers.publishing import publish_pending
from workers.sweep import reset_sweep
from workers.webhooks import send_webhooks

START = datetime(2030, 3, 1, 12, 0, tzinfo=UTC)
DOWN = Answer(status=503, body=b"maintenance")


@pytest.fixture
def settings() -> Settings:
    return make_settings(redis_url=JOBS_REDIS_URL, outbound_allow_http_loopback=True, webhook_timeout_seconds=2)


@pytest.fixture
async def receiver() -> AsyncIterator[LoopbackReceiver]:
    async with loopback_receiver() as running:
        yield running


@pytest.fixture
async def ctx(job_ctx: dict, redis: Redis, settings: Settings) -> AsyncIterator[dict[str, Any]]:
    """A job's context, with the queue the sender schedules its retries on."""
    async with queue_on(settings.redis_url) as pool:
        yield {**job_ctx, "redis": pool}


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


async def register(families: Families, url: str, *types: EventType) -> WebhookEndpoint:
    return await WebhookEndpoint.create(
        family_id=families.family_a.id, url=url, event_types=[str(t) for t in types or EventType],
        secret=new_secret(), created_by_id=families.mum.id,
    )


async def happen(families: Families, publisher: Publisher, count: int = 1, **data: Any) -> list[Event]:
    """``count`` events in family A, published as the relay does (which records the deliveries)."""
    events = []
    for number in range(count):
        async with in_transaction() as conn:
            event = await stage_event(conn, type=EventType.BALANCE_UPDATED, family_id=families.family_a.id,
                                      recipients=[families.mum.id], data={"number": number, **data})
        assert event is not None
        events.append(event)
    await publish_pending(publisher)
    return events


def verified(endpoint: WebhookEndpoint, request: ReceivedRequest) -> dict[str, Any]:
    """The payload, once its signature is checked by the spec's algorithm (raises otherwise)."""
    return Webhook(endpoint.secret).verify(request.body, request.headers)


async def delivery_of(event: Event) -> WebhookDelivery:
    return await WebhookDelivery.get(event_id=event.id)


def shift_to(clock: time_machine.Traveller, when: datetime | None) -> None:
    assert when is not None
    clock.move_to(as_utc(when))


async def test_an_event_reaches_the_receiver_signed_with_the_endpoint_secret(families, publisher, ctx, receiver):
    endpoint = await register(families, receiver.url("/hooks/chores"), EventType.BALANCE_UPDATED)
    [event] = await happen(families, publisher)

    assert await send_webhooks(ctx, endpoint.id) == 1

    [request] = await receiver.wait_for(1)
    assert request.method == "POST" and request.path == "/hooks/chores"
    assert request.headers["content-type"] == "application/json"
    assert verified(endpoint, request) == event.payload()
    assert request.headers["webhook-id"] == f"evt_{event.id}"
    delivery = await delivery_of(event)
    assert (delivery.status, delivery.attempts, delivery.last_response_code) == (DeliveryStatus.SUCCEEDED, 1, 200)
    [attempt] = await WebhookAttempt.filter(delivery_id=delivery.id)
    assert (attempt.number, attempt.response_code, attempt.error) == (1, 200, None)


async def test_a_signature_made_with_another_secret_does_not_verify(families, publisher, ctx, receiver):
    endpoint = await register(families, receiver.url())
    await happen(families, publisher)
    await send_webhooks(ctx, endpoint.id)

    [request] = await receiver.wait_for(1)
    with pytest.raises(Exception, match="No matching signature"):
        Webhook(new_secret()).verify(request.body, request.headers)


async def test_only_subscribed_enabled_endpoints_of_the_events_family_get_a_delivery(families, publisher, receiver):
    subscribed = await register(families, receiver.url("/a"), EventType.BALANCE_UPDATED)
    await register(families, receiver.url("/b"), EventType.CHORE_AVAILABLE)
    disabled = await register(families, receiver.url("/c"))
    disabled.disable("test", START)
    await disabled.save()
    await WebhookEndpoint.create(family_id=families.family_b.id, url=receiver.url("/d"),
                                 event_types=list(EventType), secret=new_secret())

    [event] = await happen(families, publisher)

    assert await WebhookDelivery.all().values_list("endpoint_id", "event_id") == [(subscribed.id, event.id)]


async def test_publishing_a_batch_again_records_no_second_delivery(families, publisher, receiver):
    endpoint = await register(families, receiver.url())
    [event] = await happen(families, publisher)
    await Event.filter(id=event.id).update(published_at=None)

    await publish_pending(publisher)

    assert await WebhookDelivery.filter(endpoint_id=endpoint.id).count() == 1


async def test_a_failed_attempt_is_retried_on_the_schedule_with_jitter(families, publisher, ctx, receiver, redis, clock):
    receiver.answer = DOWN
    endpoint = await register(families, receiver.url())
    [event] = await happen(families, publisher)

    for failures, delay in enumerate(RETRY_SCHEDULE[1:5], start=1):
        attempted_at = datetime.now(UTC)
        assert await send_webhooks(ctx, endpoint.id) == 1
        delivery = await delivery_of(event)
        assert (delivery.status, delivery.attempts, delivery.last_response_code) == (DeliveryStatus.FAILED, failures, 503)
        waited = as_utc(delivery.next_attempt_at) - attempted_at
        assert delay * 0.8 <= waited <= delay * 1.2
        # Its retry is a job deferred to that time, one per endpoint and due time.
        assert await redis.exists(job_key_prefix + webhook_job_id(endpoint.id, as_utc(delivery.next_attempt_at)))
        clock.shift(waited - timedelta(seconds=1))
        assert await send_webhooks(ctx, endpoint.id) == 0, "not before its time"
        shift_to(clock, delivery.next_attempt_at)

    assert len(receiver.requests) == 4
    assert {request.headers["webhook-id"] for request in receiver.requests} == {f"evt_{event.id}"}


async def test_a_timeout_and_a_refused_connection_count_as_failures(families, publisher, ctx, receiver):
    receiver.answer = Answer(delay=5)
    slow = await register(families, receiver.url())
    gone = await register(families, f"http://127.0.0.1:{free_port()}/")
    await happen(families, publisher)

    await send_webhooks(ctx, slow.id)
    await send_webhooks(ctx, gone.id)

    timed_out = await WebhookDelivery.get(endpoint_id=slow.id)
    refused = await WebhookDelivery.get(endpoint_id=gone.id)
    assert timed_out.status == refused.status == DeliveryStatus.FAILED
    assert timed_out.last_response_code is None and "timed out" in (timed_out.last_error or "")
    assert refused.last_response_code is None and "Connect" in (refused.last_error or "")


async def test_later_deliveries_wait_behind_a_failing_one_and_arrive_in_order(
    families, publisher, ctx, receiver, clock
):
    receiver.answer = DOWN
    endpoint = await register(families, receiver.url())
    events = await happen(families, publisher, count=3)

    await send_webhooks(ctx, endpoint.id)
    shift_to(clock, (await delivery_of(events[0])).next_attempt_at)
    await send_webhooks(ctx, endpoint.id)
    assert [verified(endpoint, r)["id"] for r in receiver.requests] == [events[0].id, events[0].id]

    receiver.answer = Answer()
    shift_to(clock, (await delivery_of(events[0])).next_attempt_at)
    assert await send_webhooks(ctx, endpoint.id) == 3

    assert [verified(endpoint, r)["id"] for r in receiver.requests[2:]] == [event.id for event in events]


async def test_two_workers_never_send_one_endpoints_deliveries_twice_or_out_of_order(
    families, publisher, ctx, receiver
):
    receiver.answer = Answer(delay=0.2)
    endpoint = await register(families, receiver.url())
    events = await happen(families, publisher, count=3)

    sent = await asyncio.gather(*(send_webhooks(ctx, endpoint.id) for _ in range(2)))

    assert sorted(sent) == [0, 3]
    assert [verified(endpoint, r)["id"] for r in receiver.requests] == [event.id for event in events]


async def test_a_job_past_its_time_budget_leaves_the_rest_of_the_queue_to_a_follow_up_job(
    families, publisher, ctx, receiver, redis, settings, monkeypatch
):
    endpoint = await register(families, receiver.url())
    events = await happen(families, publisher, count=3)
    await redis.flushdb()
    monkeypatch.setattr(webhooks, "JOB_BUDGET_SECONDS", 0)

    assert await send_webhooks(ctx, endpoint.id) == 1
    assert await redis.zcard(default_queue_name) == 1, "the follow-up job"
    await run_worker(settings, publisher)

    assert [verified(endpoint, r)["id"] for r in await receiver.wait_for(3)] == [event.id for event in events]


async def test_a_receiver_down_for_an_hour_then_back_gets_everything_once_in_order(
    families, publisher, ctx, clock
):
    port = free_port()
    endpoint = await register(families, f"http://127.0.0.1:{port}/hook")
    events, bodies = [], []
    receiver = LoopbackReceiver()
    try:
        # Down: nothing listens. Events keep happening; the sender runs every minute, as its jobs would.
        for minute in range(240):  # the retry after the hour comes 1 h 36 to 2 h 24 after the 4th attempt
            if minute in (0, 10, 30, 59):
                events += await happen(families, publisher, minute=minute)
            if minute == 60:
                await receiver.start(port)
            await send_webhooks(ctx, endpoint.id)
            bodies += [verified(endpoint, request) for request in receiver.requests[len(bodies):]]
            clock.shift(60)
    finally:
        await receiver.stop()
    assert [body["id"] for body in bodies] == [event.id for event in events]
    assert all(d.status == DeliveryStatus.SUCCEEDED for d in await WebhookDelivery.filter(endpoint_id=endpoint.id))
    assert (await WebhookEndpoint.get(id=endpoint.id)).enabled


async def test_a_delivery_failing_for_the_whole_schedule_is_given_up_and_the_endpoint_disabled_for_the_parents(
    families, publisher, ctx, receiver, clock
):
    receiver.answer = DOWN
    endpoint = await register(families, receiver.url())
    [first, second] = await happen(families, publisher, count=2)

    while (delivery := await delivery_of(first)).is_open:
        shift_to(clock, delivery.next_attempt_at or datetime.now(UTC))
        await send_webhooks(ctx, endpoint.id)

    assert (delivery.status, delivery.attempts) == (DeliveryStatus.GIVEN_UP, len(RETRY_SCHEDULE))
    total = sum(RETRY_SCHEDULE, timedelta())
    assert total * 0.8 <= datetime.now(UTC) - START <= total * 1.2
    endpoint = await WebhookEndpoint.get(id=endpoint.id)
    assert not endpoint.enabled and "given up after 8 failed attempts (last: HTTP 503)" in endpoint.disabled_reason
    assert endpoint.consecutive_failures == 8 and as_utc(endpoint.failing_since) == START
    notice = await Event.get(type=EventType.WEBHOOK_ENDPOINT_DISABLED)
    assert notice.data["endpoint_id"] == endpoint.id and notice.data["reason"] == endpoint.disabled_reason
    told = await EventRecipient.filter(event_id=notice.id).values_list("user_id", flat=True)
    assert sorted(told) == sorted([families.mum.id, families.dad.id])
    # The later delivery is neither sent nor lost: it waits for the endpoint to be enabled again.
    assert (await delivery_of(second)).status == DeliveryStatus.PENDING
    assert await send_webhooks(ctx, endpoint.id) == 0
    assert len(receiver.requests) == 8


async def test_a_host_resolving_to_a_refused_address_is_never_contacted(families, publisher, job_ctx, redis, receiver):
    endpoint = await register(families, f"https://localhost:{receiver.port}/")
    [event] = await happen(families, publisher)
    strict = make_settings(redis_url=JOBS_REDIS_URL)
    async with queue_on(strict.redis_url) as pool:
        await send_webhooks({**job_ctx, "settings": strict, "redis": pool}, endpoint.id)

    assert receiver.connections == 0
    delivery = await delivery_of(event)
    assert delivery.status == DeliveryStatus.GIVEN_UP and "loopback" in (delivery.last_error or "")
    endpoint = await WebhookEndpoint.get(id=endpoint.id)
    assert not endpoint.enabled and (endpoint.disabled_reason or "").startswith("URL refused at send time")


async def test_the_sweep_has_due_deliveries_sent_after_their_jobs_were_lost(
    families, publisher, settings, redis, receiver
):
    endpoint = await register(families, receiver.url())
    events = await happen(families, publisher, count=2)
    await redis.flushdb()  # the jobs the fan-out enqueued are gone (a Redis restart)

    await run_worker(settings, publisher, with_sweep=False)
    assert receiver.requests == []
    async with queue_on(settings.redis_url) as pool:
        done = await reset_sweep({"settings": settings, "publisher": publisher, "redis": pool})
    await run_worker(settings, publisher)

    assert done["webhooks"] == 1
    assert [verified(endpoint, r)["id"] for r in await receiver.wait_for(2)] == [event.id for event in events]


async def test_a_redelivery_sends_a_succeeded_delivery_again_with_the_same_id(
    families, publisher, ctx, receiver, client, settings
):
    endpoint = await register(families, receiver.url())
    [event] = await happen(families, publisher)
    await send_webhooks(ctx, endpoint.id)
    delivery = await delivery_of(event)

    response = await client.post(f"/api/v1/webhooks/{endpoint.id}/deliveries/{delivery.id}/redeliver",
                                 headers=auth_headers(families.dad, settings))
    assert response.status_code == 202 and response.json()["status"] == "pending"
    await send_webhooks(ctx, endpoint.id)

    first, again = await receiver.wait_for(2)
    assert first.headers["webhook-id"] == again.headers["webhook-id"] and first.body == again.body
    delivery = await delivery_of(event)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SUCCEEDED, 2)


async def test_reenabling_an_endpoint_sends_what_waited_in_order(families, publisher, ctx, receiver, client, settings):
    endpoint = await register(families, receiver.url())
    endpoint.disable("receiver moved", START)
    await endpoint.save()
    await WebhookEndpoint.filter(id=endpoint.id).update(enabled=True)
    events = await happen(families, publisher, count=2)
    await WebhookEndpoint.filter(id=endpoint.id).update(enabled=False)
    assert await send_webhooks(ctx, endpoint.id) == 0

    response = await client.patch(f"/api/v1/webhooks/{endpoint.id}", json={"enabled": True},
                                  headers=auth_headers(families.mum, settings))
    assert response.status_code == 200 and response.json()["enabled"] is True
    await send_webhooks(ctx, endpoint.id)

    assert [verified(endpoint, r)["id"] for r in await receiver.wait_for(2)] == [event.id for event in events]


async def test_a_chore_completed_in_the_api_reaches_the_receiver_through_the_worker(
    families, publisher, settings, redis, client, receiver
):
    mum = auth_headers(families.mum, settings)
    created = await client.post("/api/v1/webhooks", headers=mum, json={
        "url": receiver.url("/chores"), "event_types": ["assignment_completed"], "description": "kitchen tablet",
    })
    assert created.status_code == 201, created.text
    chore = await api_create_chore(client, mum, assignee_ids=[families.x.id])

    async with running_worker(settings, publisher):
        completed = await client.post(f"/api/v1/chores/{chore['id']}/complete",
                                      headers=auth_headers(families.x, settings))
        assert completed.status_code == 200
        [request] = await receiver.wait_for(1)

    payload = Webhook(created.json()["secret"]).verify(request.body, request.headers)
    assert payload["type"] == "assignment_completed"
    assert payload["data"]["chore_id"] == chore["id"] and payload["data"]["child_id"] == families.x.id
