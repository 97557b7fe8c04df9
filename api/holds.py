"""What a child's pending reward requests hold (models/redemptions.py), as every debit checks it.

A debit (a payout, a deduction, the reversal of a credit) may spend the balance down to the held
amount, never below: the parents approving the requests later must find their money still there.
Call it under the child's row lock (``models.ledger.locked_balance_cents``), which every request for a
reward takes too.
"""

from __future__ import annotations

from tortoise.backends.base.client import BaseDBAsyncClient

from api.errors import BadRequest
from models.money import format_dollars
from models.redemptions import held_cents


async def refuse_below_holds(
    *, child_id: int, balance_cents: int, change_cents: int, action: str, using_db: BaseDBAsyncClient
) -> None:
    """400 when ``change_cents`` would leave the balance below what the child's pending requests hold."""
    if change_cents >= 0:
        return
    held = await held_cents(child_id, using_db=using_db)
    if balance_cents + change_cents < held:
        raise BadRequest(
            f"{action} would take the balance below the {format_dollars(held)} held for pending reward requests. "
            f"Spendable balance: {format_dollars(balance_cents - held)}"
        )
