"""Scheduled allowance (issue #13, item 3): a plan per child, and each period it settled.

A plan pays ``amount_cents`` at every pay instant of its schedule (models/allowance_schedule.py), read
in the child's family time zone: unconditionally, or tied to the chores due in the period
(models/allowance_chores.py), all or nothing or in proportion to the share approved.

Which pay instants are owed: those after ``schedule_since`` (the plan's creation or the last change
of its schedule) whose period starts no earlier than the end of the child's last settled period, so
no stretch of time is paid twice, also when a schedule changes. Each settled period is one
``AllowancePayment`` row, unique per (child, period start): whoever pays (the deferred job, the
sweep, two workers at once), a period is settled once. A period settled at zero has a row and no
ledger entry; its ``explanation`` says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.functions import Max
from tortoise.models import Model

from models.allowance_chores import ChoreTally, chores_due_in
from models.allowance_schedule import AllowancePeriod, Schedule
from models.families import zone_named
from models.ledger import LedgerEntry
from models.timeutil import as_utc
from models.users import User


class AllowanceMode(StrEnum):
    UNCONDITIONAL = "unconditional"
    ALL_OR_NOTHING = "all_or_nothing"
    PROPORTIONAL = "proportional"


@dataclass(frozen=True)
class Settlement:
    """What a period pays and why; the chore counts are None for an unconditional plan."""

    amount_cents: int
    explanation: str
    chores_due: int | None = None
    chores_approved: int | None = None


def settlement(mode: AllowanceMode, amount_cents: int, tally: ChoreTally | None) -> Settlement:
    """The payment of a period of a plan of ``mode`` and ``amount_cents``, from its chores (None: unconditional)."""
    if mode is AllowanceMode.UNCONDITIONAL or tally is None:
        return Settlement(amount_cents, "Unconditional allowance")
    counts = {"chores_due": tally.due, "chores_approved": tally.approved}
    if tally.due == 0:
        return Settlement(amount_cents, "No chores were due in the period, so the whole allowance is paid", **counts)
    share = f"{tally.approved} of {tally.due} due chores approved"
    if mode is AllowanceMode.ALL_OR_NOTHING:
        if tally.approved == tally.due:
            return Settlement(amount_cents, f"All or nothing: {share}", **counts)
        return Settlement(0, f"All or nothing: only {share}, so nothing is paid", **counts)
    paid = int((Decimal(amount_cents * tally.approved) / tally.due).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return Settlement(paid, f"Proportional: {share} ({100 * tally.approved // tally.due}%)", **counts)


class AllowancePlan(Model):
    """The allowance of one child: how much, when (in the family time zone) and on which condition."""

    id = fields.IntField(primary_key=True)
    child: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="allowance_plan", on_delete=fields.CASCADE
    )
    amount_cents = fields.BigIntField()
    period = fields.CharEnumField(AllowancePeriod, max_length=10)
    # 0 is Monday; weekly and biweekly plans only.
    weekday = fields.SmallIntField(null=True)
    # 1 to 31, the last day of shorter months; monthly plans only.
    day_of_month = fields.SmallIntField(null=True)
    # No pay day before it; a biweekly plan pays on its first weekday on or after it, then every 14 days.
    start_date = fields.DateField(null=True)
    # Minutes after local midnight, in the family time zone.
    pay_minute = fields.SmallIntField()
    mode = fields.CharEnumField(AllowanceMode, max_length=16)
    # Pay instants after this are owed: the plan creation, or the last change of its schedule.
    schedule_since = fields.DatetimeField()
    # The parent who last set the plan: the actor of its ledger entries.
    set_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="allowance_plans_set", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    child_id: int
    set_by_id: int | None

    class Meta:
        table = "allowance_plans"

    def schedule(self, zone: ZoneInfo) -> Schedule:
        return Schedule(
            period=self.period, pay_minute=self.pay_minute, zone=zone, weekday=self.weekday,
            day_of_month=self.day_of_month, start_date=self.start_date,
        )

    def next_payment_owed(self, zone: ZoneInfo, last_paid_end: datetime | None) -> datetime:
        """The oldest pay instant still owed (it may be past: the worker pays it late, never twice)."""
        schedule = self.schedule(zone)
        since = as_utc(self.schedule_since)
        after = since if last_paid_end is None else max(since, as_utc(last_paid_end))
        while True:
            payment = schedule.next_payment(after)
            if last_paid_end is None or schedule.period_start(payment) >= as_utc(last_paid_end):
                return payment
            after = payment

    async def settlement_for(self, start: datetime, end: datetime, *, using_db: BaseDBAsyncClient | None = None) -> Settlement:
        """What the period [start, end) pays under this plan, from the chores due and approved in it."""
        tally = None
        if self.mode is not AllowanceMode.UNCONDITIONAL:
            tally = await chores_due_in(self.child_id, start, end, using_db=using_db)
        return settlement(self.mode, self.amount_cents, tally)


class AllowancePayment(Model):
    """One settled allowance period of a child: paid with its ledger entry, or settled at zero, and why."""

    id = fields.IntField(primary_key=True)
    child: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="allowance_payments", on_delete=fields.CASCADE
    )
    period_start = fields.DatetimeField()
    # The pay instant.
    period_end = fields.DatetimeField()
    amount_cents = fields.BigIntField()
    mode = fields.CharEnumField(AllowanceMode, max_length=16)
    chores_due = fields.IntField(null=True)
    chores_approved = fields.IntField(null=True)
    explanation = fields.TextField()
    # The allowance entry of the ledger; null when the period paid nothing.
    entry: fields.OneToOneNullableRelation[LedgerEntry] = fields.OneToOneField(
        "models.LedgerEntry", related_name="allowance_payment", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    child_id: int
    entry_id: int | None

    class Meta:
        table = "allowance_payments"
        unique_together = (("child_id", "period_start"),)
        indexes = (("child_id", "period_end"),)


@dataclass(frozen=True)
class PlanClock:
    """A plan with the time zone it is read in and the end of the child's last settled period."""

    plan: AllowancePlan
    zone: ZoneInfo
    last_paid_end: datetime | None

    @property
    def next_payment(self) -> datetime:
        return self.plan.next_payment_owed(self.zone, self.last_paid_end)

    @property
    def schedule(self) -> Schedule:
        return self.plan.schedule(self.zone)


async def plan_clocks(plans: Iterable[AllowancePlan], *, using_db: BaseDBAsyncClient | None = None) -> list[PlanClock]:
    """Each plan with its family zone and last settled period, in two queries."""
    plans = list(plans)
    child_ids = [plan.child_id for plan in plans]
    if not child_ids:
        return []
    zones = dict(await User.filter(id__in=child_ids).using_db(using_db).values_list("id", "family__timezone"))
    ends = dict(
        await AllowancePayment.filter(child_id__in=child_ids).using_db(using_db)
        .annotate(last_end=Max("period_end")).group_by("child_id").values_list("child_id", "last_end")
    )
    return [
        PlanClock(plan, zone_named(zones.get(plan.child_id)), as_utc(ends[plan.child_id]) if ends.get(plan.child_id) else None)
        for plan in plans
    ]


async def plan_clock(child_id: int, *, using_db: BaseDBAsyncClient | None = None) -> PlanClock | None:
    """The child's plan with its clock, or None when he has none."""
    plan = await AllowancePlan.get_or_none(child_id=child_id, using_db=using_db)
    if plan is None:
        return None
    [clock] = await plan_clocks([plan], using_db=using_db)
    return clock
