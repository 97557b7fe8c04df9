"""Pushing to connected clients from any process, through Redis pub/sub.

Workers (and the API, if it ever pushes directly) hold one :class:`Publisher` per process. Events
go to the ``user:<id>`` room of each recipient the outbox names, never to a family room: the
recipients were resolved when the event was written, so a member removed from a family since
receives nothing more of it, wherever his sockets are connected.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import socketio
from prometheus_client import Counter

from realtime.rooms import DEFAULT_CHANNEL, MEMBERSHIP_CHANGED, user_room

log = logging.getLogger(__name__)

EVENTS_PUBLISHED = Counter(
    "chores_realtime_events_published_total", "Events pushed to Redis for the realtime servers, by type", ["type"]
)

# Fail fast when Redis is down: the outbox keeps the event and the sweep publishes it later.
REDIS_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 2}


class PublishError(ConnectionError):
    """Redis did not take the message; nothing was pushed."""


class _WriteOnlyRedisManager(socketio.AsyncRedisManager):
    """python-socketio's write-only manager, except that a failed publish raises instead of only logging."""

    async def _publish(self, data: dict[str, Any]) -> int:
        try:
            if not self.connected:
                self._redis_connect()
            return await self.redis.publish(self.channel, self.json.dumps(data))
        except Exception as exc:
            self.connected = False
            raise PublishError(f"cannot publish to Redis: {exc}") from exc

    async def aclose(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()
        self.connected = False


class Publisher:
    """Emits outbox events and membership notices to every realtime server."""

    def __init__(self, redis_url: str, *, channel: str = DEFAULT_CHANNEL):
        self._manager = _WriteOnlyRedisManager(
            redis_url, channel=channel, write_only=True, logger=log, redis_options=dict(REDIS_OPTIONS)
        )

    async def emit_event(self, payload: dict[str, Any], recipients: Iterable[int]) -> None:
        """Send one event (``Event.payload()``) to its recipients' sockets; raises PublishError."""
        rooms = [user_room(user_id) for user_id in sorted(set(recipients))]
        if not rooms:
            return
        await self._manager.emit(payload["type"], payload, room=rooms, namespace="/")
        EVENTS_PUBLISHED.labels(payload["type"]).inc()

    async def membership_changed(self, user_id: int) -> None:
        """Tell the realtime servers to re-read this user's family and rooms (or drop him if inactive)."""
        await self._manager._publish({"method": MEMBERSHIP_CHANGED, "user_id": user_id})

    async def close(self) -> None:
        await self._manager.aclose()
