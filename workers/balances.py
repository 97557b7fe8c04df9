"""Balance repair: the cached ``User.balance_cents`` is brought back to the ledger's sum."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from prometheus_client import Counter
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from models import LedgerEntry, User
from models.events import stage_balance_updated
from models.ledger import ledger_balance_cents
from workers.enqueue import RECOMPUTE_BALANCE
from workers.instrument import instrumented
from workers.publishing import publish_after_job

log = logging.getLogger(__name__)

BALANCE_REPAIRS = Counter("chores_balance_repairs_total", "Cached balances found wrong and repaired from the ledger")


async def repair_balance(ctx: dict[str, Any], child_id: int) -> bool:
    """Set the child's cached balance to the ledger sum; True (and a push) only if it was wrong."""
    async with in_transaction() as conn:
        # The ledger writers update this row in their transaction, so holding it gives a settled sum.
        child = await User.select_for_update().using_db(conn).get_or_none(id=child_id, is_parent=False)
        if child is None:
            return False
        total = await ledger_balance_cents(child_id, using_db=conn)
        if child.balance_cents == total:
            return False
        log.warning("balance of child %s was %s cents, ledger says %s; repaired", child_id, child.balance_cents, total)
        await User.filter(id=child_id).using_db(conn).update(balance_cents=total)
        event = await stage_balance_updated(conn, child_id=child_id)
    BALANCE_REPAIRS.inc()
    await publish_after_job(ctx, [event])
    return True


async def drifted_balances(since: datetime) -> list[int]:
    """Children with ledger entries since ``since`` whose cached balance differs from the ledger sum."""
    child_ids = await LedgerEntry.filter(created_at__gte=since).distinct().values_list("child_id", flat=True)
    if not child_ids:
        return []
    sums = await (
        LedgerEntry.filter(child_id__in=child_ids).annotate(total=Sum("amount_cents")).group_by("child_id")
        .values_list("child_id", "total")
    )
    ledger = {child_id: int(total or 0) for child_id, total in sums}
    cached = await User.filter(id__in=child_ids).values_list("id", "balance_cents")
    return sorted(child_id for child_id, balance in cached if balance != ledger.get(child_id, 0))


@instrumented(RECOMPUTE_BALANCE)
async def recompute_balance(ctx: dict[str, Any], child_id: int) -> bool:
    """Check a child's cached balance against the ledger and repair drift."""
    return await repair_balance(ctx, child_id)
