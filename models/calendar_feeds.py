"""iCal feeds (issue #12, item 8): a family's scheduled chores, or one child's, for calendar apps.

Calendar apps send no headers, so a feed is authenticated by an unguessable secret in its URL:
256 random bits, URL-safe. Only its SHA-256 is stored, and a feed is found by that hash through a
unique index, so a lookup compares no secret in Python and takes no longer for a near miss. A
parent revokes a feed (its URL is dead at once) or regenerates its secret (the old URL is dead, the
new one is shown once).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.api_tokens import SECRET_BYTES, hash_secret
from models.timeutil import utcnow

if TYPE_CHECKING:
    from models.families import Family
    from models.users import User


class CalendarFeed(Model):
    """A feed of the family scheduled chores, or of one child when child is set."""

    id = fields.IntField(primary_key=True)
    family: fields.ForeignKeyRelation[Family] = fields.ForeignKeyField(
        "models.Family", related_name="calendar_feeds", on_delete=fields.CASCADE
    )
    child: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="calendar_feeds", null=True, on_delete=fields.CASCADE
    )
    secret_hash = fields.CharField(max_length=64, unique=True)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="calendar_feeds_created", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)

    family_id: int
    child_id: int | None
    created_by_id: int | None

    class Meta:
        table = "calendar_feeds"


@dataclass(frozen=True)
class FeedWithSecret:
    """A feed just created or regenerated, and its secret: the only moment it exists outside the client."""

    feed: CalendarFeed
    secret: str


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


async def create_feed(*, family_id: int, child_id: int | None, created_by_id: int) -> FeedWithSecret:
    secret = new_secret()
    feed = await CalendarFeed.create(
        family_id=family_id, child_id=child_id, created_by_id=created_by_id, secret_hash=hash_secret(secret)
    )
    return FeedWithSecret(feed, secret)


async def regenerate_secret(feed: CalendarFeed) -> FeedWithSecret:
    """A new secret for a live feed; the old one stops working at once."""
    secret = new_secret()
    feed.secret_hash = hash_secret(secret)
    await feed.save(update_fields=["secret_hash"])
    return FeedWithSecret(feed, secret)


def feeds_of_family(family_id: int) -> QuerySet[CalendarFeed]:
    return CalendarFeed.filter(family_id=family_id)


async def revoke_feed(family_id: int, feed_id: int) -> bool:
    """Revoke a live feed of the family; False when it has no such feed. Revoking twice keeps the first time."""
    await feeds_of_family(family_id).filter(id=feed_id, revoked_at__isnull=True).update(revoked_at=utcnow())
    return await feeds_of_family(family_id).filter(id=feed_id).exists()


async def live_feed(secret: str) -> CalendarFeed | None:
    """The live feed a secret opens, found by its hash; None for an unknown or revoked secret."""
    return await CalendarFeed.get_or_none(secret_hash=hash_secret(secret), revoked_at__isnull=True)
