"""The outbox: events are written with the change they announce, to recipients fixed at write time."""

from __future__ import annotations

from typing import cast

import pytest
from tortoise.transactions import in_transaction

from models import ActivityType, AssignmentMode, ChoreAssignment, EntryKind, Event, EventRecipient, EventType, User
from models.events import (
    stage_activity_created,
    stage_assignment_approved,
    stage_assignment_completed,
    stage_assignment_rejected,
    stage_balance_updated,
    stage_chore_available,
    stage_chore_offered,
    stage_event,
    stage_pool_chore_available,
)
from models.ledger import append_entry
from tests.factories import make_activity, make_child, make_parent, make_priced_chore


async def recipients_of(event: Event) -> set[int]:
    # Tortoise types values_list as tuples whatever ``flat`` says.
    return set(cast(list[int], await EventRecipient.filter(event_id=event.id).values_list("user_id", flat=True)))


async def test_an_event_is_stored_with_its_recipients_and_unpublished(families):
    async with in_transaction() as conn:
        event = await stage_event(
            conn, type=EventType.CHORE_AVAILABLE, family_id=families.family_a.id,
            recipients=[families.x.id, families.x.id, None, families.y.id], data={"chore_id": 1},
        )

    stored = await Event.get(id=event.id)
    assert stored.type == EventType.CHORE_AVAILABLE
    assert stored.family_id == families.family_a.id
    assert stored.data == {"chore_id": 1}
    assert stored.published_at is None
    assert stored.occurred_at is not None
    assert await recipients_of(stored) == {families.x.id, families.y.id}


async def test_an_event_nobody_may_receive_is_not_stored(families):
    async with in_transaction() as conn:
        event = await stage_event(conn, type=EventType.CHORE_AVAILABLE, family_id=None, recipients=[None], data={})

    assert event is None
    assert await Event.all().count() == 0


async def test_events_roll_back_with_the_change_they_announce(families):
    with pytest.raises(RuntimeError):
        async with in_transaction() as conn:
            await stage_event(conn, type=EventType.CHORE_AVAILABLE, family_id=None, recipients=[families.x.id], data={})
            raise RuntimeError("the use case failed")

    assert await Event.all().count() == 0
    assert await EventRecipient.all().count() == 0


async def test_event_ids_increase(families):
    ids = []
    for _ in range(2):
        async with in_transaction() as conn:
            event = await stage_event(
                conn, type=EventType.CHORE_AVAILABLE, family_id=None, recipients=[families.x.id], data={}
            )
        ids.append(event.id)

    assert ids[1] > ids[0]


async def test_a_completion_goes_to_every_parent_of_the_family_and_no_child(families):
    chore = await make_priced_chore(families.mum, reward_cents=250)
    row = await ChoreAssignment.create(chore=chore, assignee=families.y, is_completed=True)

    async with in_transaction() as conn:
        event = await stage_assignment_completed(conn, assignment=row, chore=chore)

    assert await recipients_of(event) == {families.mum.id, families.dad.id}
    assert event.data["assignment_id"] == row.id
    assert event.data["child_id"] == families.y.id
    assert event.data["chore_title"] == chore.title


async def test_a_decision_goes_to_the_child_and_the_parents_but_not_a_sibling(families):
    chore = await make_priced_chore(families.mum, reward_cents=250)
    row = await ChoreAssignment.create(chore=chore, assignee=families.x, is_completed=True)

    async with in_transaction() as conn:
        approved = await stage_assignment_approved(conn, assignment=row, chore=chore)
        rejected = await stage_assignment_rejected(conn, assignment=row, chore=chore)

    expected = {families.x.id, families.mum.id, families.dad.id}
    assert await recipients_of(approved) == expected
    assert await recipients_of(rejected) == expected
    assert approved.type == EventType.ASSIGNMENT_APPROVED
    assert rejected.type == EventType.ASSIGNMENT_REJECTED


