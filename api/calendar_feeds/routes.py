"""``/api/v1/calendar-feeds``: a parent's iCal feeds; ``/api/v1/calendar/{secret}.ics``: the feed itself.

Managing feeds takes a login token, except listing them (``read``): a feed URL is a capability, so
only a person hands one out (api/token_scopes.py). The feed takes no token at all: calendar apps
send no headers, the secret in the URL is the credential.
"""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, empty, json, raw

from api.auth import authenticated
from api.calendar_feeds import service
from api.calendar_feeds.schemas import (
    FeedFilePath,
    FeedIn,
    FeedOut,
    FeedPath,
    FeedWithUrlOut,
    feed_out,
    feed_with_url_out,
)
from api.logging import secret_in_path
from api.openapi import named_with_extension, responds
from api.ratelimit import rate_limited
from api.validation import validate
from models import User
from models.calendar_feeds import FeedWithSecret
from models.timeutil import utcnow

bp = Blueprint("calendar_feeds", url_prefix="/api/v1")

ICALENDAR = "text/calendar; charset=utf-8"
FEED_ROUTE = "calendar_feeds.feed"


def with_url(request: Request, created: FeedWithSecret) -> FeedWithUrlOut:
    url = request.url_for(FEED_ROUTE, secret=f"{created.secret}.ics")
    return feed_with_url_out(created.feed, url)


@bp.post("/calendar-feeds")
@responds(FeedWithUrlOut, status=201, errors=[404])
@authenticated
@validate(json=FeedIn, json_optional=True)
@rate_limited(10)
async def create_feed(request: Request, user: User, body: FeedIn) -> HTTPResponse:
    """Create a feed of the family's scheduled chores, or of one child's (``child_id``); its URL is in this
    answer only. The body is optional."""
    created = await service.create(user=user, child_id=body.child_id)
    return json(with_url(request, created), status=201)


@bp.get("/calendar-feeds")
@responds(list[FeedOut])
@authenticated
async def list_feeds(request: Request, user: User) -> HTTPResponse:
    """The family's calendar feeds, without their URLs, newest first."""
    return json([feed_out(feed) for feed in await service.list_feeds(user=user)])


@bp.delete("/calendar-feeds/<feed_id>")
@responds(None, status=204)
@authenticated
@validate(path=FeedPath)
@rate_limited(30)
async def revoke_feed(request: Request, user: User, path: FeedPath) -> HTTPResponse:
    """Revoke a feed: its URL answers 404 from now on."""
    await service.revoke(user=user, feed_id=path.feed_id)
    return empty()


@bp.post("/calendar-feeds/<feed_id>/regenerate")
@responds(FeedWithUrlOut)
@authenticated
@validate(path=FeedPath)
@rate_limited(10)
async def regenerate_feed(request: Request, user: User, path: FeedPath) -> HTTPResponse:
    """Give a feed a new secret: the old URL answers 404, the new one is in this answer only."""
    return json(with_url(request, await service.regenerate(user=user, feed_id=path.feed_id)))


@bp.get("/calendar/<secret:ext=ics>")
@secret_in_path("/api/v1/calendar/{secret}.ics")
@named_with_extension
@responds(str, media_type=ICALENDAR, errors=[404])
@validate(path=FeedFilePath)
@rate_limited(120)
async def feed(request: Request, path: FeedFilePath, ext: str) -> HTTPResponse:
    """The feed (RFC 5545) a calendar app subscribes to; no token: the secret in the URL is the credential."""
    document = await service.feed_document(secret=path.secret, today=utcnow().date())
    return raw(document, content_type=ICALENDAR)
