"""Savings jars (issue #13, item 4): an optional split of a child's balance, as an allocation of his ledger.

A child without jars has no rows here and his money behaves as it always did: all of it in one
implicit spend jar. Once a parent has set his jars up (``JarSettings``), every ledger entry is
allocated to them in the transaction that appends it (``allocate_entry``, called by
``models.ledger.append_entry``, so every kind of entry is, with no change where it is appended),
and transfers move money between them. Each of these is written as signed ``JarMovement`` rows:

- a child's movements add up to his ledger balance: his balance is the total of his jars, and
  every balance figure of the API keeps its meaning;
- a jar's movements add up to its ``balance_cents``, a cache kept in step under the child's row
  lock, like ``User.balance_cents``. Writers read it with a locking read (``locked_jars``), which
  sees the latest committed figure even when their transaction's snapshot is older.

The arithmetic (splitting a credit, drawing a debit, undoing an entry) is in models/jar_split.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F
from tortoise.models import Model

from models.jar_split import PERCENT, JarState, draw_debit, spend_jar, split_credit, undo_allocation
from models.money import format_dollars
from models.sql_reads import fetch, select_list, table
from models.sql_writes import locking
from models.timeutil import utcnow
from models.tortoise_adapter import from_row
from models.users import User

if TYPE_CHECKING:
    from models.ledger import LedgerEntry

MAX_JARS = 5
NAME_MAX_LENGTH = 30
GOAL_TITLE_MAX_LENGTH = 100
# The one jar of a child whose jars are not set up.
IMPLICIT_JAR_NAME = "spend"


class MovementKind(StrEnum):
    OPENING = "opening"  # the balance the child had when his jars were set up, put in his spend jar
    ENTRY = "entry"  # a ledger entry allocated to the jars
    TRANSFER = "transfer"  # one side of a transfer between two jars


class JarSettings(Model):
    """A child whose jars are set up, and whether he may move money between them himself."""

    id = fields.IntField(primary_key=True)
    child: fields.OneToOneRelation[User] = fields.OneToOneField(
        "models.User", related_name="jar_settings", on_delete=fields.CASCADE
    )
    child_can_transfer = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    child_id: int

    class Meta:
        table = "jar_settings"


class Jar(Model):
    """One savings jar of a child: its share of each credit and an optional goal. A removed jar is kept,
    empty, for the history of its movements; names are unique per child, case aside (checked in code,
    under the child row lock, since the two databases compare case differently)."""

    id = fields.IntField(primary_key=True)
    child: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="jars", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=NAME_MAX_LENGTH)
    percent = fields.SmallIntField()
    # Debits draw from this jar first; exactly one jar of a child is the spend jar.
    is_spend = fields.BooleanField(default=False)
    # The place in the list the parents gave: the order of the views and of the draws after the spend jar.
    position = fields.SmallIntField()
    goal_title = fields.CharField(max_length=GOAL_TITLE_MAX_LENGTH, null=True)
    goal_target_cents = fields.BigIntField(null=True)
    # Cache of the SUM of the movements of this jar, kept in step under the child row lock.
    balance_cents = fields.BigIntField(default=0)
    removed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    child_id: int

    class Meta:
        table = "jars"

    @property
    def state(self) -> JarState:
        return JarState(self.id, self.percent, self.balance_cents, self.is_spend)

    @property
    def goal_progress_percent(self) -> int | None:
        """How far the jar is towards its goal, in whole percent (0 to 100; 100 only once reached)."""
        if self.goal_target_cents is None:
            return None
        return min(PERCENT, max(self.balance_cents, 0) * PERCENT // self.goal_target_cents)

    @property
    def goal_remaining_cents(self) -> int | None:
        if self.goal_target_cents is None:
            return None
        return max(self.goal_target_cents - self.balance_cents, 0)


class JarTransfer(Model):
    """Money moved from one jar of a child to another, by a parent or by the child himself."""

    id = fields.IntField(primary_key=True)
    child: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="jar_transfers", on_delete=fields.CASCADE
    )
    actor: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="jar_transfers_made", null=True, on_delete=fields.SET_NULL
    )
    from_jar: fields.ForeignKeyRelation[Jar] = fields.ForeignKeyField(
        "models.Jar", related_name="transfers_out", on_delete=fields.CASCADE
    )
    to_jar: fields.ForeignKeyRelation[Jar] = fields.ForeignKeyField(
        "models.Jar", related_name="transfers_in", on_delete=fields.CASCADE
    )
    amount_cents = fields.BigIntField()
    note = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    child_id: int
    actor_id: int | None
    from_jar_id: int
    to_jar_id: int

    class Meta:
        table = "jar_transfers"
        indexes = (("child_id", "created_at"),)


class JarMovement(Model):
    """Signed cents into (or out of) one jar: part of a ledger entry, one side of a transfer, or the opening."""

    id = fields.BigIntField(primary_key=True)
    child: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="jar_movements", on_delete=fields.CASCADE
    )
    jar: fields.ForeignKeyRelation[Jar] = fields.ForeignKeyField(
        "models.Jar", related_name="movements", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(MovementKind, max_length=10)
    amount_cents = fields.BigIntField()
    entry: fields.ForeignKeyNullableRelation[LedgerEntry] = fields.ForeignKeyField(
        "models.LedgerEntry", related_name="jar_movements", null=True, on_delete=fields.CASCADE
    )
    transfer: fields.ForeignKeyNullableRelation[JarTransfer] = fields.ForeignKeyField(
        "models.JarTransfer", related_name="movements", null=True, on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    child_id: int
    jar_id: int
    entry_id: int | None
    transfer_id: int | None

    class Meta:
        table = "jar_movements"
        indexes = (("child_id", "jar_id"),)


def name_key(name: str) -> str:
    """What makes two jar names the same name."""
    return name.strip().casefold()


@dataclass(frozen=True)
class JarSpec:
    """One jar as a parent sets it up (the list's order is the jars' order)."""

    name: str
    percent: int
    is_spend: bool = False
    goal_title: str | None = None
    goal_target_cents: int | None = None


def plan_problem(specs: Sequence[JarSpec]) -> str | None:
    """What is wrong with a list of jars, or None: 1 to 5 jars, distinct names, whole percentages adding
    up to 100, exactly one spend jar."""
    if not 1 <= len(specs) <= MAX_JARS:
        return f"A child has 1 to {MAX_JARS} jars, not {len(specs)}"
    keys = [name_key(spec.name) for spec in specs]
    if len(set(keys)) != len(keys):
        repeated = sorted({spec.name for spec, key in zip(specs, keys, strict=True) if keys.count(key) > 1})
        return f"Jar names must differ (case aside): {', '.join(repeated)} appears more than once"
    total = sum(spec.percent for spec in specs)
    if total != PERCENT:
        return f"Jar percentages must add up to {PERCENT}, they add up to {total}"
    spending = [spec.name for spec in specs if spec.is_spend]
    if len(spending) != 1:
        return f"Exactly one jar must be the spend jar (is_spend: true), not {len(spending)}"
    return None


class JarNotEmpty(ValueError):
    """A jar that still holds money cannot be removed."""

    def __init__(self, jar: Jar):
        super().__init__(
            f"The {jar.name} jar still holds {format_dollars(jar.balance_cents)}: "
            "move it to another jar before removing this one"
        )


def implicit_jar(balance_cents: int) -> Jar:
    """The one jar of a child whose jars are not set up (not stored): all his balance, 100 % of each credit."""
    return Jar(name=IMPLICIT_JAR_NAME, percent=PERCENT, is_spend=True, position=0, balance_cents=balance_cents)


async def jar_settings_of(child_id: int, *, using_db: BaseDBAsyncClient | None = None) -> JarSettings | None:
    """The child's jar settings; None while his jars are not set up."""
    return await JarSettings.filter(child_id=child_id).using_db(using_db).first()


