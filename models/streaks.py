"""Streaks (issue #12, item 6): runs of occurrences done on time, computed from the occurrences each time.

A child's streak, per chore and overall, is read from his ``ChoreOccurrence`` rows in ``due_at``
order, never kept as a counter that could drift. Each occurrence is one of three kinds:

- on time: approved (``done``) and completed no later than its due instant; it extends the run;
- a break: ``missed``, completed late (waiting for approval or approved), or still not completed
  when its deadline (due plus grace) has passed; it ends the run;
- neutral: skipped, not due yet, within its grace, or completed on time and waiting for approval.
  It neither counts nor breaks, so approving it later extends the run it sits in by one.

Vacation days have no occurrences, so they never break a streak. The current streak is the run
after the last break; the best is the longest run.

A milestone (3, 7, 14, 30, 100) is reached when an approval makes the current run exactly that
long. Approvals extend a run one at a time, so each run passes each length once; a run is named by
its first occurrence, and :class:`StreakMilestone` records each (run, milestone) reached, so
recomputing a run never announces it twice, while a new run after a break announces it anew.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models.activities import ActivityType, record_activity
from models.events import stage_streak_milestone
from models.schedules import ChoreOccurrence, OccurrenceState
from models.timeutil import as_utc, utcnow
from models.users import User

if TYPE_CHECKING:
    from models.chores import Chore

MILESTONES = (3, 7, 14, 30, 100)
# States in which an occurrence still waits for the child: past its deadline, it breaks the streak.
WAITING = frozenset({OccurrenceState.UPCOMING, OccurrenceState.OPEN, OccurrenceState.OVERDUE})
# The columns a streak is computed from.
FACT_FIELDS = ("id", "chore_id", "chore__title", "state", "due_at", "deadline_at", "completed_at")


class Kind(Enum):
    ON_TIME = "on_time"
    BREAK = "break"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class OccurrenceFact:
    """What a streak needs to know of one occurrence."""

    id: int
    chore_id: int
    chore_title: str
    state: OccurrenceState
    due_at: datetime
    deadline_at: datetime
    completed_at: datetime | None

    @classmethod
    def of_row(cls, row: dict[str, Any]) -> OccurrenceFact:
        completed_at = row["completed_at"]
        return cls(
            id=row["id"], chore_id=row["chore_id"], chore_title=row["chore__title"],
            state=OccurrenceState(row["state"]), due_at=as_utc(row["due_at"]),
            deadline_at=as_utc(row["deadline_at"]), completed_at=None if completed_at is None else as_utc(completed_at),
        )

    def kind(self, now: datetime) -> Kind:
        if self.state is OccurrenceState.MISSED:
            return Kind.BREAK
        if self.completed_at is not None and self.state in (OccurrenceState.DONE, OccurrenceState.COMPLETED):
            if self.completed_at > self.due_at:
                return Kind.BREAK
            return Kind.ON_TIME if self.state is OccurrenceState.DONE else Kind.NEUTRAL
        if self.state in WAITING and now > self.deadline_at:
            return Kind.BREAK
        return Kind.NEUTRAL


@dataclass(frozen=True)
class Streak:
    current: int
    best: int


@dataclass(frozen=True)
class Run:
    """A run of on-time occurrences: its first occurrence names it."""

    first_id: int
    length: int
    occurrence_ids: frozenset[int]


def runs(facts: Iterable[OccurrenceFact], now: datetime) -> list[Run]:
    """The runs of on-time occurrences of ``facts`` (in ``due_at`` order), oldest first; the last one
    is the current run (empty when the last occurrence that counted was a break)."""
    found: list[Run] = []
    members: list[int] = []
    for fact in facts:
        kind = fact.kind(now)
        if kind is Kind.ON_TIME:
            members.append(fact.id)
        elif kind is Kind.BREAK:
            found.append(_run(members))
            members = []
    found.append(_run(members))
    return found


def _run(members: list[int]) -> Run:
    return Run(first_id=members[0] if members else 0, length=len(members), occurrence_ids=frozenset(members))


def streak_of(facts: Iterable[OccurrenceFact], now: datetime) -> Streak:
    found = runs(facts, now)
    return Streak(current=found[-1].length, best=max(run.length for run in found))


def milestone_run(facts: Iterable[OccurrenceFact], occurrence_id: int, now: datetime) -> Run | None:
    """The current run, when ``occurrence_id`` is in it and it is exactly a milestone long."""
    current = runs(facts, now)[-1]
    if occurrence_id in current.occurrence_ids and current.length in MILESTONES:
        return current
    return None


@dataclass(frozen=True)
class ChoreStreak:
    chore_id: int
    chore_title: str
    streak: Streak


@dataclass(frozen=True)
class ChildStreaks:
    overall: Streak
    chores: list[ChoreStreak]


def by_chore(facts: Sequence[OccurrenceFact]) -> dict[int, list[OccurrenceFact]]:
    """The facts of each chore, keeping their order."""
    grouped: dict[int, list[OccurrenceFact]] = {}
    for fact in facts:
        grouped.setdefault(fact.chore_id, []).append(fact)
    return grouped


def child_streaks(facts: Sequence[OccurrenceFact], now: datetime) -> ChildStreaks:
    """The overall streak and one per chore (in chore id order) of one child's occurrences."""
    chores = [
        ChoreStreak(chore_id, rows[0].chore_title, streak_of(rows, now))
        for chore_id, rows in sorted(by_chore(facts).items())
    ]
    return ChildStreaks(overall=streak_of(facts, now), chores=chores)


