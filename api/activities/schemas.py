"""Request and response shapes of the activity feed (contract §1.7, §7)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.activities.service import DebugSample, FeedPage
from api.validation import DbInt
from api.users.schemas import user_out
from models import Activity, User
from models.timeutil import isoformat_z

MAX_PAGE = 100
MAX_OFFSET = 2**31 - 1
DEBUG_SHOWN = 3


class RecentQuery(BaseModel):
    limit: int = Field(default=20, ge=1, le=MAX_PAGE)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)
    activity_type: str | None = Field(default=None, max_length=50)


class SummaryQuery(BaseModel):
    days_back: int = Field(default=30, ge=1, le=365)


class ActivityPath(BaseModel):
    activity_id: DbInt


def activity_out(activity: Activity, users: dict[int, User]) -> dict:
    """The ``Activity`` object (§1.7) with its actor and target embedded from ``users``."""
    actor = users.get(activity.user_id)
    target = users.get(activity.target_user_id) if activity.target_user_id is not None else None
    return {
        "id": activity.id,
        "user_id": activity.user_id,
        "activity_type": activity.activity_type,
        "description": activity.description,
        "target_user_id": activity.target_user_id,
        "activity_data": activity.activity_data,
        "created_at": isoformat_z(activity.created_at),
        "user": user_out(actor) if actor else None,
        "target_user": user_out(target) if target else None,
    }


def feed_out(page: FeedPage) -> dict:
    """V1: a page of the feed; ``total_count`` is never computed (always null)."""
    return {
        "activities": [activity_out(activity, page.users) for activity in page.activities],
        "total_count": None,
        "has_more": page.has_more,
    }


def debug_out(user: User, sample: DebugSample) -> dict:
    """V4: what the caller's feed holds, or why it could not be read."""
    who = {"id": user.id, "username": user.username, "is_parent": user.is_parent}
    if sample.error is not None:
        return {"status": "error", "user": who, "error": str(sample.error), "error_type": type(sample.error).__name__}
    return {
        "status": "success",
        "user": {**who, "email": user.email},
        "activities_count": len(sample.activities),
        "activities": [
            {
                "id": activity.id,
                "type": activity.activity_type,
                "description": activity.description,
                "created_at": isoformat_z(activity.created_at),
            }
            for activity in sample.activities[:DEBUG_SHOWN]
        ],
    }
