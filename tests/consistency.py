"""The invariants every fault test checks once the system has recovered, and the store's tests after each test."""

from __future__ import annotations

from arq.constants import default_queue_name
from redis.asyncio import Redis

from models import ChoreAssignment, EntryKind, LedgerEntry, User
from models.allowances import AllowancePayment
from models.ledger import ledger_balance_cents
from models.redemptions import Redemption, RedemptionStatus, held_cents
from models.rewards import Reward
from models.timeutil import as_utc, utcnow
from workers.enqueue import cooldown_job_id


async def assert_consistent(redis_url: str) -> None:
    """The ledger and the holds are consistent (:func:`assert_ledger_consistent`); every approved cooldown is
    scheduled or over and done."""
    await assert_ledger_consistent()
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
