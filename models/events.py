"""The outbox: realtime events, written in the same transaction as the change they announce.

Each event names its recipients, resolved from the database when it is written, so a member who
leaves a family later never receives its older events, and an event about one child never reaches
a sibling unless the whole family is meant to see it. The outbox is the source of truth for the
pushes (``published_at`` is null until the worker has pushed an event) and for the catch-up API.

A use case stages its events inside its transaction::

    async with in_transaction() as conn:
        ...  # the change itself
        await stage_assignment_approved(conn, assignment=row, chore=chore)
    await enqueue.publish_events()  # after commit, best effort: the sweep publishes what is left

Every ``stage_*`` function returns the staged :class:`Event`, or None when nobody is to receive it.
A hot use case that stages several builds them in memory instead (``assignment_completed``,
``activity_created``...: a :class:`Staged` or None), with recipients it read once
(models/audiences.py), and writes them together with :func:`write_events`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.assignments import ChoreAssignment
from models.audiences import People, read_people
from models.chores import AssignmentMode, Chore
from models.jars import Jar, JarTransfer
from models.ledger import LedgerEntry
from models.money import cents_to_number
from models.sql_writes import insert_rows, insert_values
from models.timeutil import isoformat_z, utcnow
from models.users import User

if TYPE_CHECKING:  # for annotations only, so that models.activities may import this module
    from models.activities import Activity
    from models.allowances import AllowancePayment
    from models.families import Family
    from models.schedules import ChoreOccurrence

# Events are kept at least this long for the catch-up API; the sweep may delete older ones.
EVENT_RETENTION_DAYS = 7


class EventType(StrEnum):
    ASSIGNMENT_COMPLETED = "assignment_completed"
    ASSIGNMENT_APPROVED = "assignment_approved"
    ASSIGNMENT_REJECTED = "assignment_rejected"
    CHORE_AVAILABLE = "chore_available"
    BALANCE_UPDATED = "balance_updated"
    ACTIVITY_CREATED = "activity_created"
    WEBHOOK_ENDPOINT_DISABLED = "webhook_endpoint_disabled"
    ENTRY_REVERSED = "entry_reversed"
    REWARD_REQUESTED = "reward_requested"
    REWARD_DECIDED = "reward_decided"
    ALLOWANCE_PAID = "allowance_paid"
    JAR_TRANSFER = "jar_transfer"
    ROTATION_CHANGED = "rotation_changed"
    STREAK_MILESTONE = "streak_milestone"
    CHORE_DUE = "chore_due"
    CHORE_OVERDUE = "chore_overdue"
    CHORE_MISSED = "chore_missed"


class Event(Model):
    id = fields.BigIntField(primary_key=True)
    type = fields.CharEnumField(EventType, max_length=32)
    family: fields.ForeignKeyNullableRelation[Family] = fields.ForeignKeyField(
        "models.Family", related_name="events", null=True, on_delete=fields.SET_NULL
    )
    data: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    occurred_at = fields.DatetimeField()
    published_at = fields.DatetimeField(null=True)

    family_id: int | None

    class Meta:
        table = "events"
        indexes = (("published_at", "id"), ("occurred_at",))

    def payload(self) -> dict[str, Any]:
        """What a client receives, over Socket.IO and from the catch-up API alike."""
        return {"id": self.id, "type": str(self.type), "occurred_at": isoformat_z(self.occurred_at), "data": self.data}


class EventRecipient(Model):
    """One user allowed to receive one event; (user, event) is the catch-up index."""

    id = fields.BigIntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="recipients", on_delete=fields.CASCADE
    )
    # No foreign-key constraint on user_id (migration 4). On MySQL its check takes a shared lock on the
    # user's row, and an event names every member of a family: a money move, holding its own child's row
    # (models.ledger.append_entry), would wait for a sibling's row while the sibling's move waits for its
    # own, and MariaDB would fail one of them as a deadlock. Users are never deleted, and recipients are
    # always members read in the same transaction.
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="event_receipts", on_delete=fields.CASCADE, db_constraint=False
    )

    event_id: int
    user_id: int

    class Meta:
        table = "event_recipients"
        unique_together = (("user_id", "event_id"),)


@dataclass(frozen=True)
class Staged:
    """An event built in memory, to be written with the others of its transaction by :func:`write_events`."""

    type: EventType
    family_id: int | None
    recipients: list[int]  # distinct, in order
    data: dict[str, Any]


def staged(
    type: EventType, family_id: int | None, recipients: Iterable[int | None], data: dict[str, Any]
) -> Staged | None:
    """The event for these recipients (None and duplicates ignored); None when nobody is to receive it."""
    user_ids = sorted({user_id for user_id in recipients if user_id is not None})
    return Staged(type, family_id, user_ids, data) if user_ids else None


async def write_events(conn: BaseDBAsyncClient, events: Iterable[Staged | None]) -> list[Event]:
    """Write events and their recipients in the caller's transaction: one INSERT for the events, one
    for all their recipients, whatever their number. Returns the events written (None ones skipped)."""
    todo = [event for event in events if event is not None]
    occurred_at = utcnow()
    written = await insert_rows(conn, Event, [
        {"type": event.type, "family_id": event.family_id, "data": event.data, "occurred_at": occurred_at,
         "published_at": None}
        for event in todo
    ])
    await insert_values(conn, EventRecipient, [
        {"event_id": row.id, "user_id": user_id}
        for row, event in zip(written, todo, strict=True) for user_id in event.recipients
    ])
    return written


async def stage_event(
    conn: BaseDBAsyncClient,
    *,
    type: EventType,
    family_id: int | None,
    recipients: Iterable[int | None],
    data: dict[str, Any],
) -> Event | None:
    """Write one event and its recipients in the caller's transaction (None and duplicates ignored)."""
    return _first(await write_events(conn, [staged(type, family_id, recipients, data)]))


