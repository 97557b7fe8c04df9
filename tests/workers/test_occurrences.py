"""Occurrences of scheduled chores move at their exact instants through a real arq worker, and the
sweep catches up after an outage without doing anything twice (issue #12, item 7)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from arq.constants import default_queue_name

from api.schedules.schemas import ScheduleIn
from api.schedules.service import put_schedule
from models import AssignmentMode, ChoreAssignment, Event, EventType
from models.schedules import ChoreOccurrence, OccurrenceState, PenaltyStatus
from models.timeutil import as_utc, utcnow
from tests.factories import make_priced_chore
from tests.workers.support import running_worker
from workers.enqueue import occurrences_job_id
from workers.sweep import reset_sweep

BERLIN = ZoneInfo("Europe/Berlin")


async def scheduled_chore(families, children, **schedule):
    families.family_a.timezone = "Europe/Berlin"
    await families.family_a.save()
    mode = AssignmentMode.SINGLE if len(children) == 1 else AssignmentMode.MULTI_INDEPENDENT
    chore = await make_priced_chore(families.mum, reward_cents=100, assignment_mode=mode)
    for child in children:
        await ChoreAssignment.create(chore=chore, assignee=child)
    await put_schedule(user=families.mum, chore_id=chore.id, data=ScheduleIn(**schedule))
    return chore


async def test_an_occurrence_opens_falls_overdue_and_is_missed_at_its_instants_through_the_worker(
    families, settings, queue, publisher, listener, redis
):
    due = (utcnow() + timedelta(seconds=3)).astimezone(BERLIN)
    chore = await scheduled_chore(
        families, [families.x], rrule="FREQ=DAILY", starts_on=due.date(), due_time=due.time().replace(microsecond=0),
        window_minutes=60, deadline_action="miss", missed_penalty="0.25",
    )
    occurrence, following = await ChoreOccurrence.filter(chore_id=chore.id).order_by("due_at")
    assert await redis.zscore(default_queue_name, occurrences_job_id(occurrence.opens_at)) is not None

    async with running_worker(settings, publisher):
        async with asyncio.timeout(15):
            while (await ChoreOccurrence.get(id=occurrence.id)).state is not OccurrenceState.MISSED:
                await asyncio.sleep(0.1)
        pushes = await listener.wait_for(3)

    missed = await ChoreOccurrence.get(id=occurrence.id)
    assert as_utc(missed.missed_at) >= as_utc(missed.deadline_at)
    assert (missed.penalty_status, missed.penalty_cents) == (PenaltyStatus.PROPOSED, 25)
    assert [name for name, _, _ in pushes] == ["chore_due", "chore_overdue", "chore_missed"]
    assert {room for _, rooms, _ in pushes for room in rooms} == {
        f"user:{families.x.id}", f"user:{families.mum.id}", f"user:{families.dad.id}"}
    assert pushes[2][2]["data"]["penalty"] == 0.25
    assert (await ChoreOccurrence.get(id=following.id)).state is OccurrenceState.UPCOMING
    assert as_utc(following.due_at) - as_utc(missed.due_at) == timedelta(days=1)
    assert await redis.zscore(default_queue_name, occurrences_job_id(following.opens_at)) is not None


async def test_after_an_outage_the_sweep_catches_up_each_occurrence_once(families, settings, job_ctx):
    with time_machine.travel(datetime(2026, 3, 27, 12, 0, tzinfo=UTC), tick=False) as clock:
        chore = await scheduled_chore(
            families, [families.x, families.y], rrule="FREQ=DAILY", starts_on="2026-03-01", due_time="07:00",
            grace_minutes=60, deadline_action="miss",
        )
        clock.move_to(datetime(2026, 3, 30, 12, 0, tzinfo=UTC))  # nothing ran for three days

        first = await reset_sweep(job_ctx)
        again = await reset_sweep(job_ctx)

    assert first["occurrences"] > 0 and again["occurrences"] == 0
    rows = await ChoreOccurrence.filter(chore_id=chore.id).order_by("due_at", "assignee_id")
    assert [(as_utc(row.due_at).strftime("%d %H:%M"), row.state.value) for row in rows] == [
        ("28 06:00", "missed"), ("28 06:00", "missed"),  # 07:00 CET
        ("29 05:00", "missed"), ("29 05:00", "missed"),  # 07:00 CEST
        ("30 05:00", "missed"), ("30 05:00", "missed"),
        ("31 05:00", "upcoming"), ("31 05:00", "upcoming"),
    ]
    for kind in (EventType.CHORE_DUE, EventType.CHORE_OVERDUE, EventType.CHORE_MISSED):
        assert await Event.filter(type=kind).count() == 6
    assert await Event.filter(published_at=None).count() == 0
