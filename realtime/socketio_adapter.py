"""Everything that relies on python-socketio's private parts, in one place, for the versions it was checked on.

Why it is needed: python-socketio's Redis manager offers no public way to do four things the service needs.

* Publishing without a Socket.IO server, in batches, with failures reported: its write-only manager
  logs a failed publish and drops it, and sends one message per round trip. The outbox must know
  whether Redis took its events (an event is marked published only then) and pushes a whole batch
  in one pipeline. So :func:`emit_message` builds the pub/sub message the manager's ``emit`` would
  send, and the publisher sends it itself.
* Listening again quickly after a Redis outage: the manager's ``_redis_listen_with_retries`` pauses
  up to a minute between attempts, and whatever is published meanwhile never reaches the sockets.
* Handling our own notices on the channel in line with the events (``_listen``), and counting the
  events relayed (``_handle_emit``).
* Telling whether the listener task is still alive (the ``thread`` attribute), for ``/health``.

Importing this module with a python-socketio version it was not checked against fails (see
:mod:`realtime.versions`): check these overrides against the new release, then add it below.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import AsyncIterator, Iterable
from typing import Any

import socketio

from realtime.versions import require_version

SUPPORTED_VERSIONS = ("5.18.",)
VERSION = require_version("python-socketio", SUPPORTED_VERSIONS, __name__)

log = logging.getLogger(__name__)

FIRST_RESUBSCRIBE_PAUSE_SECONDS = 0.25
LONGEST_RESUBSCRIBE_PAUSE_SECONDS = 2.0


def new_host_id() -> str:
    """An id for one publishing process; a server ignores messages that carry its own."""
    return uuid.uuid4().hex


def emit_message(event: str, data: dict[str, Any], *, rooms: Iterable[str], host_id: str,
                 namespace: str = "/") -> str:
    """The pub/sub message ``AsyncPubSubManager.emit`` publishes for a JSON ``data`` sent to ``rooms``
    without a callback, ready for ``PUBLISH``."""
    return json.dumps({"method": "emit", "event": event, "data": [data], "binary": False, "namespace": namespace,
                       "room": list(rooms), "skip_sid": None, "callback": None, "host_id": host_id})


class ListeningRedisManager(socketio.AsyncRedisManager):
    """The server's Redis manager: resubscribes within seconds, hands our own notices (messages whose
    ``method`` is in ``notice_methods``) to :meth:`handle_notice` in line, reports each relayed emit to
    :meth:`relayed`, and says whether its listener is alive."""

    notice_methods: frozenset[str] = frozenset()

    async def handle_notice(self, notice: dict[str, Any]) -> None:
        """One of our notices arrived; runs before any message published after it is handled."""

    def relayed(self, message: dict[str, Any]) -> None:
        """An emit from another process is about to go to this server's sockets."""

    async def _redis_listen_with_retries(self) -> AsyncIterator[Any]:
        pause = FIRST_RESUBSCRIBE_PAUSE_SECONDS
        while True:
            try:
                self._redis_connect()
                await self.pubsub.subscribe(self.channel)
                if pause > FIRST_RESUBSCRIBE_PAUSE_SECONDS:
                    log.info("subscribed to Redis again")
                pause = FIRST_RESUBSCRIBE_PAUSE_SECONDS
                async for message in self.pubsub.listen():
                    yield message
            except Exception as exc:
                log.warning("cannot receive from Redis (%s); subscribing again in %.1fs", exc, pause)
                await asyncio.sleep(pause)
                pause = min(LONGEST_RESUBSCRIBE_PAUSE_SECONDS, pause * 2)

    async def _listen(self) -> AsyncIterator[Any]:
        async for message in super()._listen():
            notice = self._notice(message)
            if notice is None:
                yield message
                continue
            try:
                await self.handle_notice(notice)
            except Exception:
                log.exception("could not handle the notice %r", notice)

    def _notice(self, message: Any) -> dict[str, Any] | None:
        try:
            data = self.json.loads(message)
        except (TypeError, ValueError):
            return None
        if isinstance(data, dict) and data.get("method") in self.notice_methods:
            return data
        return None

    async def _handle_emit(self, message: dict[str, Any]) -> None:
        self.relayed(message)
        await super()._handle_emit(message)

    def listener_alive(self) -> bool:
        """False once the Redis listener task has died (python-socketio does not restart it)."""
        task = getattr(self, "thread", None)
        return task is None or not task.done()

    async def close(self) -> None:
        task = getattr(self, "thread", None)
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        if self.redis is not None:
            await self.redis.aclose()
