"""The ledger and its reversals (issue #13, item 5): undoing a reward, an adjustment or a payout appends
its opposite (same kind, opposite amount, linked to it), never below a zero balance, at most once."""

from __future__ import annotations

import pytest

from models import Activity, ChoreAssignment, EntryKind, LedgerEntry, User
from models.ledger import ledger_balance_cents
from tests.factories import api_create_chore, auth_headers, make_household

API = "/api/v1"


async def adjust(client, headers, child, amount, reason="Good week") -> dict:
    response = await client.post(f"{API}/adjustments/", json={"child_id": child.id, "amount": amount, "reason": reason},
                                 headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def pay(client, headers, child, amount) -> dict:
    response = await client.post(f"{API}/payouts/", json={"child_id": child.id, "amount": amount}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def earn(client, settings, parent_headers, child, reward) -> ChoreAssignment:
    """``child`` completes a fixed chore and a parent approves it: one REWARD entry."""
    chore = await api_create_chore(client, parent_headers, reward=reward, assignee_ids=[child.id])
    await client.post(f"{API}/chores/{chore['id']}/complete", headers=auth_headers(child, settings))
    approved = await client.post(f"{API}/chores/{chore['id']}/approve", json={}, headers=parent_headers)
    assert approved.status_code == 200, approved.text
    return await ChoreAssignment.get(chore_id=chore["id"])


async def reverse(client, headers, entry_id, reason="Entered by mistake"):
    return await client.post(f"{API}/ledger/{entry_id}/reverse", json={"reason": reason}, headers=headers)


async def events_of(client, settings, user) -> list[dict]:
    response = await client.get(f"{API}/events", headers=auth_headers(user, settings))
    assert response.status_code == 200
    return response.json()


async def test_reversing_an_adjustment_appends_its_opposite_linked_to_it(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    bonus = await adjust(client, parent, alice, 10, reason="Birthday")

    response = await reverse(client, auth_headers(home.co_parent, settings), bonus["id"], reason="Wrong child")

    assert response.status_code == 201
    body = response.json()
    assert body == {"id": body["id"], "child_id": alice.id, "kind": "adjustment", "amount": -10.0,
                    "reason": "Wrong child", "actor_id": home.co_parent.id, "chore_id": None, "assignment_id": None,
                    "reverses": bonus["id"], "reversed_by": None, "created_at": body["created_at"]}
    original, reversal = await LedgerEntry.all().order_by("id")
    assert (original.id, original.amount_cents) == (bonus["id"], 1000)
    assert (reversal.kind, reversal.amount_cents, reversal.reverses_id) == (EntryKind.ADJUSTMENT, -1000, original.id)
    assert (await User.get(id=alice.id)).balance_cents == 0 == await ledger_balance_cents(alice.id)


async def test_a_reversal_is_logged_and_pushed_to_the_child_and_his_parents_only(client, settings):
    home = await make_household(children=2)
    alice, bob = home.children
    bonus = await adjust(client, auth_headers(home.parent, settings), alice, 4)

    reversal = (await reverse(client, auth_headers(home.co_parent, settings), bonus["id"], reason="Wrong child")).json()

    [activity] = await Activity.filter(activity_type="entry_reversed")
    assert (activity.user_id, activity.target_user_id, activity.family_id) == (home.co_parent.id, alice.id,
                                                                                home.family.id)
    assert activity.description == "Reversed adjustment of $4.00: Wrong child"
    assert activity.activity_data == {"entry_id": reversal["id"], "reversed_entry_id": bonus["id"],
                                      "kind": "adjustment", "amount": -4.0, "reason": "Wrong child"}
    for user in (alice, home.parent, home.co_parent):
        events = await events_of(client, settings, user)
        [pushed] = [event for event in events if event["type"] == "entry_reversed"]
        assert pushed["data"] == {"entry_id": reversal["id"], "reversed_entry_id": bonus["id"], "child_id": alice.id,
                                  "kind": "adjustment", "amount": -4.0, "reason": "Wrong child",
                                  "reversed_by_id": home.co_parent.id, "reversed_by": home.co_parent.username}
        balances = [event["data"] for event in events if event["type"] == "balance_updated"]
        assert balances[-1] == {"child_id": alice.id, "balance": 0.0}
    assert [event for event in await events_of(client, settings, bob) if event["type"] == "entry_reversed"] == []


async def test_undoing_an_approval_takes_the_reward_back_but_leaves_the_chore_approved(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    row = await earn(client, settings, parent, alice, 5)
    [reward] = await LedgerEntry.filter(kind=EntryKind.REWARD)

    response = await reverse(client, parent, reward.id, reason="Not really done")

    assert response.status_code == 201
    reversal = await LedgerEntry.get(id=response.json()["id"])
    assert (reversal.kind, reversal.amount_cents, reversal.chore_id) == (EntryKind.REWARD, -500, reward.chore_id)
    assert (reversal.assignment_id, reversal.cycle) == (None, None)
    assert (await ChoreAssignment.get(id=row.id)).is_approved
    [summary] = (await client.get(f"{API}/users/allowance-summary", headers=parent)).json()
    assert (summary["balance_due"], summary["total_earned"], summary["completed_chores"]) == (0.0, 0.0, 0)


async def test_reversing_a_payout_gives_the_money_back_and_lowers_paid_out(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    await adjust(client, parent, alice, 10)
    payout = await pay(client, parent, alice, 4)

    response = await reverse(client, parent, payout["id"], reason="Cash was never handed over")

    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["amount"]) == ("payout", 4.0)
    [row] = (await client.get(f"{API}/users/allowance-summary", headers=parent)).json()
    assert (row["balance_due"], row["paid_out"], row["total_adjustments"]) == (10.0, 0.0, 10.0)


async def test_the_balance_identity_holds_with_reversals_of_every_kind(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    await earn(client, settings, parent, alice, 6)
    await earn(client, settings, parent, alice, 3)
    bonus = await adjust(client, parent, alice, 5)
    payout = await pay(client, parent, alice, 2)
    first_reward = (await LedgerEntry.filter(kind=EntryKind.REWARD).order_by("id").first()).id
    for entry_id in (first_reward, bonus["id"], payout["id"]):
        assert (await reverse(client, parent, entry_id)).status_code == 201

    balance = (await client.get(f"{API}/users/me/balance", headers=auth_headers(alice, settings))).json()
    [summary] = (await client.get(f"{API}/users/allowance-summary", headers=parent)).json()

    assert balance["total_earned"] + balance["adjustments"] - balance["paid_out"] == balance["balance"] == 3.0
    assert (summary["completed_chores"], summary["balance_due"]) == (1, 3.0)
    assert (await User.get(id=alice.id)).balance_cents == 300


async def test_a_reversal_that_would_take_the_balance_below_zero_is_refused_and_stores_nothing(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    await earn(client, settings, parent, alice, 5)
    await pay(client, parent, alice, 3)
    [reward] = await LedgerEntry.filter(kind=EntryKind.REWARD)
    entries = await LedgerEntry.all().count()

    response = await reverse(client, parent, reward.id)

    assert response.status_code == 400
    assert response.json() == {"detail": "Reversal would result in negative balance. Current balance: $2.00"}
    assert await LedgerEntry.all().count() == entries
    assert await Activity.filter(activity_type="entry_reversed").count() == 0


async def test_an_entry_is_reversed_at_most_once_and_a_reversal_never(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    bonus = await adjust(client, parent, alice, 10)
    reversal = (await reverse(client, parent, bonus["id"])).json()

    again = await reverse(client, auth_headers(home.co_parent, settings), bonus["id"])
    undo_the_undo = await reverse(client, parent, reversal["id"])

    assert (again.status_code, again.json()) == (409, {"detail": "This entry has already been reversed"})
    assert (undo_the_undo.status_code, undo_the_undo.json()) == (
        409, {"detail": "This entry is itself a reversal and cannot be reversed"})
    assert await LedgerEntry.all().count() == 2


async def test_only_a_parent_of_the_family_may_reverse_and_an_unknown_entry_is_not_found(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    stranger = await make_household(children=0)
    bonus = await adjust(client, auth_headers(home.parent, settings), alice, 10)

    by_child = await reverse(client, auth_headers(alice, settings), bonus["id"])
    by_stranger = await reverse(client, auth_headers(stranger.parent, settings), bonus["id"])
    unknown = await reverse(client, auth_headers(home.parent, settings), 99_999_999)

    assert (by_child.status_code, by_child.json()) == (403, {"detail": "Only parents can reverse ledger entries"})
    assert by_stranger.status_code == unknown.status_code == 404
    assert by_stranger.json() == unknown.json() == {"detail": "Ledger entry not found"}
    assert await LedgerEntry.all().count() == 1


@pytest.mark.parametrize(
    ("body", "loc", "error_type"),
    [
        ({}, ["body", "reason"], "missing"),
        ({"reason": "no"}, ["body", "reason"], "string_too_short"),
        ({"reason": "x" * 501}, ["body", "reason"], "string_too_long"),
        ({"reason": 12}, ["body", "reason"], "string_type"),
    ],
)
async def test_a_reversal_needs_a_reason(client, settings, body, loc, error_type):
    home = await make_household(children=1)
    bonus = await adjust(client, auth_headers(home.parent, settings), home.children[0], 10)

    response = await client.post(f"{API}/ledger/{bonus['id']}/reverse", json=body,
                                 headers=auth_headers(home.parent, settings))

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["type"]) == (loc, error_type)
    assert await LedgerEntry.all().count() == 1


async def test_the_ledger_lists_entries_newest_first_with_their_reversal_links(client, settings):
    home = await make_household(children=2)
    alice, bob = home.children
    parent = auth_headers(home.parent, settings)
    bonus = await adjust(client, parent, alice, 10, reason="Birthday")
    await adjust(client, parent, bob, 1)
    reversal = (await reverse(client, parent, bonus["id"], reason="Oops")).json()

    as_parent = (await client.get(f"{API}/ledger", params={"child_id": alice.id}, headers=parent)).json()
    as_child = (await client.get(f"{API}/ledger", headers=auth_headers(alice, settings))).json()
    whole_family = (await client.get(f"{API}/ledger", headers=parent)).json()

    assert as_parent == as_child
    assert [(e["id"], e["amount"], e["reverses"], e["reversed_by"]) for e in as_child] == [
        (reversal["id"], -10.0, bonus["id"], None), (bonus["id"], 10.0, None, reversal["id"])]
    assert {e["child_id"] for e in whole_family} == {alice.id, bob.id}


async def test_a_child_may_read_only_his_own_ledger(client, settings):
    home = await make_household(children=2)
    alice, bob = home.children

    response = await client.get(f"{API}/ledger", params={"child_id": bob.id}, headers=auth_headers(alice, settings))

    assert (response.status_code, response.json()) == (403, {"detail": "You can only view your own ledger entries"})


async def test_reversals_show_in_the_lists_of_their_kind_and_in_the_reward_history(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    await earn(client, settings, parent, alice, 5)
    bonus = await adjust(client, parent, alice, 10)
    [reward] = await LedgerEntry.filter(kind=EntryKind.REWARD)
    await reverse(client, parent, bonus["id"], reason="Wrong child")
    await reverse(client, parent, reward.id, reason="Not done")

    adjustments = (await client.get(f"{API}/adjustments/child/{alice.id}", headers=parent)).json()
    total = (await client.get(f"{API}/adjustments/total/{alice.id}", headers=parent)).json()
    history = (await client.get(f"{API}/reports/reward-history/{alice.id}", headers=parent)).json()

    assert [(a["amount"], a["reason"]) for a in adjustments] == [("-10.00", "Wrong child"), ("10.00", "Good week")]
    assert total["total_adjustments"] == "0.00"
    assert [(h["type"], h["amount"], h["description"]) for h in history][:2] == [
        ("chore_earning", -5.0, "Reversal: Not done"), ("adjustment", -10.0, "Reversal: Wrong child")]


async def test_a_reversed_reward_is_no_completed_chore_in_statistics_and_reports(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    await earn(client, settings, parent, alice, 5)
    await earn(client, settings, parent, alice, 2)
    first = await LedgerEntry.filter(kind=EntryKind.REWARD).order_by("id").first()
    await reverse(client, parent, first.id)

    [week] = (await client.get(f"{API}/statistics/weekly-summary", params={"weeks_back": 1},
                               headers=parent)).json()["weekly_data"]
    report = (await client.get(f"{API}/reports/allowance-summary", headers=parent)).json()

    assert (week["completed_chores"], week["total_earned"], week["active_children"]) == (1, 2.0, 1)
    assert (report["family_summary"]["total_completed_chores"], report["family_summary"]["total_earned"]) == (1, 2.0)
