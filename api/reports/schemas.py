"""Request and response shapes of the reports (contract §1.12, §9)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from api.balances.schemas import AllowanceRowOut
from api.reports.service import AllowanceReport, ChildAllowance, HistoryEntry, ReportEntry
from api.validation import DbInt
from api.wire import Money, Timestamp
from models import EntryKind
from models.money import cents_to_number
from models.timeutil import isoformat_z

# Long enough for any ISO 8601 datetime, short enough that a 10 kB value is refused up front.
DateText = Annotated[str, Field(max_length=64)]

PENDING_VALUE_DESCRIPTION = (
    "What the child's completed, not yet approved chores of the period will pay: each fixed chore its reward, "
    "each range chore 0 (its amount is picked at approval), as the reference counts them."
)

TimeRenderer = Callable[[datetime | None], str | None]


class AllowanceQuery(BaseModel):
    date_from: DateText | None = None
    date_to: DateText | None = None
    child_id: DbInt | None = None


class ExportQuery(AllowanceQuery):
    format: str = "csv"
    entries: bool = Field(
        default=False,
        description="Also list every ledger entry of the period (date, child, kind, amount, reason) after the totals",
    )


class ChildPath(BaseModel):
    child_id: DbInt


class RewardHistoryQuery(BaseModel):
    date_from: DateText | None = None
    date_to: DateText | None = None
    limit: int = Field(default=50, ge=1, le=200)


class ReportChildRowOut(AllowanceRowOut):
    """The ``ReportChildRow`` object (§1.12): an allowance row, plus pending value and last activity."""

    pending_chores_value: Annotated[Money, Field(description=PENDING_VALUE_DESCRIPTION)]
    last_activity_date: Timestamp | None


class FamilySummaryOut(TypedDict):
    total_children: int
    total_earned: Money
    total_adjustments: Money
    total_paid_out: Money
    total_balance_due: Money
    total_completed_chores: int
    period_start: Timestamp | None
    period_end: Timestamp | None


class AllowanceSummaryOut(TypedDict):
    """R1's answer."""

    family_summary: FamilySummaryOut
    child_summaries: list[ReportChildRowOut]


class ExportOut(TypedDict):
    """R2's answer: the CSV or JSON document travels as a string inside the JSON body."""

    content: str
    content_type: Literal["text/csv", "application/json"]
    filename: str


class ChoreEarningOut(TypedDict):
    """An approved reward; the chore's fields are null once the chore is deleted."""

    type: Literal["chore_earning"]
    date: Timestamp
    amount: Money
    description: str
    chore_id: int | None
    chore_title: str | None
    assignment_id: int | None


class PayoutEntryOut(TypedDict):
    """A payout; ``amount`` is negative."""

    type: Literal["payout"]
    date: Timestamp
    amount: Money
    description: str
    payout_id: int
    note: str


class AdjustmentEntryOut(TypedDict):
    type: Literal["adjustment"]
    date: Timestamp
    amount: Money
    description: str
    adjustment_id: int
    reason: str


class RedemptionEntryOut(TypedDict):
    """A reward of the family store handed over (see ``/redemptions``); ``amount`` is negative, ``reason`` the
    reward's title."""

    type: Literal["redemption"]
    date: Timestamp
    amount: Money
    description: str
    entry_id: int
    reason: str


class AllowanceEntryOut(TypedDict):
    """A scheduled allowance payment (``allowance_id`` is its ledger entry)."""

    type: Literal["allowance"]
    date: Timestamp
    amount: Money
    description: str
    allowance_id: int
    reason: str


HistoryEntryOut = Annotated[
    ChoreEarningOut | PayoutEntryOut | AdjustmentEntryOut | RedemptionEntryOut | AllowanceEntryOut,
    Field(discriminator="type"),
]


class ReportEntryOut(TypedDict):
    """One ledger entry of the export's list; ``amount`` is its signed effect on the balance."""

    entry_id: int
    date: str | None
    child_id: int
    child_name: str
    kind: str
    amount: Money
    reason: str


