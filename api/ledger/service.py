"""Use cases of the ledger: a child's entries, and reversing one of them (issue #13, item 5).

A reversal appends an entry of the same kind with the opposite amount that names the entry it
undoes (``LedgerEntry.reverses``); nothing is edited or deleted. Undoing an approval's reward does
not reopen the chore: the assignment stays approved, only the money goes back.
"""

from __future__ import annotations

from typing import TypeVar

from tortoise.expressions import Subquery
from tortoise.models import Model
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from api.adjustments.service import managed_child
from api.auth import require_parent
from api.errors import BadRequest, Conflict, Forbidden, NotFound
from api.holds import refuse_below_holds
from models import ActivityType, LedgerEntry, User
from models.activities import record_activity, shorten
from models.deadlocks import retry_on_deadlock
from models.events import stage_balance_updated, stage_entry_reversed
from models.ledger import append_entry, locked_balance_cents
from models.money import cents_to_number, format_dollars
from models.users import children_of
from workers import enqueue

NOT_FOUND = "Ledger entry not found"
M = TypeVar("M", bound=Model)


async def entries_visible_to(user: User, child_id: int | None, entries: QuerySet[M], *, noun: str) -> QuerySet[M]:
    """``entries`` (rows of a child: ledger entries, reward requests) narrowed to what the caller may see: a
    parent's family children (or the one managed child he names, 404 otherwise), or a child's own (another
    ``child_id`` is 403)."""
    if user.is_parent and child_id is not None:
        child = await managed_child(user, child_id, refusal=f"You can only view {noun} for your own children")
        return entries.filter(child_id=child.id)
    if user.is_parent:
        return entries.filter(child_id__in=Subquery(children_of(user).values("id")))
    if child_id not in (None, user.id):
        raise Forbidden(f"You can only view your own {noun}")
    return entries.filter(child_id=user.id)


async def list_entries(*, user: User, child_id: int | None, skip: int, limit: int) -> list[tuple[LedgerEntry, int | None]]:
    """A parent's family entries (or one managed child's), or a child's own; newest first, each with
    the id of the entry that reversed it."""
    entries = await entries_visible_to(user, child_id, LedgerEntry.all(), noun="ledger entries")
    page = await entries.order_by("-created_at", "-id").offset(skip).limit(limit)
    reversals = await LedgerEntry.filter(reverses_id__in=[entry.id for entry in page]).values_list(
        "reverses_id", "id"
    )
    reversed_by = dict(reversals)
    return [(entry, reversed_by.get(entry.id)) for entry in page]


@retry_on_deadlock
async def reverse_entry(*, user: User, entry_id: int, reason: str) -> LedgerEntry:
    """Undo one entry of a managed child by appending its opposite; never below a zero balance, nor below what his
    reward requests hold. Undoing a redemption refunds its price, as undoing a payout gives the money back."""
    require_parent(user, "Only parents can reverse ledger entries")
    entry = await LedgerEntry.get_or_none(id=entry_id).prefetch_related("child")
    if entry is None or not user.manages(entry.child):
        raise NotFound(NOT_FOUND)
    if entry.reverses_id is not None:
        raise Conflict("This entry is itself a reversal and cannot be reversed")
    child = entry.child
    async with in_transaction() as conn:
        balance = await locked_balance_cents(child.id, using_db=conn)
        if await LedgerEntry.filter(reverses_id=entry.id).using_db(conn).exists():
            raise Conflict("This entry has already been reversed")
        if balance - entry.amount_cents < 0:
            raise BadRequest(f"Reversal would result in negative balance. Current balance: {format_dollars(balance)}")
        await refuse_below_holds(child_id=child.id, balance_cents=balance, change_cents=-entry.amount_cents,
                                 action="Reversal", using_db=conn)
        reversal = await append_entry(
            child_id=child.id,
            kind=entry.kind,
            amount_cents=-entry.amount_cents,
            actor_id=user.id,
            reason=reason,
            chore_id=entry.chore_id,
            reverses_id=entry.id,
            using_db=conn,
        )
        await record_activity(
            actor=user,
            activity_type=ActivityType.ENTRY_REVERSED,
            description=f"Reversed {entry.kind} of {format_dollars(abs(entry.amount_cents))}: {shorten(reason)}",
            target_user_id=child.id,
            data={
                "entry_id": reversal.id,
                "reversed_entry_id": entry.id,
                "kind": str(entry.kind),
                "amount": cents_to_number(reversal.amount_cents),
                "reason": reason,
            },
            using_db=conn,
        )
        await stage_entry_reversed(conn, reversal=reversal, actor=user, family_id=child.family_id)
        await stage_balance_updated(conn, child_id=child.id)
    await enqueue.publish_events()
    return reversal
