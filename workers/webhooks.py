"""Sending webhooks: deliveries are recorded when the outbox fans an event out, then sent by a job per endpoint.

* Recording: :func:`record_deliveries` is an outbox consumer (workers/fanout.py). In the relay's
  transaction it writes one pending delivery per (event, subscribed enabled endpoint of the event's
  family), then, after the commit, enqueues :func:`send_webhooks` for each endpoint concerned.
* Sending: ``webhooks.send(endpoint_id)`` takes the endpoint's Redis lease (one sender per endpoint
  across workers), then sends the endpoint's queue oldest first: a delivery is sent only when every
  earlier one is settled (succeeded or given up). A failure schedules the retry (a job deferred to
  that time) and stops: the later deliveries wait behind it, so a receiver that comes back gets
  everything, in order. No database transaction is open during a request: the head of the queue is
  read, sent, and its outcome written in a short transaction afterwards.
* Nothing is lost: jobs are best effort (Redis may be down), and the sweep (workers/sweep.py) enqueues
  the sender of every endpoint whose queue has a delivery due.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from redis.asyncio import Redis
from standardwebhooks.webhooks import Webhook
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models import Event
from models.outbound import OutboundPolicy, UnsafeURL
from models.timeutil import utcnow
from models.webhooks import (
    OPEN_STATUSES,
    Outcome,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    deliveries_for,
    stage_endpoint_disabled,
)
from settings import Settings
from workers import enqueue
from workers.enqueue import SEND_WEBHOOKS, wake_relay
from workers.instrument import instrumented
from workers.leases import Lease
from workers.outbound import OutboundError, post

if TYPE_CHECKING:  # workers.fanout lists this module's consumer
    from workers.fanout import AfterCommit

log = logging.getLogger(__name__)

USER_AGENT = "ChoresTracker-Webhooks/1"
# How long the lease outlives the request being made, in case the worker dies meanwhile.
LEASE_MARGIN_MS = 30_000
# A job stops starting requests after this long and leaves the rest of the queue to a follow-up job,
# well within the worker's job timeout (a request may take WEBHOOK_TIMEOUT_SECONDS on top).
JOB_BUDGET_SECONDS = 60.0
_jitter = random.SystemRandom()


async def record_deliveries(
    conn: BaseDBAsyncClient, events: Sequence[Event], recipients: Mapping[int, Sequence[int]]
) -> AfterCommit | None:
    """The outbox consumer: the deliveries this batch owes, then (after the commit) a sender per endpoint."""
    family_ids = {event.family_id for event in events if event.family_id is not None}
    if not family_ids:
        return None
    endpoints = await WebhookEndpoint.filter(family_id__in=family_ids, enabled=True).using_db(conn)
    deliveries = deliveries_for(events, endpoints)
    if not deliveries:
        return None
    # A batch is fanned out once; should one ever come again, the unique key keeps its deliveries single.
    await WebhookDelivery.bulk_create(deliveries, ignore_conflicts=True, using_db=conn)
    endpoint_ids = sorted({delivery.endpoint_id for delivery in deliveries})

    async def wake_senders(redis: Redis) -> None:
        for endpoint_id in endpoint_ids:
            await enqueue.send_webhooks(endpoint_id, pool=redis)

    return wake_senders


@instrumented(SEND_WEBHOOKS)
async def send_webhooks(ctx: dict[str, Any], endpoint_id: int) -> int:
    """Send the endpoint's due deliveries in order; return how many attempts were made.

    When another worker holds the endpoint, leave: it sends what is due. The holder looks at the
    queue once more after giving the lease back, so a delivery recorded while it was finishing
    (whose own job found the lease taken) is not left waiting for the sweep. Past its time budget
    a job hands what is still due to a follow-up job.
    """
    settings: Settings = ctx["settings"]
    lease = Lease(ctx["publisher"].redis, f"webhooks:endpoint-lease:{endpoint_id}",
                  int(settings.webhook_timeout_seconds * 1000) + LEASE_MARGIN_MS)
    attempts, deadline = 0, time.monotonic() + JOB_BUDGET_SECONDS
    while True:
        if not await lease.take():
            return attempts
        try:
            attempts += await _send_queue(ctx, endpoint_id, lease, deadline)
        finally:
            await lease.give_back()
        head = await queue_head(endpoint_id)
        if head is None or not head.is_due(utcnow()):
            return attempts
        if time.monotonic() > deadline:
            await enqueue.send_webhooks(endpoint_id, pool=ctx.get("redis"))
            return attempts


async def queue_head(endpoint_id: int) -> WebhookDelivery | None:
    """The oldest open delivery of an enabled endpoint: the only one that may be sent."""
    return await (
        WebhookDelivery.filter(endpoint_id=endpoint_id, endpoint__enabled=True, status__in=OPEN_STATUSES)
        .order_by("id").first()
    )


async def _send_queue(ctx: dict[str, Any], endpoint_id: int, lease: Lease, deadline: float) -> int:
    """Send the queue's due head, then the next, until one fails, none is due, or the deadline passed
    (after one attempt at least, so that every job moves the queue on)."""
    attempts = 0
    while True:
        head = await queue_head(endpoint_id)
        if head is None or (attempts and time.monotonic() > deadline):
            return attempts
        if not head.is_due(utcnow()):
            await enqueue.send_webhooks(endpoint_id, at=head.next_attempt_at, pool=ctx.get("redis"))
            return attempts
        endpoint = await WebhookEndpoint.get_or_none(id=endpoint_id)
        if endpoint is None:  # deleted meanwhile
            return attempts
        await lease.extend()
        outcome = await attempt(endpoint, head, ctx["settings"])
        attempts += 1
        delivery = await _record(ctx["publisher"].redis, endpoint_id, head.id, outcome)
        if delivery is None:
            return attempts
        if delivery.is_open:
            await enqueue.send_webhooks(endpoint_id, at=delivery.next_attempt_at, pool=ctx.get("redis"))
            return attempts


async def attempt(endpoint: WebhookEndpoint, delivery: WebhookDelivery, settings: Settings) -> Outcome | UnsafeURL:
    """One signed POST of the delivery's body; an UnsafeURL when the URL may not be reached at all."""
    body = delivery.body.encode()
    timestamp = utcnow()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": Webhook(endpoint.secret).sign(delivery.message_id, timestamp, delivery.body),
    }
    started = time.perf_counter()
    try:
        response = await post(
            endpoint.url, content=body, headers=headers, timeout=settings.webhook_timeout_seconds,
            policy=OutboundPolicy.from_settings(settings),
        )
    except UnsafeURL as refused:
        return refused
    except OutboundError as exc:
        return Outcome(None, str(exc), round((time.perf_counter() - started) * 1000))
    return Outcome(response.status, None, round(response.elapsed_ms))


