"""Pushes end to end: a request to the web app, the outbox, a real arq worker, the realtime server, a socket.

Each test drives the API over HTTP as the clients do and watches real Socket.IO clients. "Nobody
else was told" is checked after a marker event sent to everyone has arrived: the pushes are
delivered in order, so anything meant for a socket before the marker would have reached it.
"""

from __future__ import annotations

import asyncio

from tortoise.transactions import in_transaction

from models import ChoreAssignment, EventRecipient, EventType, User
from models.events import stage_event
from tests.factories import api_create_chore, auth_headers
from workers.publishing import publish_pending

DECISION_EVENTS = {"assignment_approved", "assignment_rejected", "balance_updated"}
MARKER = {"marker": True}


async def send_marker(publisher, *sockets_and_users) -> None:
    """Push one marker event to these users and wait until each of their sockets has it."""
    async with in_transaction() as conn:
        await stage_event(conn, type=EventType.ACTIVITY_CREATED, family_id=None,
                          recipients=[user.id for _, user in sockets_and_users], data=MARKER)
    await publish_pending(publisher)
    async with asyncio.timeout(5):
        for socket, _ in sockets_and_users:
            while not any(data["data"] == MARKER for _, data in socket.events):
                await asyncio.sleep(0.02)


async def complete(client, settings, child: User, chore_id: int) -> dict:
    response = await client.post(f"/api/v1/chores/{chore_id}/complete", headers=auth_headers(child, settings))
    assert response.status_code == 200, response.text
    return response.json()


async def assignment_id_of(chore_id: int, child: User) -> int:
    return (await ChoreAssignment.get(chore_id=chore_id, assignee_id=child.id)).id


