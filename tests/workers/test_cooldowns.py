"""Cooldown expiry and pool-chore recycling, run by a real arq worker at the cooldown's end."""

from __future__ import annotations

from typing import cast

from arq.connections import ArqRedis
from arq.constants import expires_extra_ms
from arq.jobs import Job
from arq.utils import to_unix_ms

from models import AssignmentMode, AssignmentState, ChoreAssignment, Event, EventRecipient, EventType
from models.timeutil import as_utc, utcnow
from tests.factories import make_approved_assignment, make_priced_chore
from tests.workers.support import run_worker
from workers import enqueue
from workers.cooldowns import expire_cooldown, recycle_expired_pool_claim


async def available_events() -> list[tuple[int, set[int]]]:
    events = await Event.filter(type=EventType.CHORE_AVAILABLE).order_by("id")
    # Tortoise types values_list as tuples whatever ``flat`` says.
    return [
        (event.id, set(cast(list[int], await EventRecipient.filter(event_id=event.id).values_list("user_id", flat=True))))
        for event in events
    ]


async def test_a_recurring_row_reopens_when_its_cooldown_ends_and_the_child_is_told(
    families, settings, queue, publisher, listener
):
    chore = await make_priced_chore(families.mum, reward_cents=300, is_recurring=True, cooldown_days=1)
    row = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds)
    await enqueue.schedule_cooldown_end(row)

    await run_worker(settings, publisher)

    reopened = await ChoreAssignment.get(id=row.id)
    assert reopened.state is AssignmentState.OPEN
    assert reopened.cooldown_ends_at is None
    assert reopened.approval_reward_cents == 300
    assert utcnow() >= as_utc(row.cooldown_ends_at)
    [(event_id, recipients)] = await available_events()
    assert recipients == {families.x.id}
    assert (await Event.get(id=event_id)).published_at is not None
    [(name, rooms, payload)] = await listener.wait_for(1)
    assert name == "chore_available"
    assert rooms == [f"user:{families.x.id}"]
    assert payload["id"] == event_id
    assert payload["data"]["chore_id"] == chore.id
    assert payload["data"]["assignment_id"] == row.id


async def test_the_expiry_job_does_not_run_before_the_cooldown_ends(families, settings, queue, redis):
    chore = await make_priced_chore(families.mum, is_recurring=True, cooldown_days=60)
    row = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds)

    await enqueue.schedule_cooldown_end(row)

    [(job_id, due)] = await redis.zrange("arq:queue", 0, -1, withscores=True)
    assert job_id.decode() == f"cooldown:{row.id}:1"
    assert abs(due / 1000 - as_utc(row.cooldown_ends_at).timestamp()) < 0.01


async def test_running_the_expiry_twice_reopens_once(families, settings, job_ctx):
    chore = await make_priced_chore(families.mum, is_recurring=True, cooldown_days=0)
    row = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds)

    assert await expire_cooldown(job_ctx, row.id, row.cycle) is True
    assert await expire_cooldown(job_ctx, row.id, row.cycle) is False

    assert (await ChoreAssignment.get(id=row.id)).state is AssignmentState.OPEN
    assert len(await available_events()) == 1


async def test_a_stale_expiry_job_leaves_a_newer_cycle_alone(families, settings, job_ctx):
    chore = await make_priced_chore(families.mum, is_recurring=True, cooldown_days=60)
    row = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds)
    await ChoreAssignment.filter(id=row.id).update(cycle=2)

    assert await expire_cooldown(job_ctx, row.id, 1) is False

    assert (await ChoreAssignment.get(id=row.id)).state is AssignmentState.APPROVED
    assert await available_events() == []


async def test_an_expiry_job_for_a_row_still_in_cooldown_or_deleted_does_nothing(families, settings, job_ctx):
    chore = await make_priced_chore(families.mum, is_recurring=True, cooldown_days=60)
    row = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds)

    assert await expire_cooldown(job_ctx, row.id, row.cycle) is False
    await row.delete()
    assert await expire_cooldown(job_ctx, row.id, row.cycle) is False
    assert await available_events() == []


