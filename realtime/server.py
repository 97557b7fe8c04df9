"""The Socket.IO server: authenticated connections, rooms, and the Redis link to every publisher.

A socket joins its user's room, ``user:<id>``, at connect: outbox events name their recipients and
go to their rooms only (see realtime/publisher.py), so a family change needs nothing here. When an
account is disabled, a ``membership_changed`` notice over Redis makes every realtime server close
its sockets; when an API token is revoked, an ``api_token_revoked`` notice closes the sockets it
opened (they joined its ``api_token:<id>`` room).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import socketio

from models import User
from models.db import close_orm, init_orm
from realtime.auth import connecting_caller
from realtime.garbage import SurvivorFreezer
from realtime.metrics import CONNECT_REFUSALS, CONNECTED_SOCKETS, EVENTS_EMITTED, http_routes
from realtime.rooms import API_TOKEN_REVOKED, DEFAULT_CHANNEL, MEMBERSHIP_CHANGED, api_token_room, user_room
from realtime.socketio_adapter import ListeningRedisManager
from settings import Settings, get_settings

log = logging.getLogger(__name__)

NAMESPACE = "/"


class RealtimeRedisManager(ListeningRedisManager):
    """The server's Redis manager: account notices, and a per-type count of relayed events."""

    notice_methods = frozenset({MEMBERSHIP_CHANGED, API_TOKEN_REVOKED})

    async def handle_notice(self, notice: dict[str, Any]) -> None:
        key = "token_id" if notice["method"] == API_TOKEN_REVOKED else "user_id"
        try:
            row_id = int(notice[key])
        except (KeyError, TypeError, ValueError):
            log.warning("ignoring a malformed notice: %r", notice)
            return
        if key == "token_id":
            await self.drop_room(api_token_room(row_id))
        else:
            await self.drop_if_disabled(row_id)

    async def drop_if_disabled(self, user_id: int) -> None:
        """Close this server's sockets of a user whose account is disabled or gone."""
        room = user_room(user_id)
        if self.sids_in(room) and not await User.exists(id=user_id, is_active=True):
            await self.drop_room(room)

    def sids_in(self, room: str) -> list[str]:
        return [sid for sid, _ in self.get_participants(NAMESPACE, room)]

    async def drop_room(self, room: str) -> None:
        """Close this server's sockets in ``room``."""
        for sid in self.sids_in(room):
            await self.server.disconnect(sid, namespace=NAMESPACE, ignore_queue=True)

    def relayed(self, message: dict[str, Any]) -> None:
        EVENTS_EMITTED.labels(str(message.get("event"))).inc()


def create_server(
    settings: Settings, *, channel: str = DEFAULT_CHANNEL, freezer: SurvivorFreezer | None = None
) -> socketio.AsyncServer:
    """The Socket.IO server with its connect and disconnect handlers, which tell ``freezer`` about each
    socket."""
    freezer = freezer or SurvivorFreezer()
    manager = RealtimeRedisManager(settings.redis_url, channel=channel, logger=log)
    sio = socketio.AsyncServer(
        async_mode="asgi", client_manager=manager, cors_allowed_origins=list(settings.cors_origins)
    )

    @sio.event
    async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        try:
            caller = await connecting_caller(environ, auth, settings)
        except Exception:
            log.exception("could not authenticate a socket")
            caller = None
        if caller is None:
            CONNECT_REFUSALS.inc()
            freezer.socket_refused()
            raise socketio.exceptions.ConnectionRefusedError("unauthorized")
        await sio.enter_room(sid, user_room(caller.user.id))
        if caller.api_token_id is not None:
            await sio.enter_room(sid, api_token_room(caller.api_token_id))
        await sio.save_session(sid, {"user_id": caller.user.id})
        CONNECTED_SOCKETS.inc()
        freezer.socket_opened()

    @sio.event
    async def disconnect(sid: str, reason: str | None = None) -> None:
        CONNECTED_SOCKETS.dec()
        freezer.socket_closed()

    return sio


def create_app(
    settings: Settings | None = None, *, manage_orm: bool = True, manage_gc: bool = True,
    channel: str = DEFAULT_CHANNEL,
) -> socketio.ASGIApp:
    """The ASGI app: Socket.IO at ``/socket.io/``, plus ``/health`` and ``/metrics``.

    Tests pass ``manage_orm=False`` and own the database connections themselves, and
    ``manage_gc=False``: the process's garbage collector is theirs too (see realtime/garbage.py).
    """
    settings = settings or get_settings()
    freezer = SurvivorFreezer()
    sio = create_server(settings, channel=channel, freezer=freezer)
    manager: RealtimeRedisManager = sio.manager
    freezing: asyncio.Task | None = None

    async def startup() -> None:
        nonlocal freezing
        if manage_orm:
            await init_orm(settings.database_url)
        # Subscribe to Redis now rather than at the first connection (python-socketio's default).
        sio.manager_initialized = True
        manager.initialize()
        if manage_gc:
            freezing = asyncio.create_task(freezer.run())

    async def shutdown() -> None:
        if freezing is not None:
            freezing.cancel()
            await asyncio.gather(freezing, return_exceptions=True)
        await sio.shutdown()
        await manager.close()
        if manage_orm:
            await close_orm()

    app = socketio.ASGIApp(
        sio, other_asgi_app=http_routes(settings, manager.listener_alive), socketio_path="socket.io",
        on_startup=startup, on_shutdown=shutdown,
    )
    app.sio = sio
    app.freezer = freezer
    return app
