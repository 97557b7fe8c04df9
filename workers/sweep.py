"""The reset sweep (cron, every minute): finishes whatever a lost job or a Redis outage left undone.

The API enqueues after commit on a best-effort basis, so jobs can be lost; the database still
holds everything needed to redo them: approved rows past their cooldown, cached balances that
disagree with the ledger, reward requests still pending past their hold, outbox events without
``published_at``, webhook deliveries due, allowance periods owed and not settled. Each step reuses the
job's own idempotent function, so the sweep and a late job can overlap harmlessly.

The hourly pruning jobs live here too: outbox events past their retention, settled webhook deliveries
past the delivery log's.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, TypeVar

from arq.constants import job_key_prefix
from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from models import ChoreAssignment, Event, EventRecipient, WebhookAttempt, WebhookDelivery
from models.allowances import AllowancePlan, plan_clocks
from models.events import retention_cutoff
from models.idempotency import IdempotencyKey, key_retention_cutoff
from models.push import PushNotification, unclaimed_and_due
from models.timeutil import utcnow
from models.webhooks import OPEN_STATUSES, SETTLED_STATUSES, delivery_log_cutoff
from workers.allowances import pay_owed
from workers.balances import drifted_balances, repair_balance
from workers.cooldowns import recycle_pool_claim, reopen_after_cooldown
from workers.enqueue import (
    PRUNE_EVENTS,
    PRUNE_WEBHOOK_LOG,
    RESET_SWEEP,
    allowance_job_id,
    cooldown_job_id,
    schedule_allowance,
    schedule_cooldown_end,
    schedule_push,
    send_webhooks,
)
from workers.instrument import instrumented
from workers.occurrences import advance_due, schedule_coming
from workers.publishing import publish_pending
from workers.redemptions import release_overdue_holds

log = logging.getLogger(__name__)

# Rows handled per run at most; the next minute goes on where this one stopped.
SWEEP_LIMIT = 1000
# Balances touched by the ledger this recently are checked against it on every run.
BALANCE_CHECK_WINDOW = timedelta(days=1)
# Cooldowns approved this recently get their end scheduled again on every run.
RESCHEDULE_WINDOW = timedelta(hours=1)
PRUNE_BATCH = 1000

T = TypeVar("T")


@instrumented(RESET_SWEEP)
async def reset_sweep(ctx: dict[str, Any]) -> dict[str, int]:
    """Reopen expired cooldowns, recycle pool claims, schedule the ends of recent cooldowns again,
    repair balances, release the holds of reward requests past their end, push unpublished events, have due webhook
    deliveries sent, schedule again the Web Push sends whose job was lost, pay the allowance periods owed and
    schedule the next ones, move the occurrences of scheduled chores whose instant has passed (and create
    the next ones), schedule again the occurrence jobs of the next minutes."""
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
    holds = await release_overdue_holds(ctx, now=now, limit=SWEEP_LIMIT)
    published = await publish_pending(ctx["publisher"])
    webhooks = await resume_webhooks(ctx, now=now)
    pushes = await reschedule_due_pushes(ctx, now=now)
    allowances = await catch_up_allowances(ctx, now=now)
    moved = await advance_due(ctx, now=now, budget=SWEEP_LIMIT)
    occurrences = sum(moved.values()) + await schedule_coming(ctx, now=now, limit=SWEEP_LIMIT)
    done = {"reopened": reopened, "recycled": recycled, "rescheduled": rescheduled, "repaired": repaired,
            "holds_released": holds, "published": published, "webhooks": webhooks, "pushes": pushes,
            "allowances": allowances, "occurrences": occurrences}
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
    lost = await _without_job(pool, rows, [cooldown_job_id(row) for row in rows])
    return sum([await schedule_cooldown_end(row, pool=pool) for row in lost])


async def catch_up_allowances(ctx: dict[str, Any], *, now: datetime) -> int:
    """Pay every allowance period owed by now (its job lost, or the worker down when it fell due), oldest
    first and each once, and schedule again each plan's next pay instant whose job was lost. Returns how
    many periods were settled."""
    clocks = await plan_clocks(await AllowancePlan.all())
    settled = 0
    upcoming = []
    for clock in clocks:
        if clock.next_payment <= now:
            settled += await pay_owed(ctx, clock.plan.child_id, now)
        else:
            upcoming.append((clock.plan.child_id, clock.next_payment))
    pool = ctx.get("redis")
    if pool is not None and upcoming:
        lost = await _without_job(pool, upcoming, [allowance_job_id(*plan) for plan in upcoming])
        for child_id, payment_at in lost:
            await schedule_allowance(child_id, payment_at, pool=pool)
    return settled


async def _without_job(pool: Any, items: list[T], job_ids: list[str]) -> list[T]:
    """The items whose job (``job_ids``, in the same order) is not waiting in the queue: one round trip."""
    async with pool.pipeline(transaction=False) as pipe:
        for job_id in job_ids:
            pipe.exists(job_key_prefix + job_id)
        waiting = await pipe.execute()
    return [item for item, exists in zip(items, waiting, strict=True) if not exists]


async def resume_webhooks(ctx: dict[str, Any], *, now: datetime) -> int:
    """Enqueue the sender of every enabled endpoint with a delivery due (its job lost to a Redis outage
    or a worker's crash); one already waiting or running makes this a no-op. Returns how many were asked."""
    due = WebhookDelivery.filter(status__in=OPEN_STATUSES, next_attempt_at__lte=now, endpoint__enabled=True)
    endpoints = await due.distinct().limit(SWEEP_LIMIT).values_list("endpoint_id")
    return sum([await send_webhooks(endpoint_id, pool=ctx.get("redis")) for (endpoint_id,) in endpoints])


async def reschedule_due_pushes(ctx: dict[str, Any], *, now: datetime) -> int:
    """Enqueue the send of every Web Push notification due and not being sent: a job lost to a Redis outage
    (or the worker that held it, dead) is replaced; one still waiting keeps its id, so nothing is doubled."""
    due = await PushNotification.filter(unclaimed_and_due(now)).order_by("send_after").limit(SWEEP_LIMIT).values_list(
        "id", "attempts", "send_after"
    )
    return sum([await schedule_push(*row, pool=ctx.get("redis")) for row in due])


@instrumented(PRUNE_EVENTS)
async def prune_events(ctx: dict[str, Any]) -> int:
    """Delete outbox events past their retention, with their recipients, and expired idempotency keys;
    return how many events went."""
    await IdempotencyKey.filter(created_at__lt=key_retention_cutoff()).delete()
    old = Event.filter(occurred_at__lt=retention_cutoff())
    return await delete_in_batches(old, (EventRecipient, "event_id"), (Event, "id"))


@instrumented(PRUNE_WEBHOOK_LOG)
async def prune_delivery_log(ctx: dict[str, Any]) -> int:
    """Delete settled webhook deliveries past the log's retention, with their attempts; return how many went."""
    old = WebhookDelivery.filter(status__in=SETTLED_STATUSES, created_at__lt=delivery_log_cutoff(utcnow()))
    return await delete_in_batches(old, (WebhookAttempt, "delivery_id"), (WebhookDelivery, "id"))


async def delete_in_batches(old: QuerySet[Any], *tables: tuple[type[Model], str]) -> int:
    """Delete the rows ``old`` selects, PRUNE_BATCH at a time: each batch in one transaction, from each
    of ``tables`` in turn by the column that holds the selected ids (the referring rows first)."""
    pruned = 0
    while True:
        ids = list(await old.order_by("id").limit(PRUNE_BATCH).values_list("id", flat=True))
        if not ids:
            return pruned
        async with in_transaction() as conn:
            for model, column in tables:
                await model.filter(**{f"{column}__in": ids}).using_db(conn).delete()
        pruned += len(ids)
