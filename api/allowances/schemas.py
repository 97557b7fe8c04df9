"""Request and response shapes of ``/api/v1/allowances``: a child's plan, its preview and its settled periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from typing_extensions import TypedDict

from api.wire import LOCAL_TIME, Day, Money, Timestamp, local_time_text, minutes_after_midnight
from models.allowance_schedule import EARLIEST_START, LATEST_START, WEEKDAYS, AllowancePeriod, schedule_problem
from models.allowances import AllowanceMode, AllowancePayment, PlanClock, Settlement
from models.money import cents_to_number
from models.timeutil import isoformat_z

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class AllowanceIn(BaseModel):
    """A child's plan, replaced whole. ``weekday`` is for weekly and biweekly plans, ``day_of_month`` for
    monthly ones (31: the last day of shorter months), ``start_date`` anchors a biweekly plan (paid on the
    first ``weekday`` on or after it, then every 14 days) and keeps any plan from paying before it."""

    model_config = ConfigDict(extra="ignore")

    amount: Annotated[
        Decimal, Field(gt=0, le=Decimal("9999.99"), decimal_places=2, description="What one period pays")
    ]
    period: AllowancePeriod
    weekday: Weekday | None = None
    day_of_month: int | None = Field(default=None, ge=1, le=31)
    start_date: date | None = Field(default=None, ge=EARLIEST_START, le=LATEST_START)
    time: str = Field(pattern=LOCAL_TIME, description="Local time of the payment in the family's time zone, HH:MM")
    mode: AllowanceMode = Field(
        default=AllowanceMode.UNCONDITIONAL,
        description="unconditional; all_or_nothing: only when every chore due in the period was approved; "
        "proportional: the share of the period's due chores approved",
    )

    @model_validator(mode="after")
    def _one_schedule(self) -> AllowanceIn:
        problem = schedule_problem(self.period, self.weekday_index, self.day_of_month, self.start_date)
        if problem is not None:
            raise ValueError(problem)
        return self

    @property
    def weekday_index(self) -> int | None:
        return None if self.weekday is None else WEEKDAYS.index(self.weekday)

    @property
    def pay_minute(self) -> int:
        return minutes_after_midnight(self.time)


class PaymentsQuery(BaseModel):
    skip: int = Field(default=0, ge=0, le=2**31)
    limit: int = Field(default=100, ge=1, le=100)


class AllowanceOut(TypedDict):
    """A child's plan, with the zone its times are read in and its next payment (UTC; it may be past while
    the worker catches up)."""

    child_id: int
    amount: Money
    period: str
    weekday: str | None
    day_of_month: int | None
    start_date: Day | None
    time: str
    mode: str
    timezone: str
    next_payment_at: Timestamp
    created_at: Timestamp
    updated_at: Timestamp


class AllowancePreviewOut(TypedDict):
    """The next payment: when, what it would pay if the period ended now, and why (for a mode tied to
    chores, the chores due in the period and those approved so far)."""

    child_id: int
    next_payment_at: Timestamp
    period_start: Timestamp
    amount: Money
    full_amount: Money
    mode: str
    chores_due: int | None
    chores_approved: int | None
    explanation: str
    timezone: str


class AllowancePaymentOut(TypedDict):
    """One settled period: ``entry_id`` is its allowance entry of the ledger, null when it paid nothing."""

    id: int
    child_id: int
    period_start: Timestamp
    period_end: Timestamp
    amount: Money
    mode: str
    chores_due: int | None
    chores_approved: int | None
    explanation: str
    entry_id: int | None
    created_at: Timestamp


def allowance_out(clock: PlanClock) -> AllowanceOut:
    plan = clock.plan
    return {
        "child_id": plan.child_id,
        "amount": cents_to_number(plan.amount_cents),
        "period": plan.period.value,
        "weekday": None if plan.weekday is None else WEEKDAYS[plan.weekday],
        "day_of_month": plan.day_of_month,
        "start_date": None if plan.start_date is None else plan.start_date.isoformat(),
        "time": local_time_text(plan.pay_minute),
        "mode": plan.mode.value,
        "timezone": clock.zone.key,
        "next_payment_at": isoformat_z(clock.next_payment),
        "created_at": isoformat_z(plan.created_at),
        "updated_at": isoformat_z(plan.updated_at),
    }


def preview_out(clock: PlanClock, outcome: Settlement) -> AllowancePreviewOut:
    next_payment = clock.next_payment
    return {
        "child_id": clock.plan.child_id,
        "next_payment_at": isoformat_z(next_payment),
        "period_start": isoformat_z(clock.schedule.period_start(next_payment)),
        "amount": cents_to_number(outcome.amount_cents),
        "full_amount": cents_to_number(clock.plan.amount_cents),
        "mode": clock.plan.mode.value,
        "chores_due": outcome.chores_due,
        "chores_approved": outcome.chores_approved,
        "explanation": outcome.explanation,
        "timezone": clock.zone.key,
    }


def payment_out(payment: AllowancePayment) -> AllowancePaymentOut:
    return {
        "id": payment.id,
        "child_id": payment.child_id,
        "period_start": isoformat_z(payment.period_start),
        "period_end": isoformat_z(payment.period_end),
        "amount": cents_to_number(payment.amount_cents),
        "mode": AllowanceMode(payment.mode).value,
        "chores_due": payment.chores_due,
        "chores_approved": payment.chores_approved,
        "explanation": payment.explanation,
        "entry_id": payment.entry_id,
        "created_at": isoformat_z(payment.created_at),
    }
