"""The invariants every fault test checks once the system has recovered."""

from __future__ import annotations

from arq.constants import default_queue_name
from redis.asyncio import Redis

from models import ChoreAssignment, EntryKind, LedgerEntry, User
from models.ledger import ledger_balance_cents
from models.schedules import ChoreOccurrence, OccurrenceState
from models.timeutil import as_utc, utcnow
from workers.enqueue import cooldown_job_id


async def assert_consistent(redis_url: str) -> None:
    """Every child's cached balance is his ledger sum; every reversal undoes one entry exactly; every approved
    cooldown is scheduled or over and done; every occurrence done was paid once, as its cycle."""
    for child in await User.filter(is_parent=False):
        assert child.balance_cents == await ledger_balance_cents(child.id), f"balance of {child.username} drifted"
    for reversal in await LedgerEntry.filter(reverses_id__isnull=False).prefetch_related("reverses"):
        undone = reversal.reverses
        assert undone is not None  # the filter above
        assert (reversal.child_id, reversal.kind, reversal.amount_cents) == (
            undone.child_id, undone.kind, -undone.amount_cents), f"reversal {reversal.id} does not undo {undone.id}"
        assert undone.reverses_id is None, f"reversal {reversal.id} reverses a reversal"
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
