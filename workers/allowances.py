"""Paying scheduled allowance: a job deferred to each pay instant, and the sweep's catch-up (workers/sweep.py).

Both settle a child's owed periods oldest first (:func:`pay_owed`), each in its own transaction under
the child's row lock. A unique (child, period start) row makes a second settlement of a period
impossible, whoever pays at the same moment (two workers, the job and the sweep): the loser's
transaction, ledger entry included, rolls back whole. A job whose instant is no longer owed (its plan
changed or was deleted) settles nothing. Each run schedules the plan's next pay instant, whose job id
(child and instant) makes scheduling it twice a no-op.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models import ActivityType, EntryKind, Event, User
from models.activities import record_activity
from models.allowances import AllowancePayment, PlanClock, plan_clock
from models.deadlocks import retry_on_deadlock
from models.events import stage_allowance_paid, stage_balance_updated
from models.ledger import append_entry
from models.money import cents_to_number, format_dollars
from models.timeutil import isoformat_z, utcnow
from workers.enqueue import PAY_ALLOWANCE, schedule_allowance
from workers.instrument import instrumented
from workers.publishing import publish_after_job

# Periods one run settles for a child at most; a run that stops there schedules the rest at once.
MAX_PERIODS_PER_RUN = 100


class Outcome(Enum):
    SETTLED = "settled"
    TAKEN = "settled by another payer at the same moment"
    NOTHING_DUE = "nothing due"


@retry_on_deadlock
async def settle_oldest_owed(child_id: int, now: datetime) -> tuple[Outcome, list[Event | None]]:
    """Settle the child's oldest owed period if it is due by ``now``; the outcome and the events staged."""
    try:
        async with in_transaction() as conn:
            child = await User.select_for_update().using_db(conn).get_or_none(id=child_id, is_parent=False)
            clock = await plan_clock(child_id, using_db=conn) if child is not None else None
            if child is None or clock is None or clock.next_payment > now:
                return Outcome.NOTHING_DUE, []
            return Outcome.SETTLED, await _settle(conn, child, clock)
    except IntegrityError:
        return Outcome.TAKEN, []


async def _settle(conn: BaseDBAsyncClient, child: User, clock: PlanClock) -> list[Event | None]:
    """Settle the period ending at the clock's next payment: the ledger entry (when it pays something),
    the settled period, an activity and the events."""
    plan, end = clock.plan, clock.next_payment
    start = clock.schedule.period_start(end)
    outcome = await plan.settlement_for(start, end, using_db=conn)
    entry = None
    if outcome.amount_cents > 0:
        local = [moment.astimezone(clock.zone).date() for moment in (start, end)]
        entry = await append_entry(
            child_id=child.id, kind=EntryKind.ALLOWANCE, amount_cents=outcome.amount_cents, actor_id=plan.set_by_id,
            reason=f"{plan.period.capitalize()} allowance for {local[0]} to {local[1]}", using_db=conn,
        )
    payment = await AllowancePayment.create(
        child_id=child.id, period_start=start, period_end=end, amount_cents=outcome.amount_cents, mode=plan.mode,
        chores_due=outcome.chores_due, chores_approved=outcome.chores_approved, explanation=outcome.explanation,
        entry_id=entry.id if entry else None, using_db=conn,
    )
    setter = await User.get_or_none(id=plan.set_by_id, using_db=conn) if plan.set_by_id is not None else None
    await record_activity(
        actor=setter or child,
        activity_type=ActivityType.ALLOWANCE_PAID,
        description=(f"Paid {plan.period} allowance of {format_dollars(outcome.amount_cents)}" if entry
                     else f"No {plan.period} allowance: {outcome.explanation}"),
        target_user_id=child.id,
        data={
            "payment_id": payment.id,
            "entry_id": payment.entry_id,
            "amount": cents_to_number(outcome.amount_cents),
            "period_start": isoformat_z(start),
            "period_end": isoformat_z(end),
            "explanation": outcome.explanation,
        },
        using_db=conn,
    )
    events = [await stage_allowance_paid(conn, payment=payment, family_id=child.family_id)]
    if entry is not None:
        events.append(await stage_balance_updated(conn, child_id=child.id))
    return events


async def pay_owed(ctx: dict[str, Any], child_id: int, now: datetime) -> int:
    """Settle every period of the child owed by ``now``, oldest first, each once, then schedule the next pay
    instant; return how many periods this call settled."""
    settled = 0
    for _ in range(MAX_PERIODS_PER_RUN):
        outcome, events = await settle_oldest_owed(child_id, now)
        if outcome is Outcome.NOTHING_DUE:
            break
        settled += outcome is Outcome.SETTLED
        await publish_after_job(ctx, events)
    clock = await plan_clock(child_id)
    if clock is not None:
        await schedule_allowance(child_id, clock.next_payment, pool=ctx.get("redis"))
    return settled


@instrumented(PAY_ALLOWANCE)
async def pay_allowance(ctx: dict[str, Any], child_id: int) -> int:
    """Pay a child's allowance at its pay instant (and any period still owed before it)."""
    return await pay_owed(ctx, child_id, utcnow())
