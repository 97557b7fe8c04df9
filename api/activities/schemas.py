"""Request and response shapes of the activity feed (contract §1.7, §7)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from api.activities.service import DebugSample, FeedPage
from api.users.schemas import UserOut, user_out
from api.validation import DbInt
from api.wire import Timestamp
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


class ActivityOut(TypedDict):
    """The ``Activity`` object (§1.7)."""

    id: int
    user_id: int
    activity_type: str
    description: str
    target_user_id: int | None
    activity_data: dict[str, Any] | None
    created_at: Timestamp
    user: UserOut | None
    target_user: UserOut | None


class FeedOut(TypedDict):
    """V1's answer: ``total_count`` is always null."""

    activities: list[ActivityOut]
    total_count: None
    has_more: bool


class ActivitySummaryOut(TypedDict):
    """V2's answer: counts per activity type."""

    activity_counts: dict[str, int]
    total_activities: int
    period_days: int


class ActivityTypesOut(TypedDict):
    """V3's answer."""

    activity_types: list[str]
    descriptions: dict[str, str]


class DebugUserOut(TypedDict):
    id: int
    username: str
    is_parent: bool


class DebugUserWithEmailOut(DebugUserOut):
    email: str | None


class DebugActivityOut(TypedDict):
    id: int
    type: str
    description: str
    created_at: Timestamp


class DebugSampleOut(TypedDict):
    """V4 when the feed could be read."""

    status: Literal["success"]
    user: DebugUserWithEmailOut
    activities_count: int
    activities: list[DebugActivityOut]


class DebugErrorOut(TypedDict):
    """V4 when reading the feed failed."""

    status: Literal["error"]
    user: DebugUserOut
    error: str
    error_type: str


def activity_out(activity: Activity, users: dict[int, User]) -> ActivityOut:
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


def feed_out(page: FeedPage) -> FeedOut:
    """V1: a page of the feed; ``total_count`` is never computed (always null)."""
    return {
        "activities": [activity_out(activity, page.users) for activity in page.activities],
        "total_count": None,
        "has_more": page.has_more,
    }


def debug_out(user: User, sample: DebugSample) -> DebugSampleOut | DebugErrorOut:
    """V4: what the caller's feed holds, or why it could not be read."""
    who: DebugUserOut = {"id": user.id, "username": user.username, "is_parent": user.is_parent}
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