async def jars_of(child_id: int, *, using_db: BaseDBAsyncClient | None = None) -> list[Jar]:
    """The child's jars in their order (none when they are not set up)."""
    return await Jar.filter(child_id=child_id, removed_at__isnull=True).using_db(using_db).order_by("position", "id")


async def locked_jars(child_id: int, *, using_db: BaseDBAsyncClient) -> list[Jar]:
    """``jars_of`` with a locking read, held until the transaction ends. Call it once the child row is
    locked (every jar writer holds that lock first); the balances read are then the latest.

    Plain SQL (models/sql_writes.py): every ledger entry runs it, mostly to find no jars."""
    rows = await fetch(locking(using_db, _locked_jars_sql()), child_id, using_db=using_db)
    return [from_row(Jar, row) for row in rows]


@cache
def _locked_jars_sql() -> str:
    return (
        f"SELECT {select_list(Jar)} FROM {table(Jar)} WHERE `child_id` = %s AND `removed_at` IS NULL "
        "ORDER BY `position`, `id`"
    )


async def allocate_entry(entry: LedgerEntry, *, using_db: BaseDBAsyncClient) -> None:
    """Spread a ledger entry just appended over the child's jars (nothing when he has none): a credit by
    percentage, a debit from the spend jar first, a reversal as the opposite of what it undoes (models/jar_split.py).
    The caller holds the child row lock (``append_entry`` updates that row first)."""
    if entry.amount_cents == 0:
        return
    jars = await locked_jars(entry.child_id, using_db=using_db)
    if not jars:
        return
    states = [jar.state for jar in jars]
    if entry.reverses_id is not None:
        undone = await JarMovement.filter(entry_id=entry.reverses_id).using_db(using_db).values_list(
            "jar_id", "amount_cents"
        )
        moves = undo_allocation(dict(undone) or {spend_jar(states).id: -entry.amount_cents}, states)
    elif entry.amount_cents > 0:
        moves = split_credit(entry.amount_cents, states)
    else:
        moves = draw_debit(-entry.amount_cents, states)
    await _write_movements(entry.child_id, moves, MovementKind.ENTRY, using_db, entry_id=entry.id)


