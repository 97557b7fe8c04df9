"""Parents deciding one penalty at once, and a child completing while the occurrence job runs (MariaDB
only, where row locks are real)."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest

from models import EntryKind, LedgerEntry, User
from models.ledger import ledger_balance_cents
from models.schedules import ChoreOccurrence, OccurrenceState
from tests.api.test_schedules import FIRST_DUE, clock, home, occurrences, scheduled_chore  # noqa: F401
from tests.factories import auth_headers
from tests.schedules import advance_to

pytestmark = pytest.mark.mysql

TIMES = 10


async def test_parents_confirming_one_penalty_at_once_book_it_once(client, settings, clock, home):  # noqa: F811
    child = home.children[0]
    parent, co_parent = auth_headers(home.parent, settings), auth_headers(home.co_parent, settings)
    await scheduled_chore(client, settings, home)
    await client.post("/api/v1/adjustments/", json={"child_id": child.id, "amount": 3, "reason": "pocket"},
                      headers=parent)
    await advance_to(clock, FIRST_DUE + timedelta(hours=1))
    [missed] = await occurrences(client, settings, home.parent, state="missed")
    url = f"/api/v1/occurrences/{missed['id']}/penalty"

    responses = await asyncio.gather(*(
        client.post(url, json={"action": "confirm" if i % 3 else "waive"}, headers=parent if i % 2 else co_parent)
        for i in range(TIMES)
    ))

    statuses = Counter(response.status_code for response in responses)
    assert set(statuses) <= {200, 409}
    final = (await ChoreOccurrence.get(id=missed["id"])).penalty_status.value
    assert {r.json()["penalty_status"] for r in responses if r.status_code == 200} == {final}
    booked = await LedgerEntry.filter(kind=EntryKind.ADJUSTMENT, amount_cents__lt=0).count()
    assert booked == (1 if final == "booked" else 0)
    assert (await User.get(id=child.id)).balance_cents == await ledger_balance_cents(child.id)


async def test_completions_racing_the_opening_leave_one_completed_occurrence(client, settings, clock, home):  # noqa: F811
    chore = await scheduled_chore(client, settings, home)
    child = auth_headers(home.children[0], settings)
    clock.move_to(FIRST_DUE - timedelta(hours=1))

    await asyncio.gather(
        advance_to(clock, FIRST_DUE - timedelta(hours=1)),
        *(client.post(f"/api/v1/chores/{chore['id']}/complete", headers=child) for _ in range(3)),
    )
    await advance_to(clock, FIRST_DUE - timedelta(hours=1))
    await client.post(f"/api/v1/chores/{chore['id']}/complete", headers=child)  # if none won the race

    states = await ChoreOccurrence.filter(chore_id=chore["id"]).values_list("state", flat=True)
    assert sorted(str(state) for state in states) == ["completed", "upcoming"]
    assert await ChoreOccurrence.filter(state=OccurrenceState.COMPLETED).count() == 1
