"""Two families that own one of everything, and the checks that prove one never reaches the other.

The attacked family is built after :func:`start_ids_far_away`, so every row it owns has an 8-digit
id from its table's own range (activities 11 000 000+, chore assignments 12 000 000+, ...), a number
no row of the other family and nothing else in a response can be: any such number in an answer is
a leak, and so is any of its names (all of them start with the family's tag).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from tortoise import Tortoise, connections
from tortoise.models import Model

from models import Event, User, WebhookDelivery
from models.tortoise_adapter import dialect_of, table_of
from settings import Settings
from tests.factories import (
    api_create_chore,
    auth_headers,
    make_child,
    make_family,
    make_parent,
    make_push_subscription,
    unique,
)
from tests.push_service import Browser
from workers.allowances import Outcome, settle_oldest_owed

API = "/api/v1"
# Every day at 18:00, missed at the deadline with a penalty to confirm: the family's scheduled chore.
SCHEDULE = {"rrule": "FREQ=DAILY", "starts_on": "2020-01-01", "due_time": "18:00", "deadline_action": "miss",
            "missed_penalty": 1}
FIRST_FAR_ID = 11_000_000
FAR_ID_STEP = 1_000_000

Snapshot = dict[tuple[str, int], dict[str, Any]]
# Columns any authenticated request may write: when an API token was last used is no data of the family.
BOOKKEEPING = {"api_tokens": {"last_used_at"}}


def all_models() -> list[type[Model]]:
    return sorted(Tortoise.apps["models"].values(), key=lambda model: table_of(model))


async def start_ids_far_away() -> None:
    """Make the next row of each table take the first id of that table's own 8-digit range."""
    conn = connections.get("default")
    for index, model in enumerate(all_models()):
        table, start = table_of(model), FIRST_FAR_ID + index * FAR_ID_STEP
        if dialect_of(conn) == "mysql":
            await conn.execute_script(f"ALTER TABLE `{table}` AUTO_INCREMENT = {start}")
        else:
            await conn.execute_script(
                f"DELETE FROM sqlite_sequence WHERE name = '{table}';"
                f"INSERT INTO sqlite_sequence (name, seq) VALUES ('{table}', {start - 1});"
            )


async def snapshot() -> Snapshot:
    """Every row of every table, by (table, id), without the bookkeeping columns."""
    rows: Snapshot = {}
    for model in all_models():
        table = table_of(model)
        skipped = BOOKKEEPING.get(table, set())
        for row in await model.all().values():
            rows[(table, row["id"])] = {name: value for name, value in row.items() if name not in skipped}
    return rows


def changed_rows(before: Snapshot, after: Snapshot) -> list[tuple[str, int]]:
    """Rows added, removed or changed between two snapshots."""
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))


