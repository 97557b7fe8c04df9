"""The append-only money ledger: rewards, manual adjustments, payouts, redemptions and allowance (decision D1).

Each entry's ``amount_cents`` is its signed effect on the child's balance, so a balance is one
SUM. Entries are never updated or deleted.

A reversal undoes one entry by appending another of the SAME kind with the opposite amount that
names it in ``reverses`` (unique: an entry is reversed at most once). Every sum by kind (earned,
adjustments, paid out) therefore nets the reversal out with no change to its readers; counts of
rewards leave out both the reversal and the entry it reverses (``COUNTED``).

A redemption is a debit like a payout (a reward of the family store handed over, models/redemptions.py):
every figure that shows what was paid out counts both (``PAID_OUT_KINDS``), so that the balance stays
earned + adjustments - paid out for clients that know no redemptions.
Allowance (scheduled, models/allowances.py) is money a parent gives outside chores: the figures of
contract §1.10–1.12 and the statistics count it in their adjustment sums (``GIVEN_KINDS``), so that
balance = earned + adjustments − paid out keeps holding for the existing clients, but never in their
counts of manual adjustments.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q, Subquery
from tortoise.functions import Coalesce, Count, Sum
from tortoise.models import Model
from tortoise.queryset import QuerySet, ValuesQuery

from models.jars import allocate_entry
from models.sql_reads import fetch
from models.sql_writes import execute, insert_rows
from models.timeutil import utcnow
from models.users import User

if TYPE_CHECKING:
    from models.assignments import ChoreAssignment
    from models.chores import Chore


class EntryKind(StrEnum):
    REWARD = "reward"
    ADJUSTMENT = "adjustment"
    PAYOUT = "payout"
    REDEMPTION = "redemption"
    ALLOWANCE = "allowance"


# The debits that make up "paid out" wherever it is shown.
PAID_OUT_KINDS = (EntryKind.PAYOUT, EntryKind.REDEMPTION)
# Money given outside chores: what the existing clients' adjustment sums show.
GIVEN_KINDS = (EntryKind.ADJUSTMENT, EntryKind.ALLOWANCE)


class LedgerEntry(Model):
    id = fields.IntField(primary_key=True)
    child: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="ledger_entries", on_delete=fields.CASCADE
    )
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="ledger_entries_made", null=True, on_delete=fields.SET_NULL
    )
    kind = fields.CharEnumField(EntryKind, max_length=20)
    amount_cents = fields.BigIntField()
    reason = fields.TextField(default="")
    chore: fields.ForeignKeyNullableRelation[Chore] = fields.ForeignKeyField(
        "models.Chore", related_name="ledger_entries", null=True, on_delete=fields.SET_NULL
    )
    assignment: fields.ForeignKeyNullableRelation[ChoreAssignment] = fields.ForeignKeyField(
        "models.ChoreAssignment", related_name="ledger_entries", null=True, on_delete=fields.SET_NULL
    )
    # The approved cycle a reward pays for: one reward per (assignment, cycle), enforced below.
    cycle = fields.IntField(null=True)
    # The entry this one undoes; a one-to-one link, so an entry is reversed at most once.
    reverses: fields.OneToOneNullableRelation[LedgerEntry] = fields.OneToOneField(
        "models.LedgerEntry", related_name="reversed_by", null=True, on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    child_id: int
    actor_id: int | None
    chore_id: int | None
    assignment_id: int | None
    reverses_id: int | None

    class Meta:
        table = "ledger_entries"
        unique_together = (("assignment_id", "cycle"),)
        indexes = (("child_id", "kind", "created_at"), ("actor_id", "kind", "created_at"))


async def ledger_balance_cents(child_id: int, *, using_db=None) -> int:
    """SUM of the child's entries, straight from the ledger."""
    query = LedgerEntry.filter(child_id=child_id)
    if using_db is not None:
        query = query.using_db(using_db)
    row = await query.annotate(total=Coalesce(Sum("amount_cents"), 0)).first().values("total")
    return int(row["total"] or 0) if row else 0


_MOVE_BALANCE = "UPDATE `users` SET `balance_cents` = `balance_cents` + %s WHERE `id` = %s"


async def append_entry(
    *,
    child_id: int,
    kind: EntryKind,
    amount_cents: int,
    actor_id: int | None,
    reason: str = "",
    chore_id: int | None = None,
    assignment_id: int | None = None,
    cycle: int | None = None,
    reverses_id: int | None = None,
    using_db: BaseDBAsyncClient,
) -> LedgerEntry:
    """Append one entry and move the child's cached balance by the same amount, in the caller's transaction;
    allocate it to the child's savings jars if he has any (models/jars.py), whatever its kind.

    The balance is updated first: that takes the child's row lock before the entry's foreign-key
    check takes a shared one, so concurrent appends for one child queue up instead of deadlocking.
    """
    await execute(using_db, _MOVE_BALANCE, amount_cents, child_id)
    [entry] = await insert_rows(using_db, LedgerEntry, [{
        "child_id": child_id,
        "actor_id": actor_id,
        "kind": kind,
        "amount_cents": amount_cents,
        "reason": reason,
        "chore_id": chore_id,
        "assignment_id": assignment_id,
        "cycle": cycle,
        "reverses_id": reverses_id,
        "created_at": utcnow(),
    }])
    await allocate_entry(entry, using_db=using_db)
    return entry


