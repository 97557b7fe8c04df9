"""Token and role attacks (issue #9, item 3): forged or dead tokens (login and API), children on parents'
routes, mass assignment.

Forged tokens are tried on every authenticated route, and children on every route whose code
refuses children (``routes.is_parent_only`` reads the gates from the handlers and their use
cases), so new routes are attacked as soon as they exist.
"""

from __future__ import annotations

import base64
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import jwt
import pytest

from models import Chore, ChoreAssignment, EntryKind, LedgerEntry, User
from models.api_tokens import ApiToken
from models.schedules import ChoreOccurrence
from models.timeutil import utcnow
from tests.factories import (
    Household,
    api_create_chore,
    auth_headers,
    make_api_token,
    make_child,
    make_family,
    make_household,
    make_parent,
    unique,
)
from tests.security.routes import (
    Probe,
    is_authenticated,
    is_parent_only,
    method_of,
    name_of,
    operations,
    path_parameters,
    send,
)
from tests.security.world import API, FamilyWorld, build_family, changed_rows, expect, snapshot

NOT_AUTHENTICATED = {"detail": "Not authenticated"}
INVALID = {"detail": "Invalid authentication credentials"}
USER_NOT_FOUND = {"detail": "User not found"}
INACTIVE = {"detail": "Inactive user"}
OTHER_KEY = "another-key-that-is-long-enough-for-hs256-too"


