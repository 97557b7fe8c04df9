"""Short Redis leases (``SET NX PX``): one holder at a time for a piece of work, across workers.

A lease expires by itself, so a holder that dies frees its work after ``ttl_ms``; one that outlives
its lease must not give back someone else's, hence the token compared on release.
"""

from __future__ import annotations

import secrets

from redis.asyncio import Redis

# Gives the lease back only if it is still ours (a lease that expired may be someone else's now).
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
# Extends the lease only if it is still ours.
_EXTEND = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0"


class Lease:
    """``await lease.take()`` is True when taken; ``give_back`` and ``extend`` act only while it is ours.
    Redis errors are the caller's to handle."""

    def __init__(self, redis: Redis, key: str, ttl_ms: int):
        self.redis, self.key, self.ttl_ms, self.token = redis, key, ttl_ms, secrets.token_hex(8)

    async def take(self) -> bool:
        return bool(await self.redis.set(self.key, self.token, nx=True, px=self.ttl_ms))

    async def extend(self) -> bool:
        return bool(await self.redis.eval(_EXTEND, 1, self.key, self.token, str(self.ttl_ms)))  # type: ignore[misc]

    async def give_back(self) -> None:
        await self.redis.eval(_RELEASE, 1, self.key, self.token)  # type: ignore[misc]
