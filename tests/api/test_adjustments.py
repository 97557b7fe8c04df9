"""Manual reward adjustments (J1–J4): ADJUSTMENT entries of the ledger, for children a parent manages (D1, D11)."""

from __future__ import annotations

import pytest

from models import Activity, EntryKind, LedgerEntry, User
from models.ledger import ledger_balance_cents
from tests.factories import api_create_chore, auth_headers, make_household

ADJUSTMENTS = "/api/v1/adjustments"


async def adjust(client, settings, parent, child, amount, reason="Good week"):
    return await client.post(f"{ADJUSTMENTS}/", json={"child_id": child.id, "amount": amount, "reason": reason},
                             headers=auth_headers(parent, settings))


async def earn(client, settings, home, child, reward) -> None:
    """Have ``child`` complete a fixed chore and a parent approve it."""
    parent = auth_headers(home.parent, settings)
    chore = await api_create_chore(client, parent, reward=reward, assignee_ids=[child.id])
    await client.post(f"/api/v1/chores/{chore['id']}/complete", headers=auth_headers(child, settings))
    assert (await client.post(f"/api/v1/chores/{chore['id']}/approve", json={}, headers=parent)).status_code == 200


async def test_a_bonus_is_a_ledger_entry_that_moves_the_balance_and_is_logged(client, settings):
    home = await make_household(children=1)
    [alice] = home.children

    response = await adjust(client, settings, home.co_parent, alice, 10, reason="Birthday")

    assert response.status_code == 201
    body = response.json()
    assert body == {"id": body["id"], "child_id": alice.id, "parent_id": home.co_parent.id, "amount": "10.00",
                    "reason": "Birthday", "created_at": body["created_at"], "child": None, "parent": None}
    assert body["created_at"].endswith("Z")
    [entry] = await LedgerEntry.all()
    assert (entry.kind, entry.amount_cents, entry.actor_id) == (EntryKind.ADJUSTMENT, 1000, home.co_parent.id)
    assert (await User.get(id=alice.id)).balance_cents == 1000
    [activity] = await Activity.all()
    assert (activity.activity_type, activity.user_id, activity.target_user_id, activity.family_id) == (
        "adjustment_applied", home.co_parent.id, alice.id, home.family.id)
    assert activity.description == "Applied bonus of $10.00: Birthday"
    assert activity.activity_data == {"adjustment_id": entry.id, "amount": 10.0, "reason": "Birthday",
                                      "adjustment_type": "bonus"}