def child_allowance_out(row: ChildAllowance, render_time: TimeRenderer) -> ReportChildRowOut:
    """The ``ReportChildRow`` object (§1.12); ``paid_out`` is a positive number."""
    return {
        "id": row.id,
        "username": row.username,
        "completed_chores": row.money.rewards_count,
        "total_earned": cents_to_number(row.money.earned_cents),
        "total_adjustments": cents_to_number(row.money.adjustments_cents),
        "paid_out": cents_to_number(row.money.paid_out_cents),
        "balance_due": cents_to_number(row.money.balance_cents),
        "pending_chores_value": cents_to_number(row.pending_cents),
        "last_activity_date": render_time(row.last_activity_date),
    }


def allowance_summary_out(report: AllowanceReport, render_time: TimeRenderer = isoformat_z) -> AllowanceSummaryOut:
    """R1's body: family totals (sums over the child rows) and one row per child."""
    totals = report.totals
    return {
        "family_summary": {
            "total_children": len(report.children),
            "total_earned": cents_to_number(totals.earned_cents),
            "total_adjustments": cents_to_number(totals.adjustments_cents),
            "total_paid_out": cents_to_number(totals.paid_out_cents),
            "total_balance_due": cents_to_number(totals.balance_cents),
            "total_completed_chores": totals.rewards_count,
            "period_start": render_time(report.period_start),
            "period_end": render_time(report.period_end),
        },
        "child_summaries": [child_allowance_out(row, render_time) for row in report.children],
    }


def report_entry_out(entry: ReportEntry, render_time: TimeRenderer) -> ReportEntryOut:
    return {
        "entry_id": entry.id,
        "date": render_time(entry.created_at),
        "child_id": entry.child_id,
        "child_name": entry.child_name,
        "kind": entry.kind.value,
        "amount": cents_to_number(entry.amount_cents),
        "reason": entry.reason,
    }


def history_entry_out(entry: HistoryEntry) -> HistoryEntryOut:
    """One R3 item: ``amount`` is the entry's signed effect on the balance (payouts negative).

    A reversal keeps the shape of the kind it reverses; its description says it is one.
    """
    item = _history_item(entry)
    if entry.reverses_id is not None:
        item["description"] = f"Reversal: {entry.reason}"
    return item


def _history_item(entry: HistoryEntry) -> HistoryEntryOut:
    date, amount = isoformat_z(entry.created_at), cents_to_number(entry.amount_cents)
    if entry.kind == EntryKind.REWARD:
        # A deleted chore leaves its rewards without a title: the entry's own reason names it.
        deleted = entry.chore_title is None
        return {
            "type": "chore_earning",
            "date": date,
            "amount": amount,
            "description": entry.reason if deleted else f"Completed chore: {entry.chore_title}",
            "chore_id": entry.chore_id,
            "chore_title": entry.chore_title,
            "assignment_id": entry.assignment_id,
        }
    if entry.kind == EntryKind.ALLOWANCE:
        return {
            "type": "allowance",
            "date": date,
            "amount": amount,
            "description": f"Allowance: {entry.reason}",
            "allowance_id": entry.id,
            "reason": entry.reason,
        }
    if entry.kind == EntryKind.PAYOUT:
        return {
            "type": "payout",
            "date": date,
            "amount": amount,
            "description": f"Payout: {entry.reason}" if entry.reason else "Payout",
            "payout_id": entry.id,
            "note": entry.reason,
        }
    if entry.kind == EntryKind.REDEMPTION:
        return {
            "type": "redemption",
            "date": date,
            "amount": amount,
            "description": f"Reward: {entry.reason}",
            "entry_id": entry.id,
            "reason": entry.reason,
        }
    return {
        "type": "adjustment",
        "date": date,
        "amount": amount,
        "description": f"Adjustment: {entry.reason}",
        "adjustment_id": entry.id,
        "reason": entry.reason,
    }
