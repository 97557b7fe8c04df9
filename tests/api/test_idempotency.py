"""Idempotent money moves (issue #13, item 6): with an ``Idempotency-Key``, a retry of the same request
gets the first answer back byte for byte and moves nothing again; the same key on another request is a 422."""

from __future__ import annotations

import pytest

from models import ChoreAssignment, EntryKind, LedgerEntry
from models.idempotency import IdempotencyKey
from tests.api.test_ledger import adjust
from tests.factories import api_create_chore, auth_headers, make_household

API = "/api/v1"


def keyed(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}


async def test_a_retried_payout_gets_the_first_answer_byte_for_byte_and_pays_once(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    await adjust(client, parent, alice, 10)
    body = {"child_id": alice.id, "amount": 4, "note": "Cinema"}

    first = await client.post(f"{API}/payouts/", json=body, headers=keyed(parent, "payout-1"))
    retry = await client.post(f"{API}/payouts/", json=body, headers=keyed(parent, "payout-1"))

    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content
    assert retry.headers["content-type"] == first.headers["content-type"]
    assert retry.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert await LedgerEntry.filter(kind=EntryKind.PAYOUT).count() == 1


async def test_without_the_header_every_request_runs(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)

    await adjust(client, parent, alice, 1)
    await adjust(client, parent, alice, 1)

    assert await LedgerEntry.filter(kind=EntryKind.ADJUSTMENT).count() == 2
    assert await IdempotencyKey.all().count() == 0


async def test_the_same_key_with_another_body_or_route_is_refused_and_moves_nothing(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = keyed(auth_headers(home.parent, settings), "once")
    first = await client.post(f"{API}/adjustments/", json={"child_id": alice.id, "amount": 5, "reason": "Bonus"},
                              headers=parent)

    other_body = await client.post(f"{API}/adjustments/", json={"child_id": alice.id, "amount": 6, "reason": "Bonus"},
                                   headers=parent)
    other_route = await client.post(f"{API}/payouts/", json={"child_id": alice.id, "amount": 1}, headers=parent)

    assert first.status_code == 201
    for response in (other_body, other_route):
        assert (response.status_code, response.json()) == (
            422, {"detail": "Idempotency-Key was already used for another request (method, path or body differ)"})
    assert [entry.amount_cents for entry in await LedgerEntry.all()] == [500]


@pytest.mark.parametrize("key", ["", "k" * 256, "clé".encode(), "tab\there"])
async def test_a_malformed_key_is_a_422_and_stores_nothing(client, settings, key):
    home = await make_household(children=1)
    [alice] = home.children

    response = await client.post(f"{API}/adjustments/", json={"child_id": alice.id, "amount": 5, "reason": "Bonus"},
                                 headers={**auth_headers(home.parent, settings), "Idempotency-Key": key})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["header", "Idempotency-Key"]
    assert await LedgerEntry.all().count() == 0
    assert await IdempotencyKey.all().count() == 0


async def test_a_refused_request_frees_its_key_so_that_its_retry_runs(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    body = {"child_id": alice.id, "amount": 3}

    refused = await client.post(f"{API}/payouts/", json=body, headers=keyed(parent, "pay-3"))
    await adjust(client, parent, alice, 3)
    retried = await client.post(f"{API}/payouts/", json=body, headers=keyed(parent, "pay-3"))

    assert refused.status_code == 400
    assert retried.status_code == 201
    assert await LedgerEntry.filter(kind=EntryKind.PAYOUT).count() == 1


async def test_keys_belong_to_their_user(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    body = {"child_id": alice.id, "amount": 2, "reason": "Bonus"}

    for parent in (home.parent, home.co_parent):
        response = await client.post(f"{API}/adjustments/", json=body,
                                     headers=keyed(auth_headers(parent, settings), "shared-key"))
        assert response.status_code == 201

    assert await LedgerEntry.filter(kind=EntryKind.ADJUSTMENT).count() == 2


async def test_retried_approvals_and_reversals_replay_their_first_answer(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    by_row = await api_create_chore(client, parent, reward=2, assignee_ids=[alice.id])
    by_chore = await api_create_chore(client, parent, reward=3, assignee_ids=[alice.id])
    for chore in (by_row, by_chore):
        await client.post(f"{API}/chores/{chore['id']}/complete", headers=auth_headers(alice, settings))
    first_row = (await ChoreAssignment.get(chore_id=by_row["id"])).id
    requests = [
        (f"{API}/assignments/{first_row}/approve", {}),
        (f"{API}/chores/{by_chore['id']}/approve", {}),
    ]
    for path, body in requests:
        first = await client.post(path, json=body, headers=keyed(parent, path))
        retry = await client.post(path, json=body, headers=keyed(parent, path))
        assert (first.status_code, retry.status_code, retry.content) == (200, 200, first.content), path
    assert await LedgerEntry.filter(kind=EntryKind.REWARD).count() == 2

    reward = await LedgerEntry.filter(kind=EntryKind.REWARD).first()
    path = f"{API}/ledger/{reward.id}/reverse"
    first = await client.post(path, json={"reason": "Oops"}, headers=keyed(parent, "undo"))
    retry = await client.post(path, json={"reason": "Oops"}, headers=keyed(parent, "undo"))
    assert (first.status_code, retry.status_code, retry.content) == (201, 201, first.content)
    assert await LedgerEntry.filter(reverses_id=reward.id).count() == 1


async def test_the_header_is_documented_on_every_money_moving_route(client):
    document = (await client.get("/openapi.json")).json()

    keyed_operations = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if any(parameter["name"] == "Idempotency-Key" for parameter in operation.get("parameters", []))
    }

    assert keyed_operations == {
        ("POST", "/api/v1/assignments/{assignment_id}/approve"),
        ("POST", "/api/v1/chores/{chore_id}/approve"),
        ("POST", "/api/v1/adjustments/"),
        ("POST", "/api/v1/payouts"),
        ("POST", "/api/v1/ledger/{entry_id}/reverse"),
        ("POST", "/api/v1/redemptions"),
        ("POST", "/api/v1/redemptions/{redemption_id}/approve"),
        ("POST", "/api/v1/redemptions/{redemption_id}/decline"),
        ("POST", "/api/v1/jars/{child_id}/transfers"),
        ("POST", "/api/v1/occurrences/{occurrence_id}/penalty"),
    }

