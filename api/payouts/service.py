"""Use cases of payouts: PAYOUT entries of the ledger, with a negative amount (D1)."""

from __future__ import annotations

from decimal import Decimal

from tortoise.transactions import in_transaction

from api.adjustments.service import managed_child
from api.auth import require_parent
from api.errors import BadRequest
from api.holds import refuse_below_holds
from api.ledger.service import entries_visible_to
from api.metrics import business
from models import ActivityType, EntryKind, LedgerEntry, User
from models.activities import record_activity, shorten
from models.deadlocks import retry_on_deadlock
from models.events import stage_balance_updated
from models.ledger import append_entry, locked_balance_cents
from models.money import cents_to_number, format_dollars, to_cents
from workers import enqueue


@retry_on_deadlock
async def record_payout(*, user: User, child_id: int, amount: Decimal, note: str | None) -> LedgerEntry:
    """Record money paid to a managed child; never more than his balance less what his reward requests hold."""
    require_parent(user, "Only parents can record payouts")
    child = await managed_child(user, child_id, refusal="You can only record payouts for your own children")
    amount_cents = to_cents(amount)
    async with in_transaction() as conn:
        balance = await locked_balance_cents(child.id, using_db=conn)
        if amount_cents > balance:
            raise BadRequest(f"Payout exceeds current balance. Current balance: {format_dollars(balance)}")
        await refuse_below_holds(child_id=child.id, balance_cents=balance, change_cents=-amount_cents, action="Payout",
                                 using_db=conn)
        entry = await append_entry(
            child_id=child.id,
            kind=EntryKind.PAYOUT,
            amount_cents=-amount_cents,
            actor_id=user.id,
            reason=note or "",
            using_db=conn,
        )
        await record_activity(
            actor=user,
            activity_type=ActivityType.PAYOUT_RECORDED,
            description=f"Recorded payout of {format_dollars(amount_cents)}" + (f": {shorten(note)}" if note else ""),
            target_user_id=child.id,
            data={"payout_id": entry.id, "amount": cents_to_number(amount_cents), "note": note},
            using_db=conn,
        )
        await stage_balance_updated(conn, child_id=child.id)
    await enqueue.publish_events()
    business.PAYOUTS.inc()
    business.PAYOUT_AMOUNT.observe(amount_cents / 100)
    return entry


async def list_payouts(*, user: User, child_id: int | None, skip: int, limit: int) -> list[LedgerEntry]:
    """A parent's family payouts (or one managed child's), or a child's own; newest first."""
    payouts = await entries_visible_to(user, child_id, LedgerEntry.filter(kind=EntryKind.PAYOUT), noun="payouts")
    return await payouts.order_by("-created_at", "-id").offset(skip).limit(limit)
