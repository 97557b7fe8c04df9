"""Pushing the outbox: unpublished events go to their recipients' sockets, then get ``published_at``.

Events go out in id order, whoever pushes them: the worker's relay (woken by the API after each
commit that staged events), a job's own follow-up, the sweep, in one worker or several.

* One publisher at a time: a publisher first takes a short Redis lease (``SET NX PX``, per
  channel). One that finds it taken wakes the relay and leaves: the holder or the relay pushes the
  events, so no event is pushed twice in the normal case.
* Order: rows are read oldest first with ``SELECT … FOR UPDATE``, which waits for a row a
  transaction has written but not committed yet (with ``SKIP LOCKED`` a later event could overtake
  an earlier one, and a client catching up "after" the later id would never get the earlier).
* No request waits on Redis: that transaction only reads and commits before anything is sent, so
  the locks it takes (on MariaDB also the gap where new events go) last a few queries, never a
  Redis round trip. The batch then goes to Redis in one pipeline and is marked published.
* At least once: an event is marked only once Redis has taken it, so a Redis outage (or a crash
  before the mark) leaves it for the next run; clients de-duplicate by id.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from prometheus_client import Counter
from redis.exceptions import RedisError
from tortoise.transactions import in_transaction

from models import Event, EventRecipient
from models.timeutil import utcnow
from realtime.publisher import Publisher, PublishError
from workers.enqueue import OUTBOX_WAKE, wake_relay
from workers.fanout import record_fan_out
from workers.leases import Lease

log = logging.getLogger(__name__)

PUBLISH_RUNS = Counter("chores_outbox_publish_runs_total", "Outbox publishing runs: one lease, one or more batches")

BATCH_SIZE = 200
# How long a publisher may hold the outbox before another one may take over (it died, or hangs).
LEASE_MS = 30_000
# How long the relay waits in one BLPOP before asking again: below the publisher's socket timeout.
WAKE_WAIT_SECONDS = 1
# The relay's pause after finding the outbox held by another publisher, or after an error.
BUSY_PAUSE_SECONDS = 0.02
ERROR_PAUSE_SECONDS = 1.0


class OutboxBusy(Exception):
    """Another publisher holds the outbox; it, or the relay that was woken, pushes the events."""


async def publish_pending(publisher: Publisher, *, up_to: int | None = None) -> int:
    """Push unpublished events in id order (those up to id ``up_to`` when given); return how many were pushed.

    Raises PublishError when Redis does not take them; returns 0 after waking the relay when
    another publisher holds the outbox.
    """
    try:
        return await _publish_holding_lease(publisher, up_to)
    except OutboxBusy:
        await wake_relay(publisher.redis)
        return 0


async def _publish_holding_lease(publisher: Publisher, up_to: int | None) -> int:
    async with _lease(publisher):
        PUBLISH_RUNS.inc()
        pushed = 0
        while True:
            batch = await _publish_batch(publisher, up_to)
            pushed += batch
            if batch < BATCH_SIZE:
                return pushed


class _lease:
    def __init__(self, publisher: Publisher):
        self._lease = Lease(publisher.redis, f"{publisher.channel}:outbox-lease", LEASE_MS)

    async def __aenter__(self) -> None:
        try:
            taken = await self._lease.take()
        except (RedisError, OSError) as exc:
            raise PublishError(f"cannot reach Redis: {exc}") from exc
        if not taken:
            raise OutboxBusy

    async def __aexit__(self, *exc_info: object) -> None:
        try:
            await self._lease.give_back()
        except (RedisError, OSError) as exc:
            log.warning("could not give back the outbox lease (%s); it expires in %d s", exc, LEASE_MS // 1000)


async def _publish_batch(publisher: Publisher, up_to: int | None) -> int:
    async with in_transaction() as conn:
        query = Event.filter(published_at=None)
        if up_to is not None:
            query = query.filter(id__lte=up_to)
        events = await query.order_by("id").limit(BATCH_SIZE).select_for_update().using_db(conn)
        if not events:
            return 0
        recipients: dict[int, list[int]] = defaultdict(list)
        pairs = EventRecipient.filter(event_id__in=[event.id for event in events]).using_db(conn)
        for event_id, user_id in await pairs.values_list("event_id", "user_id"):
            recipients[event_id].append(user_id)
    await publisher.emit_events([(event.payload(), recipients[event.id]) for event in events])
    async with in_transaction() as conn:
        follow_ups = await record_fan_out(conn, events, recipients)
        await Event.filter(id__in=[event.id for event in events]).using_db(conn).update(published_at=utcnow())
    for follow_up in follow_ups:
        await follow_up(publisher.redis)
    return len(events)


async def publish_after_job(ctx: dict[str, Any], events: Iterable[Event | None]) -> None:
    """Push what a job just staged, after anything older still waiting; if Redis refuses, the sweep will."""
    ids = [event.id for event in events if event is not None]
    if not ids:
        return
    try:
        await publish_pending(ctx["publisher"], up_to=max(ids))
    except PublishError as exc:
        log.warning("events %s left for the sweep: %s", ids, exc)


async def relay_outbox(publisher: Publisher) -> None:
    """The worker's relay, until cancelled: wait (in a blocking pop, no polling) for a wake-up from a
    commit that staged events, push everything waiting, and so on. Wake-ups that arrive meanwhile
    leave one entry in the list, so the next pop returns at once and nothing committed is missed.
    A run that could not finish (another publisher held the outbox, Redis or the database failed)
    is tried again after a pause, without waiting for another wake-up."""
    unfinished = failing = False
    while True:
        try:
            if not unfinished and await publisher.redis.blpop([OUTBOX_WAKE], timeout=WAKE_WAIT_SECONDS) is None:
                continue
            unfinished = True
            await _publish_holding_lease(publisher, None)
            unfinished = False
            if failing:
                log.info("outbox relay: working again")
                failing = False
        except OutboxBusy:
            await asyncio.sleep(BUSY_PAUSE_SECONDS)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            # Once per outage: Redis or the database down makes every try fail the same way.
            log.log(logging.DEBUG if failing else logging.WARNING,
                    "outbox relay: %s; trying again every %.0f s", exc, ERROR_PAUSE_SECONDS)
            failing = True
            await asyncio.sleep(ERROR_PAUSE_SECONDS)
