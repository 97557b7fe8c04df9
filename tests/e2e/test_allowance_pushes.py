"""Allowance end to end: a plan set over HTTP, its payment made by a real arq worker, ``allowance_paid`` on the
sockets of the child and his parents, and nobody else's.

The plan is made owed at once by moving its start a week back, so the job scheduled for its oldest owed
instant (already past) runs as soon as the worker sees it.
"""

from __future__ import annotations

from datetime import timedelta

from models.allowances import AllowancePlan, plan_clock
from models.timeutil import utcnow
from tests.e2e.test_pushes import MARKER, send_marker
from tests.factories import auth_headers
from workers import enqueue


async def test_a_paid_allowance_reaches_the_child_and_the_parents_but_no_sibling_nor_another_family(
    families, connect, client, settings, worker, publisher
):
    mum, dad, x, y, z, other_parent = [
        await connect(user)
        for user in (families.mum, families.dad, families.x, families.y, families.z, families.other_parent)
    ]
    response = await client.put(
        f"/api/v1/allowances/{families.x.id}", headers=auth_headers(families.dad, settings),
        json={"amount": "2.50", "period": "weekly", "weekday": "saturday", "time": "10:00"},
    )
    assert response.status_code == 201, response.text
    await AllowancePlan.filter(child_id=families.x.id).update(schedule_since=utcnow() - timedelta(days=8))
    clock = await plan_clock(families.x.id)
    assert clock is not None and clock.next_payment < utcnow()

    assert await enqueue.schedule_allowance(families.x.id, clock.next_payment) is True

    for socket in (x, mum, dad):
        [paid] = await socket.wait_for_event("allowance_paid")
        [balance] = await socket.wait_for_event("balance_updated")
        assert paid["data"]["child_id"] == families.x.id
        assert (paid["data"]["amount"], paid["data"]["explanation"]) == (2.5, "Unconditional allowance")
        assert balance["data"] == {"child_id": families.x.id, "balance": 2.5}
    await send_marker(publisher, (y, families.y), (z, families.z), (other_parent, families.other_parent))
    assert "allowance_paid" not in {name for name, _ in y.events}
    for outsider in (z, other_parent):
        assert [data["data"] for _, data in outsider.events] == [MARKER]