async def test_a_disabled_chore_reopens_without_telling_anyone(families, settings, job_ctx):
    chore = await make_priced_chore(families.mum, is_recurring=True, cooldown_days=0, is_disabled=True)
    row = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds)

    assert await expire_cooldown(job_ctx, row.id, row.cycle) is True

    assert (await ChoreAssignment.get(id=row.id)).state is AssignmentState.OPEN
    assert await available_events() == []


async def test_a_one_off_approval_schedules_nothing(families, settings, queue, redis):
    chore = await make_priced_chore(families.mum, reward_cents=100)
    row = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds)

    await enqueue.schedule_cooldown_end(row)

    assert await redis.zcard("arq:queue") == 0


async def test_a_recurring_pool_claim_is_removed_at_its_cooldown_end_and_the_family_children_told(
    families, settings, queue, publisher, listener
):
    chore = await make_priced_chore(
        families.mum, assignment_mode=AssignmentMode.UNASSIGNED, is_recurring=True, cooldown_days=1
    )
    claim = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds, pool_slot=1)
    await enqueue.schedule_cooldown_end(claim)

    await run_worker(settings, publisher)

    assert await ChoreAssignment.filter(id=claim.id).exists() is False
    [(_, recipients)] = await available_events()
    assert recipients == {families.x.id, families.y.id}
    [(name, rooms, _)] = await listener.wait_for(1)
    assert name == "chore_available"
    assert sorted(rooms) == sorted([f"user:{families.x.id}", f"user:{families.y.id}"])


async def test_recycling_a_pool_claim_twice_removes_it_once(families, settings, job_ctx):
    chore = await make_priced_chore(
        families.mum, assignment_mode=AssignmentMode.UNASSIGNED, is_recurring=True, cooldown_days=0
    )
    claim = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds, pool_slot=1)

    assert await recycle_expired_pool_claim(job_ctx, claim.id, claim.cycle) is True
    assert await recycle_expired_pool_claim(job_ctx, claim.id, claim.cycle) is False

    assert len(await available_events()) == 1


async def test_a_pool_claim_in_cooldown_or_pending_is_kept(families, settings, job_ctx):
    chore = await make_priced_chore(
        families.mum, assignment_mode=AssignmentMode.UNASSIGNED, is_recurring=True, cooldown_days=60
    )
    claim = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds, pool_slot=1)

    assert await recycle_expired_pool_claim(job_ctx, claim.id, claim.cycle) is False
    await ChoreAssignment.filter(id=claim.id).update(is_approved=False, cooldown_ends_at=utcnow())
    assert await recycle_expired_pool_claim(job_ctx, claim.id, claim.cycle) is False

    assert await ChoreAssignment.filter(id=claim.id).exists()
    assert await available_events() == []


async def test_after_an_approval_the_job_is_the_one_arq_adds_and_the_relay_is_woken(families, settings, queue, redis):
    chore = await make_priced_chore(families.mum, is_recurring=True, cooldown_days=60)
    row = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds)

    await enqueue.after_approval(row)
    await enqueue.after_approval(row)  # the same cycle again: nothing more

    job_id = f"cooldown:{row.id}:1"
    [(queued, due)] = await redis.zrange("arq:queue", 0, -1, withscores=True)
    assert queued.decode() == job_id
    assert due == to_unix_ms(as_utc(row.cooldown_ends_at))
    info = await Job(job_id, ArqRedis(redis.connection_pool)).info()
    assert (info.function, info.args, info.kwargs, info.job_try) == (enqueue.EXPIRE_COOLDOWN, (row.id, 1), {}, None)
    assert 60_000 < await redis.pttl(f"arq:job:{job_id}") <= 60_000 + expires_extra_ms
    assert await redis.lrange(enqueue.OUTBOX_WAKE, 0, -1) == [b"1"]
    assert await enqueue.schedule_cooldown_end(row) is False  # arq itself finds the job


async def test_after_a_one_off_approval_the_relay_alone_is_woken(families, settings, queue, redis):
    chore = await make_priced_chore(families.mum, reward_cents=100)
    row = await make_approved_assignment(chore, families.x, day_seconds=settings.cooldown_day_seconds)

    await enqueue.after_approval(row)

    assert await redis.zcard("arq:queue") == 0
    assert await redis.llen(enqueue.OUTBOX_WAKE) == 1
