"""Scheduled chores' occurrences move on at their exact instants (issue #12).

Each instant at which some occurrence opens, falls due or reaches its deadline has one deferred job
(``occurrences:<epoch ms>``, workers/enqueue.py); the job runs every transition due by then, for all
the occurrences of every family at once, in batches: 10,000 occurrences falling due in the same
minute are a few jobs, not 10,000. The transitions themselves are idempotent per occurrence
(models/occurrences.py), so a job running late, twice, or beside the sweep moves each one once.
The sweep (workers/sweep.py) runs the same function with a bound, after an outage.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tortoise.transactions import in_transaction

from models.occurrences import NOT_STARTED, TRANSITIONS, extend, run_transition, transition_instants
from models.schedules import ChoreOccurrence, ChoreSchedule
from models.timeutil import utcnow
from workers.enqueue import ADVANCE_OCCURRENCES, schedule_occurrences
from workers.instrument import instrumented
from workers.publishing import publish_after_job

# Occurrences moved per transaction.
TRANSITION_BATCH = 500
# Schedules extended per run at most.
EXTEND_LIMIT = 1000
# The sweep schedules again the jobs of instants this close (their job may have been lost).
LOOKAHEAD = timedelta(minutes=2)


@instrumented(ADVANCE_OCCURRENCES)
async def advance_occurrences(ctx: dict[str, Any]) -> dict[str, int]:
    """Create the next occurrences due to be; open, mark overdue and mark missed every occurrence due by now."""
    return await advance_due(ctx, now=utcnow(), budget=None)


async def advance_due(ctx: dict[str, Any], *, now: datetime, budget: int | None) -> dict[str, int]:
    """Create the next occurrences of the schedules whose latest one has opened (and schedule their
    instants), then run each transition due by ``now`` in order (open, overdue, missed) and push its
    events: one run catches up whatever an outage left. ``budget``: the most rows each transition moves
    (the sweep's bound); None: all of them."""
    done = {"created": await extend_due(ctx, now=now)}
    for step in TRANSITIONS:
        total = 0
        while budget is None or total < budget:
            limit = TRANSITION_BATCH if budget is None else min(TRANSITION_BATCH, budget - total)
            moved = await run_transition(step, now, limit=limit)
            await publish_after_job(ctx, moved.events)
            total += moved.found
            if moved.found < limit:
                break
        done[step.enters.value] = total
    return done


async def extend_due(ctx: dict[str, Any], *, now: datetime) -> int:
    """Create the next occurrences of every schedule due for it, and schedule their instants."""
    chore_ids = await ChoreSchedule.filter(extend_at__lte=now).order_by("extend_at").limit(EXTEND_LIMIT).values_list(
        "chore_id", flat=True
    )
    created: list[ChoreOccurrence] = []
    for chore_id in chore_ids:
        async with in_transaction() as conn:
            created += await extend(int(chore_id), now, using_db=conn)  # type: ignore[call-overload]
    await schedule_occurrences(transition_instants(created), pool=ctx.get("redis"))
    return len(created)


async def schedule_coming(ctx: dict[str, Any], *, now: datetime, limit: int) -> int:
    """Schedule again the jobs of the instants coming within LOOKAHEAD, in case theirs was lost (Redis
    down when the occurrence was created); one still waiting keeps its id, so nothing is doubled."""
    soon = now + LOOKAHEAD
    instants: set[datetime] = set()
    for column in ("opens_at", "due_at", "deadline_at"):
        window = {f"{column}__gt": now, f"{column}__lte": soon}
        found = await ChoreOccurrence.filter(state__in=NOT_STARTED, **window).limit(limit).values_list(column, flat=True)
        instants.update(found)  # type: ignore[arg-type]
    return await schedule_occurrences(instants, pool=ctx.get("redis"))
