"""Rotation of a scheduled single chore between children (issue #12 item 4)."""

from __future__ import annotations

from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from models.chores import Chore
from models.schedules import ChoreSchedule


async def turn_holder(
    chore: Chore, schedule: ChoreSchedule, original_at: datetime, *, using_db: BaseDBAsyncClient | None = None
) -> int | None:
    """The child whose turn the occurrence at ``original_at`` is, or None when every child is away.

    Decided once per turn period and stored as a ``RotationTurn`` (a parent may have set it already).
    """
    raise NotImplementedError("the rotation branch implements this")
