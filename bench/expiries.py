"""Cooldown expiries at scale (issue #8 item 5): ``--expiries`` cooldowns ending within one minute, one worker.

Seeds ``--families`` demo families into a throwaway SQLite file (or the empty database of
``--database-url``), then writes one recurring single-child chore per expiry, spread over the
families' children, each with an approved row whose ``cooldown_ends_at`` falls in the same minute
(starting ``--lead`` seconds later), and enqueues their jobs as the API does
(``workers.enqueue.schedule_cooldown_end`` with a connected pool). Then it starts one ``chores worker``
and a listener on the Redis pub/sub channel, and waits until every row is open again and every
``chore_available`` has been published. For each expiry: the lateness of the reopen (the
``chore_available`` event's ``occurred_at``, written in the reopening transaction, minus the due
time) and of its push (the moment the listener heard it, minus the due time).

    .venv/bin/python bench/expiries.py [--expiries 10000] [--families 250] [--lead 60]
        [--redis-url redis://127.0.0.1:6379/4] [--py-spy /tmp/pyspy/bin/py-spy]

The Redis database given is emptied first. With ``--py-spy`` the worker is recorded from the first
due time to the last push (raw collapsed stacks; ``bench/profile_summary.py`` reads them).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from arq import create_pool
from arq.connections import RedisSettings
from processes import ROOT, cpu_seconds, start
from push_latency import percentile
from stack import Stack, add_run_arguments, seeded_run

sys.path.insert(0, str(ROOT))

from channel import ChannelListener  # noqa: E402
from dataset import BenchFamily  # noqa: E402

from models import AssignmentMode, Chore, ChoreAssignment, Event, User  # noqa: E402
from models.db import close_orm, init_orm  # noqa: E402
from models.events import EventType  # noqa: E402
from models.timeutil import as_utc, utcnow  # noqa: E402
from workers.enqueue import schedule_cooldown_end  # noqa: E402

TITLE = "Expiry bench chore"
WINDOW_SECONDS = 60
TARGET_SECONDS = 10
ENQUEUE_CONCURRENCY = 50
INSERT_BATCH_ROWS = 1000


async def seed_expiries(families: list[BenchFamily], count: int, first_due: datetime) -> dict[int, datetime]:
    """Write the chores and their approved rows; return each row's due time by row id."""
    family_ids = dict(await User.filter(id__in=[f.parent.id for f in families]).values_list("id", "family_id"))
    kids = [(family, kid) for family in families for kid in family.kids]
    chores = []
    for index in range(count):
        family, _ = kids[index % len(kids)]
        chores.append(Chore(title=f"{TITLE} {index}", description="", reward_cents=100, is_recurring=True,
                            cooldown_days=1, frequency="daily", assignment_mode=AssignmentMode.SINGLE,
                            creator_id=family.parent.id, family_id=family_ids[family.parent.id]))
    await Chore.bulk_create(chores, batch_size=INSERT_BATCH_ROWS)
    chore_ids = dict(await Chore.filter(title__startswith=TITLE).values_list("title", "id"))
    approved_at = utcnow()
    rows = []
    for index in range(count):
        _, kid = kids[index % len(kids)]
        row = ChoreAssignment(chore_id=chore_ids[f"{TITLE} {index}"], assignee_id=kid.id)
        row.complete(approved_at)
        row.approve(100, approved_at, first_due + timedelta(seconds=WINDOW_SECONDS * index / count))
        rows.append(row)
    await ChoreAssignment.bulk_create(rows, batch_size=INSERT_BATCH_ROWS)
    return dict(await ChoreAssignment.filter(chore_id__in=list(chore_ids.values()))
                .values_list("id", "cooldown_ends_at"))


async def enqueue_all(redis_url: str, due: dict[int, datetime]) -> int:
    """Schedule every row's cooldown job as the API does after an approval; return how many were added."""
    pool = await create_pool(RedisSettings.from_dsn(redis_url))
    gate = asyncio.Semaphore(ENQUEUE_CONCURRENCY)
    rows = await ChoreAssignment.filter(id__in=list(due))

    async def one(row: ChoreAssignment) -> bool:
        async with gate:
            return await schedule_cooldown_end(row, pool=pool)

    try:
        return sum(await asyncio.gather(*(one(row) for row in rows)))
    finally:
        await pool.aclose()


async def wait_done(
    channel: ChannelListener, due: dict[int, datetime], deadline: float, *,
    left: Callable[[], Awaitable[int]], event_type: str, key: str,
) -> None:
    """Until nothing is ``left`` to change and the ``event_type`` event of every item (``data[key]``) was
    heard, or the deadline passes."""
    while time.time() < deadline:
        pushed = {item.data.get(key) for item in channel.published if item.type == event_type}
        if not await left() and set(due) <= pushed:
            return
        await asyncio.sleep(1)


async def reopen_times(due: dict[int, datetime]) -> dict[int, datetime]:
    """When each row was reopened: the ``occurred_at`` of the ``chore_available`` staged with it."""
    events = await Event.filter(type=EventType.CHORE_AVAILABLE).values_list("data", "occurred_at")
    return {data["assignment_id"]: occurred for data, occurred in events if data.get("assignment_id") in due}


def lateness_line(name: str, seconds: list[float], expected: int) -> str:
    if not seconds:
        return f"  {name:8} none of {expected}"
    within = sum(value <= TARGET_SECONDS for value in seconds)
    return (f"  {name:8} {len(seconds)}/{expected} done; lateness p50 {statistics.median(seconds):6.2f} s  "
            f"p95 {percentile(seconds, 0.95):6.2f} s  max {max(seconds):6.2f} s; within {TARGET_SECONDS} s: {within}")


