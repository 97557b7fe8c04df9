"""Use cases of calendar feeds: parents create, list, revoke and regenerate them; calendar apps read them."""

from __future__ import annotations

from datetime import date

from api.adjustments.service import managed_child
from api.auth import require_parent
from api.errors import Forbidden, NotFound
from api.families.service import FAMILY_MEMBERSHIP_REQUIRED
from models import AssignmentMode, ChoreAssignment, Family, User
from models.calendar_feeds import (
    CalendarFeed,
    FeedWithSecret,
    create_feed,
    feeds_of_family,
    live_feed,
    regenerate_secret,
    revoke_feed,
)
from models.ical import FeedChore, render_feed
from models.schedules import ChoreSchedule, ScheduleException

PARENTS_ONLY = "Only parents can manage calendar feeds"
UNKNOWN_FEED = "Calendar feed not found"


def family_of(user: User) -> int:
    """The family whose feeds a parent manages (403 for children and parents without a family)."""
    require_parent(user, PARENTS_ONLY)
    if user.family_id is None:
        raise Forbidden(FAMILY_MEMBERSHIP_REQUIRED)
    return user.family_id


async def create(*, user: User, child_id: int | None) -> FeedWithSecret:
    """A feed of the family, or of one of its children (another family's child is a 404)."""
    family_id = family_of(user)
    if child_id is not None:
        await managed_child(user, child_id, refusal="You can only create calendar feeds for your own children")
    return await create_feed(family_id=family_id, child_id=child_id, created_by_id=user.id)


async def list_feeds(*, user: User) -> list[CalendarFeed]:
    """The family's feeds, revoked ones too, newest first."""
    return await feeds_of_family(family_of(user)).order_by("-created_at", "-id")


async def revoke(*, user: User, feed_id: int) -> None:
    if not await revoke_feed(family_of(user), feed_id):
        raise NotFound(UNKNOWN_FEED)


async def regenerate(*, user: User, feed_id: int) -> FeedWithSecret:
    """A new secret for a live feed of the family (a revoked one stays dead: 404)."""
    feed = await feeds_of_family(family_of(user)).get_or_none(id=feed_id, revoked_at__isnull=True)
    if feed is None:
        raise NotFound(UNKNOWN_FEED)
    return await regenerate_secret(feed)


async def feed_document(*, secret: str, today: date) -> bytes:
    """The iCalendar document a secret opens (404 for an unknown or revoked one)."""
    feed = await live_feed(secret)
    if feed is None:
        raise NotFound(UNKNOWN_FEED)
    family = await Family.get(id=feed.family_id)
    schedules = await ChoreSchedule.filter(chore__family_id=family.id, chore__is_disabled=False).prefetch_related(
        "chore"
    )
    name = f"Chores: {family.name or 'family'}"
    if feed.child_id is not None:
        child = await User.get(id=feed.child_id)
        schedules = await _of_child(schedules, child.id)
        name = f"Chores: {child.username}"
    exceptions: dict[int, list[ScheduleException]] = {}
    for exception in await ScheduleException.filter(chore_id__in=[schedule.chore_id for schedule in schedules]):
        exceptions.setdefault(exception.chore_id, []).append(exception)
    chores = [
        FeedChore(schedule.chore, schedule, exceptions.get(schedule.chore_id, []))
        for schedule in sorted(schedules, key=lambda schedule: schedule.chore_id)
    ]
    return render_feed(name=name, zone=family.zone, chores=chores, today=today)


async def _of_child(schedules: list[ChoreSchedule], child_id: int) -> list[ChoreSchedule]:
    """The schedules of chores the child is assigned, in the rotation of, or may claim from the pool."""
    assigned = set(
        await ChoreAssignment.filter(
            assignee_id=child_id, chore_id__in=[schedule.chore_id for schedule in schedules]
        ).values_list("chore_id", flat=True)
    )
    return [
        schedule for schedule in schedules
        if schedule.chore_id in assigned
        or child_id in schedule.rotation_order
        or schedule.chore.assignment_mode is AssignmentMode.UNASSIGNED
    ]
