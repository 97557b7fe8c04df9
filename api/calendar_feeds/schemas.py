"""Request and response shapes of the calendar feeds endpoints."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from typing_extensions import TypedDict

from api.validation import DbInt
from api.wire import Timestamp
from models.calendar_feeds import CalendarFeed
from models.timeutil import isoformat_z


class FeedIn(BaseModel):
    """A new feed: of the whole family, or of one child (``child_id``)."""

    model_config = ConfigDict(extra="ignore")

    child_id: DbInt | None = None


class FeedPath(BaseModel):
    feed_id: DbInt


class FeedFilePath(BaseModel):
    secret: str


class FeedOut(TypedDict):
    """A feed as listed: never its secret nor its URL (which holds the secret)."""

    id: int
    child_id: int | None
    created_by: int | None
    created_at: Timestamp
    revoked_at: Timestamp | None


class FeedWithUrlOut(FeedOut):
    """A feed just created or regenerated, with the URL to subscribe to: shown this once, then never again."""

    url: str


def feed_out(feed: CalendarFeed) -> FeedOut:
    return {
        "id": feed.id,
        "child_id": feed.child_id,
        "created_by": feed.created_by_id,
        "created_at": isoformat_z(feed.created_at),
        "revoked_at": isoformat_z(feed.revoked_at),
    }


def feed_with_url_out(feed: CalendarFeed, url: str) -> FeedWithUrlOut:
    return {**feed_out(feed), "url": url}
