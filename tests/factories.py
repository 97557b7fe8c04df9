"""Small async factories for test data; each returns saved models with sensible defaults."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import bcrypt
from tortoise.transactions import in_transaction

from models import Activity, ActivityType, Chore, ChoreAssignment, EntryKind, Family, LedgerEntry, User
from models.access_tokens import create_access_token
from models.api_tokens import DEFAULT_LIFETIME, ApiScope, create_api_token
from models.families import new_invite_code
from models.ledger import append_entry
from models.push import PushSubscription, endpoint_digest
from models.redemptions import Redemption
from models.rewards import Reward
from models.schedules import ChoreOccurrence, ChoreSchedule, ExceptionAction, OccurrenceState, ScheduleException, Vacation
from settings import Settings

PASSWORD = "password123"
_HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
_sequence = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_sequence)}"


async def make_family(name: str | None = None) -> Family:
    return await Family.create(name=name or unique("Family "), invite_code=new_invite_code())


async def make_parent(*, family: Family | None = None, username: str | None = None, **fields) -> User:
    username = username or unique("parent")
    return await User.create(
        username=username,
        email=f"{username}@example.com",
        hashed_password=_HASH,
        is_parent=True,
        family=family,
        **fields,
    )


async def make_child(parent: User, *, username: str | None = None, **fields) -> User:
    return await User.create(
        username=username or unique("child"),
        hashed_password=_HASH,
        is_parent=False,
        parent=parent,
        family_id=parent.family_id,
        **fields,
    )


def auth_headers(user: User, settings: Settings) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_access_token(user.id, settings)}"}


async def make_api_token(parent: User, *scopes: str, lifetime: timedelta = DEFAULT_LIFETIME) -> str:
    """The secret of a new API token of ``parent`` with these scopes (default: ``read``)."""
    wanted = {ApiScope(scope) for scope in scopes or ("read",)}
    created = await create_api_token(
        parent=parent, name=unique("Token "), scopes=wanted, expires_at=datetime.now(UTC) + lifetime
    )
    return created.secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
async def make_push_subscription(user: User, *, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """A browser's subscription (tests/push_service.py's ``Browser`` makes the keys)."""
    return await PushSubscription.create(
        user=user, endpoint=endpoint, endpoint_digest=endpoint_digest(endpoint), p256dh=p256dh, auth=auth
    )


async def make_priced_chore(creator: User, *, reward_cents: int = 0, title: str | None = None, **fields) -> Chore:
    """A chore of ``creator``'s family; range chores take ``min_reward_cents``/``max_reward_cents``."""
    return await Chore.create(
        title=title or unique("Chore "),
        description="",
        reward_cents=reward_cents,
        creator=creator,
        family_id=creator.family_id,
        **fields,
    )


async def make_pending_assignment(chore: Chore, child: User, *, completed_at: datetime) -> ChoreAssignment:
    """A row the child has completed and no parent has decided on yet."""
    return await ChoreAssignment.create(chore=chore, assignee=child, is_completed=True, completion_date=completed_at)


async def make_ledger_entry(
    child: User, kind: EntryKind, amount_cents: int, *, at: datetime | None = None, **fields
) -> LedgerEntry:
    """A ledger entry (signed ``amount_cents``) appended as the use cases append them (the cached balance and the
    jars follow), back-dated to ``at`` when given."""
    for related in ("actor", "chore", "assignment", "reverses"):
        if (row := fields.pop(related, None)) is not None:
            fields[f"{related}_id"] = row.id
    async with in_transaction() as conn:
        entry = await append_entry(child_id=child.id, kind=kind, amount_cents=amount_cents,
                                   actor_id=fields.pop("actor_id", None), using_db=conn, **fields)
    if at is not None:
        await LedgerEntry.filter(id=entry.id).update(created_at=at)
        entry.created_at = at
    return entry


async def make_assigned_chores(parent: User, child: User, count: int) -> list[int]:
    """``count`` recurring chores of ``parent`` paying 1.00, each assigned to ``child`` (his own row); their ids."""
    ids = []
    for _ in range(count):
        chore = await make_priced_chore(parent, reward_cents=100, is_recurring=True)
        await ChoreAssignment.create(chore=chore, assignee=child)
        ids.append(chore.id)
    return ids


async def make_approved_reward(child: User, chore_id: int, *, at: datetime) -> LedgerEntry:
    """A reward of 1.00 for the chore, approved at ``at``, appended as approvals append it (the cached
    balance follows)."""
    async with in_transaction() as conn:
        entry = await append_entry(child_id=child.id, kind=EntryKind.REWARD, amount_cents=100, actor_id=None,
                                   chore_id=chore_id, using_db=conn)
    await LedgerEntry.filter(id=entry.id).update(created_at=at)
    entry.created_at = at
    return entry


