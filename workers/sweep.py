"""The reset sweep (cron, every minute): finishes whatever a lost job or a Redis outage left undone.

The API enqueues after commit on a best-effort basis, so jobs can be lost; the database still
holds everything needed to redo them: approved rows past their cooldown, cached balances that
disagree with the ledger, outbox events without ``published_at``. Each step reuses the job's own
idempotent function, so the sweep and a late job can overlap harmlessly.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from arq.constants import job_key_prefix
from tortoise.transactions import in_transaction

from models import ChoreAssignment, Event, EventRecipient
from models.events import retention_cutoff
from models.idempotency import IdempotencyKey, key_retention_cutoff
from models.timeutil import utcnow
from workers.balances import drifted_balances, repair_balance
from workers.cooldowns import recycle_pool_claim, reopen_after_cooldown
from workers.enqueue import PRUNE_EVENTS, RESET_SWEEP, cooldown_job_id, schedule_cooldown_end
from workers.instrument import instrumented
from workers.publishing import publish_pending

log = logging.getLogger(__name__)

# Rows handled per run at most; the next minute goes on where this one stopped.
SWEEP_LIMIT = 1000
# Balances touched by the ledger this recently are checked against it on every run.
BALANCE_CHECK_WINDOW = timedelta(days=1)
# Cooldowns approved this recently get their end scheduled again on every run.
RESCHEDULE_WINDOW = timedelta(hours=1)
PRUNE_BATCH = 1000


@instrumented(RESET_SWEEP)
async def reset_sweep(ctx: dict[str, Any]) -> dict[str, int]:
    """Reopen expired cooldowns, recycle pool claims, schedule the ends of recent cooldowns again,
    repair balances, push unpublished events."""
    now = utcnow()
    due = await (
        ChoreAssignment.filter(is_completed=True, is_approved=True, cooldown_ends_at__lte=now)
        .order_by("cooldown_ends_at").limit(SWEEP_LIMIT).values_list("id", "pool_slot")
    )
    reopened = recycled = 0
    for assignment_id, pool_slot in due:
        if pool_slot is None:
            reopened += await reopen_after_cooldown(ctx, assignment_id)
        else:
            recycled += await recycle_pool_claim(ctx, assignment_id)
    rescheduled = await reschedule_recent_cooldowns(ctx, approved_since=now - RESCHEDULE_WINDOW, now=now)
    repaired = 0
    for child_id in await drifted_balances(since=now - BALANCE_CHECK_WINDOW):
        repaired += await repair_balance(ctx, child_id)
    published = await publish_pending(ctx["publisher"])
    done = {"reopened": reopened, "recycled": recycled, "rescheduled": rescheduled, "repaired": repaired,
            "published": published}
    if any(done.values()):
        log.info("reset sweep finished left-over work: %s", done)
    return done


async def reschedule_recent_cooldowns(ctx: dict[str, Any], *, approved_since: datetime, now: datetime) -> int:
    """Schedule again the end of every running cooldown approved lately, so that one whose job was lost
    (Redis down at the approval) still ends on time. Which jobs still wait is asked in one round trip;
    only the lost ones are enqueued."""
    pool = ctx.get("redis")
    rows = await ChoreAssignment.filter(
        is_approved=True, cooldown_ends_at__gt=now, approval_date__gte=approved_since
    ).limit(SWEEP_LIMIT)
    if pool is None or not rows:
        return 0
    async with pool.pipeline(transaction=False) as pipe:
        for row in rows:
            pipe.exists(job_key_prefix + cooldown_job_id(row))
        waiting = await pipe.execute()
    lost = [row for row, exists in zip(rows, waiting, strict=True) if not exists]
    return sum([await schedule_cooldown_end(row, pool=pool) for row in lost])


@instrumented(PRUNE_EVENTS)
async def prune_events(ctx: dict[str, Any]) -> int:
    """Delete outbox events past their retention, with their recipients, and expired idempotency keys;
    return how many events went."""
    await IdempotencyKey.filter(created_at__lt=key_retention_cutoff()).delete()
    cutoff = retention_cutoff()
    pruned = 0
    while True:
        old = Event.filter(occurred_at__lt=cutoff).order_by("id").limit(PRUNE_BATCH)
        ids = list(await old.values_list("id", flat=True))
        if not ids:
            return pruned
        async with in_transaction() as conn:
            await EventRecipient.filter(event_id__in=ids).using_db(conn).delete()
            await Event.filter(id__in=ids).using_db(conn).delete()
        pruned += len(ids)
