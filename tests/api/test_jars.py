"""Savings jars (issue #13, item 4): an optional split of every credit into jars, debits from the spend jar
first, transfers between jars, goals; the balance stays the ledger's sum and the total of the jars."""

from __future__ import annotations

from typing import Any

import pytest

from models import Activity, EntryKind, Jar, JarMovement, JarSettings, JarTransfer, LedgerEntry
from tests.api.test_ledger import adjust, earn, events_of, pay, reverse
from tests.factories import auth_headers, make_household
from tests.security.world import changed_rows, snapshot

API = "/api/v1"
SPEND_SAVE_GIVE = [
    {"name": "spend", "percent": 70, "is_spend": True},
    {"name": "save", "percent": 20, "goal": {"title": "Bike", "target": 120}},
    {"name": "give", "percent": 10},
]


async def set_up(client, headers, child, jars=None, **body: Any):
    return await client.put(f"{API}/jars/{child.id}", json={"jars": jars or SPEND_SAVE_GIVE, **body}, headers=headers)


async def jars_of(client, headers, child) -> dict:
    response = await client.get(f"{API}/jars/{child.id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def balances(client, headers, child) -> dict[str, float]:
    """The child's jar balances by name."""
    return {jar["name"]: jar["balance"] for jar in (await jars_of(client, headers, child))["jars"]}


async def move(client, headers, child, from_jar, to_jar, amount, **extra: Any):
    body = {"from_jar": from_jar, "to_jar": to_jar, "amount": amount, **extra}
    return await client.post(f"{API}/jars/{child.id}/transfers", json=body, headers=headers)


async def allocation(entry_id: int) -> dict[str, int]:
    """How a ledger entry was spread over the jars: cents by jar name."""
    moves = await JarMovement.filter(entry_id=entry_id).prefetch_related("jar")
    return {move.jar.name: move.amount_cents for move in moves}


async def home_with_jars(client, settings, **body: Any):
    home = await make_household(children=2)
    parent = auth_headers(home.parent, settings)
    response = await set_up(client, parent, home.children[0], **body)
    assert response.status_code == 200, response.text
    return home, parent, home.children[0]


# --------------------------------------------------------------------------------------------
# Reading and setting jars up
# --------------------------------------------------------------------------------------------

async def test_a_child_without_jars_has_one_implicit_spend_jar_holding_his_whole_balance(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    await adjust(client, parent, alice, 12.5)

    for headers in (parent, auth_headers(home.co_parent, settings), auth_headers(alice, settings)):
        assert await jars_of(client, headers, alice) == {
            "child_id": alice.id, "configured": False, "child_can_transfer": False, "balance": 12.5,
            "jars": [{"id": None, "name": "spend", "percent": 100, "is_spend": True, "balance": 12.5, "goal": None}],
        }
    assert await JarMovement.all().count() == await Jar.all().count() == 0


async def test_setting_jars_up_puts_the_balance_so_far_in_the_spend_jar(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    await adjust(client, parent, alice, 10)

    response = await set_up(client, parent, alice, child_can_transfer=True)

    assert response.status_code == 200
    spend, save, give = await Jar.all().order_by("position")
    assert response.json() == {
        "child_id": alice.id, "configured": True, "child_can_transfer": True, "balance": 10.0,
        "jars": [
            {"id": spend.id, "name": "spend", "percent": 70, "is_spend": True, "balance": 10.0, "goal": None},
            {"id": save.id, "name": "save", "percent": 20, "is_spend": False, "balance": 0.0,
             "goal": {"title": "Bike", "target": 120.0, "progress_percent": 0, "remaining": 120.0}},
            {"id": give.id, "name": "give", "percent": 10, "is_spend": False, "balance": 0.0, "goal": None},
        ],
    }
    assert await jars_of(client, auth_headers(alice, settings), alice) == response.json()


async def test_every_credit_is_split_by_the_percentages_in_whole_cents(client, settings):
    home, parent, alice = await home_with_jars(client, settings)

    tiny = await adjust(client, parent, alice, 0.01)
    odd = await adjust(client, parent, alice, 0.99)

    assert await allocation(tiny["id"]) == {"spend": 1}
    assert await allocation(odd["id"]) == {"spend": 69, "save": 20, "give": 10}
    assert await balances(client, parent, alice) == {"spend": 0.70, "save": 0.20, "give": 0.10}


async def test_every_kind_of_entry_is_allocated_as_the_ledger_appends_it(client, settings):
    home, parent, alice = await home_with_jars(client, settings)

    await earn(client, settings, parent, alice, 10)
    [reward] = await LedgerEntry.filter(kind=EntryKind.REWARD)
    bonus = await adjust(client, parent, alice, 5)
    undo_reward = (await reverse(client, parent, reward.id)).json()
    fine = await adjust(client, parent, alice, -2)
    payout = await pay(client, parent, alice, 3)
    undo_payout = (await reverse(client, parent, payout["id"])).json()

    assert await allocation(reward.id) == {"spend": 700, "save": 200, "give": 100}
    assert await allocation(bonus["id"]) == {"spend": 350, "save": 100, "give": 50}
    assert await allocation(undo_reward["id"]) == {"spend": -700, "save": -200, "give": -100}
    assert await allocation(fine["id"]) == {"spend": -200}
    assert await allocation(payout["id"]) == {"spend": -150, "save": -100, "give": -50}
    assert await allocation(undo_payout["id"]) == {"spend": 150, "save": 100, "give": 50}
    assert await balances(client, parent, alice) == {"spend": 1.5, "save": 1.0, "give": 0.5}
    assert (await jars_of(client, parent, alice))["balance"] == 3.0


async def test_a_debit_empties_the_spend_jar_before_it_touches_the_others_in_their_order(client, settings):
    home, parent, alice = await home_with_jars(client, settings, jars=[
        {"name": "give", "percent": 10}, {"name": "save", "percent": 40},
        {"name": "spend", "percent": 50, "is_spend": True},
    ])
    await adjust(client, parent, alice, 10)

    payout = await pay(client, parent, alice, 7)

    assert await allocation(payout["id"]) == {"spend": -500, "give": -100, "save": -100}
    assert await balances(client, parent, alice) == {"give": 0.0, "save": 3.0, "spend": 0.0}


async def test_new_percentages_apply_to_later_credits_and_a_reversal_undoes_the_old_split(client, settings):
    home, parent, alice = await home_with_jars(client, settings)
    before = await adjust(client, parent, alice, 10)

    changed = await set_up(client, parent, alice, jars=[
        {"name": "spend", "percent": 50, "is_spend": True}, {"name": "save", "percent": 50}, {"name": "give", "percent": 0},
    ])
    after = await adjust(client, parent, alice, 10)
    undone = (await reverse(client, parent, before["id"])).json()

    assert changed.status_code == 200
    assert await allocation(after["id"]) == {"spend": 500, "save": 500}
    assert await allocation(undone["id"]) == {"spend": -700, "save": -200, "give": -100}
    assert await balances(client, parent, alice) == {"spend": 5.0, "save": 5.0, "give": 0.0}


async def test_undoing_a_credit_whose_money_was_moved_on_takes_the_rest_from_the_spend_jar(client, settings):
    home, parent, alice = await home_with_jars(client, settings)
    bonus = await adjust(client, parent, alice, 10)
    await adjust(client, parent, alice, 10)
    assert (await move(client, parent, alice, "save", "spend", 4)).status_code == 201

    undone = (await reverse(client, parent, bonus["id"])).json()

    # spend 18, save 0, give 2: save cannot give its 2 back, so spend gives 7 + 2
    assert await allocation(undone["id"]) == {"spend": -900, "give": -100}
    assert await balances(client, parent, alice) == {"spend": 9.0, "save": 0.0, "give": 1.0}


async def test_removing_a_jar_that_holds_money_is_refused_and_an_empty_one_goes(client, settings):
    home, parent, alice = await home_with_jars(client, settings)
    await adjust(client, parent, alice, 10)
    two_jars = [{"name": "Spend", "percent": 80, "is_spend": True}, {"name": "save", "percent": 20}]
    rows = await snapshot()

    refused = await set_up(client, parent, alice, jars=two_jars)

    assert (refused.status_code, refused.json()) == (
        409, {"detail": "The give jar still holds $1.00: move it to another jar before removing this one"})
    assert changed_rows(rows, await snapshot()) == []
    assert (await move(client, parent, alice, "give", "spend", 1)).status_code == 201
    removed = await set_up(client, parent, alice, jars=two_jars)
    assert removed.status_code == 200
    assert [(jar["name"], jar["percent"], jar["balance"]) for jar in removed.json()["jars"]] == [
        ("Spend", 80, 8.0), ("save", 20, 2.0)]
    transfers = (await client.get(f"{API}/jars/{alice.id}/transfers", headers=parent)).json()
    assert [(t["from_jar"], t["to_jar"]) for t in transfers] == [("give", "Spend")]


async def test_a_jar_added_back_by_name_returns_empty(client, settings):
    home, parent, alice = await home_with_jars(client, settings)
    await set_up(client, parent, alice, jars=[{"name": "spend", "percent": 100, "is_spend": True}])

    response = await set_up(client, parent, alice, jars=[{"name": "spend", "percent": 90, "is_spend": True},
                                                         {"name": "GIVE", "percent": 10}])

    assert [(jar["name"], jar["balance"]) for jar in response.json()["jars"]] == [("spend", 0.0), ("GIVE", 0.0)]
    assert await Jar.filter(child_id=alice.id).count() == 3


async def test_a_goal_shows_its_progress_in_whole_percent_up_to_100(client, settings):
    home, parent, alice = await home_with_jars(client, settings, jars=[
        {"name": "spend", "percent": 0, "is_spend": True},
        {"name": "save", "percent": 100, "goal": {"title": "Lego set", "target": "30.00"}},
    ])

    progress = []
    for amount in (10, 9.99, 10, 5):
        await adjust(client, parent, alice, amount)
        [_, save] = (await jars_of(client, parent, alice))["jars"]
        progress.append((save["goal"]["progress_percent"], save["goal"]["remaining"]))

    assert progress == [(33, 20.0), (66, 10.01), (99, 0.01), (100, 0.0)]


# --------------------------------------------------------------------------------------------
# Transfers
# --------------------------------------------------------------------------------------------

async def test_a_parent_moves_money_between_jars_which_is_logged_and_pushed_to_the_child_and_parents(client, settings):
    home, parent, alice = await home_with_jars(client, settings)
    bob = home.children[1]
    await adjust(client, parent, alice, 10)
    co_parent = auth_headers(home.co_parent, settings)

    response = await move(client, co_parent, alice, "spend", "save", 2.5, note="For the bike")

    assert response.status_code == 201
    transfer = await JarTransfer.get()
    assert response.json() == {"id": transfer.id, "child_id": alice.id, "from_jar": "spend", "to_jar": "save",
                               "amount": 2.5, "note": "For the bike", "actor_id": home.co_parent.id,
                               "created_at": response.json()["created_at"]}
    assert await balances(client, parent, alice) == {"spend": 4.5, "save": 4.5, "give": 1.0}
    [activity] = await Activity.filter(activity_type="jar_transfer")
    assert (activity.user_id, activity.target_user_id, activity.family_id) == (home.co_parent.id, alice.id,
                                                                                home.family.id)
    assert activity.description == "Moved $2.50 from spend to save: For the bike"
    for user in (alice, home.parent, home.co_parent):
        [pushed] = [event for event in await events_of(client, settings, user) if event["type"] == "jar_transfer"]
        assert pushed["data"] == {"transfer_id": transfer.id, "child_id": alice.id, "from_jar": "spend",
                                  "to_jar": "save", "amount": 2.5, "note": "For the bike", "from_balance": 4.5,
                                  "to_balance": 4.5, "moved_by_id": home.co_parent.id,
                                  "moved_by": home.co_parent.username}
    assert [event for event in await events_of(client, settings, bob) if event["type"] == "jar_transfer"] == []


async def test_old_clients_read_the_same_balances_for_a_child_with_jars_as_for_one_without(client, settings):
    home = await make_household(children=2)
    with_jars, without = home.children
    parent = auth_headers(home.parent, settings)
    await set_up(client, parent, with_jars)
    for child in (with_jars, without):
        await earn(client, settings, parent, child, 10)
        await adjust(client, parent, child, 0.99)
        await adjust(client, parent, child, -2)
        payout = await pay(client, parent, child, 7)
        await reverse(client, parent, payout["id"])
        await pay(client, parent, child, 8.5)
    await move(client, parent, with_jars, "give", "save", 0.5)

    def figures(row: dict) -> dict:
        return {name: value for name, value in row.items() if name not in ("id", "username", "child_id")}

    mine = [(await client.get(f"{API}/users/me/balance", headers=auth_headers(child, settings))).content
            for child in (with_jars, without)]
    summary = (await client.get(f"{API}/users/allowance-summary", headers=parent)).json()
    totals = [(await client.get(f"{API}/adjustments/total/{child.id}", headers=parent)).json()
              for child in (with_jars, without)]
    assert mine[0] == mine[1] == b'{"balance":0.49,"total_earned":10.0,"adjustments":-1.01,"paid_out":8.5,' \
                                b'"pending_chores_value":0.0}'
    assert figures(summary[0]) == figures(summary[1])
    assert figures(totals[0]) == figures(totals[1])
    assert (await jars_of(client, parent, with_jars))["balance"] == 0.49


async def test_a_transfer_leaves_every_balance_figure_as_it_was(client, settings):
    home, parent, alice = await home_with_jars(client, settings)
    await adjust(client, parent, alice, 10)
    child = auth_headers(alice, settings)
    before = [(await client.get(f"{API}{path}", headers=headers)).content for path, headers in (
        ("/users/me/balance", child), ("/users/allowance-summary", parent), (f"/adjustments/total/{alice.id}", parent))]

    await move(client, parent, alice, "spend", "give", 3)

    after = [(await client.get(f"{API}{path}", headers=headers)).content for path, headers in (
        ("/users/me/balance", child), ("/users/allowance-summary", parent), (f"/adjustments/total/{alice.id}", parent))]
    assert after == before
    assert await LedgerEntry.all().count() == 1


async def test_a_child_moves_his_own_money_only_when_his_parents_allow_it(client, settings):
    home, parent, alice = await home_with_jars(client, settings)
    bob = home.children[1]
    await set_up(client, parent, bob, child_can_transfer=True)
    await adjust(client, parent, alice, 10)
    by_alice, by_bob = auth_headers(alice, settings), auth_headers(bob, settings)

    not_allowed = await move(client, by_alice, alice, "spend", "save", 1)
    allowed_now = await set_up(client, parent, alice, child_can_transfer=True)
    allowed = await move(client, by_alice, alice, "spend", "save", 1)
    siblings = await move(client, by_bob, alice, "spend", "save", 1)

    assert (not_allowed.status_code, not_allowed.json()) == (
        403, {"detail": "Your parents have not allowed you to move money between your jars"})
    assert allowed_now.json()["child_can_transfer"] is True
    assert (allowed.status_code, allowed.json()["actor_id"]) == (201, alice.id)
    assert (siblings.status_code, siblings.json()) == (403, {"detail": "You can only move money between your own jars"})
    assert await JarTransfer.all().count() == 1
    [activity] = await Activity.filter(activity_type="jar_transfer")
    assert activity.user_id == alice.id


async def test_a_transfer_never_takes_a_jar_below_zero(client, settings):
    home, parent, alice = await home_with_jars(client, settings)
    await adjust(client, parent, alice, 10)
    rows = await snapshot()

    response = await move(client, parent, alice, "save", "spend", 2.01)

    assert (response.status_code, response.json()) == (
        400, {"detail": "Transfer exceeds the balance of the save jar. Current balance: $2.00"})
    assert changed_rows(rows, await snapshot()) == []
    assert (await move(client, parent, alice, "save", "spend", 2)).status_code == 201
    assert await balances(client, parent, alice) == {"spend": 9.0, "save": 0.0, "give": 1.0}


async def test_a_replayed_transfer_gets_the_first_answer_and_moves_nothing_again(client, settings):
    home, parent, alice = await home_with_jars(client, settings)
    await adjust(client, parent, alice, 10)
    keyed = {**parent, "Idempotency-Key": "move-1"}

    first = await move(client, keyed, alice, "spend", "save", 1)
    retry = await move(client, keyed, alice, "spend", "save", 1)
    other_body = await move(client, keyed, alice, "spend", "save", 2)

    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content and retry.headers["idempotent-replayed"] == "true"
    assert other_body.status_code == 422
    assert await JarTransfer.all().count() == 1
    assert await balances(client, parent, alice) == {"spend": 6.0, "save": 3.0, "give": 1.0}


async def test_transfers_are_listed_newest_first_to_the_parents_and_the_child(client, settings):
    home, parent, alice = await home_with_jars(client, settings)
    await adjust(client, parent, alice, 10)
    for amount in (1, 2, 3):
        await move(client, parent, alice, "spend", "give", amount)

    by_parent = await client.get(f"{API}/jars/{alice.id}/transfers", params={"limit": 2}, headers=parent)
    by_child = await client.get(f"{API}/jars/{alice.id}/transfers", params={"skip": 2},
                                headers=auth_headers(alice, settings))
    by_sibling = await client.get(f"{API}/jars/{alice.id}/transfers", headers=auth_headers(home.children[1], settings))

    assert [t["amount"] for t in by_parent.json()] == [3.0, 2.0]
    assert [t["amount"] for t in by_child.json()] == [1.0]
    assert (by_sibling.status_code, by_sibling.json()) == (403, {"detail": "You can only view your own jars"})


# --------------------------------------------------------------------------------------------
# Bad input changes nothing
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("jars", "message"), [
    ([{"name": "spend", "percent": 70, "is_spend": True}, {"name": "save", "percent": 20}],
     "Value error, Jar percentages must add up to 100, they add up to 90"),
    ([{"name": "spend", "percent": 70, "is_spend": True}, {"name": "Spend ", "percent": 30}],
     "Value error, Jar names must differ (case aside): Spend, spend appears more than once"),
    ([{"name": "spend", "percent": 70}, {"name": "save", "percent": 30}],
     "Value error, Exactly one jar must be the spend jar (is_spend: true), not 0"),
    ([{"name": "a", "percent": 50, "is_spend": True}, {"name": "b", "percent": 50, "is_spend": True}],
     "Value error, Exactly one jar must be the spend jar (is_spend: true), not 2"),
])
async def test_a_plan_that_does_not_add_up_is_a_422_naming_the_problem(client, settings, jars, message):
    home = await make_household(children=1)
    [alice] = home.children
    rows = await snapshot()

    response = await set_up(client, auth_headers(home.parent, settings), alice, jars=jars)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["msg"]) == (["body", "jars"], message)
    assert changed_rows(rows, await snapshot()) == []


@pytest.mark.parametrize(("body", "loc"), [
    ({"jars": []}, ["body", "jars"]),
    ({"jars": [{"name": f"jar{i}", "percent": 20 if i else 0, "is_spend": i == 0} for i in range(6)]}, ["body", "jars"]),
    ({"jars": [{"name": "spend", "percent": -10, "is_spend": True}, {"name": "b", "percent": 110}]},
     ["body", "jars", 0, "percent"]),
    ({"jars": [{"name": "spend", "percent": 99.5, "is_spend": True}]}, ["body", "jars", 0, "percent"]),
    ({"jars": [{"name": "  ", "percent": 100, "is_spend": True}]}, ["body", "jars", 0, "name"]),
    ({"jars": [{"name": "spend", "percent": 100, "is_spend": True, "goal": {"title": "Bike", "target": -5}}]},
     ["body", "jars", 0, "goal", "target"]),
    ({}, ["body", "jars"]),
])
async def test_a_malformed_plan_is_a_422_and_changes_nothing(client, settings, body, loc):
    home = await make_household(children=1)
    rows = await snapshot()

    response = await client.put(f"{API}/jars/{home.children[0].id}", json=body,
                                headers=auth_headers(home.parent, settings))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc
    assert changed_rows(rows, await snapshot()) == []


@pytest.mark.parametrize(("body", "loc", "message"), [
    ({"from_jar": "spend", "to_jar": "save", "amount": -1}, ["body", "amount"], "Input should be greater than 0"),
    ({"from_jar": "spend", "to_jar": "save", "amount": 0}, ["body", "amount"], "Input should be greater than 0"),
    ({"from_jar": "spend", "to_jar": "save", "amount": 0.001}, ["body", "amount"],
     "Decimal input should have no more than 2 decimal places"),
    ({"from_jar": "spend", "to_jar": "holiday", "amount": 1}, ["body", "to_jar"],
     "Value error, no jar is named 'holiday' (jars: spend, save, give)"),
    ({"from_jar": "Save", "to_jar": "save", "amount": 1}, ["body"],
     "Value error, from_jar and to_jar must be two different jars"),
])
async def test_a_bad_transfer_is_a_422_and_changes_nothing(client, settings, body, loc, message):
    home, parent, alice = await home_with_jars(client, settings)
    await adjust(client, parent, alice, 10)
    rows = await snapshot()

    response = await client.post(f"{API}/jars/{alice.id}/transfers", json=body, headers=parent)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert (error["loc"], error["msg"]) == (loc, message)
    assert changed_rows(rows, await snapshot()) == []


async def test_a_transfer_for_a_child_without_jars_names_no_jar(client, settings):
    home = await make_household(children=1)
    [alice] = home.children

    response = await move(client, auth_headers(home.parent, settings), alice, "spend", "save", 1)

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == (
        "Value error, no jar is named 'spend' (jars: none: no jars are set up for this child yet)")


async def test_another_familys_child_is_not_found_and_a_child_may_not_set_jars_up(client, settings):
    home, parent, alice = await home_with_jars(client, settings)
    stranger = await make_household(children=0)
    outsider = auth_headers(stranger.parent, settings)
    rows = await snapshot()

    answers = [
        await client.get(f"{API}/jars/{alice.id}", headers=outsider),
        await set_up(client, outsider, alice),
        await move(client, outsider, alice, "spend", "save", 1),
        await client.get(f"{API}/jars/{alice.id}/transfers", headers=outsider),
        await client.get(f"{API}/jars/99999999", headers=parent),
    ]
    by_child = await set_up(client, auth_headers(alice, settings), alice)

    assert [(a.status_code, a.json()) for a in answers] == [(404, {"detail": "Child user not found"})] * 5
    assert (by_child.status_code, by_child.json()) == (403, {"detail": "Only parents can set up savings jars"})
    assert changed_rows(rows, await snapshot()) == []
    assert await JarSettings.all().count() == 1
