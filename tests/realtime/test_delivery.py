"""Delivery: an outbox event reaches its recipients' sockets and nobody else's, on any realtime server."""

from __future__ import annotations

import asyncio

from prometheus_client import REGISTRY
from tortoise.transactions import in_transaction

from api.cli.accounts import set_active
from models import ChoreAssignment, EventType, User
from models.events import stage_assignment_completed, stage_event
from tests.factories import make_priced_chore
from workers.publishing import publish_pending


async def stage_and_publish(publisher, *, type: EventType = EventType.CHORE_AVAILABLE, recipients, **data):
    async with in_transaction() as conn:
        event = await stage_event(conn, type=type, family_id=None, recipients=recipients, data=data)
    assert event is not None  # it has recipients, so it is written
    await publish_pending(publisher, up_to=event.id)
    return event


async def test_an_event_reaches_its_recipients_with_id_type_time_and_data(families, connect, publisher):
    mum, x = await connect(families.mum), await connect(families.x)

    event = await stage_and_publish(publisher, recipients=[families.mum.id, families.x.id], chore_id=3)

    for client in (mum, x):
        [(name, payload)] = await client.wait_for(1)
        assert name == "chore_available"
        assert payload == {"id": event.id, "type": "chore_available", "occurred_at": payload["occurred_at"],
                           "data": {"chore_id": 3}}
        assert payload["occurred_at"].endswith("Z")


async def test_an_event_for_one_child_reaches_neither_a_sibling_nor_another_family(families, connect, publisher):
    x, y, z, other_parent = [await connect(user) for user in
                             (families.x, families.y, families.z, families.other_parent)]

    private = await stage_and_publish(publisher, recipients=[families.x.id], n=1)
    # A later event for everybody: once it has arrived, the earlier one would have too.
    everybody = [families.x.id, families.y.id, families.z.id, families.other_parent.id]
    shared = await stage_and_publish(publisher, recipients=everybody, n=2)

    assert [event["id"] for _, event in await x.wait_for(2)] == [private.id, shared.id]
    for client in (y, z, other_parent):
        await client.wait_for(1)
        assert client.event_ids() == [shared.id]


async def test_a_completion_reaches_both_parents_of_the_family_only(families, connect, publisher):
    mum, dad, x, other_parent = [await connect(user) for user in
                                 (families.mum, families.dad, families.x, families.other_parent)]
    chore = await make_priced_chore(families.mum)
    row = await ChoreAssignment.create(chore=chore, assignee=families.x, is_completed=True)

    async with in_transaction() as conn:
        event = await stage_assignment_completed(conn, assignment=row, chore=chore)
    await publish_pending(publisher)
    marker = await stage_and_publish(publisher, recipients=[families.x.id, families.other_parent.id])

    for client in (mum, dad):
        [(name, payload)] = await client.wait_for(1)
        assert (name, payload["id"]) == ("assignment_completed", event.id)
    for client in (x, other_parent):
        await client.wait_for(1)
        assert client.event_ids() == [marker.id]


async def test_every_socket_of_a_user_gets_the_event(families, connect, publisher):
    phone, laptop = await connect(families.mum), await connect(families.mum)

    event = await stage_and_publish(publisher, recipients=[families.mum.id])

    assert [payload["id"] for _, payload in await phone.wait_for(1)] == [event.id]
    assert [payload["id"] for _, payload in await laptop.wait_for(1)] == [event.id]


async def test_relayed_events_are_counted_by_type(families, connect, publisher):
    client = await connect(families.x)
    before = REGISTRY.get_sample_value("chores_realtime_events_emitted_total", {"type": "balance_updated"}) or 0.0

    await stage_and_publish(publisher, type=EventType.BALANCE_UPDATED, recipients=[families.x.id])
    await client.wait_for(1)

    assert REGISTRY.get_sample_value("chores_realtime_events_emitted_total", {"type": "balance_updated"}) == before + 1


async def wait_until(condition, timeout: float = 5) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.02)


async def test_a_member_removed_from_the_family_gets_no_new_events_of_it(families, connect, publisher):
    mum, dad = await connect(families.mum), await connect(families.dad)
    chore = await make_priced_chore(families.mum)
    row = await ChoreAssignment.create(chore=chore, assignee=families.x, is_completed=True)

    await User.filter(id=families.dad.id).update(family_id=None)
    async with in_transaction() as conn:
        event = await stage_assignment_completed(conn, assignment=row, chore=chore)
    await publish_pending(publisher)
    marker = await stage_and_publish(publisher, recipients=[families.dad.id])

    assert [payload["id"] for _, payload in await mum.wait_for(1)] == [event.id]
    await dad.wait_for(1)
    assert dad.event_ids() == [marker.id]


async def test_an_account_notice_for_an_active_user_leaves_his_sockets_alone(families, connect, publisher):
    x = await connect(families.x)

    await publisher.membership_changed(families.x.id)
    marker = await stage_and_publish(publisher, recipients=[families.x.id])

    await x.wait_for(1)
    assert x.sio.connected
    assert x.event_ids() == [marker.id]


async def test_a_deactivated_users_sockets_are_disconnected(families, connect, publisher):
    x = await connect(families.x)

    await User.filter(id=families.x.id).update(is_active=False)
    await publisher.membership_changed(families.x.id)

    await wait_until(lambda: not x.sio.connected)


async def test_disabling_an_account_from_the_command_line_closes_its_open_sockets(families, connect, publisher):
    x = await connect(families.x)

    _, told = await set_active(username=families.x.username, active=False, publisher=publisher)

    assert told
    await wait_until(lambda: not x.sio.connected)
