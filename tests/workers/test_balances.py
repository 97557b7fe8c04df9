"""Balance recomputation: the cached balance is repaired from the ledger, and only a repair is announced."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tortoise.transactions import in_transaction

from models import EntryKind, Event, EventRecipient, EventType, User
from models.ledger import append_entry
from models.timeutil import utcnow
from tests.workers.support import run_worker
from workers import enqueue
from workers.balances import drifted_balances, recompute_balance


async def give(child: User, cents: int, actor: User) -> None:
    async with in_transaction() as conn:
        await append_entry(child_id=child.id, kind=EntryKind.ADJUSTMENT, amount_cents=cents, actor_id=actor.id,
                           using_db=conn)


async def test_a_drifted_balance_is_repaired_from_the_ledger_and_announced(
    families, settings, queue, publisher, listener
):
    await give(families.x, 1500, families.mum)
    await User.filter(id=families.x.id).update(balance_cents=99)
    await enqueue.recompute_balance(families.x.id)

    await run_worker(settings, publisher)

    assert (await User.get(id=families.x.id)).balance_cents == 1500
    [event] = await Event.filter(type=EventType.BALANCE_UPDATED)
    assert event.data == {"child_id": families.x.id, "balance": 15.0}
    assert event.published_at is not None
    recipients = set(await EventRecipient.filter(event_id=event.id).values_list("user_id", flat=True))
    assert recipients == {families.x.id, families.mum.id, families.dad.id}
    [(name, rooms, payload)] = await listener.wait_for(1)
    assert name == "balance_updated"
    assert f"user:{families.y.id}" not in rooms
    assert payload["data"]["balance"] == 15.0


async def test_recomputing_twice_repairs_once(families, job_ctx):
    await give(families.x, 700, families.mum)
    await User.filter(id=families.x.id).update(balance_cents=0)

    assert await recompute_balance(job_ctx, families.x.id) is True
    assert await recompute_balance(job_ctx, families.x.id) is False

    assert (await User.get(id=families.x.id)).balance_cents == 700
    assert await Event.filter(type=EventType.BALANCE_UPDATED).count() == 1


async def test_a_correct_balance_is_left_alone_and_not_announced(families, job_ctx):
    await give(families.x, 700, families.mum)

    assert await recompute_balance(job_ctx, families.x.id) is False
    assert await recompute_balance(job_ctx, 10**9) is False
    assert await recompute_balance(job_ctx, families.mum.id) is False

    assert await Event.all().count() == 0


@pytest.mark.ledger_left_inconsistent  # the drift it finds is left for the repair tests
async def test_drift_is_found_among_children_with_recent_ledger_entries(families):
    await give(families.x, 500, families.mum)
    await give(families.y, 300, families.mum)
    await give(families.z, 100, families.other_parent)
    await User.filter(id__in=[families.y.id, families.z.id]).update(balance_cents=0)

    assert await drifted_balances(since=utcnow() - timedelta(minutes=5)) == sorted([families.y.id, families.z.id])
    assert await drifted_balances(since=utcnow() + timedelta(minutes=5)) == []
