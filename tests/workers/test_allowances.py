"""Paying scheduled allowance: at the exact instant by a real arq worker, each period exactly once, and the
periods a stopped worker missed paid by the sweep, once each.

Family A lives in Berlin. The clock is fixed (time-machine) and moved by the tests: plans are set on
Friday 15 March 2030 and pay on Mondays at 08:00, which is 07:00 UTC until summer time begins on
Sunday 31 March, then 06:00 UTC.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from arq.constants import default_queue_name
from redis.asyncio import Redis

from models import Activity, ActivityType, EntryKind, Event, EventType, Family, LedgerEntry, User
from models.allowances import AllowancePayment
from models.ledger import ledger_balance_cents
from settings import Settings
from tests.consistency import assert_consistent
from tests.factories import auth_headers, make_approved_reward, make_assigned_chores
from tests.workers.support import Families, queue_on, running_worker
from workers import enqueue
from workers.allowances import pay_allowance, pay_owed
from workers.sweep import reset_sweep

FRIDAY = datetime(2030, 3, 15, 12, tzinfo=UTC)
MONDAYS = [datetime(2030, 3, 18, 7, tzinfo=UTC), datetime(2030, 3, 25, 7, tzinfo=UTC),
           datetime(2030, 4, 1, 6, tzinfo=UTC), datetime(2030, 4, 8, 6, tzinfo=UTC)]
WEEKLY = {"amount": 5, "period": "weekly", "weekday": "monday", "time": "08:00"}


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(FRIDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
async def berlin(families: Families, clock: time_machine.Traveller) -> Families:
    await Family.filter(id=families.family_a.id).update(timezone="Europe/Berlin")
    return families


@pytest.fixture
async def ctx(job_ctx: dict, redis: Redis, settings: Settings) -> AsyncIterator[dict[str, Any]]:
    """A job's context with the worker's queue, on which the jobs schedule the next payment."""
    async with queue_on(settings.redis_url) as pool:
        yield {**job_ctx, "redis": pool}


async def put_plan(client, settings: Settings, parent: User, child: User, **body: Any) -> dict:
    response = await client.put(f"/api/v1/allowances/{child.id}", json={**WEEKLY, **body},
                                headers=auth_headers(parent, settings))
    assert response.status_code in (200, 201), response.text
    return response.json()


async def settled_periods(child: User) -> list[tuple[datetime, datetime, int, int | None]]:
    return [
        (payment.period_start, payment.period_end, payment.amount_cents, payment.entry_id)
        for payment in await AllowancePayment.filter(child_id=child.id).order_by("period_start")
    ]


async def waiting_jobs(redis: Redis) -> list[tuple[str, datetime]]:
    return [
        (job_id.decode(), datetime.fromtimestamp(score / 1000, UTC))
        for job_id, score in await redis.zrange(default_queue_name, 0, -1, withscores=True)
    ]


async def eventually(condition: Callable[[], Awaitable[bool]], timeout: float = 10) -> None:
    async with asyncio.timeout(timeout):
        while not await condition():
            await asyncio.sleep(0.05)


def job_id(child: User, at: datetime) -> str:
    return f"allowance:{child.id}:{int(at.timestamp())}"


async def test_a_real_worker_pays_at_the_instant_exactly_once_and_schedules_the_next_week(
    berlin, client, settings, queue, redis, publisher, listener, clock
):
    x = berlin.x
    plan = await put_plan(client, settings, berlin.mum, x)
    assert plan["next_payment_at"] == "2030-03-18T07:00:00Z"
    assert await waiting_jobs(redis) == [(job_id(x, MONDAYS[0]), MONDAYS[0])]
    # Asking again for the same instant (the sweep does) adds nothing: one job per child and period.
    assert await enqueue.schedule_allowance(x.id, MONDAYS[0]) is False
    # Copies under other ids (as a lost job replaced, then found again, would leave) and a sweep, all due at
    # the same instant, for two workers at once.
    for copy in ("copy-1", "copy-2"):
        await redis_enqueue(settings, enqueue.PAY_ALLOWANCE, x.id, _job_id=copy, _defer_until=MONDAYS[0])
    await redis_enqueue(settings, enqueue.RESET_SWEEP, _defer_until=MONDAYS[0])

    clock.move_to(MONDAYS[0] - timedelta(seconds=1))
    async with running_worker(settings, publisher, with_sweep=True):
        await asyncio.sleep(0.5)
        early = await settled_periods(x)
        clock.move_to(MONDAYS[0])
        async with running_worker(settings, publisher, with_sweep=True):
            await eventually(lambda: nothing_due(redis))
            await listener.wait_for(3)

    [entry] = await LedgerEntry.filter(child_id=x.id)
    assert early == []
    assert await settled_periods(x) == [(MONDAYS[0] - timedelta(days=7), MONDAYS[0], 500, entry.id)]
    assert (entry.kind, entry.amount_cents, entry.actor_id) == (EntryKind.ALLOWANCE, 500, berlin.mum.id)
    assert await ledger_balance_cents(x.id) == 500
    assert await waiting_jobs(redis) == [(job_id(x, MONDAYS[1]), MONDAYS[1])]
    paid = [(rooms, payload["data"]) for name, rooms, payload in listener.pushes if name == "allowance_paid"]
    assert len(paid) == 1
    [(rooms, data)] = paid
    assert sorted(rooms) == sorted(f"user:{user.id}" for user in (x, berlin.mum, berlin.dad))
    assert (data["amount"], data["entry_id"], data["period_end"]) == (5.0, entry.id, "2030-03-18T07:00:00Z")
    await assert_consistent(settings.redis_url)


async def redis_enqueue(settings: Settings, name: str, *args: Any, **options: Any) -> None:
    async with queue_on(settings.redis_url) as pool:
        assert await pool.enqueue_job(name, *args, **options) is not None


async def nothing_due(redis: Redis) -> bool:
    """Every job due by the (fixed) clock has run: none left in the queue up to now, none in progress."""
    now_ms = datetime.now(UTC).timestamp() * 1000
    due = await redis.zcount(default_queue_name, "-inf", now_ms)
    return due == 0 and not await redis.keys("arq:in-progress:*")


async def test_the_sweep_pays_each_period_a_stopped_worker_missed_once_across_summer_time(
    berlin, client, settings, ctx, redis, clock
):
    x = berlin.x
    await put_plan(client, settings, berlin.mum, x)
    await redis.flushdb()  # its job is lost with the queue

    clock.move_to(MONDAYS[2] + timedelta(hours=3))  # three Mondays later, the worker comes back

    first = await reset_sweep(ctx)
    second = await reset_sweep(ctx)
    late_job = await pay_allowance(ctx, x.id)

    assert (first["allowances"], second["allowances"], late_job) == (3, 0, 0)
    periods = await settled_periods(x)
    assert [(start, end, cents) for start, end, cents, _ in periods] == [
        (MONDAYS[0] - timedelta(days=7), MONDAYS[0], 500),
        (MONDAYS[0], MONDAYS[1], 500),
        (MONDAYS[1], MONDAYS[2], 500),  # 167 hours: the clocks went forward
    ]
    assert await LedgerEntry.filter(child_id=x.id, kind=EntryKind.ALLOWANCE).count() == 3
    assert await ledger_balance_cents(x.id) == 1500
    assert await waiting_jobs(redis) == [(job_id(x, MONDAYS[3]), MONDAYS[3])]
    await assert_consistent(settings.redis_url)


async def test_the_job_the_sweep_and_another_job_at_once_settle_a_period_once(berlin, client, settings, ctx, clock):
    x, y = berlin.x, berlin.y
    await put_plan(client, settings, berlin.mum, x)
    await put_plan(client, settings, berlin.dad, y, amount=3)
    clock.move_to(MONDAYS[0])

    await asyncio.gather(pay_allowance(ctx, x.id), reset_sweep(ctx), pay_owed(ctx, x.id, MONDAYS[0]),
                         pay_allowance(ctx, y.id))

    assert [cents for *_, cents, _ in await settled_periods(x)] == [500]
    assert [cents for *_, cents, _ in await settled_periods(y)] == [300]
    assert await LedgerEntry.filter(kind=EntryKind.ALLOWANCE).count() == 2
    await assert_consistent(settings.redis_url)


@pytest.mark.parametrize(
    ("mode", "approved", "paid_cents", "explanation"),
    [
        ("unconditional", 0, 1000, "Unconditional allowance"),
        ("all_or_nothing", 3, 1000, "All or nothing: 3 of 3 due chores approved"),
        ("proportional", 2, 667, "Proportional: 2 of 3 due chores approved (66%)"),
        ("proportional", 3, 1000, "Proportional: 3 of 3 due chores approved (100%)"),
    ],
)
async def test_each_mode_pays_what_the_chores_approved_in_the_period_earn(
    berlin, client, settings, ctx, clock, mode, approved, paid_cents, explanation
):
    x = berlin.x
    chores = await make_assigned_chores(berlin.mum, x, 3)
    await put_plan(client, settings, berlin.mum, x, amount=10, mode=mode)
    await make_approved_reward(x, chores[0], at=MONDAYS[0] - timedelta(days=8))  # the week before: not this period's
    for chore_id in chores[:approved]:
        await make_approved_reward(x, chore_id, at=MONDAYS[0] - timedelta(days=2))
    clock.move_to(MONDAYS[0])

    assert await pay_owed(ctx, x.id, MONDAYS[0]) == 1

    [payment] = await AllowancePayment.filter(child_id=x.id)
    assert (payment.amount_cents, payment.explanation) == (paid_cents, explanation)
    assert await LedgerEntry.filter(kind=EntryKind.ALLOWANCE).values_list("amount_cents", flat=True) == [paid_cents]
    await assert_consistent(settings.redis_url)


async def test_all_or_nothing_not_met_settles_the_period_at_nothing_says_why_and_is_not_tried_again(
    berlin, client, settings, ctx, clock
):
    x = berlin.x
    chores = await make_assigned_chores(berlin.mum, x, 2)
    await put_plan(client, settings, berlin.mum, x, mode="all_or_nothing")
    await make_approved_reward(x, chores[0], at=MONDAYS[0] - timedelta(days=1))
    clock.move_to(MONDAYS[0])

    settled = await pay_owed(ctx, x.id, MONDAYS[0])
    again = await reset_sweep(ctx)

    [payment] = await AllowancePayment.filter(child_id=x.id)
    assert (settled, again["allowances"]) == (1, 0)
    assert (payment.amount_cents, payment.entry_id, payment.chores_due, payment.chores_approved) == (0, None, 2, 1)
    assert payment.explanation == "All or nothing: only 1 of 2 due chores approved, so nothing is paid"
    assert await LedgerEntry.filter(kind=EntryKind.ALLOWANCE).count() == 0
    [event] = await Event.filter(type=EventType.ALLOWANCE_PAID)
    assert (event.data["amount"], event.data["entry_id"], event.data["explanation"]) == (0.0, None, payment.explanation)
    assert not await Event.filter(type=EventType.BALANCE_UPDATED).exists()
    [activity] = await Activity.filter(activity_type=ActivityType.ALLOWANCE_PAID)
    assert activity.description == f"No weekly allowance: {payment.explanation}"
    assert (activity.user_id, activity.target_user_id) == (berlin.mum.id, x.id)
    await assert_consistent(settings.redis_url)


async def test_a_changed_pay_time_never_pays_one_stretch_of_time_twice(berlin, client, settings, ctx, clock):
    x = berlin.x
    await put_plan(client, settings, berlin.mum, x)
    clock.move_to(MONDAYS[0])
    await pay_owed(ctx, x.id, MONDAYS[0])
    clock.move_to(MONDAYS[0] + timedelta(minutes=30))

    changed = await put_plan(client, settings, berlin.mum, x, time="09:00")
    clock.move_to(MONDAYS[0] + timedelta(hours=3))
    swept = await reset_sweep(ctx)

    # 09:00 today would pay the week from 09:00 last Monday again: the next payment is a week away.
    assert changed["next_payment_at"] == "2030-03-25T08:00:00Z"
    assert swept["allowances"] == 0
    assert len(await settled_periods(x)) == 1
    await assert_consistent(settings.redis_url)


async def test_a_deleted_plans_waiting_job_pays_nothing(berlin, client, settings, ctx, clock):
    x = berlin.x
    await put_plan(client, settings, berlin.mum, x)
    deleted = await client.delete(f"/api/v1/allowances/{x.id}", headers=auth_headers(berlin.dad, settings))
    clock.move_to(MONDAYS[0])

    assert deleted.status_code == 204
    assert await pay_allowance(ctx, x.id) == 0
    assert (await reset_sweep(ctx))["allowances"] == 0
    assert await AllowancePayment.all().count() == 0


@pytest.mark.mysql
async def test_many_payers_at_once_on_mariadb_settle_each_missed_period_once(berlin, client, settings, ctx, clock):
    x, y = berlin.x, berlin.y
    await put_plan(client, settings, berlin.mum, x)
    await put_plan(client, settings, berlin.mum, y, amount=2, period="monthly", weekday=None, day_of_month=31)
    clock.move_to(MONDAYS[2] + timedelta(hours=1))
    now = datetime.now(UTC)

    results = await asyncio.gather(
        *(pay_owed(ctx, child.id, now) for child in (x, y, x, y, x, y, x, y)), reset_sweep(ctx), reset_sweep(ctx)
    )

    assert sum(settled for settled in results if isinstance(settled, int)) + sum(
        swept["allowances"] for swept in results if isinstance(swept, dict)) == 4
    assert [end for _, end, *_ in await settled_periods(x)] == MONDAYS[:3]
    assert [(start.date(), end.date()) for start, end, *_ in await settled_periods(y)] == [
        (datetime(2030, 2, 28).date(), datetime(2030, 3, 31).date())]
    for child, cents in ((x, 1500), (y, 200)):
        assert await ledger_balance_cents(child.id) == cents == (await User.get(id=child.id)).balance_cents
    await assert_consistent(settings.redis_url)