async def occurrence_facts(child_id: int, *, using_db: BaseDBAsyncClient | None = None) -> list[OccurrenceFact]:
    """Every occurrence of the child, in ``due_at`` order: one query on the (assignee, due) index."""
    rows = (
        await ChoreOccurrence.filter(assignee_id=child_id)
        .using_db(using_db)
        .order_by("due_at", "id")
        .values(*FACT_FIELDS)
    )
    return [OccurrenceFact.of_row(row) for row in rows]


async def streaks_of_child(child_id: int) -> ChildStreaks:
    return child_streaks(await occurrence_facts(child_id), utcnow())


class StreakMilestone(Model):
    """A milestone a streak reached, recorded so that the same run never announces it twice.

    ``chore`` is null for the overall streak; ``run_start`` is the first occurrence of the run.
    """

    id = fields.IntField(primary_key=True)
    child: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="streak_milestones", on_delete=fields.CASCADE
    )
    overall = fields.BooleanField()
    chore: fields.ForeignKeyNullableRelation[Chore] = fields.ForeignKeyField(
        "models.Chore", related_name="streak_milestones", null=True, on_delete=fields.CASCADE
    )
    milestone = fields.IntField()
    run_start: fields.ForeignKeyRelation[ChoreOccurrence] = fields.ForeignKeyField(
        "models.ChoreOccurrence", related_name="streak_milestones", on_delete=fields.CASCADE
    )
    reached_at = fields.DatetimeField()

    child_id: int
    chore_id: int | None
    run_start_id: int

    class Meta:
        table = "streak_milestones"
        unique_together = (("child_id", "overall", "milestone", "run_start_id"),)


async def record_streak_milestones(child_id: int, chore_id: int, *, using_db: BaseDBAsyncClient) -> list[int]:
    """After an approval of the child's chore: announce each milestone its per-chore or overall current
    streak has just reached (outbox event ``streak_milestone`` and an activity). Returns the milestones.

    Call it in the approval's transaction, after the occurrence became ``done`` and after the child's
    row is locked (``models.ledger.append_entry`` locks it), so approvals for one child take turns. An
    unscheduled chore has no occurrence: one indexed query, then nothing.
    """
    approved = (
        await ChoreOccurrence.filter(chore_id=chore_id, assignee_id=child_id, state=OccurrenceState.DONE)
        .using_db(using_db)
        .order_by("-approved_at", "-id")
        .first()
    )
    if approved is None or not approved.done_on_time:
        return []
    now = utcnow()
    facts = await occurrence_facts(child_id, using_db=using_db)
    fact = next(fact for fact in facts if fact.id == approved.id)
    reached = []
    for overall, scope in ((False, by_chore(facts)[chore_id]), (True, facts)):
        run = milestone_run(scope, approved.id, now)
        if run is not None and await _first_time(child_id, overall, fact, run, now, using_db):
            await _announce(child_id, overall, fact, run.length, using_db)
            reached.append(run.length)
    return reached


async def _first_time(
    child_id: int, overall: bool, fact: OccurrenceFact, run: Run, now: datetime, conn: BaseDBAsyncClient
) -> bool:
    """Record that ``run`` reached its length; False when it was recorded already."""
    milestone = {"child_id": child_id, "overall": overall, "milestone": run.length, "run_start_id": run.first_id}
    if await StreakMilestone.filter(**milestone).using_db(conn).exists():
        return False
    await StreakMilestone.create(**milestone, chore_id=None if overall else fact.chore_id, reached_at=now, using_db=conn)
    return True


async def _announce(child_id: int, overall: bool, fact: OccurrenceFact, length: int, conn: BaseDBAsyncClient) -> None:
    child = await User.get(id=child_id, using_db=conn)
    what = "chores on time in a row" if overall else f"times '{fact.chore_title}' on time in a row"
    data = {"child_id": child_id, "milestone": length, "scope": "overall" if overall else "chore",
            "chore_id": None if overall else fact.chore_id, "chore_title": None if overall else fact.chore_title}
    await stage_streak_milestone(conn, child=child, data=data)
    await record_activity(
        actor=child, activity_type=ActivityType.STREAK_MILESTONE,
        description=f"{child.username} reached a streak: {length} {what}", target_user_id=child_id,
        data=data, using_db=conn,
    )
