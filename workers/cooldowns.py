"""Cooldown ends: an approved recurring row goes back to OPEN; an approved pool claim is removed.

Both are idempotent: they re-read the row and act only while it is still the approved cycle the
job was scheduled for and its cooldown is over (the reopen under a row lock, the removal as one
conditional DELETE), so a second run, a stale job (the row was completed again, rejected or
deleted since) or the sweep racing the job changes nothing.
"""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from models import Chore, ChoreAssignment
from models.assignments import remove_expired_pool_claim
from models.events import stage_chore_available, stage_pool_chore_available
from models.timeutil import utcnow
from workers.enqueue import EXPIRE_COOLDOWN, RECYCLE_POOL_CLAIM
from workers.instrument import instrumented
from workers.publishing import publish_after_job


async def reopen_after_cooldown(ctx: dict[str, Any], assignment_id: int, cycle: int | None = None) -> bool:
    """Reopen a row whose cooldown has ended (of ``cycle`` when given) and tell its child; True if done."""
    seen = await ChoreAssignment.get_or_none(id=assignment_id)
    if seen is None or seen.is_pool_claim or not _due(seen, cycle):
        return False  # the usual case for a cooldown of 0: completed again already; no write lock needed
    async with in_transaction() as conn:
        row = await ChoreAssignment.select_for_update().using_db(conn).get_or_none(id=assignment_id)
        if row is None or row.is_pool_claim or not _due(row, cycle):
            return False
        row.reopen()
        await row.save(using_db=conn)
        chore = await Chore.get(id=row.chore_id, using_db=conn)
        event = await stage_chore_available(conn, chore=chore, child_ids=[row.assignee_id], assignment_id=row.id)
    await publish_after_job(ctx, [event])
    return True


async def recycle_pool_claim(ctx: dict[str, Any], assignment_id: int, cycle: int | None = None) -> bool:
    """Delete an approved pool claim whose cooldown has ended, so the chore is back in the pool; True if done."""
    claim = await ChoreAssignment.get_or_none(id=assignment_id)
    if claim is None or not claim.is_pool_claim or not _due(claim, cycle):
        return False
    async with in_transaction() as conn:
        if not await remove_expired_pool_claim(claim.chore_id, utcnow(), using_db=conn):
            return False
        chore = await Chore.get(id=claim.chore_id, using_db=conn)
        event = await stage_pool_chore_available(conn, chore=chore)
    await publish_after_job(ctx, [event])
    return True


def _due(row: ChoreAssignment, cycle: int | None) -> bool:
    return (cycle is None or row.cycle == cycle) and row.cooldown_over(utcnow())


@instrumented(EXPIRE_COOLDOWN)
async def expire_cooldown(ctx: dict[str, Any], assignment_id: int, cycle: int) -> bool:
    """Reopen an approved recurring assignment at the end of its cooldown."""
    return await reopen_after_cooldown(ctx, assignment_id, cycle)


@instrumented(RECYCLE_POOL_CLAIM)
async def recycle_expired_pool_claim(ctx: dict[str, Any], assignment_id: int, cycle: int) -> bool:
    """Give a recurring pool chore back to the pool at the end of its claim's cooldown."""
    return await recycle_pool_claim(ctx, assignment_id, cycle)
