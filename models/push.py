"""Web Push: the browsers and phones a user subscribed, his preferences, and the notifications owed to them.

A notification row is written by the outbox relay (workers/push_fanout.py) in the transaction that
publishes its event, with the instant it may go out (now, or the end of the user's quiet hours); the
worker claims it, sends it to each of the user's subscriptions and deletes it (sent, or given up).
"""

from __future__ import annotations

import hashlib
import re
from binascii import Error as Base64Error
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid.utils import b64urldecode
from tortoise import fields
from tortoise.expressions import Q
from tortoise.models import Model

from models.push_kinds import KINDS_BY_NAME
from models.quiet_hours import QuietHours
from models.timeutil import as_utc
from models.users import User

P256DH_BYTES = 65  # an uncompressed P-256 point: 0x04, x, y
AUTH_SECRET_BYTES = 16
ENDPOINT_MAX_LENGTH = 2000
# A user keeps at most this many subscriptions; subscribing one more drops his least recently renewed one.
MAX_SUBSCRIPTIONS_PER_USER = 10
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")


def _decoded(text: str, size: int, what: str) -> bytes:
    if not _BASE64URL.fullmatch(text):
        raise ValueError(f"{what} must be base64url (A-Z, a-z, 0-9, - and _)")
    try:
        raw = b64urldecode(text.rstrip("=").encode())
    except Base64Error:
        raise ValueError(f"{what} is not valid base64url") from None
    if len(raw) != size:
        raise ValueError(f"{what} must encode {size} bytes, not {len(raw)}")
    return raw


def check_p256dh(text: str) -> str:
    """The subscription's public key (``keys.p256dh``), unpadded, if it is a point of the P-256 curve."""
    raw = _decoded(text, P256DH_BYTES, "keys.p256dh")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        raise ValueError("keys.p256dh is not an uncompressed P-256 public key") from None
    return text.rstrip("=")


def check_auth_secret(text: str) -> str:
    """The subscription's authentication secret (``keys.auth``), unpadded, if it has 16 bytes."""
    _decoded(text, AUTH_SECRET_BYTES, "keys.auth")
    return text.rstrip("=")


def endpoint_digest(endpoint: str) -> str:
    """What makes a subscription unique for its user (the URL itself is too long for a MySQL index)."""
    return hashlib.sha256(endpoint.encode()).hexdigest()


class PushSubscription(Model):
    """One browser or app of one user (a W3C ``PushSubscription``); the endpoint is a secret capability URL."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="push_subscriptions", on_delete=fields.CASCADE
    )
    endpoint = fields.CharField(max_length=ENDPOINT_MAX_LENGTH)
    endpoint_digest = fields.CharField(max_length=64)
    p256dh = fields.CharField(max_length=100)
    auth = fields.CharField(max_length=32)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    user_id: int

    class Meta:
        table = "push_subscriptions"
        unique_together = (("user_id", "endpoint_digest"),)


class PushPreferences(Model):
    """What a user chose: the kinds he turned off and his quiet hours. No row: every kind on, never quiet."""

    id = fields.IntField(primary_key=True)
    user: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="push_preferences", on_delete=fields.CASCADE
    )
    # Kinds turned off (so that a kind added later is on for everybody).
    disabled_kinds: fields.JSONField[list[str]] = fields.JSONField(default=list)
    # Minutes after local midnight in the family's time zone; both null: no quiet hours.
    quiet_start = fields.SmallIntField(null=True)
    quiet_end = fields.SmallIntField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)

    user_id: int

    class Meta:
        table = "push_preferences"

    @property
    def quiet_hours(self) -> QuietHours | None:
        if self.quiet_start is None or self.quiet_end is None:
            return None
        return QuietHours(self.quiet_start, self.quiet_end)

    @quiet_hours.setter
    def quiet_hours(self, hours: QuietHours | None) -> None:
        self.quiet_start, self.quiet_end = (None, None) if hours is None else (hours.start, hours.end)

    def wants(self, kind: str) -> bool:
        return kind not in self.disabled_kinds

    def release(self, now: datetime, zone: ZoneInfo) -> datetime:
        """When a push due at ``now`` may go out: now, or the end of the quiet hours (read in ``zone``) it falls in."""
        quiet = self.quiet_hours
        return now if quiet is None else quiet.release(now, zone)

    def choose(self, kinds: dict[str, bool]) -> None:
        """Turn kinds on or off (kinds not named keep their setting); every name must be a known kind."""
        unknown = set(kinds) - KINDS_BY_NAME.keys()
        if unknown:
            raise ValueError(f"unknown notification kinds: {sorted(unknown)}")
        off = (set(self.disabled_kinds) | {kind for kind, on in kinds.items() if not on}) - {
            kind for kind, on in kinds.items() if on
        }
        self.disabled_kinds = sorted(off)


class PushNotification(Model):
    """A push owed to one user for one event, until it is sent to his subscriptions or given up."""

    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="push_notifications", on_delete=fields.CASCADE
    )
    event_id = fields.BigIntField()  # no foreign key: events are pruned on their own schedule
    kind = fields.CharField(max_length=32)
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField()
    urgency = fields.CharField(max_length=8)
    send_after = fields.DatetimeField()
    attempts = fields.SmallIntField(default=0)  # sends tried so far
    # While a worker sends it, nobody else may (a worker that died lets it go when this passes).
    claimed_until = fields.DatetimeField(null=True)
    # After a partial failure, the subscriptions still owed it; null: all the user's subscriptions.
    pending_subscription_ids: fields.JSONField[list[int] | None] = fields.JSONField(null=True)
    # Its time to live runs from when it may be sent (after quiet hours): past this it is dropped, not sent late.
    expires_at = fields.DatetimeField()
    created_at = fields.DatetimeField()

    user_id: int

    class Meta:
        table = "push_notifications"
        unique_together = (("event_id", "user_id"),)
        indexes = (("send_after", "claimed_until"),)

    def ttl_seconds(self, now: datetime) -> int:
        """How long the push service may keep it for an offline device: what is left of its time to live
        (0 or less: expired, not to be sent)."""
        return int((as_utc(self.expires_at) - now).total_seconds())


def unclaimed_and_due(now: datetime) -> Q:
    return Q(send_after__lte=now) & (Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))


async def claim_due_notification(notification_id: int, *, now: datetime, lease: timedelta) -> PushNotification | None:
    """Take a due notification for ``lease`` (one conditional UPDATE, so two workers never both get it)."""
    taken = await PushNotification.filter(Q(id=notification_id) & unclaimed_and_due(now)).update(
        claimed_until=now + lease
    )
    return await PushNotification.get_or_none(id=notification_id) if taken else None
