"""A child's balance (U5) in one statement: his ledger summed by kind, and what his rows waiting for
approval are worth.

Children read their balance many times a day; this is the grouped ledger totals (models/ledger.py)
and the pending rows' rewards in one plain-SQL statement (models/sql_reads.py) instead of two.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from models.ledger import GIVEN_KINDS, PAID_OUT_KINDS, EntryKind
from models.sql_reads import fetch


@dataclass(frozen=True)
class BalanceSheet:
    """The figures of ``Balance`` (§1.10) in cents; ``paid_out_cents`` (``PAID_OUT_KINDS``) is positive,
    ``adjustments_cents`` sums ``GIVEN_KINDS``, ``pending_cents`` is reward(row) over his pending rows."""

    balance_cents: int
    earned_cents: int
    adjustments_cents: int
    paid_out_cents: int
    pending_cents: int


def _sum_of(kinds: Iterable[EntryKind]) -> str:
    listed = ", ".join(f"'{kind.value}'" for kind in kinds)
    return f"COALESCE(SUM(CASE WHEN `kind` IN ({listed}) THEN `amount_cents` END), 0)"


_BALANCE_SHEET = (
    f"SELECT COALESCE(SUM(`amount_cents`), 0) AS `balance`, {_sum_of([EntryKind.REWARD])} AS `earned`, "
    f"{_sum_of(GIVEN_KINDS)} AS `given`, {_sum_of(PAID_OUT_KINDS)} AS `paid`, "
    "(SELECT COALESCE(SUM(COALESCE(a.`approval_reward_cents`, c.`reward_cents`)), 0) "
    "FROM `chore_assignments` AS a JOIN `chores` AS c ON c.`id` = a.`chore_id` "
    "WHERE a.`assignee_id` = %s AND a.`is_completed` = 1 AND a.`is_approved` = 0) AS `pending` "
    "FROM `ledger_entries` WHERE `child_id` = %s"
)


async def balance_sheet(child_id: int) -> BalanceSheet:
    """The child's balance figures, in one statement."""
    [row] = await fetch(_BALANCE_SHEET, child_id, child_id)
    return BalanceSheet(
        balance_cents=int(row["balance"]),
        earned_cents=int(row["earned"]),
        adjustments_cents=int(row["given"]),
        paid_out_cents=-int(row["paid"]),
        pending_cents=int(row["pending"]),
    )
