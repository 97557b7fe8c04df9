"""Use cases of scheduled allowance (issue #13, item 3): a plan per child, its preview, its settled periods.

Setting a plan schedules the job that pays its next instant (workers/allowances.py); the sweep pays
what a lost job or a stopped worker left owed. Changing the schedule (period, day, start date, time)
restarts the count of owed instants at the change, and the first payment after it is the first whose
whole period comes after the last one paid, so no stretch of time is paid twice. Amount and mode
changes apply from the next payment.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from api.adjustments.service import managed_child
from api.allowances.schemas import AllowanceIn
from api.auth import require_parent
from api.errors import Forbidden, NotFound
from models import User
from models.allowances import AllowancePayment, AllowancePlan, PlanClock, Settlement, plan_clock, plan_clocks
from models.money import to_cents
from models.timeutil import utcnow
from models.users import children_of
from workers import enqueue

NO_PLAN = "This child has no allowance plan"
REFUSAL = "You can only manage allowances of your own children"


async def list_plans(*, user: User) -> list[PlanClock]:
    """The plans of the children the parent manages, by child id."""
    require_parent(user, "Only parents can manage allowances")
    plans = await AllowancePlan.filter(child_id__in=Subquery(children_of(user).values("id"))).order_by("child_id")
    return await plan_clocks(plans)


async def get_plan(*, user: User, child_id: int) -> PlanClock:
    require_parent(user, "Only parents can manage allowances")
    child = await managed_child(user, child_id, refusal=REFUSAL)
    return await _clock_of(child)


async def set_plan(*, user: User, child_id: int, body: AllowanceIn) -> tuple[PlanClock, bool]:
    """Create or replace a child's plan and schedule its next payment; the plan, and whether it is new."""
    require_parent(user, "Only parents can manage allowances")
    child = await managed_child(user, child_id, refusal=REFUSAL)
    schedule = {
        "period": body.period, "weekday": body.weekday_index, "day_of_month": body.day_of_month,
        "start_date": body.start_date, "pay_minute": body.pay_minute,
    }
    async with in_transaction() as conn:
        # Under the child's row lock, like the payments: two parents setting one plan queue up.
        await User.select_for_update().using_db(conn).filter(id=child.id).first()
        plan = await AllowancePlan.get_or_none(child_id=child.id, using_db=conn)
        created = plan is None
        if plan is None:
            plan = AllowancePlan(child_id=child.id, schedule_since=utcnow())
        elif any(getattr(plan, name) != value for name, value in schedule.items()):
            plan.schedule_since = utcnow()
        for name, value in {**schedule, "amount_cents": to_cents(body.amount), "mode": body.mode}.items():
            setattr(plan, name, value)
        plan.set_by_id = user.id
        await plan.save(using_db=conn)
    clock = await _clock_of(child)
    await enqueue.schedule_allowance(child.id, clock.next_payment)
    return clock, created


async def delete_plan(*, user: User, child_id: int) -> None:
    """Stop a child's allowance; the periods it settled stay (their job, if one waits, finds no plan)."""
    require_parent(user, "Only parents can manage allowances")
    child = await managed_child(user, child_id, refusal=REFUSAL)
    if not await AllowancePlan.filter(child_id=child.id).delete():
        raise NotFound(NO_PLAN)


@dataclass(frozen=True)
class Preview:
    clock: PlanClock
    outcome: Settlement


async def preview(*, user: User, child_id: int) -> Preview:
    """The next payment and what it would pay if its period ended now (approvals so far), for a parent or the
    child himself."""
    child = await _viewable_child(user, child_id)
    clock = await _clock_of(child)
    end = clock.next_payment
    return Preview(clock, await clock.plan.settlement_for(clock.schedule.period_start(end), end))


async def payments(*, user: User, child_id: int, skip: int, limit: int) -> list[AllowancePayment]:
    """The child's settled periods, newest first, for a parent or the child himself."""
    child = await _viewable_child(user, child_id)
    return await AllowancePayment.filter(child_id=child.id).order_by("-period_end").offset(skip).limit(limit)


async def _viewable_child(user: User, child_id: int) -> User:
    if user.is_parent:
        return await managed_child(user, child_id, refusal=REFUSAL)
    if child_id != user.id:
        raise Forbidden("You can only see your own allowance")
    return user


async def _clock_of(child: User) -> PlanClock:
    clock = await plan_clock(child.id)
    if clock is None:
        raise NotFound(NO_PLAN)
    return clock
