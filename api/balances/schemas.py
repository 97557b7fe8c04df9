"""Response shapes of balances (§1.10, §1.11): JSON numbers, all read from the ledger."""

from __future__ import annotations

from typing_extensions import TypedDict

from api.wire import Money
from models import User
from models.balance_sheet import BalanceSheet
from models.ledger import LedgerTotals
from models.money import cents_to_number


class BalanceOut(TypedDict):
    """``Balance`` (§1.10)."""

    balance: Money
    total_earned: Money
    adjustments: Money
    paid_out: Money
    pending_chores_value: Money


class AllowanceRowOut(TypedDict):
    """``UserAllowanceRow`` (§1.11)."""

    id: int
    username: str
    completed_chores: int
    total_earned: Money
    total_adjustments: Money
    paid_out: Money
    balance_due: Money


def balance_out(sheet: BalanceSheet) -> BalanceOut:
    """``Balance`` of U5."""
    return {
        "balance": cents_to_number(sheet.balance_cents),
        "total_earned": cents_to_number(sheet.earned_cents),
        "adjustments": cents_to_number(sheet.adjustments_cents),
        "paid_out": cents_to_number(sheet.paid_out_cents),
        "pending_chores_value": cents_to_number(sheet.pending_cents),
    }


def allowance_row_out(child: User, totals: LedgerTotals) -> AllowanceRowOut:
    """``UserAllowanceRow`` of U8."""
    return {
        "id": child.id,
        "username": child.username,
        "completed_chores": totals.rewards_count,
        "total_earned": cents_to_number(totals.earned_cents),
        "total_adjustments": cents_to_number(totals.adjustments_cents),
        "paid_out": cents_to_number(totals.paid_out_cents),
        "balance_due": cents_to_number(totals.balance_cents),
    }