async def _record(
    redis: Redis, endpoint_id: int, delivery_id: int, result: Outcome | UnsafeURL
) -> WebhookDelivery | None:
    """Write an attempt's outcome; a delivery given up (or a URL refused) disables the endpoint and tells
    the parents. None when the endpoint was deleted during the request."""
    now = utcnow()
    staged = None
    async with in_transaction() as conn:
        endpoint = await WebhookEndpoint.select_for_update().using_db(conn).get_or_none(id=endpoint_id)
        delivery = await WebhookDelivery.select_for_update().using_db(conn).get_or_none(id=delivery_id)
        if endpoint is None or delivery is None:
            return None
        outcome = result if isinstance(result, Outcome) else Outcome(None, f"refused: {result}", 0)
        delivery.record(outcome, now, _jitter.uniform(-1, 1))
        if isinstance(result, UnsafeURL):
            delivery.give_up()
        endpoint.note(outcome, now)
        await WebhookAttempt.create(
            delivery_id=delivery.id, number=delivery.attempts, attempted_at=now, response_code=outcome.response_code,
            error=delivery.last_error, duration_ms=outcome.duration_ms, using_db=conn,
        )
        if not delivery.is_open and not outcome.succeeded and endpoint.enabled:
            endpoint.disable(_disable_reason(delivery, result), now)
            staged = await stage_endpoint_disabled(conn, endpoint)
        await delivery.save(using_db=conn)
        await endpoint.save(using_db=conn)
    if staged is not None:
        log.warning("webhook endpoint %s disabled: %s", endpoint.id, endpoint.disabled_reason)
        await wake_relay(redis)
    return delivery


def _disable_reason(delivery: WebhookDelivery, result: Outcome | UnsafeURL) -> str:
    if isinstance(result, UnsafeURL):
        return f"URL refused at send time: {result}"
    last = f"HTTP {delivery.last_response_code}" if delivery.last_response_code else delivery.last_error
    return f"delivery {delivery.id} given up after {delivery.attempts} failed attempts (last: {last})"

