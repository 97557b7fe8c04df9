"""Occurrences falling due at scale (issue #12 item 7): ``--occurrences`` open occurrences of scheduled
chores due within one minute, one worker.

Seeds ``--families`` demo families into a throwaway SQLite file (or the empty database of
``--database-url``), then writes one scheduled single-child chore per occurrence, spread over the
families' children, each with its open occurrence due on a whole second of the same minute (starting
``--lead`` seconds later), and schedules their jobs as the use cases do
(``workers.enqueue.schedule_occurrences``: one job per second that has some). Then it starts one
``chores worker`` and a listener on the Redis pub/sub channel, and waits until every occurrence is
overdue and every ``chore_overdue`` has been published. For each occurrence: the lateness of its
transition (the event's ``occurred_at``, written in the same transaction, minus the due time) and of
its push (the moment the listener heard it, minus the due time).

    .venv/bin/python bench/occurrences_bench.py [--occurrences 10000] [--families 250] [--lead 60]
        [--database-url mysql://...] [--redis-url redis://127.0.0.1:6379/4]

The Redis database given is emptied first.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date, datetime, timedelta

from arq import create_pool
from arq.connections import RedisSettings
from expiries import WINDOW_SECONDS, Burst, run_burst
from processes import ROOT
from stack import add_run_arguments

sys.path.insert(0, str(ROOT))

from dataset import BenchFamily  # noqa: E402

from models import AssignmentMode, Chore, ChoreAssignment, Event, User  # noqa: E402
from models.events import EventType  # noqa: E402
from models.schedules import ChoreOccurrence, ChoreSchedule, OccurrenceState  # noqa: E402
from workers.enqueue import schedule_occurrences  # noqa: E402

TITLE = "Occurrence bench chore"
INSERT_BATCH_ROWS = 1000


async def seed_occurrences(families: list[BenchFamily], count: int, first_due: datetime) -> dict[int, datetime]:
    """Write the chores, their rows, schedules and open occurrences; return each occurrence's due time by id."""
    family_ids = dict(await User.filter(id__in=[f.parent.id for f in families]).values_list("id", "family_id"))
    kids = [(family, kid) for family in families for kid in family.kids]
    await Chore.bulk_create([
        Chore(title=f"{TITLE} {index}", description="", reward_cents=100, assignment_mode=AssignmentMode.SINGLE,
              creator_id=kids[index % len(kids)][0].parent.id, family_id=family_ids[kids[index % len(kids)][0].parent.id])
        for index in range(count)
    ], batch_size=INSERT_BATCH_ROWS)
    chore_ids = dict(await Chore.filter(title__startswith=TITLE).values_list("title", "id"))
    rows, schedules, occurrences = [], [], []
    for index in range(count):
        chore_id, kid = chore_ids[f"{TITLE} {index}"], kids[index % len(kids)][1]
        due = first_due + timedelta(seconds=WINDOW_SECONDS * index // count)
        rows.append(ChoreAssignment(chore_id=chore_id, assignee_id=kid.id))
        schedules.append(ChoreSchedule(chore_id=chore_id, rrule="FREQ=DAILY", starts_on=date.today(),
                                       generated_through=due, extend_at=None))
        occurrences.append(ChoreOccurrence(chore_id=chore_id, assignee_id=kid.id, original_at=due,
                                           opens_at=due - timedelta(hours=1), due_at=due,
                                           deadline_at=due + timedelta(hours=1), state=OccurrenceState.OPEN))
    await ChoreAssignment.bulk_create(rows, batch_size=INSERT_BATCH_ROWS)
    await ChoreSchedule.bulk_create(schedules, batch_size=INSERT_BATCH_ROWS)
    await ChoreOccurrence.bulk_create(occurrences, batch_size=INSERT_BATCH_ROWS)
    return dict(await ChoreOccurrence.filter(chore_id__in=list(chore_ids.values())).values_list("id", "due_at"))


async def transition_times(due: dict[int, datetime]) -> dict[int, datetime]:
    """When each occurrence fell overdue: the ``occurred_at`` of the ``chore_overdue`` staged with it."""
    events = await Event.filter(type=EventType.CHORE_OVERDUE).values_list("data", "occurred_at")
    return {data["occurrence_id"]: occurred for data, occurred in events if data.get("occurrence_id") in due}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--occurrences", type=int, default=10_000, help="occurrences due in the minute (10000)")
    parser.add_argument("--families", type=int, default=250, help="demo families whose children get them (250)")
    parser.add_argument("--lead", type=float, default=60, help="seconds from the seeding to the first due time")
    add_run_arguments(parser)
    return parser.parse_args()


async def enqueue_all(redis_url: str, due: dict[int, datetime]) -> int:
    """Schedule the occurrences' jobs as the use cases do; return how many were added (one per second)."""
    pool = await create_pool(RedisSettings.from_dsn(redis_url))
    try:
        return await schedule_occurrences(due.values(), pool=pool)
    finally:
        await pool.aclose()


async def still_open(due: dict[int, datetime]) -> int:
    return await ChoreOccurrence.filter(id__in=list(due), state=OccurrenceState.OPEN).count()


OCCURRENCES = Burst(
    "occurrences-", "occurrences", "open occurrences", "overdue", "chore_overdue", "occurrence_id",
    seed_occurrences, enqueue_all, still_open, transition_times,
)


if __name__ == "__main__":
    arguments = parse_args()
    sys.exit(asyncio.run(run_burst(OCCURRENCES, arguments, arguments.occurrences)))
