"""What an allowance period expected of a child: occurrences of scheduled chores, and chores without a schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.allowance_chores import ChoreTally, chores_due_in
from models.assignments import ChoreAssignment
from models.schedules import OccurrenceState
from tests.factories import (
    make_approved_reward,
    make_assigned_chores,
    make_child,
    make_family,
    make_occurrence,
    make_parent,
    make_priced_chore,
    make_schedule,
)

# A week under way: the chores assigned by the tests are assigned before it ends.
WEEK_START = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
WEEK_END = WEEK_START + timedelta(days=7)


async def test_a_scheduled_chore_counts_each_occurrence_due_in_the_period_and_those_done(db):
    parent = await make_parent(family=await make_family())
    child = await make_child(parent)
    chore = await make_priced_chore(parent, reward_cents=100)
    await ChoreAssignment.create(chore=chore, assignee=child)
    await make_schedule(chore, starts_on=WEEK_START.date() - timedelta(days=7))
    day = timedelta(days=1)
    await make_occurrence(chore, child, due_at=WEEK_START - day, state=OccurrenceState.MISSED)  # the week before
    await make_occurrence(chore, child, due_at=WEEK_START + day, state=OccurrenceState.DONE,
                          completed_at=WEEK_START + day - timedelta(hours=1))
    await make_occurrence(chore, child, due_at=WEEK_START + 2 * day, state=OccurrenceState.MISSED)
    await make_occurrence(chore, child, due_at=WEEK_START + 3 * day, state=OccurrenceState.SKIPPED)
    await make_occurrence(chore, child, due_at=WEEK_START + 4 * day, state=OccurrenceState.DONE,
                          completed_at=WEEK_START + 4 * day)
    await make_occurrence(chore, child, due_at=WEEK_END, state=OccurrenceState.UPCOMING)  # the week after

    assert await chores_due_in(child.id, WEEK_START, WEEK_END) == ChoreTally(due=3, approved=2)


async def test_chores_without_a_schedule_count_once_beside_the_occurrences(db):
    parent = await make_parent(family=await make_family())
    child = await make_child(parent)
    done, undone = await make_assigned_chores(parent, child, 2)
    await make_approved_reward(child, done, at=WEEK_START + timedelta(days=2))
    scheduled = await make_priced_chore(parent, reward_cents=100)
    await ChoreAssignment.create(chore=scheduled, assignee=child)
    await make_schedule(scheduled, starts_on=WEEK_START.date() - timedelta(days=7))
    await make_occurrence(scheduled, child, due_at=WEEK_START + timedelta(days=3), state=OccurrenceState.OVERDUE)

    assert await chores_due_in(child.id, WEEK_START, WEEK_END) == ChoreTally(due=3, approved=1)