def latenesses(
    due: dict[int, datetime], done: dict[int, datetime], channel: ChannelListener, event_type: str, key: str
) -> tuple[list[float], list[float]]:
    """Seconds each item was late against its due time: its change (``done``: its event's ``occurred_at``)
    and its push (when the listener heard the ``event_type`` event whose ``data[key]`` names it)."""
    due_at = {item: as_utc(moment) for item, moment in due.items()}
    changed = [(as_utc(done[item]) - due_at[item]).total_seconds() for item in due if item in done]
    pushed_at: dict[int, float] = {}
    for heard in channel.published:
        if heard.type == event_type:
            pushed_at.setdefault(heard.data.get(key), heard.wall)
    return changed, [pushed_at[item] - due_at[item].timestamp() for item in due if item in pushed_at]


def report(noun: str, count: int, busy: float, cpu: float, lines: list[tuple[str, list[float]]]) -> bool:
    """Print a burst's figures; True when every item was pushed (the last line's) within the target."""
    print(f"\n{count} {noun} due within {WINDOW_SECONDS} s, one worker; from the first due time to the last "
          f"push {busy:.1f} s, worker CPU {cpu:.1f} s ({count / max(cpu, 1e-9):.0f} {noun} per CPU second)")
    for name, seconds in lines:
        print(lateness_line(name, seconds, count))
    push = lines[-1][1]
    met = len(push) == count and max(push) <= TARGET_SECONDS
    print(f"target (all pushed within {TARGET_SECONDS} s of their due time): {'met' if met else 'MISSED'}")
    return met


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expiries", type=int, default=10_000, help="cooldowns ending in the minute (default 10000)")
    parser.add_argument("--families", type=int, default=250, help="demo families whose children get them (250)")
    parser.add_argument("--lead", type=float, default=60, help="seconds from the seeding to the first due time")
    add_run_arguments(parser)
    parser.add_argument("--py-spy", metavar="PATH", help="py-spy executable: profile the worker over the window")
    return parser.parse_args()


@dataclass(frozen=True)
class Burst:
    """What a burst bench measures: the ``count`` items it seeds due within one minute, the job it
    enqueues for them, how many are still to change, when each changed, and the event that announces it."""

    prefix: str
    noun: str
    seeded: str  # what the seeded items are, for the first line
    change: str  # the name of the change's lateness line
    event_type: str
    key: str  # the event data's key that names an item
    seed: Callable[[list[BenchFamily], int, datetime], Awaitable[dict[int, datetime]]]
    enqueue: Callable[[str, dict[int, datetime]], Awaitable[int]]
    left: Callable[[dict[int, datetime]], Awaitable[int]]
    changed_at: Callable[[dict[int, datetime]], Awaitable[dict[int, datetime]]]


async def run_burst(burst: Burst, args: argparse.Namespace, count: int) -> int:
    """Seed, enqueue, start one worker, wait until every item changed and was pushed, then report."""
    run = await seeded_run(burst.prefix, args.families, args.database_url, args.redis_url)
    workdir, database_url, env, families = run.workdir, run.database_url, run.env, list(run.families.values())
    await init_orm(database_url)
    stack = Stack(env, workdir)
    channel = ChannelListener(args.redis_url)
    py_spy = getattr(args, "py_spy", None)
    try:
        first_due = (utcnow() + timedelta(seconds=args.lead)).replace(microsecond=0)
        due = await burst.seed(families, count, first_due)
        added = await burst.enqueue(args.redis_url, due)
        print(f"{len(due)} {burst.seeded} due from {first_due:%H:%M:%S} over {WINDOW_SECONDS} s; {added} jobs "
              f"enqueued; {(first_due - utcnow()).total_seconds():.1f} s before the first is due", flush=True)
        await channel.start()
        stack.start("worker")
        worker = stack.processes["worker"]
        await asyncio.sleep(max(0.0, (first_due - utcnow()).total_seconds()))
        spy = start([py_spy, "record", "--pid", str(worker.pid), "--rate", "100", "--format", "raw",
                     "--full-filenames", "--output", str(workdir / "profile-worker.txt")],
                    dict(env), workdir / "py-spy.log") if py_spy else None
        cpu_before, started = cpu_seconds(worker.pid), time.time()
        await wait_done(channel, due, time.time() + WINDOW_SECONDS + 180, left=lambda: burst.left(due),
                        event_type=burst.event_type, key=burst.key)
        busy, cpu = time.time() - started, cpu_seconds(worker.pid) - cpu_before
        if spy is not None:
            spy.send_signal(2)  # SIGINT: py-spy writes its file and exits
            spy.wait()
        changed = await burst.changed_at(due)
    finally:
        await channel.stop()
        await close_orm()
        stack.stop()

    change, push = latenesses(due, changed, channel, burst.event_type, burst.key)
    met = report(burst.noun, len(due), busy, cpu, [(burst.change, change), ("push", push)])
    if py_spy:
        print(f"profile: .venv/bin/python bench/profile_summary.py {workdir / 'profile-worker.txt'}")
    print(f"logs in {workdir}")
    return 0 if met else 1


async def still_approved(due: dict[int, datetime]) -> int:
    return await ChoreAssignment.filter(id__in=list(due), is_approved=True).count()


EXPIRIES = Burst(
    "expiries-", "expiries", "approved rows", "reopen", "chore_available", "assignment_id",
    seed_expiries, enqueue_all, still_approved, reopen_times,
)


if __name__ == "__main__":
    arguments = parse_args()
    sys.exit(asyncio.run(run_burst(EXPIRIES, arguments, arguments.expiries)))
