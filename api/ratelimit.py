"""Per-endpoint rate limits (contract §13), counted in Redis so every web process shares them.

Fixed one-minute windows. Routes with an explicit limit use :func:`rate_limited`, placed after
authentication and validation so bad requests do not spend the quota; every other route gets
the default limit from :func:`default_rate_limit` (api/lifecycle.py), before authentication. Counters
are keyed by client IP and, when the caller is known, also by user. When Redis is unreachable
the limiter fails open: requests are served, and a warning is logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from redis.exceptions import RedisError
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.clientip import client_ip

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 200
WINDOW_SECONDS = 60
Handler = Callable[..., Awaitable[Any]]


class RateLimitExceeded(Exception):
    def __init__(self, limit: int, retry_after: int):
        super().__init__(limit)
        self.limit = limit
        self.retry_after = retry_after


def rate_limit_response(request: Request, exc: RateLimitExceeded) -> HTTPResponse:
    return json(
        {"error": f"Rate limit exceeded: {exc.limit} per 1 minute"},
        status=429,
        headers={"Retry-After": str(exc.retry_after)},
    )


async def hit(request: Request, bucket: str, limit: int) -> None:
    """Count one request against ``bucket``; raise RateLimitExceeded when over ``limit``."""
    settings = request.app.ctx.settings
    if not settings.rate_limit_enabled:
        return
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    identities = [f"ip:{client_ip(request, settings.trusted_proxies)}"]
    user = getattr(request.ctx, "user", None)
    if user is not None:
        identities.append(f"user:{user.id}")
    keys = [f"ratelimit:{bucket}:{identity}:{window}" for identity in identities]
    try:
        async with request.app.ctx.redis.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.incr(key)
                pipe.expire(key, WINDOW_SECONDS + 1)
            results = await pipe.execute()
    except (RedisError, OSError) as exc:
        log.warning("rate limiter unavailable, failing open: %s", exc)
        return
    counts = results[0::2]
    if max(counts) > limit:
        raise RateLimitExceeded(limit, retry_after=max(1, int((window + 1) * WINDOW_SECONDS - now) + 1))


def rate_limited(limit: int) -> Callable[[Handler], Handler]:
    """Give a route its own limit per minute, counted after authentication and validation."""

    def decorator(handler: Handler) -> Handler:
        @wraps(handler)
        async def wrapper(request: Request, *args: Any, **kwargs: Any) -> Any:
            await hit(request, request.name or handler.__name__, limit)
            return await handler(request, *args, **kwargs)

        wrapper.__rate_limit__ = limit  # type: ignore[attr-defined]
        return wrapper

    return decorator


def default_rate_limit(request: Request) -> Awaitable[None] | None:
    """The check of the default limit, for a route without a limit of its own, to await before
    authentication; None when there is nothing to check (no coroutine to make and await, as on every
    request when limits are off)."""
    route = request.route
    if route is None or getattr(route.handler, "__rate_limit__", None) is not None:
        return None
    if not request.app.ctx.settings.rate_limit_enabled:
        return None
    return hit(request, route.name, DEFAULT_LIMIT)
