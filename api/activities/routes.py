"""The activity feed (contract §7)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.activities import service
from api.activities.schemas import (
    ActivityOut,
    ActivityPath,
    ActivitySummaryOut,
    ActivityTypesOut,
    DebugErrorOut,
    DebugSampleOut,
    FeedOut,
    RecentQuery,
    SummaryQuery,
    activity_out,
    debug_out,
    feed_out,
)
from api.auth import authenticated
from api.openapi import responds
from api.validation import validate
from models import User

bp = Blueprint("activities", url_prefix="/api/v1/activities")


@bp.get("/recent")
@responds(FeedOut)
@authenticated
@validate(query=RecentQuery)
async def recent(request: Request, user: User, query: RecentQuery) -> HTTPResponse:
    """A page of the caller's family feed, newest first."""
    page = await service.recent_activities(
        user=user, limit=query.limit, offset=query.offset, activity_type=query.activity_type
    )
    return json(feed_out(page))


@bp.get("/summary")
@responds(ActivitySummaryOut)
@authenticated
@validate(query=SummaryQuery)
async def summary(request: Request, user: User, query: SummaryQuery) -> HTTPResponse:
    """Activity counts per type over the last ``days_back`` days."""
    return json(await service.activity_summary(user=user, days_back=query.days_back))


@bp.get("/types")
@responds(ActivityTypesOut)
@authenticated
async def types(request: Request, user: User) -> HTTPResponse:
    """The activity types and what each one means."""
    return json(service.activity_types())


@bp.get("/debug")
@responds(DebugSampleOut | DebugErrorOut)
@authenticated
async def debug(request: Request, user: User) -> HTTPResponse:
    """A small sample of the caller's feed, for diagnosing an empty feed."""
    return json(debug_out(user, await service.debug_sample(user=user)))


@bp.get("/<activity_id>")
@responds(ActivityOut)
@authenticated
@validate(path=ActivityPath)
async def one(request: Request, user: User, path: ActivityPath) -> HTTPResponse:
    """One activity the caller is involved in."""
    activity, people = await service.get_activity(user=user, activity_id=path.activity_id)
    return json(activity_out(activity, people))
