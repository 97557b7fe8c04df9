"""The web process's one Redis client: rate limits, health checks, job enqueueing and outbox wake-ups."""

from __future__ import annotations

from arq.connections import ArqRedis
from sanic import Sanic

from workers import enqueue


def setup_redis(app: Sanic) -> None:
    @app.before_server_start
    async def open_redis(app: Sanic) -> None:
        # Lazily connected: nothing is dialled until the first command.
        app.ctx.redis = ArqRedis.from_url(
            app.ctx.settings.redis_url, socket_connect_timeout=1, socket_timeout=1, health_check_interval=30
        )
        enqueue.use(app.ctx.redis)

    @app.after_server_stop
    async def close_redis(app: Sanic) -> None:
        enqueue.use(None)
        await app.ctx.redis.aclose()