async def test_without_a_family_the_childs_own_parent_is_told(db):
    parent = await make_parent()
    child = await make_child(parent)
    await make_parent()
    chore = await make_priced_chore(parent)
    row = await ChoreAssignment.create(chore=chore, assignee=child, is_completed=True)

    async with in_transaction() as conn:
        event = await stage_assignment_approved(conn, assignment=row, chore=chore)

    assert await recipients_of(event) == {child.id, parent.id}


async def test_a_pool_chore_is_announced_to_the_family_children_only(families):
    chore = await make_priced_chore(families.mum, assignment_mode=AssignmentMode.UNASSIGNED)

    async with in_transaction() as conn:
        event = await stage_pool_chore_available(conn, chore=chore)

    assert await recipients_of(event) == {families.x.id, families.y.id}


async def test_a_disabled_chore_is_never_announced_as_available(families):
    chore = await make_priced_chore(families.mum, is_disabled=True)

    async with in_transaction() as conn:
        event = await stage_chore_available(conn, chore=chore, child_ids=[families.x.id])

    assert event is None


async def test_a_balance_update_carries_the_ledger_sum_to_the_child_and_parents(families):
    async with in_transaction() as conn:
        await append_entry(child_id=families.x.id, kind=EntryKind.ADJUSTMENT, amount_cents=1250,
                           actor_id=families.mum.id, using_db=conn)
        await append_entry(child_id=families.x.id, kind=EntryKind.PAYOUT, amount_cents=-200,
                           actor_id=families.mum.id, using_db=conn)
        event = await stage_balance_updated(conn, child_id=families.x.id)

    assert event.data == {"child_id": families.x.id, "balance": 10.5}
    assert await recipients_of(event) == {families.x.id, families.mum.id, families.dad.id}


async def test_an_activity_goes_to_the_whole_family(families):
    activity = await make_activity(families.mum, ActivityType.CHORE_APPROVED, target=families.x)

    async with in_transaction() as conn:
        event = await stage_activity_created(conn, activity=activity)

    assert await recipients_of(event) == {families.mum.id, families.dad.id, families.x.id, families.y.id}
    assert event.data["activity_id"] == activity.id
    assert event.data["activity_type"] == "chore_approved"


async def test_without_a_family_an_activity_goes_to_the_people_involved_and_their_parents(db):
    parent = await make_parent()
    child, sibling = await make_child(parent), await make_child(parent)
    activity = await make_activity(child, ActivityType.CHORE_COMPLETED)

    async with in_transaction() as conn:
        event = await stage_activity_created(conn, activity=activity)

    assert await recipients_of(event) == {child.id, parent.id}
    assert sibling.id not in await recipients_of(event)


async def test_recipients_are_fixed_when_the_event_is_written(families):
    chore = await make_priced_chore(families.mum)
    row = await ChoreAssignment.create(chore=chore, assignee=families.x, is_completed=True)
    async with in_transaction() as conn:
        before = await stage_assignment_completed(conn, assignment=row, chore=chore)

    await User.filter(id=families.dad.id).update(family_id=None)
    async with in_transaction() as conn:
        after = await stage_assignment_completed(conn, assignment=row, chore=chore)

    assert families.dad.id in await recipients_of(before)
    assert await recipients_of(after) == {families.mum.id}


async def test_a_new_chore_is_offered_to_its_assignees_or_to_the_pool(families):
    assigned = await make_priced_chore(families.mum, assignment_mode=AssignmentMode.MULTI_INDEPENDENT)
    pool = await make_priced_chore(families.mum, assignment_mode=AssignmentMode.UNASSIGNED)

    async with in_transaction() as conn:
        to_assignees = await stage_chore_offered(conn, chore=assigned, assignee_ids=[families.y.id])
        to_pool = await stage_chore_offered(conn, chore=pool, assignee_ids=[])

    assert await recipients_of(to_assignees) == {families.y.id}
    assert await recipients_of(to_pool) == {families.x.id, families.y.id}
