"""Payouts: money handed to a child, a negative PAYOUT entry of the ledger, never more than his balance."""

from __future__ import annotations

import pytest

from models import Activity, EntryKind, LedgerEntry, User
from tests.factories import auth_headers, make_household

PAYOUTS = "/api/v1/payouts"


async def give(client, settings, home, child, amount) -> None:
    response = await client.post("/api/v1/adjustments/", json={"child_id": child.id, "amount": amount, "reason": "Gift"},
                                 headers=auth_headers(home.parent, settings))
    assert response.status_code == 201


async def pay(client, settings, parent, child, amount, note=None):
    body = {"child_id": child.id, "amount": amount} | ({"note": note} if note is not None else {})
    return await client.post(f"{PAYOUTS}/", json=body, headers=auth_headers(parent, settings))


async def test_a_payout_takes_money_off_the_balance_and_is_logged(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    await give(client, settings, home, alice, 10)

    response = await pay(client, settings, home.co_parent, alice, 4, note="Pocket money")

    assert response.status_code == 201
    body = response.json()
    assert body == {"id": body["id"], "child_id": alice.id, "parent_id": home.co_parent.id, "amount": "4.00",
                    "note": "Pocket money", "created_at": body["created_at"]}
    entry = await LedgerEntry.get(id=body["id"])
    assert (entry.kind, entry.amount_cents) == (EntryKind.PAYOUT, -400)
    assert (await User.get(id=alice.id)).balance_cents == 600
    [activity] = await Activity.filter(activity_type="payout_recorded")
    assert (activity.user_id, activity.target_user_id, activity.family_id) == (home.co_parent.id, alice.id,
                                                                                home.family.id)
    assert activity.description == "Recorded payout of $4.00: Pocket money"
    assert activity.activity_data == {"payout_id": entry.id, "amount": 4.0, "note": "Pocket money"}


async def test_a_payout_may_empty_the_balance_but_not_exceed_it(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    await give(client, settings, home, alice, 2.5)

    too_much = await pay(client, settings, home.parent, alice, 2.51)
    everything = await pay(client, settings, home.parent, alice, "2.50")

    assert too_much.status_code == 400
    assert too_much.json() == {"detail": "Payout exceeds current balance. Current balance: $2.50"}
    assert everything.status_code == 201
    assert everything.json()["note"] is None
    assert (await User.get(id=alice.id)).balance_cents == 0


@pytest.mark.parametrize(
    ("body", "loc", "error_type"),
    [
        ({"amount": 0}, ["body", "amount"], "greater_than"),
        ({"amount": -5}, ["body", "amount"], "greater_than"),
        ({"amount": 1.001}, ["body", "amount"], "decimal_max_places"),
        ({"amount": "all"}, ["body", "amount"], "decimal_parsing"),
        ({"amount": 10**9}, ["body", "amount"], "less_than_equal"),
        ({"note": "n" * 501}, ["body", "note"], "string_too_long"),
        ({"note": 12}, ["body", "note"], "string_type"),
        ({"child_id": "x"}, ["body", "child_id"], "int_parsing"),
    ],
)
async def test_bad_payouts_are_refused_and_nothing_is_stored(client, settings, body, loc, error_type):
    home = await make_household(children=1)
    await give(client, settings, home, home.children[0], 10)

    response = await client.post(f"{PAYOUTS}/", json={"child_id": home.children[0].id, "amount": 1, **body},
                                 headers=auth_headers(home.parent, settings))

    assert response.status_code == 422
    assert [(e["loc"], e["type"]) for e in response.json()["detail"]] == [(loc, error_type)]
    assert not await LedgerEntry.filter(kind=EntryKind.PAYOUT).exists()


async def test_payouts_are_for_parents_managing_an_existing_child(client, settings):
    home = await make_household(children=1)
    other = await make_household(children=1)
    [alice] = home.children
    await give(client, settings, home, alice, 10)
    cases = [
        (alice, alice.id, 403, "Only parents can record payouts"),
        (home.parent, 999999, 404, "Child user not found"),
        (other.parent, alice.id, 404, "Child user not found"),
    ]

    for user, child_id, status, detail in cases:
        response = await client.post(PAYOUTS, json={"child_id": child_id, "amount": 1}, headers=auth_headers(user, settings))
        assert (response.status_code, response.json()) == (status, {"detail": detail})
    assert not await LedgerEntry.filter(kind=EntryKind.PAYOUT).exists()


async def test_payout_lists_show_the_familys_payouts_to_parents_and_his_own_to_a_child(client, settings):
    home = await make_household(children=2)
    other = await make_household(children=1)
    alice, bob = home.children
    for child in (alice, bob):
        await give(client, settings, home, child, 10)
    first = (await pay(client, settings, home.parent, alice, 1)).json()
    second = (await pay(client, settings, home.co_parent, bob, 2)).json()
    third = (await pay(client, settings, home.parent, alice, 3)).json()

    async def ids(user, **params):
        response = await client.get(PAYOUTS, params=params, headers=auth_headers(user, settings))
        assert response.status_code == 200
        return [p["id"] for p in response.json()]

    assert await ids(home.co_parent) == [third["id"], second["id"], first["id"]]
    assert await ids(home.parent, child_id=alice.id) == [third["id"], first["id"]]
    assert await ids(home.parent, skip=1, limit=1) == [second["id"]]
    assert await ids(alice) == await ids(alice, child_id=alice.id) == [third["id"], first["id"]]
    assert await ids(other.parent) == await ids(other.children[0]) == []
    for user, params, status, detail in (
        (alice, {"child_id": bob.id}, 403, "You can only view your own payouts"),
        (other.parent, {"child_id": alice.id}, 404, "Child user not found"),
        (home.parent, {"child_id": 999999}, 404, "Child user not found"),
    ):
        response = await client.get(PAYOUTS, params=params, headers=auth_headers(user, settings))
        assert (response.status_code, response.json()) == (status, {"detail": detail})
    for params in ({"limit": 0}, {"limit": 101}, {"skip": -1}, {"child_id": "x"}):
        assert (await client.get(f"{PAYOUTS}/", params=params, headers=auth_headers(home.parent, settings))).status_code == 422
