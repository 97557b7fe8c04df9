"""Use cases of the activity feed: who sees which activity, pages, counts (contract §7, D5, D6).

A parent sees his family's activities: the rows logged in the family, plus any row whose actor or
target is a member. A parent without a family sees his own rows and his direct children's. A child
sees the rows he made and the rows about him (approvals, rejections).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import cast

from tortoise.exceptions import BaseORMException
from tortoise.expressions import Q, Subquery
from tortoise.functions import Count

from api.errors import Forbidden, NotFound
from models import Activity, ActivityType, User
from models.activities import ACTIVITY_DESCRIPTIONS
from models.timeutil import utcnow
from models.users import users_visible_to

NEWEST_FIRST = ("-created_at", "-id")
DEBUG_SAMPLE = 5


@dataclass(frozen=True)
class FeedPage:
    activities: list[Activity]
    users: dict[int, User]
    has_more: bool


@dataclass(frozen=True)
class DebugSample:
    activities: list[Activity]
    error: BaseORMException | None = None


def _visible_to(user: User) -> Q:
    """The activities ``user`` may see, as one filter (subqueries, never lists of ids)."""
    if not user.is_parent:
        return Q(user_id=user.id) | Q(target_user_id=user.id)
    people = Subquery(users_visible_to(user).values("id"))
    involving_people = Q(user_id__in=people) | Q(target_user_id__in=people)
    if user.family_id is not None:
        return Q(family_id=user.family_id) | involving_people
    return involving_people


async def _people_of(activities: list[Activity]) -> dict[int, User]:
    """Actors and targets of ``activities``, in one query."""
    ids = {a.user_id for a in activities} | {a.target_user_id for a in activities if a.target_user_id}
    if not ids:
        return {}
    return {person.id: person for person in await User.filter(id__in=ids)}


async def recent_activities(*, user: User, limit: int, offset: int, activity_type: str | None) -> FeedPage:
    """A page of the caller's feed, newest first; one extra row tells whether more follow."""
    query = Activity.filter(_visible_to(user))
    if activity_type is not None:
        query = query.filter(activity_type=activity_type)
    rows = await query.order_by(*NEWEST_FIRST).offset(offset).limit(limit + 1)
    page = rows[:limit]
    return FeedPage(activities=page, users=await _people_of(page), has_more=len(rows) > limit)


async def activity_summary(*, user: User, days_back: int) -> dict:
    """Counts per type of the caller's visible activities of the last ``days_back`` days."""
    since = utcnow() - timedelta(days=days_back)
    rows = (
        await Activity.filter(_visible_to(user), created_at__gte=since)
        .annotate(count=Count("id"))
        .group_by("activity_type")
        .order_by("activity_type")
        .values("activity_type", "count")
    )
    counts = {row["activity_type"]: row["count"] for row in rows}
    return {"activity_counts": counts, "total_activities": sum(counts.values()), "period_days": days_back}


def activity_types() -> dict:
    """Every activity type the service logs, with what it means."""
    return {
        "activity_types": [kind.value for kind in ActivityType],
        "descriptions": {kind.value: ACTIVITY_DESCRIPTIONS[kind] for kind in ActivityType},
    }


async def debug_sample(*, user: User) -> DebugSample:
    """The caller's latest few activities, or the database error that prevented reading them.

    The debug endpoint reports a failing database in its body (200) rather than failing itself.
    """
    try:
        return DebugSample(await Activity.filter(_visible_to(user)).order_by(*NEWEST_FIRST).limit(DEBUG_SAMPLE))
    except BaseORMException as exc:
        return DebugSample([], error=exc)


def _other_family(user: User, family_id: int | None) -> bool:
    return user.family_id is not None and family_id not in (None, user.family_id)


async def get_activity(*, user: User, activity_id: int) -> tuple[Activity, dict[int, User]]:
    """One activity the caller may see: 404 when it does not exist or is another family's, 403 when
    it is his family's but not his to see."""
    activity = await Activity.filter(_visible_to(user), id=activity_id).first()
    if activity is None:
        found = cast(list[int | None], await Activity.filter(id=activity_id).values_list("family_id", flat=True))
        if found and not _other_family(user, found[0]):
            raise Forbidden("Access denied to this activity")
        raise NotFound("Activity not found")
    return activity, await _people_of([activity])