async def approve(client, settings, parent: User, assignment_id: int) -> dict:
    response = await client.post(
        f"/api/v1/assignments/{assignment_id}/approve", json={}, headers=auth_headers(parent, settings)
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_parents_are_told_when_a_child_completes_a_chore(families, connect, client, settings, worker):
    mum, dad, x = [await connect(user) for user in (families.mum, families.dad, families.x)]
    chore = await api_create_chore(client, auth_headers(families.mum, settings), assignee_ids=[families.x.id])
    [offered] = await x.wait_for_event("chore_available")

    await complete(client, settings, families.x, chore["id"])

    for parent in (mum, dad):
        [completed] = await parent.wait_for_event("assignment_completed")
        assert completed["data"]["chore_id"] == chore["id"]
        assert completed["data"]["child_id"] == families.x.id
        assert completed["data"]["completion_date"].endswith("Z")
    assert offered["data"]["chore_id"] == chore["id"]
    assert x.received("assignment_completed") == []


async def test_an_approval_reaches_the_child_and_the_parents_but_no_sibling_nor_another_family(
    families, connect, client, settings, worker, publisher
):
    mum, dad, x, y, z, other_parent = [
        await connect(user)
        for user in (families.mum, families.dad, families.x, families.y, families.z, families.other_parent)
    ]
    chore = await api_create_chore(
        client, auth_headers(families.mum, settings), reward=4.5, assignee_ids=[families.x.id]
    )
    await complete(client, settings, families.x, chore["id"])

    await approve(client, settings, families.dad, await assignment_id_of(chore["id"], families.x))

    for socket in (x, mum, dad):
        [approved] = await socket.wait_for_event("assignment_approved")
        [balance] = await socket.wait_for_event("balance_updated")
        assert approved["data"]["chore_id"] == chore["id"]
        assert approved["data"]["approval_reward"] == 4.5
        assert balance["data"] == {"child_id": families.x.id, "balance": 4.5}
        assert approved["id"] < balance["id"]
    await send_marker(publisher, (y, families.y), (z, families.z), (other_parent, families.other_parent))
    assert not {name for name, _ in y.events} & DECISION_EVENTS
    for outsider in (z, other_parent):
        assert [data["data"] for _, data in outsider.events] == [MARKER]


async def test_a_recurring_chore_is_announced_and_available_again_when_its_cooldown_ends(
    families, connect, client, settings, worker
):
    x = await connect(families.x)
    child_headers = auth_headers(families.x, settings)
    chore = await api_create_chore(
        client, auth_headers(families.mum, settings), is_recurring=True, cooldown_days=1,
        assignee_ids=[families.x.id],
    )
    await complete(client, settings, families.x, chore["id"])
    assignment_id = await assignment_id_of(chore["id"], families.x)
    await approve(client, settings, families.mum, assignment_id)
    waiting = await client.get("/api/v1/chores/available", headers=child_headers)
    assert waiting.json()["total_count"] == 0

    [_, again] = await x.wait_for_event("chore_available", count=2)

    assert again["data"]["chore_id"] == chore["id"]
    assert again["data"]["assignment_id"] == assignment_id
    assert (await ChoreAssignment.get(id=assignment_id)).is_completed is False  # reopened by the job itself
    available = await client.get("/api/v1/chores/available", headers=child_headers)
    assert [item["chore"]["id"] for item in available.json()["assigned"]] == [chore["id"]]


async def test_a_rejected_pool_claim_goes_back_to_the_pool_and_the_family_children_are_told(
    families, connect, client, settings, worker, publisher
):
    x, y, z = [await connect(user) for user in (families.x, families.y, families.z)]
    chore = await api_create_chore(
        client, auth_headers(families.mum, settings), assignment_mode="unassigned", assignee_ids=[]
    )
    for child in (x, y):
        await child.wait_for_event("chore_available")
    await complete(client, settings, families.y, chore["id"])
    claim_id = await assignment_id_of(chore["id"], families.y)

    response = await client.post(
        f"/api/v1/assignments/{claim_id}/reject", json={"rejection_reason": "Not clean"},
        headers=auth_headers(families.mum, settings),
    )

    assert response.status_code == 200, response.text
    [rejected] = await y.wait_for_event("assignment_rejected")
    assert rejected["data"]["rejection_reason"] == "Not clean"
    for child in (x, y):
        [_, back] = await child.wait_for_event("chore_available", count=2)
        assert back["data"] == {**back["data"], "chore_id": chore["id"], "assignment_mode": "unassigned"}
    available = await client.get("/api/v1/chores/available", headers=auth_headers(families.x, settings))
    assert [item["chore"]["id"] for item in available.json()["pool"]] == [chore["id"]]
    await send_marker(publisher, (z, families.z))
    assert [data["data"] for _, data in z.events] == [MARKER]


async def test_catching_up_after_a_disconnect_returns_exactly_the_missed_events(
    families, connect, client, settings, worker
):
    x, mum = await connect(families.x), await connect(families.mum)
    chore = await api_create_chore(client, auth_headers(families.mum, settings), reward=2, assignee_ids=[families.x.id])
    await complete(client, settings, families.x, chore["id"])
    await x.wait_for(await EventRecipient.filter(user_id=families.x.id).count())  # all staged for x so far
    last_seen = max(x.event_ids())
    await x.sio.disconnect()

    await approve(client, settings, families.mum, await assignment_id_of(chore["id"], families.x))
    await mum.wait_for_event("balance_updated")  # everything was pushed while x was away
    response = await client.get(
        "/api/v1/events", params={"after": last_seen}, headers=auth_headers(families.x, settings)
    )

    assert response.status_code == 200
    missed = response.json()
    assert [event["type"] for event in missed] == ["activity_created", "assignment_approved", "balance_updated"]
    assert [event["id"] for event in missed] == [
        data["id"] for name, data in mum.events if data["id"] > last_seen and name in
        {"activity_created", "assignment_approved", "balance_updated"}
    ]
    assert missed[-1]["data"] == {"child_id": families.x.id, "balance": 2}


async def test_a_bonus_and_a_payout_each_tell_the_child_and_the_parents_the_new_balance(
    families, connect, client, settings, worker, publisher
):
    x, mum, dad, y = [await connect(user) for user in (families.x, families.mum, families.dad, families.y)]
    headers = auth_headers(families.mum, settings)

    bonus = await client.post(
        "/api/v1/adjustments", json={"child_id": families.x.id, "amount": "5.00", "reason": "Great week"},
        headers=headers,
    )
    payout = await client.post("/api/v1/payouts", json={"child_id": families.x.id, "amount": 1.5}, headers=headers)

    assert (bonus.status_code, payout.status_code) == (201, 201)
    for socket in (x, mum, dad):
        updates = await socket.wait_for_event("balance_updated", count=2)
        assert [update["data"]["balance"] for update in updates] == [5, 3.5]
    await send_marker(publisher, (y, families.y))
    assert y.received("balance_updated") == []
