"""The append-only money ledger: rewards, manual adjustments and payouts (decision D1).

Each entry's ``amount_cents`` is its signed effect on the child's balance, so a balance is one
SUM. Entries are never updated or deleted.
"""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.functions import Coalesce, Sum
from tortoise.models import Model


class EntryKind(StrEnum):
    REWARD = "reward"
    ADJUSTMENT = "adjustment"
    PAYOUT = "payout"


class LedgerEntry(Model):
    id = fields.IntField(primary_key=True)
    child = fields.ForeignKeyField("models.User", related_name="ledger_entries", on_delete=fields.CASCADE)
    actor = fields.ForeignKeyField(
        "models.User", related_name="ledger_entries_made", null=True, on_delete=fields.SET_NULL
    )
    kind = fields.CharEnumField(EntryKind, max_length=20)
    amount_cents = fields.BigIntField()
    reason = fields.TextField(default="")
    chore = fields.ForeignKeyField("models.Chore", related_name="ledger_entries", null=True, on_delete=fields.SET_NULL)
    assignment = fields.ForeignKeyField(
        "models.ChoreAssignment", related_name="ledger_entries", null=True, on_delete=fields.SET_NULL
    )
    # The approved cycle a reward pays for: one reward per (assignment, cycle), enforced below.
    cycle = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    child_id: int
    actor_id: int | None
    chore_id: int | None
    assignment_id: int | None

    class Meta:
        table = "ledger_entries"
        unique_together = (("assignment_id", "cycle"),)
        indexes = (("child_id", "kind", "created_at"), ("actor_id", "kind", "created_at"))


async def ledger_balance_cents(child_id: int, *, kinds: tuple[EntryKind, ...] | None = None, using_db=None) -> int:
    """SUM of the child's entries (optionally of some kinds only), straight from the ledger."""
    query = LedgerEntry.filter(child_id=child_id)
    if kinds is not None:
        query = query.filter(kind__in=list(kinds))
    if using_db is not None:
        query = query.using_db(using_db)
    row = await query.annotate(total=Coalesce(Sum("amount_cents"), 0)).first().values("total")
    return int(row["total"] or 0) if row else 0
