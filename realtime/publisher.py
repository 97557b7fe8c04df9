"""Pushing to connected clients from any process, through Redis pub/sub.

Workers hold one :class:`Publisher` per process. Events go to the ``user:<id>`` room of each
recipient the outbox names, never to a family room: the recipients were resolved when the event
was written, so a member removed from a family since receives nothing more of it, wherever his
sockets are connected. A batch of events goes out in one Redis pipeline.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from prometheus_client import Counter
from redis.asyncio import Redis
from redis.exceptions import RedisError

from realtime.rooms import API_TOKEN_REVOKED, DEFAULT_CHANNEL, MEMBERSHIP_CHANGED, user_room
from realtime.socketio_adapter import emit_message, new_host_id

log = logging.getLogger(__name__)

EVENTS_PUBLISHED = Counter(
    "chores_realtime_events_published_total", "Events pushed to Redis for the realtime servers, by type", ["type"]
)

# Fail fast when Redis is down: the outbox keeps the event and the sweep publishes it later.
REDIS_TIMEOUT_SECONDS = 2

# An outbox event as it is pushed: its payload (``Event.payload()``) and the ids of its recipients.
Push = tuple[dict[str, Any], Iterable[int]]


class PublishError(ConnectionError):
    """Redis did not take the message; nothing of it can be counted as pushed."""


class Publisher:
    """Emits outbox events and account notices to every realtime server; ``redis`` is its connection."""

    def __init__(self, redis_url: str, *, channel: str = DEFAULT_CHANNEL):
        self.redis = Redis.from_url(
            redis_url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
        )
        self.channel = channel
        self._host_id = new_host_id()

    async def emit_events(self, pushes: Sequence[Push]) -> None:
        """Send events to their recipients' sockets, in order, in one round trip; raises PublishError
        (none of them counts as sent then)."""
        messages = []
        for payload, recipients in pushes:
            rooms = [user_room(user_id) for user_id in sorted(set(recipients))]
            if rooms:
                messages.append((payload["type"], emit_message(payload["type"], payload, rooms=rooms,
                                                               host_id=self._host_id)))
        if not messages:
            return
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for _, message in messages:
                    pipe.publish(self.channel, message)
                await pipe.execute()
        except (RedisError, OSError) as exc:
            raise PublishError(f"cannot publish to Redis: {exc}") from exc
        for event_type, _ in messages:
            EVENTS_PUBLISHED.labels(event_type).inc()

    async def emit_event(self, payload: dict[str, Any], recipients: Iterable[int]) -> None:
        """Send one event to its recipients' sockets; raises PublishError."""
        await self.emit_events([(payload, recipients)])

    async def membership_changed(self, user_id: int) -> None:
        """Tell the realtime servers to re-read this user's account (they close his sockets if it is disabled)."""
        await self._notice({"method": MEMBERSHIP_CHANGED, "user_id": user_id})

    async def api_token_revoked(self, token_id: int) -> None:
        """Tell the realtime servers to close the sockets this API token opened."""
        await self._notice({"method": API_TOKEN_REVOKED, "token_id": token_id})

    async def _notice(self, notice: dict[str, Any]) -> None:
        try:
            await self.redis.publish(self.channel, json.dumps(notice))
        except (RedisError, OSError) as exc:
            raise PublishError(f"cannot publish to Redis: {exc}") from exc

    async def close(self) -> None:
        await self.redis.aclose()
