"""Web Push from the outbox: who is owed a notification, when it goes out, and what a push service hears.

Each test subscribes browsers (tests/push_service.py: their own keys) at a local push service on
127.0.0.1, stages events as the use cases do, lets the outbox relay record the notifications
(``publish_pending``) and runs the send job: in a real arq worker, or called directly under a fixed
clock where the time matters. The push service decrypts what it receives and checks its VAPID token.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from arq.connections import ArqRedis
from tortoise.transactions import in_transaction

from models import Chore, ChoreAssignment, Family, User
from models.events import stage_assignment_approved, stage_assignment_completed
from models.push import PushNotification, PushPreferences, PushSubscription
from settings import Settings
from tests.conftest import free_port, make_settings
from tests.factories import make_approved_assignment, make_pending_assignment, make_priced_chore, make_push_subscription
from tests.push_service import Browser, push_service, push_settings, vapid_claims
from tests.workers.conftest import JOBS_REDIS_URL
from tests.workers.support import run_worker
from workers.enqueue import RESET_SWEEP
from workers.publishing import publish_pending
from workers.push_sending import MAX_ATTEMPTS, send_push

# 23:00 in Berlin on the eve of the spring change of clocks (02:00 CET becomes 03:00 CEST).
EVE_OF_SUMMER_TIME = datetime(2026, 3, 28, 22, 0, tzinfo=UTC)


@pytest.fixture
def settings() -> Settings:
    return push_settings(redis_url=JOBS_REDIS_URL, cooldown_day_seconds=1)


async def subscribe(user: User, browser: Browser, endpoint: str) -> PushSubscription:
    return await make_push_subscription(user, endpoint=endpoint, **browser.keys)


async def completed(chore: Chore, child: User, publisher) -> ChoreAssignment:
    """The child completed the chore: its event staged and relayed (which records the notifications)."""
    row = await make_pending_assignment(chore, child, completed_at=datetime.now(UTC))
    async with in_transaction() as conn:
        await stage_assignment_completed(conn, assignment=row, chore=chore)
    await publish_pending(publisher)
    return row


async def test_a_parent_hears_of_a_chore_to_approve_encrypted_for_his_browser_and_signed_by_the_server(
    families, publisher, settings, redis
):
    browser = Browser()
    chore = await make_priced_chore(families.mum, title="Dishes")
    async with push_service() as service:
        await subscribe(families.mum, browser, service.endpoint("mum"))
        row = await completed(chore, families.x, publisher)
        owed = await PushNotification.all().values_list("user_id", flat=True)

        await run_worker(settings, publisher)
        [request] = await service.wait_for(1)

    assert owed == [families.mum.id]  # dad has no subscription
    assert request.path == "/push/mum"
    message = browser.decrypt(request)
    assert message == {
        "kind": "assignment_completed",
        "title": "Chore to approve",
        "body": f"{families.x.username} finished: Dishes — waiting for your approval",
        "tag": f"assignment_completed:{row.id}",
        "event_id": message["event_id"],
        "occurred_at": message["occurred_at"],
        "data": {"assignment_id": row.id, "chore_id": chore.id, "child_id": families.x.id},
    }
    assert vapid_claims(request, settings, audience=service.origin)["aud"] == service.origin
    assert 86000 < int(request.headers["ttl"]) <= 86400  # a day, less the moments it waited
    assert request.headers["urgency"] == "normal"
    assert await PushNotification.all().count() == 0


async def test_a_decision_reaches_the_childs_browser_and_not_the_parents(families, publisher, settings, redis):
    child_browser, parent_browser = Browser(), Browser()
    chore = await make_priced_chore(families.mum, title="Windows", reward_cents=250)
    row = await make_approved_assignment(chore, families.x, day_seconds=1)
    async with push_service() as service:
        await subscribe(families.x, child_browser, service.endpoint("x"))
        await subscribe(families.mum, parent_browser, service.endpoint("mum"))
        async with in_transaction() as conn:
            await stage_assignment_approved(conn, assignment=row, chore=chore)
        await publish_pending(publisher)

        await run_worker(settings, publisher)
        [request] = await service.wait_for(1)

    assert request.path == "/push/x"
    assert child_browser.decrypt(request)["body"] == "Windows was approved ($2.50)"


async def test_a_kind_turned_off_is_neither_recorded_nor_sent(families, publisher, settings, redis):
    chore = await make_priced_chore(families.mum)
    await PushPreferences.create(user=families.mum, disabled_kinds=["assignment_completed"])
    async with push_service() as service:
        await subscribe(families.mum, Browser(), service.endpoint("mum"))
        await completed(chore, families.x, publisher)
        await run_worker(settings, publisher)

        assert await PushNotification.all().count() == 0
        assert service.requests == []


async def test_quiet_hours_hold_a_push_until_seven_on_the_familys_clock_on_the_night_summer_time_starts(
    families, publisher, settings, redis, job_ctx
):
    await Family.filter(id=families.family_a.id).update(timezone="Europe/Berlin")
    await PushPreferences.create(user=families.mum, quiet_start=22 * 60, quiet_end=7 * 60)
    browser = Browser()
    chore = await make_priced_chore(families.mum, title="Dishes")
    async with push_service() as service:
        await subscribe(families.mum, browser, service.endpoint("mum"))
        with time_machine.travel(EVE_OF_SUMMER_TIME, tick=False) as clock:
            await completed(chore, families.x, publisher)
            [notification] = await PushNotification.all()

            clock.move_to(datetime(2026, 3, 29, 4, 59, 59, tzinfo=UTC))  # 06:59:59 CEST
            early = await send_push(job_ctx, notification.id)
            clock.move_to(datetime(2026, 3, 29, 5, 0, tzinfo=UTC))  # 07:00 CEST
            on_time = await send_push(job_ctx, notification.id)
            [request] = await service.wait_for(1)

    # 23:00 CET to 07:00 CEST is seven hours: the wall clock, not a fixed length, ends the quiet hours.
    assert notification.send_after == datetime(2026, 3, 29, 5, 0, tzinfo=UTC)
    assert early.startswith("not due")
    assert on_time == "done: sent"
    assert browser.decrypt(request)["kind"] == "assignment_completed"


async def test_outside_quiet_hours_a_push_goes_at_once(families, publisher, settings, redis):
    await Family.filter(id=families.family_a.id).update(timezone="America/New_York")
    await PushPreferences.create(user=families.mum, quiet_start=22 * 60, quiet_end=7 * 60)
    chore = await make_priced_chore(families.mum)
    async with push_service() as service:
        await subscribe(families.mum, Browser(), service.endpoint("mum"))
        with time_machine.travel(EVE_OF_SUMMER_TIME, tick=False):  # 18:00 in New York
            await completed(chore, families.x, publisher)
            [notification] = await PushNotification.all()

    assert notification.send_after == EVE_OF_SUMMER_TIME


async def test_a_subscription_the_push_service_no_longer_knows_is_deleted(families, publisher, settings, redis):
    chore = await make_priced_chore(families.mum)
    async with push_service(410) as gone, push_service(404) as unknown, push_service(201) as alive:
        await subscribe(families.mum, Browser(), gone.endpoint("old-phone"))
        await subscribe(families.mum, Browser(), unknown.endpoint("old-laptop"))
        kept = await subscribe(families.mum, Browser(), alive.endpoint("tablet"))
        await completed(chore, families.x, publisher)

        await run_worker(settings, publisher)
        for service in (gone, unknown, alive):
            await service.wait_for(1)

    assert await PushSubscription.all().values_list("id", flat=True) == [kept.id]
    assert await PushNotification.all().count() == 0


async def test_a_push_service_that_fails_is_tried_again_with_growing_pauses_then_the_push_is_dropped(
    families, publisher, settings, redis, job_ctx
):
    chore = await make_priced_chore(families.mum)
    async with push_service(503) as failing, push_service(201) as working:
        flaky = await subscribe(families.mum, Browser(), failing.endpoint("phone"))
        await subscribe(families.mum, Browser(), working.endpoint("laptop"))
        with time_machine.travel(EVE_OF_SUMMER_TIME, tick=False) as clock:
            await completed(chore, families.x, publisher)
            [notification] = await PushNotification.all()
            pauses = []
            for _ in range(MAX_ATTEMPTS):
                await send_push(job_ctx, notification.id)
                left = await PushNotification.get_or_none(id=notification.id)
                if left is None:
                    break
                assert left.pending_subscription_ids == [flaky.id]  # the laptop has had it
                pauses.append((left.send_after - datetime.now(UTC)).total_seconds())
                clock.move_to(left.send_after)

    assert len(failing.requests) == MAX_ATTEMPTS
    assert len(working.requests) == 1
    assert len(pauses) == MAX_ATTEMPTS - 1
    # About 30 s, 2 min and 8 min, each ±20 %.
    assert all(30 * 0.8 <= pause / 4**number <= 30 * 1.2 for number, pause in enumerate(pauses)), pauses
    assert await PushNotification.all().count() == 0
    assert await PushSubscription.filter(id=flaky.id).exists()  # a failing service is no dead subscription


async def test_a_push_service_that_cannot_be_reached_is_tried_again(families, publisher, settings, redis, job_ctx):
    chore = await make_priced_chore(families.mum)
    await subscribe(families.mum, Browser(), f"http://127.0.0.1:{free_port()}/push/nobody-listens")
    await completed(chore, families.x, publisher)
    [notification] = await PushNotification.all()

    outcome = await send_push(job_ctx, notification.id)

    assert outcome == "1 to retry"
    assert (await PushNotification.get(id=notification.id)).attempts == 1


async def test_a_push_past_its_time_to_live_is_dropped_unsent(families, publisher, settings, redis, job_ctx):
    await PushPreferences.create(user=families.mum, quiet_start=22 * 60, quiet_end=7 * 60)
    chore = await make_priced_chore(families.mum)
    async with push_service() as service:
        await subscribe(families.mum, Browser(), service.endpoint("mum"))
        with time_machine.travel(EVE_OF_SUMMER_TIME, tick=False) as clock:
            await completed(chore, families.x, publisher)  # held until 07:00 UTC (quiet hours in UTC)
            [notification] = await PushNotification.all()
            clock.move_to(datetime(2026, 3, 30, 6, 59, 59, tzinfo=UTC))  # its day runs from the end of quiet hours
            still_due = notification.ttl_seconds(datetime.now(UTC))
            clock.shift(timedelta(seconds=1))

            outcome = await send_push(job_ctx, notification.id)

        assert still_due == 1
        assert outcome == "dropped: expired"
        assert service.requests == []


async def test_without_vapid_keys_the_worker_sends_nothing(families, publisher, settings, redis, job_ctx):
    chore = await make_priced_chore(families.mum)
    async with push_service() as service:
        await subscribe(families.mum, Browser(), service.endpoint("mum"))
        await completed(chore, families.x, publisher)
        [notification] = await PushNotification.all()

        outcome = await send_push({**job_ctx, "settings": make_settings(redis_url=JOBS_REDIS_URL)}, notification.id)

        assert outcome == "dropped: web push off"
        assert service.requests == []
        assert await PushNotification.all().count() == 0


async def test_two_workers_running_the_same_send_push_it_once(families, publisher, settings, redis, job_ctx):
    chore = await make_priced_chore(families.mum)
    async with push_service() as service:
        await subscribe(families.mum, Browser(), service.endpoint("mum"))
        await completed(chore, families.x, publisher)
        [notification] = await PushNotification.all()

        outcomes = await asyncio.gather(*(send_push(job_ctx, notification.id) for _ in range(2)))

        assert sorted(outcomes) == ["done: sent", "not due, or taken or finished by another worker"]
        assert len(service.requests) == 1


async def test_a_send_whose_job_was_lost_is_made_by_the_sweep(families, publisher, settings, redis):
    chore = await make_priced_chore(families.mum)
    async with push_service() as service:
        await subscribe(families.mum, Browser(), service.endpoint("mum"))
        await completed(chore, families.x, publisher)
        await redis.flushdb()  # Redis lost the job (restarted without persistence)
        await run_worker(settings, publisher)
        assert service.requests == []

        pool = ArqRedis.from_url(settings.redis_url)
        await pool.enqueue_job(RESET_SWEEP)
        await pool.aclose()
        await run_worker(settings, publisher, with_sweep=True)

        await service.wait_for(1)
    assert await PushNotification.all().count() == 0
