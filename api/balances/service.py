"""Use cases of balances: one figure per child, the sum of his ledger (D1)."""

from __future__ import annotations

from api.auth import require_child, require_parent
from models import User
from models.balance_sheet import BalanceSheet, balance_sheet
from models.ledger import LedgerTotals, ledger_totals
from models.users import children_of


async def my_balance(*, user: User) -> BalanceSheet:
    """U5: the child's ledger totals and the value of his chores waiting for approval."""
    require_child(user, "Parents should use /api/v1/users/summary endpoint")
    return await balance_sheet(user.id)


async def allowance_summary(*, user: User) -> list[tuple[User, LedgerTotals]]:
    """U8: every child the parent manages with his ledger totals (family children by username)."""
    require_parent(user, "Only parents can access allowance summary")
    children = await children_of(user).order_by("username" if user.family_id is not None else "id")
    totals = await ledger_totals([child.id for child in children]) if children else {}
    return [(child, totals[child.id]) for child in children]
