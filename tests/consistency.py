"""The invariants every fault test checks once the system has recovered, and the store's tests after each test."""

from __future__ import annotations

from collections import defaultdict

from arq.constants import default_queue_name
from redis.asyncio import Redis

from models import ChoreAssignment, EntryKind, Jar, JarMovement, JarSettings, JarTransfer, LedgerEntry, User
from models.allowances import AllowancePayment
from models.jars import MovementKind
from models.ledger import ledger_balance_cents
from models.redemptions import Redemption, RedemptionStatus, held_cents
from models.rewards import Reward
from models.schedules import ChoreOccurrence, OccurrenceState, RotationTurn
from models.timeutil import as_utc, utcnow
from workers.enqueue import cooldown_job_id


async def assert_consistent(redis_url: str) -> None:
    """The ledger and the holds are consistent (:func:`assert_ledger_consistent`); every turn of a rotation is a
    child's of the chore's family; every approved cooldown is scheduled or over and done; every occurrence done
    was paid once, as its cycle."""
    await assert_ledger_consistent()
    for turn in await RotationTurn.all().prefetch_related("chore", "child"):
        assert not turn.child.is_parent, f"rotation turn {turn.id} is held by a parent"
        assert turn.child.family_id == turn.chore.family_id, f"rotation turn {turn.id} is held outside the family"
    for occurrence in await ChoreOccurrence.filter(state=OccurrenceState.DONE):
        rewards = await LedgerEntry.filter(kind=EntryKind.REWARD, chore_id=occurrence.chore_id,
                                           child_id=occurrence.assignee_id, cycle=occurrence.cycle).count()
        assert rewards == 1, f"occurrence {occurrence.id}: {rewards} rewards for its cycle {occurrence.cycle}"
    now = utcnow()
    async with Redis.from_url(redis_url) as redis:
        for row in await ChoreAssignment.filter(is_approved=True, cooldown_ends_at__isnull=False):
            assert row.cooldown_ends_at is not None  # the filter above
            over = as_utc(row.cooldown_ends_at) <= now
            assert not over, f"assignment {row.id}: cooldown over but the row was left approved"
            scheduled = await redis.zscore(default_queue_name, cooldown_job_id(row))
            assert scheduled is not None, f"assignment {row.id}: no job ends its cooldown"


async def assert_ledger_consistent() -> None:
    """Every child's cached balance is his ledger sum and covers what his reward requests hold; every reversal
    undoes one entry exactly; no hold is left dangling; every approved request is one debit of its price; every
    allowance credit is one settled period and no stretch of time was settled twice."""
    for child in await User.filter(is_parent=False):
        balance = await ledger_balance_cents(child.id)
        assert child.balance_cents == balance, f"balance of {child.username} drifted"
        assert balance - await held_cents(child.id) >= 0, f"holds of {child.username} exceed his balance"
    for reversal in await LedgerEntry.filter(reverses_id__isnull=False).prefetch_related("reverses"):
        undone = reversal.reverses
        assert undone is not None  # the filter above
        assert (reversal.child_id, reversal.kind, reversal.amount_cents) == (
            undone.child_id, undone.kind, -undone.amount_cents), f"reversal {reversal.id} does not undo {undone.id}"
        assert undone.reverses_id is None, f"reversal {reversal.id} reverses a reversal"
    await _assert_holds_consistent()
    await _assert_allowance_settled_once()
    await assert_jars_consistent()


async def _assert_holds_consistent() -> None:
    now = utcnow()
    for request in await Redemption.filter(status=RedemptionStatus.PENDING).prefetch_related("child"):
        assert as_utc(request.expires_at) > now, f"reward request {request.id}: hold over but never released"
        assert request.reward_id is not None, f"reward request {request.id}: its reward is gone, its hold stays"
        assert request.child.family_id == request.family_id, f"reward request {request.id}: its child left the family"
        assert request.entry_id is None, f"reward request {request.id}: pending with a debit"
    assert not await Reward.filter(stock__lt=0).exists(), "a reward has a negative stock"
    for request in await Redemption.exclude(status=RedemptionStatus.PENDING).prefetch_related("entry"):
        debit = request.entry
        if request.status is RedemptionStatus.APPROVED:
            assert debit is not None, f"reward request {request.id}: approved without a debit"
            assert (debit.child_id, debit.kind, debit.amount_cents) == (
                request.child_id, EntryKind.REDEMPTION, -request.price_cents), f"request {request.id}: wrong debit"
        else:
            assert debit is None, f"reward request {request.id}: {request.status} with a debit"


async def _assert_allowance_settled_once() -> None:
    payments = await AllowancePayment.all().order_by("child_id", "period_start").prefetch_related("entry")
    for payment in payments:
        entry = payment.entry
        if payment.amount_cents == 0:
            assert entry is None, f"allowance period {payment.id} paid nothing but has entry {entry}"
        else:
            assert entry is not None, f"allowance period {payment.id} paid {payment.amount_cents} with no entry"
            assert (entry.child_id, entry.kind, entry.amount_cents) == (
                payment.child_id, EntryKind.ALLOWANCE, payment.amount_cents), f"allowance period {payment.id}"
    for earlier, later in zip(payments, payments[1:], strict=False):
        if earlier.child_id == later.child_id:
            overlap = f"allowance periods {earlier.id} and {later.id} overlap"
            assert as_utc(later.period_start) >= as_utc(earlier.period_end), overlap
    settled_entries = {payment.entry_id for payment in payments}
    for entry_id in await LedgerEntry.filter(kind=EntryKind.ALLOWANCE, reverses_id__isnull=True).values_list(
        "id", flat=True
    ):
        assert entry_id in settled_entries, f"allowance entry {entry_id} belongs to no settled period"
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
