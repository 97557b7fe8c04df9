"""Holds that end: a reward request nobody decided on is released at its exact end by a real arq worker, or by
the sweep when its job was lost; never twice, and never once a parent has decided."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tortoise.transactions import in_transaction

from models import Activity, EntryKind, Event, EventRecipient, User
from models.ledger import append_entry
from models.push import PushNotification
from models.redemptions import Redemption, RedemptionStatus, held_cents, stage_reward_requested
from models.rewards import Reward
from models.timeutil import as_utc, utcnow
from settings import Settings
from tests.factories import make_pending_redemption, make_push_subscription, make_reward
from tests.push_service import Browser, push_service, push_settings
from tests.workers.conftest import JOBS_REDIS_URL
from tests.workers.support import Families, run_worker
from workers import enqueue
from workers.publishing import publish_pending
from workers.redemptions import expire_hold
from workers.sweep import reset_sweep


@pytest.fixture
def settings() -> Settings:
    """The worker tests' settings, with Web Push on (VAPID keys)."""
    return push_settings(redis_url=JOBS_REDIS_URL, cooldown_day_seconds=1)


async def pending_request(families: Families, *, hold: timedelta, stock: int | None = 0) -> Redemption:
    """x (who has $10) asks for a $3 reward of family A; its unit, if it has a stock, is reserved."""
    async with in_transaction() as conn:
        await append_entry(child_id=families.x.id, kind=EntryKind.ADJUSTMENT, amount_cents=1000,
                           actor_id=families.mum.id, using_db=conn)
    reward = await make_reward(families.family_a, price_cents=300, stock=stock)
    return await make_pending_redemption(reward, families.x, requested_at=utcnow(), hold=hold)


async def recipients_of(event_type: str) -> list[set[int]]:
    return [set(await EventRecipient.filter(event_id=event.id).values_list("user_id", flat=True))  # type: ignore[arg-type]
            for event in await Event.filter(type=event_type).order_by("id")]


async def test_a_hold_is_released_at_its_end_and_the_child_and_his_parents_are_told(
    families, settings, queue, publisher, listener
):
    request = await pending_request(families, hold=timedelta(seconds=1))
    await enqueue.schedule_hold_expiry(request)

    await run_worker(settings, publisher)

    released = await Redemption.get(id=request.id)
    assert (released.status, released.decided_by_id, released.entry_id) == (RedemptionStatus.EXPIRED, None, None)
    assert as_utc(released.decided_at) >= as_utc(request.expires_at)
    assert (await Reward.get(id=request.reward_id)).stock == 1
    assert await held_cents(families.x.id) == 0
    [activity] = await Activity.filter(activity_type="reward_expired")
    assert (activity.user_id, activity.target_user_id) == (families.x.id, families.x.id)
    assert await recipients_of("reward_decided") == [{families.x.id, families.mum.id, families.dad.id}]
    pushes = await listener.wait_for(2)
    [(rooms, payload)] = [(rooms, payload) for name, rooms, payload in pushes if name == "reward_decided"]
    assert sorted(rooms) == sorted(f"user:{user.id}" for user in (families.x, families.mum, families.dad))
    assert (payload["data"]["redemption_id"], payload["data"]["status"]) == (request.id, "expired")


async def test_the_expiry_job_is_one_per_request_and_due_at_its_end(families, queue, redis):
    request = await pending_request(families, hold=timedelta(hours=72))

    assert await enqueue.schedule_hold_expiry(request) is True
    assert await enqueue.schedule_hold_expiry(request) is False

    [(job_id, due)] = await redis.zrange("arq:queue", 0, -1, withscores=True)
    assert job_id.decode() == f"redemption-hold:{request.id}"
    assert abs(due / 1000 - as_utc(request.expires_at).timestamp()) < 0.01


async def test_running_the_expiry_twice_releases_once(families, job_ctx):
    request = await pending_request(families, hold=timedelta(0))

    assert await expire_hold(job_ctx, request.id) is True
    assert await expire_hold(job_ctx, request.id) is False

    assert (await Reward.get(id=request.reward_id)).stock == 1
    assert len(await recipients_of("reward_decided")) == 1


async def test_the_expiry_of_a_decided_running_or_deleted_request_does_nothing(families, job_ctx):
    running = await pending_request(families, hold=timedelta(hours=1))
    decided = await make_pending_redemption(await make_reward(families.family_a, price_cents=100), families.x,
                                            requested_at=utcnow() - timedelta(days=4), hold=timedelta(days=3))
    await Redemption.filter(id=decided.id).update(status=RedemptionStatus.DECLINED, decline_reason="No")

    assert await expire_hold(job_ctx, running.id) is False
    assert await expire_hold(job_ctx, decided.id) is False
    assert await expire_hold(job_ctx, 99_999_999) is False

    assert (await Redemption.get(id=running.id)).status is RedemptionStatus.PENDING
    assert (await Redemption.get(id=decided.id)).status is RedemptionStatus.DECLINED
    assert await recipients_of("reward_decided") == []


async def test_the_sweep_releases_a_hold_whose_job_was_lost_and_only_once(families, job_ctx):
    lost = await pending_request(families, hold=timedelta(hours=72))
    await Redemption.filter(id=lost.id).update(expires_at=utcnow() - timedelta(minutes=5))
    later = await make_pending_redemption(await make_reward(families.family_a, price_cents=100), families.x,
                                          requested_at=utcnow(), hold=timedelta(hours=72))

    first = await reset_sweep(job_ctx)
    second = await reset_sweep(job_ctx)

    assert (first["holds_released"], second["holds_released"]) == (1, 0)
    assert (await Redemption.get(id=lost.id)).status is RedemptionStatus.EXPIRED
    assert (await Redemption.get(id=later.id)).status is RedemptionStatus.PENDING
    assert await held_cents(families.x.id) == 100
    assert (await User.get(id=families.x.id)).balance_cents == 1000


async def test_the_parents_browsers_hear_of_a_request_and_the_childs_does_not(families, publisher, settings, redis):
    parent_browser, child_browser = Browser(), Browser()
    request = await pending_request(families, hold=timedelta(hours=72))
    async with push_service() as service:
        await make_push_subscription(families.mum, endpoint=service.endpoint("mum"), **parent_browser.keys)
        await make_push_subscription(families.x, endpoint=service.endpoint("x"), **child_browser.keys)
        async with in_transaction() as conn:
            await stage_reward_requested(conn, redemption=request)
        await publish_pending(publisher)

        await run_worker(settings, publisher)
        [sent] = await service.wait_for(1)

    assert sent.path == "/push/mum"
    message = parent_browser.decrypt(sent)
    assert (message["kind"], message["title"]) == ("reward_requested", "Reward requested")
    assert message["body"] == f"{families.x.username} asks for {request.reward_title} ($3.00)"
    assert message["data"] == {"child_id": families.x.id, "redemption_id": request.id}
    assert await PushNotification.all().count() == 0
