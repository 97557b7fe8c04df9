"""The invariants every fault test checks once the system has recovered."""

from __future__ import annotations

from collections import defaultdict

from arq.constants import default_queue_name
from redis.asyncio import Redis

from models import ChoreAssignment, Jar, JarMovement, JarSettings, JarTransfer, LedgerEntry, User
from models.jars import MovementKind
from models.ledger import ledger_balance_cents
from models.timeutil import as_utc, utcnow
from workers.enqueue import cooldown_job_id


async def assert_consistent(redis_url: str) -> None:
    """Every child's cached balance is his ledger sum; every reversal undoes one entry exactly; his jars hold
    his ledger (``assert_jars_consistent``); every approved cooldown is scheduled or over and done."""
    await assert_jars_consistent()
    for child in await User.filter(is_parent=False):
        assert child.balance_cents == await ledger_balance_cents(child.id), f"balance of {child.username} drifted"
    for reversal in await LedgerEntry.filter(reverses_id__isnull=False).prefetch_related("reverses"):
        undone = reversal.reverses
        assert undone is not None  # the filter above
        assert (reversal.child_id, reversal.kind, reversal.amount_cents) == (
            undone.child_id, undone.kind, -undone.amount_cents), f"reversal {reversal.id} does not undo {undone.id}"
        assert undone.reverses_id is None, f"reversal {reversal.id} reverses a reversal"
    now = utcnow()
    async with Redis.from_url(redis_url) as redis:
        for row in await ChoreAssignment.filter(is_approved=True, cooldown_ends_at__isnull=False):
            assert row.cooldown_ends_at is not None  # the filter above
            over = as_utc(row.cooldown_ends_at) <= now
            assert not over, f"assignment {row.id}: cooldown over but the row was left approved"
            scheduled = await redis.zscore(default_queue_name, cooldown_job_id(row))
            assert scheduled is not None, f"assignment {row.id}: no job ends its cooldown"


async def assert_jars_consistent() -> None:
    """Savings jars are an allocation of the ledger: each child's jar movements add up to his ledger balance,
    each entry's to its amount, each transfer's to zero; every jar's cached balance is the sum of its
    movements and never below zero; a removed jar is empty; a child without jars has no movements."""
    configured: set[int] = set(await JarSettings.all().values_list("child_id", flat=True))  # type: ignore[arg-type]
    by_child: dict[int, int] = defaultdict(int)
    by_jar: dict[int, int] = defaultdict(int)
    by_entry: dict[int, int] = defaultdict(int)
    by_transfer: dict[int, dict[int, int]] = defaultdict(dict)
    for move in await JarMovement.all():
        by_child[move.child_id] += move.amount_cents
        by_jar[move.jar_id] += move.amount_cents
        assert (move.kind is MovementKind.ENTRY) == (move.entry_id is not None), f"movement {move.id}: kind and entry"
        assert (move.kind is MovementKind.TRANSFER) == (move.transfer_id is not None), f"movement {move.id}: transfer"
        if move.entry_id is not None:
            by_entry[move.entry_id] += move.amount_cents
        if move.transfer_id is not None:
            by_transfer[move.transfer_id][move.jar_id] = move.amount_cents
    assert set(by_child) <= configured, f"children {set(by_child) - configured} have movements but no jars"
    for child_id in configured:
        assert by_child[child_id] == await ledger_balance_cents(child_id), f"jars of child {child_id} != his ledger"
    for jar in await Jar.all():
        assert jar.child_id in configured, f"jar {jar.id} of a child whose jars are not set up"
        assert jar.balance_cents == by_jar[jar.id], f"jar {jar.id} ({jar.name}) drifted from its movements"
        assert jar.balance_cents >= 0, f"jar {jar.id} ({jar.name}) is below zero: {jar.balance_cents}"
        assert jar.removed_at is None or jar.balance_cents == 0, f"removed jar {jar.id} still holds money"
    for entry in await LedgerEntry.filter(id__in=list(by_entry)):
        assert by_entry[entry.id] == entry.amount_cents, f"entry {entry.id} is allocated {by_entry[entry.id]}"
    for transfer in await JarTransfer.all():
        expected = {transfer.from_jar_id: -transfer.amount_cents, transfer.to_jar_id: transfer.amount_cents}
        assert by_transfer[transfer.id] == expected, f"transfer {transfer.id} moves {by_transfer[transfer.id]}"
