"""Use cases of manual reward adjustments: ADJUSTMENT entries of the ledger (D1, D11)."""

from __future__ import annotations

from decimal import Decimal

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from api.auth import require_parent
from api.errors import BadRequest, Forbidden, NotFound
from api.holds import refuse_below_holds
from api.metrics import business
from models import ActivityType, EntryKind, LedgerEntry, User
from models.activities import record_activity, shorten
from models.deadlocks import retry_on_deadlock
from models.events import stage_balance_updated
from models.ledger import LedgerTotals, append_entry, child_ledger_totals, locked_balance_cents
from models.money import cents_to_number, format_dollars, to_cents
from models.users import children_of
from workers import enqueue


async def managed_child(user: User, child_id: int, *, refusal: str) -> User:
    """The child ``user`` manages (D11): 404 when no such user or another family's, 403 with
    ``refusal`` otherwise."""
    child = await User.get_or_none(id=child_id)
    if child is None or user.in_other_family_than(child):
        raise NotFound("Child user not found")
    if not user.manages(child):
        raise Forbidden(refusal)
    return child


@retry_on_deadlock
async def create_adjustment(*, user: User, child_id: int, amount: Decimal, reason: str) -> LedgerEntry:
    """J1: a bonus or deduction; a deduction may not take the child's whole balance below zero, nor below what his
    reward requests hold."""
    require_parent(user, "Only parents can create reward adjustments")
    child = await managed_child(user, child_id, refusal="You can only adjust rewards for your own children")
    amount_cents = to_cents(amount)
    async with in_transaction() as conn:
        if amount_cents < 0:
            balance = await locked_balance_cents(child.id, using_db=conn)
            if balance + amount_cents < 0:
                raise BadRequest(
                    f"Adjustment would result in negative balance. Current balance: {format_dollars(balance)}"
                )
            await refuse_below_holds(child_id=child.id, balance_cents=balance, change_cents=amount_cents,
                                     action="Adjustment", using_db=conn)
        entry = await append_entry(
            child_id=child.id,
            kind=EntryKind.ADJUSTMENT,
            amount_cents=amount_cents,
            actor_id=user.id,
            reason=reason,
            using_db=conn,
        )
        kind = business.adjustment_type_label(amount_cents)
        await record_activity(
            actor=user,
            activity_type=ActivityType.ADJUSTMENT_APPLIED,
            description=f"Applied {kind} of {format_dollars(abs(amount_cents))}: {shorten(reason)}",
            target_user_id=child.id,
            data={
                "adjustment_id": entry.id,
                "amount": cents_to_number(amount_cents),
                "reason": reason,
                "adjustment_type": kind,
            },
            using_db=conn,
        )
        await stage_balance_updated(conn, child_id=child.id)
    await enqueue.publish_events()
    business.REWARD_ADJUSTMENTS.labels(type=kind).inc()
    business.REWARD_ADJUSTMENT_AMOUNT.labels(type=kind).observe(abs(amount_cents) / 100)
    return entry


async def list_adjustments(*, user: User, child_id: int | None, skip: int, limit: int) -> list[LedgerEntry]:
    """J2: one managed child's adjustments, or the ones the caller made for children he manages."""
    require_parent(user, "Children cannot view reward adjustments")
    entries = LedgerEntry.filter(kind=EntryKind.ADJUSTMENT)
    if child_id is not None:
        child = await managed_child(user, child_id, refusal="You can only view adjustments for your own children")
        entries = entries.filter(child_id=child.id)
    else:
        entries = entries.filter(actor_id=user.id, child_id__in=Subquery(children_of(user).values("id")))
    return await entries.order_by("-created_at", "-id").offset(skip).limit(limit)


async def child_adjustments(*, user: User, child_id: int, skip: int, limit: int) -> list[LedgerEntry]:
    """J3: a managed child's manual adjustments, newest first."""
    require_parent(user, "Children cannot view reward adjustments")
    child = await managed_child(user, child_id, refusal="You can only view adjustments for your own children")
    return (
        await LedgerEntry.filter(kind=EntryKind.ADJUSTMENT, child_id=child.id)
        .order_by("-created_at", "-id")
        .offset(skip)
        .limit(limit)
    )


async def adjustment_total(*, user: User, child_id: int) -> LedgerTotals:
    """J4: the sum of a child's manual adjustments, for a parent who manages him or the child himself."""
    if user.is_parent:
        child = await managed_child(user, child_id, refusal="You can only view totals for your own children")
    elif child_id != user.id:
        raise Forbidden("You can only view your own adjustment total")
    else:
        child = user
    return await child_ledger_totals(child.id)