async def locked_balance_cents(child_id: int, *, using_db: BaseDBAsyncClient) -> int:
    """Lock the child's row until the transaction ends and return his balance from the ledger.

    Call it first in the transaction. Every append updates that row first, so no entry can land
    between this check and the caller's own append.
    """
    await User.select_for_update().using_db(using_db).filter(id=child_id).first()
    return await ledger_balance_cents(child_id, using_db=using_db)


def counted_rewards() -> Q:
    """Rewards that count as approved chores: neither a reversal nor an entry that was reversed."""
    reversed_ids = Subquery(LedgerEntry.filter(reverses_id__isnull=False).values("reverses_id"))
    return Q(Q(kind=EntryKind.REWARD, reverses_id__isnull=True), ~Q(id__in=reversed_ids))


@dataclass(frozen=True)
class LedgerTotals:
    """A child's ledger summed by kind; ``paid_out_cents`` (``PAID_OUT_KINDS``) is positive; ``rewards_count``
    counts the approved chores whose reward was not reversed (``counted_rewards``). ``adjustments_cents`` sums
    ``GIVEN_KINDS`` (``allowance_cents`` of it is allowance); ``adjustments_count`` counts manual ones."""

    earned_cents: int = 0
    adjustments_cents: int = 0
    paid_out_cents: int = 0
    rewards_count: int = 0
    adjustments_count: int = 0
    allowance_cents: int = 0

    @property
    def manual_adjustments_cents(self) -> int:
        return self.adjustments_cents - self.allowance_cents

    @property
    def balance_cents(self) -> int:
        return self.earned_cents + self.adjustments_cents - self.paid_out_cents


def _sums_by_kind(query: QuerySet[LedgerEntry]) -> ValuesQuery:
    return (
        query.annotate(
            total=Sum("amount_cents"), entries=Count("id"), counted=Count("id", _filter=counted_rewards())
        )
        .group_by("child_id", "kind")
        .values("child_id", "kind", "total", "entries", "counted")
    )


# ``_sums_by_kind`` of one child, as plain SQL (models/sql_reads.py).
_SUMS_OF_ONE_CHILD = (
    "SELECT `child_id`, `kind`, SUM(`amount_cents`) AS `total`, COUNT(`id`) AS `entries`, "
    "COUNT(CASE WHEN `kind` = 'reward' AND `reverses_id` IS NULL AND NOT EXISTS "
    "(SELECT 1 FROM `ledger_entries` AS `reversal` WHERE `reversal`.`reverses_id` = `ledger_entries`.`id`) "
    "THEN `id` END) AS `counted` "
    "FROM `ledger_entries` WHERE `child_id` = %s GROUP BY `child_id`, `kind`"
)


async def ledger_totals(child_ids: list[int]) -> dict[int, LedgerTotals]:
    """Totals per child in one grouped query; children without entries get zeros."""
    return _totals_from_sums(child_ids, await _sums_by_kind(LedgerEntry.filter(child_id__in=child_ids)))


async def child_ledger_totals(child_id: int) -> LedgerTotals:
    """``ledger_totals([child_id])`` in plain SQL (a child reads his balance often)."""
    return _totals_from_sums([child_id], await fetch(_SUMS_OF_ONE_CHILD, child_id))[child_id]


def _totals_from_sums(child_ids: list[int], rows: list[dict]) -> dict[int, LedgerTotals]:
    found: dict[int, dict[EntryKind, tuple[int, int, int]]] = {child_id: {} for child_id in child_ids}
    for row in rows:
        found[row["child_id"]][EntryKind(row["kind"])] = (
            int(row["total"] or 0), int(row["entries"]), int(row["counted"] or 0)
        )
    nothing = (0, 0, 0)
    return {
        child_id: LedgerTotals(
            earned_cents=kinds.get(EntryKind.REWARD, nothing)[0],
            adjustments_cents=sum(kinds.get(kind, nothing)[0] for kind in GIVEN_KINDS),
            paid_out_cents=-sum(kinds.get(kind, nothing)[0] for kind in PAID_OUT_KINDS),
            rewards_count=kinds.get(EntryKind.REWARD, nothing)[2],
            adjustments_count=kinds.get(EntryKind.ADJUSTMENT, nothing)[1],
            allowance_cents=kinds.get(EntryKind.ALLOWANCE, nothing)[0],
        )
        for child_id, kinds in found.items()
    }
