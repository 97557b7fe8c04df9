"""Metrics of the realtime process, and its two plain HTTP routes: ``/metrics`` and ``/health``."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Counter, Gauge, generate_latest

from settings import Settings

CONNECTED_SOCKETS = Gauge("chores_realtime_connected_sockets", "Sockets connected to this realtime process")
CONNECT_REFUSALS = Counter("chores_realtime_connect_refusals_total", "Socket.IO connections refused at the handshake")
EVENTS_EMITTED = Counter(
    "chores_realtime_events_emitted_total", "Events this realtime process got from Redis for its sockets, by type",
    ["type"],
)

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def metrics_allowed(scope: Scope, settings: Settings) -> bool:
    """Loopback (or the configured addresses), or the metrics bearer token, as for the web process."""
    client = scope.get("client")
    if client and client[0] in settings.metrics_allowed_ips:
        return True
    if not settings.metrics_auth_token:
        return False
    headers = dict(scope.get("headers") or [])
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(token.strip(), settings.metrics_auth_token)


async def _respond(send: Send, status: int, body: bytes, content_type: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _respond_json(send: Send, status: int, payload: dict[str, Any]) -> None:
    await _respond(send, status, json.dumps(payload).encode(), "application/json")


ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def http_routes(settings: Settings, listener_alive: Callable[[], bool]) -> ASGIApp:
    """The ASGI app for every non-Socket.IO request of the realtime process."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path = scope["path"].rstrip("/")
        if path == "/metrics":
            if not metrics_allowed(scope, settings):
                await _respond_json(send, 403, {"detail": "Access to metrics endpoint is forbidden"})
                return
            await _respond(send, 200, generate_latest(REGISTRY), CONTENT_TYPE_LATEST)
        elif path == "/health":
            alive = listener_alive()
            await _respond_json(send, 200 if alive else 503, {"status": "healthy" if alive else "unhealthy",
                                                             "redis_listener": "running" if alive else "stopped"})
        else:
            await _respond_json(send, 404, {"detail": "Not Found"})

    return app