async def record_transfer(
    *, source: Jar, target: Jar, amount_cents: int, actor_id: int, note: str, using_db: BaseDBAsyncClient
) -> JarTransfer:
    """Move ``amount_cents`` from one jar of a child to another (the caller holds the child row lock and
    has checked the source holds it); the two jars' balances are updated in memory too."""
    transfer = await JarTransfer.create(
        child_id=source.child_id, actor_id=actor_id, from_jar_id=source.id, to_jar_id=target.id,
        amount_cents=amount_cents, note=note, using_db=using_db,
    )
    moves = {source.id: -amount_cents, target.id: amount_cents}
    await _write_movements(source.child_id, moves, MovementKind.TRANSFER, using_db, transfer_id=transfer.id)
    source.balance_cents -= amount_cents
    target.balance_cents += amount_cents
    return transfer


async def set_up_jars(
    child_id: int,
    specs: Sequence[JarSpec],
    *,
    child_can_transfer: bool,
    balance_cents: int,
    using_db: BaseDBAsyncClient,
) -> None:
    """Give the child these jars (``plan_problem`` found nothing wrong; the caller holds his row lock).

    A jar keeps its money when its name stays (case aside); a new name is a new, empty jar; a jar left
    out is removed, and must be empty (``JarNotEmpty``). New percentages apply to later credits only.
    The first time, the child's ledger balance (``balance_cents``) goes into the spend jar.
    """
    existing = await Jar.select_for_update().using_db(using_db).filter(child_id=child_id)
    by_key = {name_key(jar.name): jar for jar in existing}
    wanted = {name_key(spec.name) for spec in specs}
    dropped = [jar for key, jar in by_key.items() if key not in wanted and jar.removed_at is None]
    for jar in dropped:
        if jar.balance_cents:
            raise JarNotEmpty(jar)
    now = utcnow()
    for jar in dropped:
        jar.update_from_dict({"removed_at": now, "percent": 0, "is_spend": False})
        await jar.save(using_db=using_db)
    jars = []
    for position, spec in enumerate(specs):
        jar = by_key.get(name_key(spec.name)) or Jar(child_id=child_id, balance_cents=0)
        jar.update_from_dict({
            "name": spec.name, "percent": spec.percent, "is_spend": spec.is_spend, "position": position,
            "goal_title": spec.goal_title, "goal_target_cents": spec.goal_target_cents, "removed_at": None,
        })
        await jar.save(using_db=using_db)
        jars.append(jar)
    settings = await JarSettings.select_for_update().using_db(using_db).get_or_none(child_id=child_id)
    if settings is None:
        await JarSettings.create(child_id=child_id, child_can_transfer=child_can_transfer, using_db=using_db)
        spend = spend_jar([jar.state for jar in jars])
        await _write_movements(child_id, {spend.id: balance_cents} if balance_cents else {}, MovementKind.OPENING,
                               using_db)
    elif settings.child_can_transfer != child_can_transfer:
        settings.child_can_transfer = child_can_transfer
        await settings.save(using_db=using_db, update_fields=["child_can_transfer", "updated_at"])


async def _write_movements(
    child_id: int,
    moves: Mapping[int, int],
    kind: MovementKind,
    using_db: BaseDBAsyncClient,
    *,
    entry_id: int | None = None,
    transfer_id: int | None = None,
) -> None:
    if not moves:
        return
    await JarMovement.bulk_create(
        [JarMovement(child_id=child_id, jar_id=jar_id, kind=kind, amount_cents=cents, entry_id=entry_id,
                     transfer_id=transfer_id) for jar_id, cents in moves.items()],
        using_db=using_db,
    )
    for jar_id, cents in moves.items():
        await Jar.filter(id=jar_id).using_db(using_db).update(balance_cents=F("balance_cents") + cents)
