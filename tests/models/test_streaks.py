"""The streak rule (models/streaks.py): runs of occurrences done on time, read in due order, no I/O."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from models.schedules import OccurrenceState
from models.streaks import OccurrenceFact, Streak, child_streaks, milestone_run, streak_of

DONE, MISSED, SKIPPED = OccurrenceState.DONE, OccurrenceState.MISSED, OccurrenceState.SKIPPED
OPEN, OVERDUE, COMPLETED = OccurrenceState.OPEN, OccurrenceState.OVERDUE, OccurrenceState.COMPLETED
MONDAY = datetime(2026, 3, 2, 18, tzinfo=UTC)
GRACE = timedelta(hours=2)
NOW = MONDAY + timedelta(days=60)
_ids = itertools.count(1)


def fact(day: int, state: OccurrenceState, *, late: bool = False, chore_id: int = 1) -> OccurrenceFact:
    """An occurrence due at 18:00 UTC ``day`` days after MONDAY, completed an hour early (or late)."""
    due = MONDAY + timedelta(days=day)
    completed = None if state not in (DONE, COMPLETED) else due + timedelta(hours=1 if late else -1)
    return OccurrenceFact(next(_ids), chore_id, f"Chore {chore_id}", state, due, due + GRACE, completed)


def test_every_occurrence_done_on_time_counts():
    assert streak_of([fact(day, DONE) for day in range(5)], NOW) == Streak(current=5, best=5)


def test_a_missed_occurrence_breaks_the_streak_and_the_best_run_is_kept():
    facts = [fact(0, DONE), fact(1, DONE), fact(2, DONE), fact(3, MISSED), fact(4, DONE)]
    assert streak_of(facts, NOW) == Streak(current=1, best=3)


def test_an_occurrence_done_late_breaks_it_whether_approved_or_still_waiting():
    assert streak_of([fact(0, DONE), fact(1, DONE, late=True), fact(2, DONE)], NOW) == Streak(current=1, best=1)
    assert streak_of([fact(0, DONE), fact(1, COMPLETED, late=True)], NOW) == Streak(current=0, best=1)


def test_skipped_occurrences_neither_count_nor_break():
    assert streak_of([fact(0, DONE), fact(1, SKIPPED), fact(2, DONE)], NOW) == Streak(current=2, best=2)


def test_a_vacation_gap_has_no_occurrences_so_it_does_not_break():
    assert streak_of([fact(0, DONE), fact(1, DONE), fact(20, DONE)], NOW) == Streak(current=3, best=3)


def test_an_open_occurrence_breaks_it_only_once_its_deadline_has_passed():
    facts = [fact(0, DONE), fact(1, OVERDUE)]
    due = facts[1].due_at
    assert streak_of(facts, due + GRACE / 2) == Streak(current=1, best=1)
    assert streak_of(facts, due + GRACE + timedelta(seconds=1)) == Streak(current=0, best=1)


def test_upcoming_and_awaiting_approval_on_time_are_neutral():
    facts = [fact(0, DONE), fact(1, COMPLETED), fact(2, DONE), fact(3, OPEN)]
    assert streak_of(facts, facts[2].due_at) == Streak(current=2, best=2)


def test_no_occurrences_is_no_streak():
    assert streak_of([], NOW) == Streak(current=0, best=0)


def test_per_chore_streaks_differ_from_the_overall_one():
    dishes = [fact(day, DONE, chore_id=1) for day in range(4)]
    bins = [fact(1, DONE, chore_id=2), fact(2, MISSED, chore_id=2), fact(3, DONE, chore_id=2)]
    facts = sorted(dishes + bins, key=lambda one: (one.due_at, one.id))

    streaks = child_streaks(facts, NOW)

    assert streaks.overall == Streak(current=2, best=4)  # the missed bins on day 2 broke it
    assert [(chore.chore_id, chore.streak) for chore in streaks.chores] == [
        (1, Streak(current=4, best=4)), (2, Streak(current=1, best=1)),
    ]


def test_a_milestone_is_the_current_run_reaching_exactly_its_length():
    facts = [fact(day, DONE) for day in range(3)]
    run = milestone_run(facts, facts[2].id, NOW)
    assert run is not None and (run.length, run.first_id) == (3, facts[0].id)
    assert milestone_run([*facts, fact(3, DONE)], facts[2].id, NOW) is None  # 4 is no milestone


def test_approving_an_old_occurrence_of_a_broken_run_is_no_milestone():
    facts = [fact(0, DONE), fact(1, DONE), fact(2, DONE), fact(3, MISSED)]
    assert milestone_run(facts, facts[2].id, NOW) is None


def test_a_late_approval_inside_the_current_run_reaches_the_milestone():
    """Approved out of due order: the occurrence that completes the run of 3 is the one that reaches it."""
    facts = [fact(0, DONE), fact(1, DONE), fact(2, DONE)]
    run = milestone_run(facts, facts[1].id, NOW)
    assert run is not None and run.length == 3
