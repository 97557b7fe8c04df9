"""Where an outbox event goes besides the sockets: one place for every other consumer.

The relay records each consumer's rows (a webhook delivery, a Web Push notification) in the
transaction that marks a batch published, so every event is fanned out exactly once: a crash before
that commit leaves the batch unpublished (pushed again, at least once, as always) and records
nothing; after it, everything is recorded. A consumer returns what to do once that transaction has
committed (typically: wake its sender), given the publisher's Redis client; that step is best effort
and never raises (Redis may be down): the consumer's sender must also find its work without it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence

from redis.asyncio import Redis
from tortoise.backends.base.client import BaseDBAsyncClient

from models import Event
from workers.push_fanout import record_push_notifications
from workers.webhooks import record_deliveries

AfterCommit = Callable[[Redis], Awaitable[None]]
# (transaction, the batch in id order, recipients by event id) -> what to do after the commit.
Consumer = Callable[[BaseDBAsyncClient, Sequence[Event], Mapping[int, Sequence[int]]], Awaitable[AfterCommit | None]]

CONSUMERS: tuple[Consumer, ...] = (record_deliveries, record_push_notifications)


async def record_fan_out(
    conn: BaseDBAsyncClient, events: Sequence[Event], recipients: Mapping[int, Sequence[int]]
) -> list[AfterCommit]:
    """Let every consumer record what it owes for this batch, in the caller's transaction."""
    follow_ups = []
    for consumer in CONSUMERS:
        follow_up = await consumer(conn, events, recipients)
        if follow_up is not None:
            follow_ups.append(follow_up)
    return follow_ups
