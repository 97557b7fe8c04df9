"""Idempotency keys of money-moving requests (issue #13, item 6).

A client that sends ``Idempotency-Key`` claims the key for itself (one row per user and key,
unique) before the request runs; once the request succeeded the row keeps its answer, which a
retry with the same key and the same request gets back, byte for byte, without running again.

The claim is committed before the use case starts, so two requests with one key never both
run: the second finds the row and either replays the stored answer or, while the first is still
running, is refused. A request that fails releases its claim: nothing was moved, and a retry runs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise import fields
from tortoise.exceptions import IntegrityError
from tortoise.models import Model

from models.timeutil import utcnow
from models.users import User

# Keys are kept at least this long; the hourly prune deletes older ones.
KEY_RETENTION_HOURS = 24
MAX_KEY_LENGTH = 255


class IdempotencyKey(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="idempotency_keys", on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=MAX_KEY_LENGTH)
    # SHA-256 of the method, path and body: what "the same request" means.
    fingerprint = fields.CharField(max_length=64)
    # The stored answer; null while the first request runs.
    status = fields.IntField(null=True)
    content_type = fields.CharField(max_length=100, null=True)
    body = fields.BinaryField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: int

    class Meta:
        table = "idempotency_keys"
        unique_together = (("user_id", "key"),)
        indexes = (("created_at",),)


def is_valid_key(key: str) -> bool:
    """1 to 255 printable ASCII characters."""
    return 0 < len(key) <= MAX_KEY_LENGTH and all(" " <= char <= "~" for char in key)


def fingerprint_of(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


@dataclass(frozen=True)
class Claim:
    """The outcome of claiming a key: ``won`` (run the request), else the row another request holds."""

    row: IdempotencyKey
    won: bool


async def claim_key(user_id: int, key: str, fingerprint: str) -> Claim:
    """Insert the (user, key) row, committed at once; the unique constraint picks one winner."""
    try:
        return Claim(await IdempotencyKey.create(user_id=user_id, key=key, fingerprint=fingerprint), won=True)
    except IntegrityError:
        row = await IdempotencyKey.get_or_none(user_id=user_id, key=key)
        if row is None:  # released meanwhile by a request that failed: try once more
            return Claim(await IdempotencyKey.create(user_id=user_id, key=key, fingerprint=fingerprint), won=True)
        return Claim(row, won=False)


async def store_answer(row: IdempotencyKey, *, status: int, content_type: str | None, body: bytes) -> None:
    await IdempotencyKey.filter(id=row.id).update(status=status, content_type=content_type, body=body)


async def release_key(row: IdempotencyKey) -> None:
    await IdempotencyKey.filter(id=row.id, status__isnull=True).delete()


def key_retention_cutoff(now: datetime | None = None) -> datetime:
    """Keys created before this may be deleted."""
    return (now or utcnow()) - timedelta(hours=KEY_RETENTION_HOURS)
