"""Holds that end: a reward request nobody approved or declined in time is released (status ``expired``).

The job is deferred to the request's ``expires_at``; the sweep releases any whose job was lost. Both
run :func:`release_expired_hold`, which acts only on a request still pending and past its hold, under
its row lock, so a second run, a late job or a parent deciding at the same moment changes nothing twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from models import User
from models.redemptions import Redemption, RedemptionStatus, overdue_holds, release_hold
from models.timeutil import utcnow
from workers.enqueue import EXPIRE_HOLD
from workers.instrument import instrumented
from workers.publishing import publish_after_job


async def release_expired_hold(ctx: dict[str, Any], redemption_id: int) -> bool:
    """Release the hold of a request past its end that is still pending; True if done."""
    seen = await Redemption.get_or_none(id=redemption_id)
    if seen is None or not seen.hold_over(utcnow()):
        return False
    async with in_transaction() as conn:
        redemption = await Redemption.select_for_update().using_db(conn).get_or_none(id=redemption_id)
        if redemption is None or not redemption.hold_over(utcnow()):
            return False
        child = await User.get(id=redemption.child_id, using_db=conn)
        events = await release_hold(conn, redemption, RedemptionStatus.EXPIRED, actor=child)
    await publish_after_job(ctx, events)
    return True


async def release_overdue_holds(ctx: dict[str, Any], *, now: datetime, limit: int) -> int:
    """The sweep's step: release the holds past their end (their job lost, or the worker down then), the
    ``limit`` oldest."""
    overdue = await Redemption.filter(overdue_holds(now)).order_by("expires_at").limit(limit).values_list("id")
    return sum([await release_expired_hold(ctx, redemption_id) for (redemption_id,) in overdue])


@instrumented(EXPIRE_HOLD)
async def expire_hold(ctx: dict[str, Any], redemption_id: int) -> bool:
    """Release a reward request's hold at its end, unless a parent decided first."""
    return await release_expired_hold(ctx, redemption_id)