async def test_a_deduction_may_use_the_whole_balance_rewards_included_but_not_more(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    await earn(client, settings, home, alice, 5)

    too_much = await adjust(client, settings, home.parent, alice, -5.01, reason="Broke a vase")
    exact = await adjust(client, settings, home.parent, alice, "-5.00", reason="Broke a vase")
    nothing_left = await adjust(client, settings, home.parent, alice, -0.01)

    assert too_much.status_code == 400
    assert too_much.json() == {"detail": "Adjustment would result in negative balance. Current balance: $5.00"}
    assert exact.status_code == 201
    assert exact.json()["amount"] == "-5.00"
    assert nothing_left.json() == {"detail": "Adjustment would result in negative balance. Current balance: $0.00"}
    assert await ledger_balance_cents(alice.id) == 0
    logged = await Activity.filter(activity_type="adjustment_applied").values_list("description", flat=True)
    assert logged == ["Applied deduction of $5.00: Broke a vase"]


@pytest.mark.parametrize(
    ("body", "loc", "error_type", "msg"),
    [
        ({"amount": 0}, ["body", "amount"], "value_error", "Value error, Adjustment amount cannot be zero"),
        ({"amount": "0.00"}, ["body", "amount"], "value_error", "Value error, Adjustment amount cannot be zero"),
        ({"amount": 1000}, ["body", "amount"], "less_than_equal", "Input should be less than or equal to 999.99"),
        ({"amount": -1000}, ["body", "amount"], "greater_than_equal",
         "Input should be greater than or equal to -999.99"),
        ({"amount": 1.234}, ["body", "amount"], "decimal_max_places",
         "Decimal input should have no more than 2 decimal places"),
        ({"amount": "ten"}, ["body", "amount"], "decimal_parsing", None),
        ({"amount": True}, ["body", "amount"], "decimal_type", None),
        ({"reason": "ab"}, ["body", "reason"], "string_too_short", None),
        ({"reason": "x" * 10_000}, ["body", "reason"], "string_too_long", None),
        ({"child_id": "me"}, ["body", "child_id"], "int_parsing", None),
        ({"child_id": None}, ["body", "child_id"], "int_type", None),
    ],
)
async def test_bad_adjustments_are_refused_with_the_list_shaped_422(client, settings, body, loc, error_type, msg):
    home = await make_household(children=1)
    payload = {"child_id": home.children[0].id, "amount": 5, "reason": "Because", **body}

    response = await client.post(f"{ADJUSTMENTS}/", json=payload, headers=auth_headers(home.parent, settings))

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (loc, error_type)
    if msg:
        assert error["msg"] == msg
    assert not await LedgerEntry.exists()


async def test_adjustments_are_for_parents_managing_an_existing_child(client, settings):
    home = await make_household(children=1)
    other = await make_household(children=1)
    cases = [
        (home.children[0], home.children[0].id, 403, "Only parents can create reward adjustments"),
        (home.parent, 999999, 404, "Child user not found"),
        (home.parent, other.children[0].id, 404, "Child user not found"),
        (home.parent, home.co_parent.id, 403, "You can only adjust rewards for your own children"),
    ]

    for user, child_id, status, detail in cases:
        response = await client.post(f"{ADJUSTMENTS}/", json={"child_id": child_id, "amount": 1, "reason": "abc"},
                                     headers=auth_headers(user, settings))
        assert (response.status_code, response.json()) == (status, {"detail": detail})
    assert not await LedgerEntry.exists()
    assert (await client.post(ADJUSTMENTS, headers=auth_headers(home.parent, settings))).status_code == 422


async def test_lists_hold_manual_adjustments_only_newest_first(client, settings):
    home = await make_household(children=2)
    alice, bob = home.children
    await earn(client, settings, home, alice, 3)
    first = (await adjust(client, settings, home.parent, alice, 1, reason="first")).json()
    second = (await adjust(client, settings, home.co_parent, alice, 2, reason="second")).json()
    third = (await adjust(client, settings, home.parent, bob, 3, reason="third")).json()
    parent = auth_headers(home.parent, settings)

    async def ids(url, **params):
        response = await client.get(url, params=params, headers=parent)
        assert response.status_code == 200
        return [a["id"] for a in response.json()]

    assert await ids(f"{ADJUSTMENTS}/child/{alice.id}") == [second["id"], first["id"]]
    assert await ids(f"{ADJUSTMENTS}/child/{alice.id}", skip=1, limit=1) == [first["id"]]
    assert await ids(f"{ADJUSTMENTS}/") == [third["id"], first["id"]]
    assert await ids(ADJUSTMENTS, child_id=alice.id) == [second["id"], first["id"]]
    assert await ids(ADJUSTMENTS, child_id=alice.id, parent_id=123) == [second["id"], first["id"]]
    for params in ({"limit": 101}, {"limit": 0}, {"skip": -1}, {"child_id": "x"}):
        assert (await client.get(ADJUSTMENTS, params=params, headers=parent)).status_code == 422
    assert (await client.get(f"{ADJUSTMENTS}/child/{alice.id}", params={"limit": 101}, headers=parent)).status_code == 422


async def test_adjustment_lists_are_refused_to_children_and_strangers(client, settings):
    home = await make_household(children=1)
    other = await make_household(children=1)
    [alice] = home.children
    await adjust(client, settings, home.parent, alice, 1)
    cases = [
        (f"{ADJUSTMENTS}/child/{alice.id}", {}, alice, 403, "Children cannot view reward adjustments"),
        (f"{ADJUSTMENTS}/child/{alice.id}", {}, other.parent, 404, "Child user not found"),
        (f"{ADJUSTMENTS}/child/999999", {}, home.parent, 404, "Child user not found"),
        (ADJUSTMENTS, {}, alice, 403, "Children cannot view reward adjustments"),
        (ADJUSTMENTS, {"child_id": alice.id}, other.parent, 404, "Child user not found"),
        (ADJUSTMENTS, {"child_id": 999999}, home.parent, 404, "Child user not found"),
        (f"{ADJUSTMENTS}/total/{alice.id}", {}, other.parent, 404, "Child user not found"),
        (f"{ADJUSTMENTS}/total/{other.children[0].id}", {}, alice, 403, "You can only view your own adjustment total"),
        (f"{ADJUSTMENTS}/total/999999", {}, home.parent, 404, "Child user not found"),
    ]

    for url, params, user, status, detail in cases:
        response = await client.get(url, params=params, headers=auth_headers(user, settings))
        assert (response.status_code, response.json()) == (status, {"detail": detail}), url
    assert (await client.get(ADJUSTMENTS, headers=auth_headers(other.parent, settings))).json() == []


async def test_the_total_is_the_sum_of_manual_adjustments_as_a_decimal_string(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    url = f"{ADJUSTMENTS}/total/{alice.id}"
    await earn(client, settings, home, alice, 9)

    none_yet = await client.get(url, headers=auth_headers(home.parent, settings))
    await adjust(client, settings, home.parent, alice, 10)
    await adjust(client, settings, home.co_parent, alice, -3.5)
    for_parent = await client.get(url, headers=auth_headers(home.co_parent, settings))
    for_child = await client.get(url, headers=auth_headers(alice, settings))

    assert none_yet.json() == {"child_id": alice.id, "total_adjustments": "0", "currency": "USD"}
    assert for_parent.json() == for_child.json() == {"child_id": alice.id, "total_adjustments": "6.50",
                                                     "currency": "USD"}