def _first(events: list[Event]) -> Event | None:
    return events[0] if events else None


# Recipients (the design's "To" column), read inside the caller's transaction (models/audiences.py).


async def parents_of(child_id: int, conn: BaseDBAsyncClient) -> list[int]:
    """The parents who manage a child: every parent of his family (D11), else his own parent."""
    return (await read_people(conn, child_id)).parents_of(child_id)


async def parents_of_family(family_id: int, conn: BaseDBAsyncClient) -> list[int]:
    return await _ids(User.filter(family_id=family_id, is_parent=True, is_active=True), conn)


async def child_and_parents(child_id: int, conn: BaseDBAsyncClient) -> list[int]:
    return (await read_people(conn, child_id)).child_and_parents(child_id)


async def children_for_chore(chore: Chore, conn: BaseDBAsyncClient) -> list[int]:
    """The children a chore's pool is open to: its family's, or its creator's own without a family."""
    if chore.family_id is not None:
        query = User.filter(family_id=chore.family_id, is_parent=False, is_active=True)
    else:
        query = User.filter(parent_id=chore.creator_id, is_parent=False, is_active=True)
    return await _ids(query, conn)


async def audience_of_activity(activity: Activity, conn: BaseDBAsyncClient) -> list[int]:
    """The whole family of the activity; without a family, the people it is about and their parents."""
    people = await read_people(conn, activity.user_id, activity.target_user_id, family_id=activity.family_id)
    return people.audience_of(activity)


async def _ids(query: QuerySet[User], conn: BaseDBAsyncClient) -> list[int]:
    # Tortoise types values_list as tuples whatever ``flat`` says.
    return list(await query.using_db(conn).values_list("id", flat=True))  # type: ignore[arg-type]


# The events of the design table, each with its payload and recipients.


def _assignment_data(assignment: ChoreAssignment, chore: Chore) -> dict[str, Any]:
    return {
        "assignment_id": assignment.id,
        "chore_id": chore.id,
        "chore_title": chore.title,
        "child_id": assignment.assignee_id,
    }


def assignment_completed(assignment: ChoreAssignment, chore: Chore, parents: list[int]) -> Staged | None:
    """A child completed or claimed a chore: tell the parents of the family."""
    data = {**_assignment_data(assignment, chore), "completion_date": isoformat_z(assignment.completion_date)}
    return staged(EventType.ASSIGNMENT_COMPLETED, chore.family_id, parents, data)


async def stage_assignment_completed(
    conn: BaseDBAsyncClient, *, assignment: ChoreAssignment, chore: Chore
) -> Event | None:
    parents = await parents_of(assignment.assignee_id, conn)
    return _first(await write_events(conn, [assignment_completed(assignment, chore, parents)]))


def assignment_approved(assignment: ChoreAssignment, chore: Chore, child_and_parents: list[int]) -> Staged | None:
    """A parent approved a completion: tell the child and the parents."""
    data = {
        **_assignment_data(assignment, chore),
        "approval_date": isoformat_z(assignment.approval_date),
        "approval_reward": cents_to_number(assignment.approval_reward_cents),
        "next_available_at": isoformat_z(assignment.cooldown_ends_at),
    }
    return staged(EventType.ASSIGNMENT_APPROVED, chore.family_id, child_and_parents, data)