def expect(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, (response.request.method, response.request.url, response.text)
    return response.json()


@dataclass
class FamilyWorld:
    """A family with two parents, two children and one of everything a family owns."""

    tag: str
    settings: Settings
    parent: User
    co_parent: User
    children: list[User]
    chores: dict[str, int] = field(default_factory=dict)
    # API tokens of the parent, by scope ("kiosk", "read"): their secrets.
    api_tokens: dict[str, str] = field(default_factory=dict)
    webhook_endpoint: int = 0
    webhook_delivery: int = 0
    # The rewards store: a reward, and the first child's requests of it by status ("approved", "pending").
    reward: int = 0
    redemptions: dict[str, int] = field(default_factory=dict)
    schedule_exception: int = 0
    vacation: int = 0

    def headers(self, user: User) -> dict[str, str]:
        return auth_headers(user, self.settings)

    @property
    def as_kiosk(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_tokens['kiosk']}"}

    @property
    def as_reader(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_tokens['read']}"}

    @property
    def as_parent(self) -> dict[str, str]:
        return self.headers(self.parent)

    @property
    def as_child(self) -> dict[str, str]:
        return self.headers(self.children[0])


async def build_family(client: httpx.AsyncClient, settings: Settings, label: str) -> FamilyWorld:
    """Chores of every mode, rows open, pending, rejected and approved, adjustments, payouts, a reversal, an
    allowance plan and a paid period, API tokens, a reward with an approved and a pending request, and savings
    jars with a goal and a transfer.

    Everything after the accounts goes through the API, so activities and outbox events are
    written as in production.
    """
    tag = unique(f"{label}-") + "-"
    family = await make_family(name=f"{tag}family")
    parent = await make_parent(family=family, username=f"{tag}parent")
    co_parent = await make_parent(family=family, username=f"{tag}coparent")
    first = await make_child(parent, username=f"{tag}kid1")
    second = await make_child(parent, username=f"{tag}kid2")
    world = FamilyWorld(tag, settings, parent, co_parent, [first, second])
    by_parent, by_co_parent = world.as_parent, world.headers(co_parent)
    by_first, by_second = world.headers(first), world.headers(second)

    async def chore(name: str, headers: dict[str, str], **body: Any) -> int:
        created = await api_create_chore(client, headers, title=f"{tag}{name}", **body)
        world.chores[name] = created["id"]
        return created["id"]

    async def post(path: str, headers: dict[str, str], status: int = 200, **body: Any) -> dict[str, Any]:
        return expect(await client.post(f"{API}{path}", headers=headers, **body), status)

    single = await chore("single", by_parent, reward=3, is_recurring=True, cooldown_days=1, assignee_ids=[first.id])
    multi = await chore("multi", by_parent, reward=2, assignment_mode="multi_independent",
                        assignee_ids=[first.id, second.id])
    pool = await chore("pool", by_co_parent, reward=4, assignment_mode="unassigned", assignee_ids=[])
    ranged = await chore("ranged", by_parent, is_range_reward=True, min_reward=1, max_reward=5,
                         assignee_ids=[second.id])
    disabled = await chore("disabled", by_co_parent, assignee_ids=[second.id])
    await chore("editable", by_parent, assignee_ids=[second.id])
    scheduled = await chore("scheduled", by_parent, reward=1, assignee_ids=[first.id])

    await post(f"/chores/{disabled}/disable", by_parent)
    await post(f"/chores/{single}/complete", by_first)
    approved = await post(f"/chores/{multi}/complete", by_first)
    await post(f"/assignments/{approved['assignment']['id']}/approve", by_co_parent, json={})
    rejected = await post(f"/chores/{multi}/complete", by_second)
    await post(f"/assignments/{rejected['assignment']['id']}/reject", by_parent,
               json={"rejection_reason": f"{tag}redo"})
    await post(f"/chores/{multi}/complete", by_second)
    await post(f"/chores/{pool}/complete", by_second)
    await post(f"/chores/{ranged}/complete", by_second)
    await post("/adjustments/", by_parent, 201, json={"child_id": first.id, "amount": 10, "reason": f"{tag}bonus"})
    fine = await post("/adjustments/", by_co_parent, 201,
                      json={"child_id": first.id, "amount": -1, "reason": f"{tag}fine"})
    await post("/payouts/", by_parent, 201, json={"child_id": first.id, "amount": 2, "note": f"{tag}pocket"})
    for scope in ("kiosk", "read"):
        created = await post("/tokens", by_co_parent, 201, json={"name": f"{tag}{scope}", "scopes": [scope]})
        world.api_tokens[scope] = created["token"]
    endpoint = await post("/webhooks", by_parent, 201, json={
        "url": f"https://hooks.example.com/{tag}", "event_types": ["assignment_completed"], "description": f"{tag}hook",
    })
    world.webhook_endpoint = endpoint["id"]
    # The worker records deliveries when it publishes the outbox; here, one for the family's last event.
    event = await Event.filter(family_id=family.id).order_by("-id").first()
    assert event is not None
    delivery = await WebhookDelivery.create(
        endpoint_id=endpoint["id"], event_id=event.id, event_type=str(event.type), body=json.dumps(event.payload()),
    )
    world.webhook_delivery = delivery.id
    # Web Push is off in these tests (no VAPID keys), so the browsers' subscriptions are made directly.
    for member in (parent, first):
        await make_push_subscription(member, endpoint=f"https://push.example.com/{tag}{member.id}", **Browser().keys)
    await post(f"/ledger/{fine['id']}/reverse", by_parent, 201, json={"reason": f"{tag}forgiven"})
    reward = await post("/rewards", by_co_parent, 201, json={"title": f"{tag}kite", "price": 1, "stock": 9})
    world.reward = reward["id"]
    for status in ("approved", "pending"):
        request = await post("/redemptions", by_first, 201, json={"reward_id": reward["id"]})
        world.redemptions[status] = request["id"]
    await post(f"/redemptions/{world.redemptions['approved']}/approve", by_parent)
    plan = expect(await client.put(f"{API}/allowances/{first.id}", headers=by_co_parent, json={
        "amount": 3, "period": "weekly", "weekday": "saturday", "time": "09:00", "mode": "proportional"}), 201)
    # The worker pays it when it falls due; here, as its job would then.
    outcome, _ = await settle_oldest_owed(first.id, datetime.fromisoformat(plan["next_payment_at"]))
    assert outcome is Outcome.SETTLED
    jars = [{"name": "spend", "percent": 80, "is_spend": True},
            {"name": f"{tag}save", "percent": 20, "goal": {"title": f"{tag}goal", "target": 50}}]
    expect(await client.put(f"{API}/jars/{first.id}", json={"jars": jars, "child_can_transfer": True},
                            headers=by_parent), 200)
    await post(f"/jars/{first.id}/transfers", by_first, 201,
               json={"from_jar": "spend", "to_jar": f"{tag}save", "amount": 1, "note": f"{tag}saving"})
    await post("/calendar-feeds", by_parent, 201, json={"child_id": first.id})
    schedule = expect(await client.put(f"{API}/chores/{scheduled}/schedule", headers=by_parent, json=SCHEDULE), 201)
    skipped = await post(f"/chores/{scheduled}/schedule/exceptions", by_parent, 201,
                         json={"original_at": schedule["next_due"][1], "action": "skip"})
    world.schedule_exception = skipped["id"]
    away = await post("/vacations", by_co_parent, 201, json={
        "child_id": second.id, "starts_on": "2099-07-01", "ends_on": "2099-07-14", "note": f"{tag}camp"})
    world.vacation = away["id"]
    return world


@dataclass(frozen=True)
class Foreign:
    """What the attacked family owns: its rows, by table, as they were once it was built."""

    tag: str
    rows: Snapshot

    def ids(self, table: str) -> list[int]:
        return sorted(row_id for (name, row_id) in self.rows if name == table)

    @property
    def all_ids(self) -> set[int]:
        return {row_id for (_, row_id) in self.rows}

    @property
    def names(self) -> set[str]:
        """The tag every name of the family carries, its usernames and e-mails, and its invite code."""
        found = {self.tag}
        for (table, _), row in self.rows.items():
            if table == "users":
                found |= {row["username"], row["email"]} - {None}
            elif table == "families":
                found.add(row["invite_code"])
        return found

    def leaks_in(self, text: str, *, besides: Collection[int] = ()) -> set[str]:
        """The family's names and ids found in ``text`` (the ids a request itself sent aside)."""
        numbers = {int(token) for token in re.findall(r"\d+", text)}
        found_ids = (numbers & self.all_ids) - set(besides)
        return {name for name in self.names if name in text} | {str(row_id) for row_id in found_ids}


async def two_families(client: httpx.AsyncClient, settings: Settings) -> tuple[FamilyWorld, FamilyWorld, Foreign]:
    """The attacker's family (small ids) and the attacked family (far ids), with what the latter owns."""
    home = await build_family(client, settings, "alpha")
    await start_ids_far_away()
    before = await snapshot()
    other = await build_family(client, settings, "bravo")
    after = await snapshot()
    owned = {key: row for key, row in after.items() if key not in before}
    return home, other, Foreign(other.tag, owned)