async def make_activity(
    actor: User,
    activity_type: ActivityType,
    *,
    target: User | None = None,
    at: datetime | None = None,
    description: str | None = None,
    **fields,
) -> Activity:
    """An activity filed under the actor's family (unless ``family_id`` is given), back-dated to ``at``."""
    fields.setdefault("family_id", actor.family_id)
    activity = await Activity.create(
        user=actor,
        activity_type=activity_type.value,
        description=description or unique("Activity "),
        target_user=target,
        **fields,
    )
    if at is not None:
        await Activity.filter(id=activity.id).update(created_at=at)
        activity.created_at = at
    return activity


async def make_approved_assignment(
    chore: Chore, child: User, *, day_seconds: int, reward_cents: int | None = None, **fields
) -> ChoreAssignment:
    """A row completed and approved just now, with the cooldown end the approval use case sets."""
    approved_at = datetime.now(UTC)
    row = await ChoreAssignment.create(
        chore=chore, assignee=child, is_completed=True, completion_date=approved_at, **fields
    )
    reward = chore.reward_cents if reward_cents is None else reward_cents
    row.approve(reward, approved_at, chore.cooldown_end(approved_at, day_seconds))
    await row.save()
    return row


@dataclass
class Household:
    """A family with two parents (equal rights, D11) and some children, all created by ``parent``."""

    family: Family
    parent: User
    co_parent: User
    children: list[User]


async def make_household(children: int = 2) -> Household:
    family = await make_family()
    parent = await make_parent(family=family)
    co_parent = await make_parent(family=family)
    kids = [await make_child(parent) for _ in range(children)]
    return Household(family, parent, co_parent, kids)


async def api_create_chore(client, headers: dict[str, str], **body) -> dict:
    """Create a chore through ``POST /chores`` (default: a fixed $5 one-off) and return its JSON."""
    payload = {"title": unique("Chore "), "description": "", "reward": 5, **body}
    response = await client.post("/api/v1/chores", json=payload, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def make_reward(family: Family, *, price_cents: int = 300, **fields) -> Reward:
    """A reward of the family store (default: $3, no stock, no limit, no end)."""
    return await Reward.create(family=family, title=unique("Reward "), price_cents=price_cents, **fields)


async def make_pending_redemption(reward: Reward, child: User, *, requested_at: datetime, hold: timedelta) -> Redemption:
    """A request of ``child`` for ``reward`` holding its price from ``requested_at`` for ``hold``."""
    return await Redemption.create(
        family_id=reward.family_id, reward=reward, child=child, reward_title=reward.title,
        price_cents=reward.price_cents, requested_at=requested_at, expires_at=requested_at + hold,
    )


async def make_schedule(chore: Chore, *, rrule: str = "FREQ=DAILY", starts_on: date, **fields) -> ChoreSchedule:
    """The calendar rule of ``chore`` (rotation fields among ``fields``: ``rotation``, ``rotation_order``...)."""
    return await ChoreSchedule.create(chore=chore, rrule=rrule, starts_on=starts_on, **fields)


async def make_vacation(child: User, starts_on: date, ends_on: date) -> Vacation:
    """``child`` away from ``starts_on`` to ``ends_on``, both included."""
    return await Vacation.create(child=child, starts_on=starts_on, ends_on=ends_on)



async def make_schedule_exception(
    chore: Chore, *, original_at: datetime, moved_to: datetime | None = None
) -> ScheduleException:
    """A skipped occurrence, or a moved one when ``moved_to`` is given."""
    action = ExceptionAction.SKIP if moved_to is None else ExceptionAction.MOVE
    return await ScheduleException.create(chore=chore, original_at=original_at, action=action, moved_to=moved_to)


async def make_occurrence(
    chore: Chore,
    child: User,
    *,
    due_at: datetime,
    state: OccurrenceState = OccurrenceState.OPEN,
    completed_at: datetime | None = None,
    grace: timedelta = timedelta(0),
) -> ChoreOccurrence:
    """One occurrence of a scheduled chore for a child, due at ``due_at``; a ``done`` one is approved then."""
    return await ChoreOccurrence.create(
        chore=chore, assignee=child, original_at=due_at, opens_at=due_at - timedelta(hours=1), due_at=due_at,
        deadline_at=due_at + grace, state=state, completed_at=completed_at,
        approved_at=completed_at if state is OccurrenceState.DONE else None,
    )
