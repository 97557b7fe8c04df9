"""Helpers of the schedule tests: a family in a zone with a scheduled chore, and the clock moved on."""

from __future__ import annotations

from datetime import datetime

import time_machine
from tortoise.transactions import in_transaction

from models.occurrences import TRANSITIONS, extend, run_transition
from models.schedules import ChoreSchedule


async def advance_to(clock: time_machine.Traveller, when: datetime) -> None:
    """Move the clock to ``when`` and do what the occurrence jobs do by then (without a queue): create
    the next occurrences of the schedules due for them, then run every transition due."""
    clock.move_to(when)
    for chore_id in await ChoreSchedule.filter(extend_at__lte=when).values_list("chore_id", flat=True):
        async with in_transaction() as conn:
            await extend(int(chore_id), when, using_db=conn)  # type: ignore[call-overload]
    for step in TRANSITIONS:
        while (await run_transition(step, when, limit=1000)).found:
            pass