async def stage_assignment_approved(
    conn: BaseDBAsyncClient, *, assignment: ChoreAssignment, chore: Chore
) -> Event | None:
    recipients = await child_and_parents(assignment.assignee_id, conn)
    return _first(await write_events(conn, [assignment_approved(assignment, chore, recipients)]))


async def stage_assignment_rejected(
    conn: BaseDBAsyncClient, *, assignment: ChoreAssignment, chore: Chore
) -> Event | None:
    """A parent rejected a completion: tell the child and the parents."""
    data = {**_assignment_data(assignment, chore), "rejection_reason": assignment.rejection_reason}
    return await stage_event(
        conn, type=EventType.ASSIGNMENT_REJECTED, family_id=chore.family_id,
        recipients=await child_and_parents(assignment.assignee_id, conn), data=data,
    )


async def stage_chore_available(
    conn: BaseDBAsyncClient, *, chore: Chore, child_ids: Iterable[int], assignment_id: int | None = None
) -> Event | None:
    """A chore can be done (again) by these children; nothing is announced for a disabled chore."""
    if chore.is_disabled:
        return None
    data = {
        "chore_id": chore.id,
        "chore_title": chore.title,
        "assignment_id": assignment_id,
        "assignment_mode": str(chore.assignment_mode),
        "is_range_reward": chore.is_range_reward,
        "reward": cents_to_number(chore.reward_cents),
    }
    return await stage_event(
        conn, type=EventType.CHORE_AVAILABLE, family_id=chore.family_id, recipients=child_ids, data=data
    )


async def stage_pool_chore_available(conn: BaseDBAsyncClient, *, chore: Chore) -> Event | None:
    """A pool chore is back in the pool: tell every child it is open to."""
    return await stage_chore_available(conn, chore=chore, child_ids=await children_for_chore(chore, conn))


async def stage_chore_offered(conn: BaseDBAsyncClient, *, chore: Chore, assignee_ids: Iterable[int]) -> Event | None:
    """A chore was created, (re)assigned or enabled: tell its assignees, or for a pool chore the pool's children."""
    if chore.mode is AssignmentMode.UNASSIGNED:
        return await stage_pool_chore_available(conn, chore=chore)
    return await stage_chore_available(conn, chore=chore, child_ids=assignee_ids)


def balance_updated(child_id: int, people: People) -> Staged | None:
    """A child's balance changed: tell him and his parents the new figure (``people`` read with his balance)."""
    child = people.by_id.get(child_id)
    if child is None or people.balance_cents is None:
        return None
    return staged(
        EventType.BALANCE_UPDATED, child.family_id, people.child_and_parents(child_id),
        {"child_id": child_id, "balance": cents_to_number(people.balance_cents)},
    )


async def stage_balance_updated(conn: BaseDBAsyncClient, *, child_id: int) -> Event | None:
    """A child's balance changed: tell him and his parents the new figure, summed from the ledger."""
    people = await read_people(conn, child_id, balance_of=child_id)
    return _first(await write_events(conn, [balance_updated(child_id, people)]))


async def stage_entry_reversed(
    conn: BaseDBAsyncClient, *, reversal: LedgerEntry, actor: User, family_id: int | None
) -> Event | None:
    """A parent reversed a ledger entry: tell the child and his parents who did it and why."""
    data = {
        "entry_id": reversal.id,
        "reversed_entry_id": reversal.reverses_id,
        "child_id": reversal.child_id,
        "kind": str(reversal.kind),
        "amount": cents_to_number(reversal.amount_cents),
        "reason": reversal.reason,
        "reversed_by_id": actor.id,
        "reversed_by": actor.username,
    }
    return await stage_event(
        conn, type=EventType.ENTRY_REVERSED, family_id=family_id,
        recipients=await child_and_parents(reversal.child_id, conn), data=data,
    )


async def stage_allowance_paid(
    conn: BaseDBAsyncClient, *, payment: AllowancePayment, family_id: int | None
) -> Event | None:
    """An allowance period was settled (paid, or at nothing, and why): tell the child and his parents."""
    data = {
        "payment_id": payment.id,
        "child_id": payment.child_id,
        "entry_id": payment.entry_id,
        "amount": cents_to_number(payment.amount_cents),
        "period_start": isoformat_z(payment.period_start),
        "period_end": isoformat_z(payment.period_end),
        "mode": str(payment.mode),
        "chores_due": payment.chores_due,
        "chores_approved": payment.chores_approved,
        "explanation": payment.explanation,
    }
    return await stage_event(
        conn, type=EventType.ALLOWANCE_PAID, family_id=family_id,
        recipients=await child_and_parents(payment.child_id, conn), data=data,
    )


