"""The web process's Redis connection pool (rate limits, job enqueueing, pushes)."""

from __future__ import annotations

from redis.asyncio import Redis
from sanic import Sanic


def setup_redis(app: Sanic) -> None:
    @app.before_server_start
    async def open_redis(app: Sanic) -> None:
        app.ctx.redis = Redis.from_url(
            app.ctx.settings.redis_url, socket_connect_timeout=1, socket_timeout=1, health_check_interval=30
        )

    @app.after_server_stop
    async def close_redis(app: Sanic) -> None:
        await app.ctx.redis.aclose()
