"""The busiest lists, built from plain rows, show each chore exactly as every other chore view shows it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.chores.listing import listed_chores
from api.chores.occurrences import with_occurrences
from api.chores.schemas import assignment_out, assignment_row_out, chore_out, listed_chore_out
from api.chores.views import load_views
from models import AssignmentMode, Chore, ChoreAssignment
from models.assignments import POOL_SLOT
from models.schedules import OccurrenceState
from models.sql_reads import fetch
from tests.factories import make_household, make_occurrence, make_priced_chore, make_schedule


async def every_kind_of_chore():
    """A family's chores with rows in every state, ranges, a disabled chore, pool claims live and
    ended, and a scheduled chore with occurrences."""
    home = await make_household(children=2)
    alice, bob = home.children
    now = datetime.now(UTC)
    single = await make_priced_chore(home.parent, reward_cents=305, title="Zoë's 😀 \"chore\"")
    ranged = await make_priced_chore(home.parent, is_range_reward=True, min_reward_cents=100, max_reward_cents=950)
    recurring = await make_priced_chore(home.parent, reward_cents=200, is_recurring=True, cooldown_days=1,
                                        frequency="daily")
    disabled = await make_priced_chore(home.parent, reward_cents=100, is_disabled=True)
    await ChoreAssignment.create(chore=single, assignee=alice)
    await ChoreAssignment.create(chore=ranged, assignee=alice, is_completed=True, completion_date=now,
                                 rejection_reason="again")
    await ChoreAssignment.create(chore=ranged, assignee=bob, is_completed=True, is_approved=True, completion_date=now,
                                 approval_date=now, approval_reward_cents=425)
    await ChoreAssignment.create(chore=recurring, assignee=alice, is_completed=True, is_approved=True,
                                 completion_date=now, approval_date=now, approval_reward_cents=200,
                                 cooldown_ends_at=now + timedelta(hours=3))
    await ChoreAssignment.create(chore=recurring, assignee=bob, is_completed=True, is_approved=True,
                                 completion_date=now, approval_date=now, cooldown_ends_at=now - timedelta(hours=1))
    await ChoreAssignment.create(chore=disabled, assignee=bob)
    for ended in (False, True):
        pool = await make_priced_chore(home.parent, assignment_mode=AssignmentMode.UNASSIGNED, reward_cents=50)
        await ChoreAssignment.create(chore=pool, assignee=bob, pool_slot=POOL_SLOT, is_completed=True,
                                     is_approved=True, cooldown_ends_at=now + timedelta(hours=-1 if ended else 1))
    scheduled = await make_priced_chore(home.parent, reward_cents=75)
    await make_schedule(scheduled, starts_on=now.date())
    await ChoreAssignment.create(chore=scheduled, assignee=alice)
    await make_occurrence(scheduled, alice, due_at=now + timedelta(days=1), state=OccurrenceState.UPCOMING)
    await make_occurrence(scheduled, alice, due_at=now - timedelta(hours=2), state=OccurrenceState.OVERDUE)
    return home, now, scheduled.id


async def test_listed_chores_serialise_as_the_views_of_the_same_chores(db):
    home, now, scheduled_id = await every_kind_of_chore()
    chores = await Chore.filter(family_id=home.family.id).order_by("id")
    rows = await fetch("SELECT * FROM `chores` WHERE `family_id` = %s ORDER BY `id`", home.family.id)
    occurrences_shown = 0

    for child in (None, *home.children):
        focus = None if child is None else child.id
        views = await load_views(chores, now, focus_child_id=focus)
        listed = await listed_chores(rows, now, focus_child_id=focus)
        if child is not None:
            for live_only in (False, True):
                views = await with_occurrences(views, {scheduled_id}, child.id, live_only=live_only)
                listed = await with_occurrences(listed, {scheduled_id}, child.id, live_only=live_only)

        assert [listed_chore_out(item) for item in listed] == [chore_out(view) for view in views]
        assert [item.focus and assignment_row_out(item.focus) for item in listed] == [
            view.focus and assignment_out(view.focus) for view in views]
        occurrences_shown += sum(item.occurrence is not None for item in listed)
    assert occurrences_shown == 1  # alice's overdue occurrence
