"""The Socket.IO server: authenticated connections, rooms, and the Redis link to every publisher.

A socket joins ``user:<id>``, ``family:<id>`` and, for a parent, ``parents:<family_id>`` at connect,
read from the database. Outbox events are delivered to ``user:<id>`` rooms only (see
realtime/publisher.py). When a user's family changes, a ``membership_changed`` notice over Redis
makes every realtime server re-read his rooms, so the family rooms never lag behind the database.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import socketio

from models import User
from models.db import close_orm, init_orm
from realtime.auth import connecting_user
from realtime.metrics import CONNECT_REFUSALS, CONNECTED_SOCKETS, EVENTS_EMITTED, http_routes
from realtime.rooms import DEFAULT_CHANNEL, FAMILY_ROOM_PREFIXES, MEMBERSHIP_CHANGED, rooms_for, user_room
from settings import Settings, get_settings

log = logging.getLogger(__name__)

NAMESPACE = "/"
FIRST_RESUBSCRIBE_PAUSE_SECONDS = 0.25
LONGEST_RESUBSCRIBE_PAUSE_SECONDS = 2.0


class RealtimeRedisManager(socketio.AsyncRedisManager):
    """The server's Redis manager, plus membership notices and a per-type count of relayed events."""

    async def _redis_listen_with_retries(self):
        """python-socketio's listener loop, with pauses of at most ``LONGEST_RESUBSCRIBE_PAUSE_SECONDS``.

        Its own pauses double up to a minute, and whatever is published while the server is not
        subscribed never reaches its sockets. The workers publish the outbox as soon as Redis is
        back, so the server must be listening again by then.
        """
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

    async def _listen(self):
        # Notices are handled in line, so a notice and the events published after it keep their order.
        async for message in super()._listen():
            notice = self._membership_notice(message)
            if notice is None:
                yield message
                continue
            try:
                await self.refresh_rooms(notice)
            except Exception:
                log.exception("could not refresh the rooms of user %s", notice)

    def _membership_notice(self, message: Any) -> int | None:
        try:
            data = self.json.loads(message)
        except (TypeError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("method") != MEMBERSHIP_CHANGED:
            return None
        try:
            return int(data["user_id"])
        except (KeyError, TypeError, ValueError):
            log.warning("ignoring a malformed membership notice: %r", data)
            return None

    async def refresh_rooms(self, user_id: int) -> None:
        """Bring this server's sockets of a user into line with his account; drop them if it is gone."""
        sids = [sid for sid, _ in self.get_participants(NAMESPACE, user_room(user_id))]
        if not sids:
            return
        user = await User.get_or_none(id=user_id, is_active=True)
        for sid in sids:
            if user is None:
                await self.server.disconnect(sid, namespace=NAMESPACE, ignore_queue=True)
                continue
            wanted = rooms_for(user)
            current = {room for room in self.get_rooms(sid, NAMESPACE) if room.startswith(FAMILY_ROOM_PREFIXES)}
            for room in current - wanted:
                await self.leave_room(sid, NAMESPACE, room)
            for room in wanted - set(self.get_rooms(sid, NAMESPACE)):
                await self.enter_room(sid, NAMESPACE, room)

    async def _handle_emit(self, message: dict[str, Any]) -> None:
        EVENTS_EMITTED.labels(str(message.get("event"))).inc()
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


def create_server(settings: Settings, *, channel: str = DEFAULT_CHANNEL) -> socketio.AsyncServer:
    """The Socket.IO server with its connect and disconnect handlers."""
    manager = RealtimeRedisManager(settings.redis_url, channel=channel, logger=log)
    sio = socketio.AsyncServer(
        async_mode="asgi", client_manager=manager, cors_allowed_origins=list(settings.cors_origins)
    )

    @sio.event
    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        try:
            user = await connecting_user(environ, auth, settings)
        except Exception:
            log.exception("could not authenticate a socket")
            user = None
        if user is None:
            CONNECT_REFUSALS.inc()
            raise socketio.exceptions.ConnectionRefusedError("unauthorized")
        for room in rooms_for(user):
            await sio.enter_room(sid, room)
        await sio.save_session(sid, {"user_id": user.id})
        CONNECTED_SOCKETS.inc()

    @sio.event
    async def disconnect(sid: str, reason: str | None = None) -> None:
        CONNECTED_SOCKETS.dec()

    return sio


def create_app(
    settings: Settings | None = None, *, manage_orm: bool = True, channel: str = DEFAULT_CHANNEL
) -> socketio.ASGIApp:
    """The ASGI app: Socket.IO at ``/socket.io/``, plus ``/health`` and ``/metrics``.

    Tests pass ``manage_orm=False`` and own the database connections themselves.
    """
    settings = settings or get_settings()
    sio = create_server(settings, channel=channel)
    manager: RealtimeRedisManager = sio.manager

    async def startup() -> None:
        if manage_orm:
            await init_orm(settings.database_url)
        # Subscribe to Redis now rather than at the first connection (python-socketio's default).
        sio.manager_initialized = True
        manager.initialize()

    async def shutdown() -> None:
        await sio.shutdown()
        await manager.close()
        if manage_orm:
            await close_orm()

    app = socketio.ASGIApp(
        sio, other_asgi_app=http_routes(settings, manager.listener_alive), socketio_path="socket.io",
        on_startup=startup, on_shutdown=shutdown,
    )
    app.sio = sio
    return app