async def stage_jar_transfer(
    conn: BaseDBAsyncClient, *, transfer: JarTransfer, source: Jar, target: Jar, actor: User, family_id: int | None
) -> Event | None:
    """Money moved between a child's jars: tell him and his parents who moved it, and both jars' new balances."""
    data = {
        "transfer_id": transfer.id,
        "child_id": transfer.child_id,
        "from_jar": source.name,
        "to_jar": target.name,
        "amount": cents_to_number(transfer.amount_cents),
        "note": transfer.note or None,
        "from_balance": cents_to_number(source.balance_cents),
        "to_balance": cents_to_number(target.balance_cents),
        "moved_by_id": actor.id,
        "moved_by": actor.username,
    }
    return await stage_event(
        conn, type=EventType.JAR_TRANSFER, family_id=family_id,
        recipients=await child_and_parents(transfer.child_id, conn), data=data,
    )


async def stage_rotation_changed(
    conn: BaseDBAsyncClient,
    *,
    chore: Chore,
    period_start: datetime,
    period_end: datetime | None,
    child_id: int,
    previous_child_id: int | None,
    set_by_id: int | None,
) -> Event | None:
    """Whose turn a rotating chore is changed for one turn period (``period_end`` null: one
    occurrence): tell the new holder, the previous one and the parents."""
    data = {
        "chore_id": chore.id,
        "chore_title": chore.title,
        "period_start": isoformat_z(period_start),
        "period_end": isoformat_z(period_end),
        "child_id": child_id,
        "previous_child_id": previous_child_id,
        "set_by_id": set_by_id,
    }
    return await stage_event(
        conn, type=EventType.ROTATION_CHANGED, family_id=chore.family_id,
        recipients=[*await child_and_parents(child_id, conn), previous_child_id], data=data,
    )


async def stage_streak_milestone(conn: BaseDBAsyncClient, *, child: User, data: dict[str, Any]) -> Event | None:
    """A child's streak reached a milestone (models/streaks.py): tell him and his parents."""
    return await stage_event(
        conn, type=EventType.STREAK_MILESTONE, family_id=child.family_id,
        recipients=await child_and_parents(child.id, conn), data=data,
    )


def activity_created(activity: Activity, audience: list[int]) -> Staged | None:
    """An activity was logged: tell the family (``audience``, see ``People.audience_of``)."""
    data = {
        "activity_id": activity.id,
        "activity_type": activity.activity_type,
        "description": activity.description,
        "user_id": activity.user_id,
        "target_user_id": activity.target_user_id,
        "activity_data": activity.activity_data,
        "created_at": isoformat_z(activity.created_at),
    }
    return staged(EventType.ACTIVITY_CREATED, activity.family_id, audience, data)


async def stage_activity_created(conn: BaseDBAsyncClient, *, activity: Activity) -> Event | None:
    audience = await audience_of_activity(activity, conn)
    return _first(await write_events(conn, [activity_created(activity, audience)]))


def occurrence_data(occurrence: ChoreOccurrence, chore: Chore) -> dict[str, Any]:
    """The payload of ``chore_due``, ``chore_overdue`` and ``chore_missed``: the occurrence as it now is."""
    return {
        "occurrence_id": occurrence.id,
        "chore_id": chore.id,
        "chore_title": chore.title,
        "child_id": occurrence.assignee_id,
        "state": str(occurrence.state),
        "opens_at": isoformat_z(occurrence.opens_at),
        "due_at": isoformat_z(occurrence.due_at),
        "deadline_at": isoformat_z(occurrence.deadline_at),
        "penalty": cents_to_number(occurrence.penalty_cents),
    }


async def stage_occurrence_event(
    conn: BaseDBAsyncClient, *, type: EventType, occurrence: ChoreOccurrence, chore: Chore, parents: Iterable[int]
) -> Event | None:
    """An occurrence opened (``chore_due``), passed its due time (``chore_overdue``) or its deadline
    (``chore_missed``): tell its child and ``parents`` (the child's, which the caller looked up once
    for a batch). Nothing is announced for a disabled chore."""
    if chore.is_disabled:
        return None
    return await stage_event(
        conn, type=type, family_id=chore.family_id, recipients=[occurrence.assignee_id, *parents],
        data=occurrence_data(occurrence, chore),
    )


def retention_cutoff(now: datetime | None = None) -> datetime:
    """Events that occurred before this may be deleted."""
    return (now or utcnow()) - timedelta(days=EVENT_RETENTION_DAYS)