def segment(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def handmade(header: dict[str, Any], claims: dict[str, Any], key: bytes | None, digest: str = "sha256") -> str:
    """A JWT with any header; signed with HMAC under ``key``, or with an empty signature."""
    signing_input = f"{segment(header)}.{segment(claims)}"
    signature = b"" if key is None else hmac.new(key, signing_input.encode(), digest).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


@dataclass(frozen=True)
class Attack:
    """An Authorization header value, and the 401 body the contract gives it."""

    name: str
    authorization: str
    detail: dict[str, str]


def attacks(user: User, gone: User, inactive: User, secret: str) -> list[Attack]:
    later, earlier = int(time.time()) + 3600, int(time.time()) - 60
    claims = {"sub": str(user.id), "exp": later}
    secret_bytes = secret.encode()

    def signed(**changes: Any) -> str:
        return jwt.encode({**claims, **changes}, secret, algorithm="HS256")

    def without(name: str) -> str:
        return jwt.encode({key: value for key, value in claims.items() if key != name}, secret, algorithm="HS256")

    return [
        Attack("alg none", f"Bearer {handmade({'alg': 'none', 'typ': 'JWT'}, claims, None)}", INVALID),
        Attack("alg None", f"Bearer {handmade({'alg': 'None', 'typ': 'JWT'}, claims, None)}", INVALID),
        Attack("HS256 with another key", f"Bearer {jwt.encode(claims, OTHER_KEY, algorithm='HS256')}", INVALID),
        Attack("HS256 with an empty key", f"Bearer {handmade({'alg': 'HS256', 'typ': 'JWT'}, claims, b'')}", INVALID),
        # Algorithm confusion: a verifier trusting the header would pick RSA, or accept another HMAC.
        Attack("RS256 header over an HMAC of the real key",
               f"Bearer {handmade({'alg': 'RS256', 'typ': 'JWT'}, claims, secret_bytes)}", INVALID),
        Attack("HS512 with the real key",
               f"Bearer {handmade({'alg': 'HS512', 'typ': 'JWT'}, claims, secret_bytes, 'sha512')}", INVALID),
        Attack("expired", f"Bearer {signed(exp=earlier)}", INVALID),
        Attack("not valid yet", f"Bearer {signed(nbf=later)}", INVALID),
        Attack("no exp", f"Bearer {without('exp')}", INVALID),
        Attack("no sub", f"Bearer {without('sub')}", INVALID),
        Attack("sub not a number", f"Bearer {signed(sub='abc')}", INVALID),
        Attack("sub a JSON number", f"Bearer {signed(sub=user.id)}", INVALID),
        Attack("sub with a space", f"Bearer {signed(sub=f' {user.id}')}", INVALID),
        Attack("sub out of range", f"Bearer {signed(sub='9' * 30)}", INVALID),
        Attack("sub of nobody", f"Bearer {signed(sub='99999999')}", USER_NOT_FOUND),
        Attack("deleted user", f"Bearer {signed(sub=str(gone.id))}", USER_NOT_FOUND),
        Attack("deactivated user", f"Bearer {signed(sub=str(inactive.id))}", INACTIVE),
        Attack("garbage", "Bearer garbage", INVALID),
        Attack("three garbage parts", "Bearer a.b.c", INVALID),
        Attack("truncated token", f"Bearer {signed()[:-10]}", INVALID),
        Attack("empty bearer", "Bearer ", NOT_AUTHENTICATED),
        Attack("another scheme", "Basic dXNlcjpwYXNzd29yZA==", NOT_AUTHENTICATED),
        Attack("a token without scheme", signed(), NOT_AUTHENTICATED),
    ]


async def test_every_authenticated_route_refuses_forged_and_dead_tokens_with_the_contracts_401(app, client, settings):
    parent = await make_parent()
    gone = await make_parent()
    inactive = await make_parent(is_active=False)
    await gone.delete()
    routes = [route for route in operations(app) if is_authenticated(route)]
    failures = []
    before = await snapshot()

    for attack in attacks(parent, gone, inactive, settings.secret_key):
        for route in routes:
            body = {} if method_of(route) != "GET" else None
            probe = Probe(path={name: 1 for name in path_parameters(route)}, json=body)
            response = await send(client, route, probe, {"Authorization": attack.authorization})
            answer = (response.status_code, response.json() if response.status_code < 500 else response.text)
            if answer != (401, attack.detail) or response.headers.get("www-authenticate") != "Bearer":
                failures.append(f"{attack.name} on {name_of(app, route)}: {answer}")

    assert not failures, "\n".join(failures)
    assert changed_rows(before, await snapshot()) == []
    assert len(routes) > 50


async def test_every_authenticated_route_refuses_dead_api_tokens_with_the_contracts_401(app, client):
    parent, leaver, inactive = [await make_parent(family=await make_family()) for _ in range(3)]
    revoked, expired = await make_api_token(parent, "read", "kiosk"), await make_api_token(parent, "read")
    moved, deactivated = await make_api_token(leaver, "read"), await make_api_token(inactive, "read")
    await ApiToken.filter(visible_prefix=revoked[:12]).update(revoked_at=utcnow())
    await ApiToken.filter(visible_prefix=expired[:12]).update(expires_at=utcnow() - timedelta(seconds=1))
    await User.filter(id=leaver.id).update(family_id=None)
    await User.filter(id=inactive.id).update(is_active=False)
    dead = {"revoked": (revoked, INVALID), "expired": (expired, INVALID), "unknown": ("chk_" + "x" * 43, INVALID),
            "parent moved": (moved, INVALID), "parent deactivated": (deactivated, INACTIVE)}
    routes = [route for route in operations(app) if is_authenticated(route)]
    failures = []
    before = await snapshot()

    for name, (secret, detail) in dead.items():
        for route in routes:
            probe = Probe(path={parameter: 1 for parameter in path_parameters(route)},
                          json={} if method_of(route) != "GET" else None)
            response = await send(client, route, probe, {"Authorization": f"Bearer {secret}"})
            answer = (response.status_code, response.json() if response.status_code < 500 else response.text)
            if answer != (401, detail) or response.headers.get("www-authenticate") != "Bearer":
                failures.append(f"{name} API token on {name_of(app, route)}: {answer}")

    assert not failures, "\n".join(failures)
    assert changed_rows(before, await snapshot()) == []


# --------------------------------------------------------------------------------------------
# Children on parents' routes
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Spares:
    """Rows a parent's request may use up without disturbing the other requests."""

    chore_to_delete: int
    pending_multi_row: int
    pending_pool_claim: int
    payout_to_reverse: int
    children_to_remove: list[User]
    api_token_to_revoke: int
    reward_to_delete: int
    requests_to_decide: list[int]
    occurrence: int


@dataclass(frozen=True)
class ParentRequest:
    """A request only a parent may make, valid for the child's own family; what a parent gets for it."""

    probe: Callable[[FamilyWorld, Spares], Probe]
    parent_status: int = 200


def new_child() -> dict[str, Any]:
    return {"username": unique("newchild"), "password": "password123", "is_parent": False}


def plain(world: FamilyWorld, spares: Spares) -> Probe:
    return Probe()


def for_first_child(world: FamilyWorld, spares: Spares) -> Probe:
    return Probe(path={"child_id": world.children[0].id})


def on_chore(name: str, json_body: Any = None) -> Callable[[FamilyWorld, Spares], Probe]:
    return lambda world, spares: Probe(path={"chore_id": world.chores[name]}, json=json_body)


def on_webhook(json_body: Any = None) -> Callable[[FamilyWorld, Spares], Probe]:
    return lambda world, spares: Probe(path={"endpoint_id": world.webhook_endpoint}, json=json_body)


# Every parent-only route, with a request its family's child might send. Run by a parent in this
# order, each is accepted (the parent's answer proves the child was refused for his role alone);
# the ones that change the family's members come last.
PARENT_ONLY: dict[str, ParentRequest] = {
    "users.registration_status": ParentRequest(plain),
    "users.create_user": ParentRequest(lambda world, spares: Probe(json=new_child()), 201),
    "users.list_users": ParentRequest(plain),
    "users.my_children": ParentRequest(plain),
    "users.my_family_children": ParentRequest(plain),
    "users.reset_child_password": ParentRequest(
        lambda world, spares: Probe(path={"child_id": world.children[1].id}, json="new-password")
    ),
    "balances.allowance_summary": ParentRequest(plain),
    "families.cleanup_invite_codes": ParentRequest(plain),
    "families.cleanup_codes": ParentRequest(plain),
    "families.generate_invite_code": ParentRequest(lambda world, spares: Probe(json={})),
    "families.invite_code": ParentRequest(lambda world, spares: Probe(json={"expires_in_days": 3})),
    "families.create": ParentRequest(lambda world, spares: Probe(json={"name": "Second home"}), 400),
    "families.join": ParentRequest(lambda world, spares: Probe(json={"invite_code": "ABCD1234"}), 400),
    "families.set_timezone": ParentRequest(lambda world, spares: Probe(json={"timezone": "Europe/Berlin"})),
    "chores.create_chore": ParentRequest(
        lambda world, spares: Probe(json={"title": "Sweep", "description": "", "assignee_ids": [world.children[0].id]}),
        201,
    ),
    "chores.pending_approval": ParentRequest(plain),
    "chores.update_chore": ParentRequest(on_chore("editable", {"title": "Windows, inside too"})),
    "chores.delete_chore": ParentRequest(lambda world, spares: Probe(path={"chore_id": spares.chore_to_delete}), 204),
    "chores.approve_chore": ParentRequest(on_chore("single", {})),
    "chores.reject_chore": ParentRequest(on_chore("ranged", {"rejection_reason": "Not finished"})),
    "chores.disable_chore": ParentRequest(on_chore("multi")),
    "chores.enable_chore": ParentRequest(on_chore("disabled")),
    "chores.child_chores": ParentRequest(for_first_child),
    "chores.child_completed_chores": ParentRequest(for_first_child),
    "assignments.approve": ParentRequest(
        lambda world, spares: Probe(path={"assignment_id": spares.pending_multi_row}, json={})
    ),
    "assignments.reject": ParentRequest(
        lambda world, spares: Probe(path={"assignment_id": spares.pending_pool_claim}, json={"rejection_reason": "No"})
    ),
    "adjustments.create_adjustment": ParentRequest(
        lambda world, spares: Probe(json={"child_id": world.children[0].id, "amount": 1, "reason": "Tidy room"}), 201
    ),
    "adjustments.list_adjustments": ParentRequest(plain),
    "adjustments.child_adjustments": ParentRequest(for_first_child),
    "payouts.record_payout": ParentRequest(
        lambda world, spares: Probe(json={"child_id": world.children[0].id, "amount": 1}), 201
    ),
    "jars.configure_jars": ParentRequest(
        lambda world, spares: Probe(path={"child_id": world.children[1].id},
                                    json={"jars": [{"name": "spend", "percent": 100, "is_spend": True}]})
    ),
    "ledger.reverse_entry": ParentRequest(
        lambda world, spares: Probe(path={"entry_id": spares.payout_to_reverse}, json={"reason": "Never paid"}), 201
    ),
    "rewards.create_reward": ParentRequest(lambda world, spares: Probe(json={"title": "Bike", "price": 5}), 201),
    "rewards.update_reward": ParentRequest(lambda world, spares: Probe(path={"reward_id": world.reward},
                                                                       json={"price": 2})),
    "rewards.delete_reward": ParentRequest(lambda world, spares: Probe(path={"reward_id": spares.reward_to_delete}),
                                           204),
    "redemptions.approve_redemption": ParentRequest(
        lambda world, spares: Probe(path={"redemption_id": spares.requests_to_decide[0]})
    ),
    "redemptions.decline_redemption": ParentRequest(
        lambda world, spares: Probe(path={"redemption_id": spares.requests_to_decide[1]}, json={"reason": "Not now"})
    ),
    "allowances.list_allowances": ParentRequest(plain),
    "allowances.get_allowance": ParentRequest(for_first_child),
    "allowances.set_allowance": ParentRequest(
        lambda world, spares: Probe(path={"child_id": world.children[1].id},
                                    json={"amount": 2, "period": "monthly", "day_of_month": 1, "time": "07:00"}),
        201,
    ),
    "allowances.delete_allowance": ParentRequest(for_first_child, 204),
    "statistics.weekly_summary": ParentRequest(plain),
    "statistics.monthly_summary": ParentRequest(plain),
    "statistics.trends": ParentRequest(plain),
    "statistics.comparison": ParentRequest(plain),
    "reports.allowance_summary": ParentRequest(plain),
    "reports.export_allowance_summary": ParentRequest(plain),
    "webhooks.create_endpoint": ParentRequest(
        lambda world, spares: Probe(json={"url": "https://hooks.example.com/", "event_types": ["balance_updated"]}),
        201,
    ),
    "webhooks.list_endpoints": ParentRequest(plain),
    "webhooks.get_endpoint": ParentRequest(on_webhook()),
    "webhooks.update_endpoint": ParentRequest(on_webhook({"description": "Kitchen tablet"})),
    "webhooks.rotate_secret": ParentRequest(on_webhook()),
    "webhooks.list_deliveries": ParentRequest(on_webhook()),
    "webhooks.redeliver": ParentRequest(
        lambda world, spares: Probe(
            path={"endpoint_id": world.webhook_endpoint, "delivery_id": world.webhook_delivery}
        ),
        202,
    ),
    "webhooks.delete_endpoint": ParentRequest(on_webhook(), 204),
    "families.remove_member": ParentRequest(
        lambda world, spares: Probe(
            path={"user_id": spares.children_to_remove[0].id}, json={"user_id": spares.children_to_remove[0].id}
        )
    ),
    "families.remove_member_by_body": ParentRequest(
        lambda world, spares: Probe(json={"user_id": spares.children_to_remove[1].id})
    ),
    "tokens.create_token": ParentRequest(lambda world, spares: Probe(json={"name": "Tablet", "scopes": ["kiosk"]}), 201),
    "tokens.list_tokens": ParentRequest(plain),
    "tokens.revoke_token": ParentRequest(
        lambda world, spares: Probe(path={"token_id": spares.api_token_to_revoke}), 204
    ),
    "families.leave": ParentRequest(plain),
    # An occurrence without a proposed penalty: the parent may decide, there is nothing to decide.
    "occurrences.decide_penalty": ParentRequest(
        lambda world, spares: Probe(path={"occurrence_id": spares.occurrence}, json={"action": "waive"}), 409
    ),
    "vacations.list_vacations": ParentRequest(plain),
    "vacations.create_vacation": ParentRequest(
        lambda world, spares: Probe(json={"child_id": world.children[0].id, "starts_on": "2099-01-01",
                                          "ends_on": "2099-01-02"}), 201
    ),
    "vacations.delete_vacation": ParentRequest(lambda world, spares: Probe(path={"vacation_id": world.vacation}), 204),
}


async def spares_of(client, world: FamilyWorld) -> Spares:
    parent = world.as_parent
    doomed = await api_create_chore(client, parent, assignee_ids=[world.children[0].id])
    multi_row = await ChoreAssignment.get(chore_id=world.chores["multi"], assignee_id=world.children[1].id)
    claim = await ChoreAssignment.get(chore_id=world.chores["pool"])
    payout = await LedgerEntry.get(child_id=world.children[0].id, kind=EntryKind.PAYOUT)
    leaving = [await make_child(world.parent) for _ in range(2)]
    token = await client.post(f"{API}/tokens", json={"name": "Spare", "scopes": ["read"]}, headers=parent)
    reward = expect(await client.post(f"{API}/rewards", json={"title": "Spare", "price": 1}, headers=parent), 201)
    requests = [expect(await client.post(f"{API}/redemptions", json={"reward_id": world.reward},
                                         headers=world.as_child), 201)["id"] for _ in range(2)]
    occurrence = await ChoreOccurrence.filter(chore_id=world.chores["scheduled"]).order_by("id").first()
    assert occurrence is not None
    return Spares(doomed["id"], multi_row.id, claim.id, payout.id, leaving, expect(token, 201)["id"], reward["id"],
                  requests, occurrence.id)


async def test_every_parent_only_route_of_the_code_has_a_request_in_the_table(app):
    derived = {name_of(app, route) for route in operations(app) if is_parent_only(route)}

    assert derived == set(PARENT_ONLY)
    assert {"chores.create_chore", "assignments.approve", "families.create", "statistics.trends"} <= derived
    assert not {"users.me", "chores.get_chore", "chores.complete_chore", "payouts.list_payouts"} & derived


async def test_a_childs_token_is_refused_on_every_parent_only_route_and_a_parent_is_not(app, client, settings):
    world = await build_family(client, settings, "home")
    spares = await spares_of(client, world)
    routes = {name_of(app, route): route for route in operations(app)}
    failures = []

    before = await snapshot()
    for name, request in PARENT_ONLY.items():
        response = await send(client, routes[name], request.probe(world, spares), world.as_child)
        if response.status_code != 403:
            failures.append(f"child on {name}: {response.status_code} {response.text[:200]}")
    changed = changed_rows(before, await snapshot())
    for name, request in PARENT_ONLY.items():
        response = await send(client, routes[name], request.probe(world, spares), world.as_parent)
        if response.status_code != request.parent_status:
            failures.append(f"parent on {name}: {response.status_code} {response.text[:200]}")

    assert not failures, "\n".join(failures)
    assert changed == []


# --------------------------------------------------------------------------------------------
# Mass assignment: fields a body may not set are refused or ignored, never applied
# --------------------------------------------------------------------------------------------

@pytest.fixture
async def homes() -> tuple[Household, Household]:
    return await make_household(), await make_household()


def smuggled(other: Household, **overrides: Any) -> dict[str, Any]:
    """Every field of our rows that no body may set, its ids pointing into another family."""
    return {
        "is_parent": True,
        "is_active": False,
        "family_id": other.family.id,
        "parent_id": other.parent.id,
        "creator_id": other.parent.id,
        "approved_by": other.parent.id,
        "actor_id": other.parent.id,
        "balance": 1000,
        "balance_cents": 100_000,
        "amount_cents": 100_000,
        "kind": "payout",
        **overrides,
    }


async def account_fields(user_id: int) -> tuple:
    """What a smuggled field could have set: role, family, parent, active flag, balance."""
    user = await User.get(id=user_id)
    return user.is_parent, user.family_id, user.parent_id, user.is_active, user.balance_cents


async def test_parent_registration_ignores_every_field_but_the_forms(client, homes):
    home, other = homes
    form = {
        **{key: str(value) for key, value in smuggled(other).items()},
        "username": "newparent",
        "password": "password123",
        "email": "newparent@example.com",
        "is_parent": "true",
        "registration_code": "BETA2024",
    }

    response = await client.post(f"{API}/users/register", data=form)

    assert await account_fields(expect(response, 201)["id"]) == (True, None, None, True, 0)


async def test_child_registration_under_a_parents_token_lands_in_his_family_whatever_the_form_says(
    client, settings, homes
):
    home, other = homes
    form = {
        **{key: str(value) for key, value in smuggled(other).items()},
        "username": "newkid",
        "password": "password123",
        "is_parent": "false",
        "parent_id": "",
    }

    response = await client.post(f"{API}/users/register", data=form, headers=auth_headers(home.parent, settings))

    assert await account_fields(expect(response, 201)["id"]) == (False, home.family.id, home.parent.id, True, 0)


async def test_creating_a_child_ignores_family_balance_and_is_active_fields(client, settings, homes):
    home, other = homes
    body = {**smuggled(other, is_parent=False), "username": "newkid", "password": "password123"}
    del body["parent_id"]

    response = await client.post(f"{API}/users/", json=body, headers=auth_headers(home.parent, settings))

    assert await account_fields(expect(response, 201)["id"]) == (False, home.family.id, home.parent.id, True, 0)


async def test_creating_a_parent_without_a_registration_code_is_refused(client, settings, homes):
    home, other = homes
    body = {"username": "sneaky", "password": "password123", "email": "sneaky@example.com", "is_parent": True}

    response = await client.post(f"{API}/users/", json=body, headers=auth_headers(home.parent, settings))

    assert response.status_code == 422
    assert not await User.exists(username="sneaky")


async def test_a_password_reset_takes_only_a_password_so_it_updates_nothing_else(client, settings, homes):
    """There is no "update user" route: the only write on a user is this reset, whose body is a bare string."""
    home, other = homes
    child = home.children[0]
    body = {**smuggled(other), "password": "new-password"}

    response = await client.post(
        f"{API}/users/children/{child.id}/reset-password", json=body, headers=auth_headers(home.parent, settings)
    )

    assert response.status_code == 422
    reloaded = await User.get(id=child.id)
    assert (reloaded.hashed_password, reloaded.family_id, reloaded.is_parent) == (
        child.hashed_password, home.family.id, False
    )


async def test_creating_and_updating_a_chore_keeps_its_creator_family_and_mode(client, settings, homes):
    home, other = homes
    headers = auth_headers(home.parent, settings)
    chore = await api_create_chore(client, headers, assignee_ids=[home.children[0].id], **smuggled(other))

    update = await client.put(
        f"{API}/chores/{chore['id']}",
        json={**smuggled(other), "assignment_mode": "unassigned", "title": "Renamed"},
        headers=headers,
    )

    expect(update, 200)
    stored = await Chore.get(id=chore["id"])
    assert (stored.creator_id, stored.family_id, stored.mode.value, stored.title) == (
        home.parent.id, home.family.id, "single", "Renamed"
    )


async def test_an_adjustment_books_its_amount_by_its_author_and_nothing_else(client, settings, homes):
    home, other = homes
    child = home.children[0]
    body = {**smuggled(other), "child_id": child.id, "amount": 2.5, "reason": "Helped a neighbour"}

    response = await client.post(f"{API}/adjustments/", json=body, headers=auth_headers(home.co_parent, settings))

    expect(response, 201)
    [entry] = await LedgerEntry.filter(child_id=child.id)
    assert (entry.kind, entry.amount_cents, entry.actor_id) == (EntryKind.ADJUSTMENT, 250, home.co_parent.id)
    assert (await User.get(id=child.id)).balance_cents == 250


async def test_a_payout_books_its_amount_by_its_author_and_nothing_else(client, settings, homes):
    home, other = homes
    child = home.children[0]
    headers = auth_headers(home.parent, settings)
    bonus = {"child_id": child.id, "amount": 5, "reason": "Bonus"}
    expect(await client.post(f"{API}/adjustments/", json=bonus, headers=headers), 201)
    body = {**smuggled(other, amount_cents=-100_000, kind="adjustment"), "child_id": child.id, "amount": 1.5}

    response = await client.post(f"{API}/payouts/", json=body, headers=headers)

    expect(response, 201)
    payout = await LedgerEntry.get(child_id=child.id, kind=EntryKind.PAYOUT)
    assert (payout.amount_cents, payout.actor_id) == (-150, home.parent.id)
    assert (await User.get(id=child.id)).balance_cents == 350


async def test_an_approval_pays_the_chores_reward_whatever_the_body_says(client, settings, homes):
    home, other = homes
    child = home.children[0]
    headers = auth_headers(home.parent, settings)
    chore = await api_create_chore(client, headers, reward=3, assignee_ids=[child.id])
    expect(await client.post(f"{API}/chores/{chore['id']}/complete", headers=auth_headers(child, settings)), 200)
    row_id = chore["assignments"][0]["id"]
    body = {**smuggled(other), "reward_value": 999, "approval_reward_cents": 999_999, "cycle": 7}

    response = await client.post(f"{API}/assignments/{row_id}/approve", json=body, headers=headers)

    expect(response, 200)
    [entry] = await LedgerEntry.filter(child_id=child.id)
    assert (entry.kind, entry.amount_cents, entry.actor_id, entry.cycle) == (EntryKind.REWARD, 300, home.parent.id, 1)
    assert (await User.get(id=child.id)).balance_cents == 300
