"""Pushing the outbox: unpublished events go to their recipients' sockets, then get ``published_at``.

Events go out in id order, whoever pushes them (the job after a request, a job's own follow-up,
the sweep, several workers). Rows are claimed oldest first with ``SELECT … FOR UPDATE``: a
publisher that meets a row another one holds, or one a transaction has written but not committed
yet, waits for it, then finds it published or pushes it itself, and only then goes on. (With
``SKIP LOCKED`` a later event could overtake an earlier one, and a client catching up "after" the
later id would never get the earlier.) No event is pushed twice; an event is only marked once Redis
has taken it, so a Redis outage leaves it for the next run.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from tortoise.transactions import in_transaction

from models import Event, EventRecipient
from models.timeutil import utcnow
from realtime.publisher import Publisher, PublishError
from workers.enqueue import MEMBERSHIP_CHANGED, PUBLISH_EVENTS
from workers.instrument import instrumented

log = logging.getLogger(__name__)

BATCH_SIZE = 200


async def publish_pending(publisher: Publisher, *, up_to: int | None = None) -> int:
    """Push unpublished events in id order (those up to id ``up_to`` when given); return how many were pushed."""
    pushed = 0
    while True:
        batch = await _publish_batch(publisher, up_to)
        pushed += batch
        if batch < BATCH_SIZE:
            return pushed


async def _publish_batch(publisher: Publisher, up_to: int | None) -> int:
    failure: PublishError | None = None
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
        pushed: list[int] = []
        for event in events:
            try:
                await publisher.emit_event(event.payload(), recipients[event.id])
            except PublishError as exc:
                failure = exc
                break
            pushed.append(event.id)
        if pushed:
            await Event.filter(id__in=pushed).using_db(conn).update(published_at=utcnow())
    if failure is not None:
        raise failure
    return len(pushed)


async def publish_after_job(ctx: dict[str, Any], events: Iterable[Event | None]) -> None:
    """Push what a job just staged, after anything older still waiting; if Redis refuses, the sweep will."""
    ids = [event.id for event in events if event is not None]
    if not ids:
        return
    try:
        await publish_pending(ctx["publisher"], up_to=max(ids))
    except PublishError as exc:
        log.warning("events %s left for the sweep: %s", ids, exc)


@instrumented(PUBLISH_EVENTS)
async def publish_events(ctx: dict[str, Any]) -> int:
    """Push every outbox event nobody has pushed yet."""
    return await publish_pending(ctx["publisher"])


@instrumented(MEMBERSHIP_CHANGED)
async def announce_membership_change(ctx: dict[str, Any], user_ids: list[int]) -> None:
    """Have every realtime server re-read these users' rooms."""
    for user_id in user_ids:
        await ctx["publisher"].membership_changed(user_id)
