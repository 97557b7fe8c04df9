"""The reset sweep: work committed while Redis was down (or whose job was lost) is finished later."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from arq.connections import ArqRedis, RedisSettings, create_pool
from arq.constants import default_queue_name
from tortoise.transactions import in_transaction

from models import (
    AssignmentMode,
    AssignmentState,
    ChoreAssignment,
    DeliveryStatus,
    EntryKind,
    Event,
    EventRecipient,
    EventType,
    User,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from models.events import stage_event
from models.idempotency import KEY_RETENTION_HOURS, IdempotencyKey
from models.ledger import append_entry
from models.timeutil import as_utc, utcnow
from models.webhooks import DELIVERY_LOG_RETENTION_DAYS, new_secret
from realtime.publisher import Publisher
from tests.conftest import make_settings
from tests.factories import make_approved_assignment, make_priced_chore
from tests.workers.support import PushListener, run_worker, throwaway_redis
from workers import enqueue
from workers.settings import CRON_JOBS
from workers.sweep import prune_delivery_log, prune_events, reset_sweep


async def test_work_committed_while_redis_was_down_is_done_by_the_sweep_once_redis_is_back(families, db):
    async with throwaway_redis() as redis_server:
        settings = make_settings(redis_url=redis_server.url, cooldown_day_seconds=1)
        channel = f"socketio-test-{uuid.uuid4().hex}"
        publisher = Publisher(redis_server.url, channel=channel)
        queue = ArqRedis.from_url(redis_server.url, socket_connect_timeout=1, socket_timeout=1)
        enqueue.use(queue)
        redis_server.stop()
        try:
            # The use cases commit while Redis is down; their enqueueing fails quietly.
            chore = await make_priced_chore(families.mum, is_recurring=True, cooldown_days=1)
            row = await make_approved_assignment(chore, families.x, day_seconds=1)
            pool_chore = await make_priced_chore(
                families.mum, assignment_mode=AssignmentMode.UNASSIGNED, is_recurring=True, cooldown_days=1
            )
            claim = await make_approved_assignment(pool_chore, families.y, day_seconds=1, pool_slot=1)
            async with in_transaction() as conn:
                await append_entry(child_id=families.z.id, kind=EntryKind.ADJUSTMENT, amount_cents=400,
                                   actor_id=families.other_parent.id, using_db=conn)
                await stage_event(conn, type=EventType.ACTIVITY_CREATED, family_id=families.family_b.id,
                                  recipients=[families.other_parent.id], data={"note": "while down"})
            await User.filter(id=families.z.id).update(balance_cents=0)
            await enqueue.schedule_cooldown_end(row)
            await enqueue.schedule_cooldown_end(claim)
            await enqueue.recompute_balance(families.z.id)
            await enqueue.publish_events()
            await asyncio.sleep(1.1)  # both cooldowns end while Redis is still down

            await redis_server.start()  # back, empty: every job enqueued before is lost
            listener = PushListener(redis_server.url, channel)
            await listener.start()
            pool = await create_pool(RedisSettings.from_dsn(redis_server.url))
            await pool.enqueue_job(enqueue.RESET_SWEEP)
            await pool.aclose()
            await run_worker(settings, publisher, with_sweep=True)

            assert (await ChoreAssignment.get(id=row.id)).state is AssignmentState.OPEN
            assert await ChoreAssignment.filter(id=claim.id).exists() is False
            assert (await User.get(id=families.z.id)).balance_cents == 400
            assert await Event.filter(published_at=None).count() == 0
            pushes = await listener.wait_for(4)
            assert sorted(name for name, _, _ in pushes) == [
                "activity_created", "balance_updated", "chore_available", "chore_available"
            ]
            assert await reset_sweep({"publisher": publisher}) == {
                "reopened": 0, "recycled": 0, "rescheduled": 0, "repaired": 0, "holds_released": 0, "published": 0,
                "webhooks": 0, "pushes": 0, "allowances": 0, "occurrences": 0,
            }
            await listener.stop()
        finally:
            await publisher.close()
            enqueue.use(None)
            await queue.aclose()


async def test_the_sweep_leaves_rows_still_in_cooldown_and_one_off_claims_alone(families, settings, job_ctx):
    chore = await make_priced_chore(families.mum, is_recurring=True, cooldown_days=60)
    row = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds)
    one_off = await make_priced_chore(families.mum, assignment_mode=AssignmentMode.UNASSIGNED)
    claim = await make_approved_assignment(one_off, families.y, day_seconds=settings.cooldown_day_seconds, pool_slot=1)

    assert await reset_sweep(job_ctx) == {
        "reopened": 0, "recycled": 0, "rescheduled": 0, "repaired": 0, "holds_released": 0, "published": 0,
        "webhooks": 0, "pushes": 0, "allowances": 0, "occurrences": 0,
    }

    assert (await ChoreAssignment.get(id=row.id)).state is AssignmentState.APPROVED
    assert await ChoreAssignment.filter(id=claim.id).exists()


async def test_the_sweep_schedules_again_the_end_of_a_cooldown_whose_job_was_lost(families, settings, job_ctx, redis):
    chore = await make_priced_chore(families.mum, is_recurring=True, cooldown_days=60)
    row = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds)
    pool = await create_pool(RedisSettings.from_dsn(settings.redis_url))
    try:
        first = await reset_sweep({**job_ctx, "redis": pool})
        second = await reset_sweep({**job_ctx, "redis": pool})

        due = await redis.zscore(default_queue_name, enqueue.cooldown_job_id(row))
    finally:
        await pool.aclose()
    assert (first["rescheduled"], second["rescheduled"]) == (1, 0)
    assert due == round(as_utc(row.cooldown_ends_at).timestamp() * 1000)


async def test_the_sweep_runs_every_minute_and_at_worker_start():
    [sweep] = [job for job in CRON_JOBS if job.name == enqueue.RESET_SWEEP]

    assert sweep.run_at_startup is True
    assert sweep.second == 0
    assert sweep.minute is None and sweep.hour is None


async def test_events_past_their_retention_are_pruned_with_their_recipients(families, job_ctx):
    async with in_transaction() as conn:
        old = await stage_event(conn, type=EventType.CHORE_AVAILABLE, family_id=None, recipients=[families.x.id],
                                data={})
        recent = await stage_event(conn, type=EventType.CHORE_AVAILABLE, family_id=None, recipients=[families.x.id],
                                   data={})
    await Event.filter(id=old.id).update(occurred_at=utcnow() - timedelta(days=8))

    assert await prune_events(job_ctx) == 1

    assert await Event.filter(id=old.id).exists() is False
    assert await EventRecipient.filter(event_id=old.id).exists() is False
    assert await Event.filter(id=recent.id).exists()


async def test_settled_webhook_deliveries_past_the_log_retention_are_pruned_with_their_attempts(families, job_ctx):
    endpoint = await WebhookEndpoint.create(family_id=families.family_a.id, url="https://hooks.example.com/",
                                            event_types=["balance_updated"], secret=new_secret())
    rows = {
        status: await WebhookDelivery.create(endpoint_id=endpoint.id, event_id=number, event_type="balance_updated",
                                             body="{}", status=status)
        for number, status in enumerate(DeliveryStatus)
    }
    for row in rows.values():
        await WebhookAttempt.create(delivery_id=row.id, number=1, attempted_at=utcnow(), duration_ms=1)
    await WebhookDelivery.all().update(created_at=utcnow() - timedelta(days=DELIVERY_LOG_RETENTION_DAYS + 1))
    recent = await WebhookDelivery.create(endpoint_id=endpoint.id, event_id=99, event_type="balance_updated",
                                          body="{}", status=DeliveryStatus.SUCCEEDED)

    assert await prune_delivery_log(job_ctx) == 2

    kept = await WebhookDelivery.all().order_by("id").values_list("id", flat=True)
    assert kept == [rows[DeliveryStatus.PENDING].id, rows[DeliveryStatus.FAILED].id, recent.id]
    assert await WebhookAttempt.all().count() == 2
async def test_idempotency_keys_past_their_retention_are_pruned_with_the_events(families, job_ctx):
    old = await IdempotencyKey.create(user_id=families.x.id, key="old", fingerprint="f", status=201, body=b"{}")
    recent = await IdempotencyKey.create(user_id=families.x.id, key="recent", fingerprint="f")
    await IdempotencyKey.filter(id=old.id).update(created_at=utcnow() - timedelta(hours=KEY_RETENTION_HOURS, minutes=1))

    await prune_events(job_ctx)

    assert [row.id for row in await IdempotencyKey.all()] == [recent.id]
