"""Reward requests (issue #13, item 2): a child's request holds the price at once, a parent approves (a debit)
or declines (the hold is released); the holds bound every other debit, and every refusal changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from models import Activity, EntryKind, Event, Family, LedgerEntry, User
from models.ledger import ledger_balance_cents
from models.redemptions import Redemption, held_cents
from models.rewards import Reward
from tests.api.test_ledger import adjust, events_of, reverse
from tests.api.test_rewards import API, ask, create_reward, store_of
from tests.factories import auth_headers, make_household
from tests.security.world import changed_rows, snapshot

NEW_YORK = ZoneInfo("America/New_York")


async def funded(client, settings, *, children: int = 1, money: float = 10):
    """A household whose children have ``money`` each."""
    home = await make_household(children=children)
    for child in home.children:
        await adjust(client, auth_headers(home.parent, settings), child, money)
    return home


async def decide(client, settings, parent, redemption_id: int, verb: str, **body):
    return await client.post(f"{API}/redemptions/{redemption_id}/{verb}", json=body or None,
                             headers=auth_headers(parent, settings))


async def test_a_request_holds_the_price_at_once_and_reserves_a_unit_of_stock(client, settings):
    home = await funded(client, settings, money=10)
    [sam] = home.children
    reward = await create_reward(client, auth_headers(home.parent, settings), title="Kite", price=4, stock=2)

    response = await ask(client, settings, sam, reward["id"])

    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"], "reward_id": reward["id"], "reward_title": "Kite", "child_id": sam.id, "price": 4.0,
        "status": "pending", "requested_at": body["requested_at"], "expires_at": body["expires_at"],
        "decided_at": None, "decided_by": None, "decline_reason": None, "entry_id": None,
    }
    requested, ends = (datetime.fromisoformat(body[key]) for key in ("requested_at", "expires_at"))
    assert ends - requested == timedelta(hours=settings.redemption_hold_hours)
    assert await held_cents(sam.id) == 400
    assert await ledger_balance_cents(sam.id) == 1000  # nothing is debited before a parent approves
    assert (await Reward.get(id=reward["id"])).stock == 1
    [activity] = await Activity.filter(activity_type="reward_requested")
    assert (activity.user_id, activity.target_user_id, activity.description) == (
        sam.id, sam.id, "Requested reward 'Kite' for $4.00")


async def test_a_second_request_cannot_spend_the_money_the_first_holds(client, settings):
    home = await funded(client, settings, money=5)
    [sam] = home.children
    reward = await create_reward(client, auth_headers(home.parent, settings), title="Game", price=3)
    assert (await ask(client, settings, sam, reward["id"])).status_code == 201
    before = await snapshot()

    again = await ask(client, settings, sam, reward["id"])

    assert again.status_code == 400
    assert again.json() == {"detail": "Not enough money for this reward: it costs $3.00 and the spendable balance is "
                                      "$2.00 (the balance less what pending requests hold)"}
    assert changed_rows(before, await snapshot()) == []


async def test_the_parents_are_told_of_a_request_and_nobody_else(client, settings):
    home = await funded(client, settings, children=2)
    sam, tom = home.children
    reward = await create_reward(client, auth_headers(home.parent, settings), title="Kite", price=4)

    request = (await ask(client, settings, sam, reward["id"])).json()

    for parent in (home.parent, home.co_parent):
        [event] = [e for e in await events_of(client, settings, parent) if e["type"] == "reward_requested"]
        assert event["data"] == {
            "redemption_id": request["id"], "reward_id": reward["id"], "reward_title": "Kite", "child_id": sam.id,
            "price": 4.0, "status": "pending", "requested_at": request["requested_at"],
            "expires_at": request["expires_at"], "decided_at": None, "decided_by_id": None, "decline_reason": None,
        }
    for child in (sam, tom):
        assert [e for e in await events_of(client, settings, child) if e["type"] == "reward_requested"] == []


async def test_an_approval_turns_the_hold_into_a_redemption_debit_counted_as_paid_out(client, settings):
    home = await funded(client, settings, children=2, money=10)
    sam, tom = home.children
    reward = await create_reward(client, auth_headers(home.parent, settings), title="Kite", price=4)
    request = (await ask(client, settings, sam, reward["id"])).json()

    response = await decide(client, settings, home.co_parent, request["id"], "approve")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["decided_by"], body["decline_reason"]) == ("approved", home.co_parent.id, None)
    debit = await LedgerEntry.get(id=body["entry_id"])
    assert (debit.child_id, debit.kind, debit.amount_cents, debit.actor_id, debit.reason) == (
        sam.id, EntryKind.REDEMPTION, -400, home.co_parent.id, "Kite")
    assert await held_cents(sam.id) == 0
    assert (await User.get(id=sam.id)).balance_cents == 600
    balance = (await client.get(f"{API}/users/me/balance", headers=auth_headers(sam, settings))).json()
    assert (balance["balance"], balance["paid_out"], balance["adjustments"]) == (6.0, 4.0, 10.0)
    assert balance["total_earned"] + balance["adjustments"] - balance["paid_out"] == balance["balance"]
    for user in (sam, home.parent, home.co_parent):
        events = await events_of(client, settings, user)
        [decided] = [e["data"] for e in events if e["type"] == "reward_decided"]
        assert (decided["redemption_id"], decided["status"], decided["decided_by_id"]) == (
            request["id"], "approved", home.co_parent.id)
        assert [e["data"] for e in events if e["type"] == "balance_updated"][-1] == {"child_id": sam.id, "balance": 6.0}
    assert [e for e in await events_of(client, settings, tom) if e["type"] == "reward_decided"] == []
    [activity] = await Activity.filter(activity_type="reward_approved")
    assert (activity.user_id, activity.target_user_id, activity.description) == (
        home.co_parent.id, sam.id, "Approved reward 'Kite' for $4.00")


async def test_redemptions_are_paid_out_in_the_summaries_reports_and_history(client, settings):
    home = await funded(client, settings, money=10)
    [sam] = home.children
    parent = auth_headers(home.parent, settings)
    reward = await create_reward(client, parent, title="Kite", price=4)
    request = (await ask(client, settings, sam, reward["id"])).json()
    approved = (await decide(client, settings, home.parent, request["id"], "approve")).json()
    await client.post(f"{API}/payouts", json={"child_id": sam.id, "amount": 1}, headers=parent)

    [row] = (await client.get(f"{API}/users/allowance-summary", headers=parent)).json()
    report = (await client.get(f"{API}/reports/allowance-summary", headers=parent)).json()
    exported = (await client.get(f"{API}/reports/export/allowance-summary", params={"format": "csv"},
                                 headers=parent)).json()
    history = (await client.get(f"{API}/reports/reward-history/{sam.id}", headers=parent)).json()
    payouts = (await client.get(f"{API}/payouts", headers=parent)).json()

    assert (row["paid_out"], row["balance_due"]) == (5.0, 5.0)
    [child_row] = report["child_summaries"]
    assert (child_row["paid_out"], child_row["balance_due"]) == (5.0, 5.0)
    assert (report["family_summary"]["total_paid_out"], report["family_summary"]["total_balance_due"]) == (5.0, 5.0)
    assert f"{sam.username},0,0.00,10.00,5.00," in exported["content"]
    redemption = next(item for item in history if item["type"] == "redemption")
    assert redemption == {"type": "redemption", "date": redemption["date"], "amount": -4.0,
                          "description": "Reward: Kite", "entry_id": approved["entry_id"], "reason": "Kite"}
    assert [payout["amount"] for payout in payouts] == ["1.00"]  # a redemption is no payout of cash


async def test_a_decline_releases_the_hold_and_returns_the_unit_to_stock(client, settings):
    home = await funded(client, settings, money=5)
    [sam] = home.children
    reward = await create_reward(client, auth_headers(home.parent, settings), title="Kite", price=4, stock=1)
    request = (await ask(client, settings, sam, reward["id"])).json()

    response = await decide(client, settings, home.parent, request["id"], "decline", reason="Not this week")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["decline_reason"], body["decided_by"], body["entry_id"]) == (
        "declined", "Not this week", home.parent.id, None)
    assert (await Reward.get(id=reward["id"])).stock == 1
    assert await held_cents(sam.id) == 0 and await ledger_balance_cents(sam.id) == 500
    [event] = [e["data"] for e in await events_of(client, settings, sam) if e["type"] == "reward_decided"]
    assert (event["status"], event["decline_reason"]) == ("declined", "Not this week")
    [activity] = await Activity.filter(activity_type="reward_declined")
    assert activity.description == "Declined reward 'Kite': Not this week"


async def test_a_decline_needs_a_reason(client, settings):
    home = await funded(client, settings)
    reward = await create_reward(client, auth_headers(home.parent, settings))
    request = (await ask(client, settings, home.children[0], reward["id"])).json()

    for body in ({}, {"reason": "no"}, {"reason": "x" * 501}):
        response = await client.post(f"{API}/redemptions/{request['id']}/decline", json=body,
                                     headers=auth_headers(home.parent, settings))
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["body", "reason"]
    assert (await Redemption.get(id=request["id"])).status == "pending"


async def test_a_child_cannot_decide_a_request_not_even_his_own(client, settings):
    home = await funded(client, settings, children=2)
    sam, tom = home.children
    reward = await create_reward(client, auth_headers(home.parent, settings))
    request = (await ask(client, settings, sam, reward["id"])).json()
    before = await snapshot()

    answers = {
        "own approve": await decide(client, settings, sam, request["id"], "approve"),
        "own decline": await decide(client, settings, sam, request["id"], "decline", reason="Changed my mind"),
        "sibling approve": await decide(client, settings, tom, request["id"], "approve"),
    }

    assert {name: answer.status_code for name, answer in answers.items()} == dict.fromkeys(answers, 403)
    assert answers["own approve"].json() == {"detail": "Only parents can approve reward requests"}
    assert answers["own decline"].json() == {"detail": "Only parents can decline reward requests"}
    assert changed_rows(before, await snapshot()) == []


async def test_another_familys_reward_and_requests_are_not_found_and_nothing_changes(client, settings):
    home, other = await funded(client, settings), await funded(client, settings)
    theirs = await create_reward(client, auth_headers(other.parent, settings), title="Theirs")
    their_request = (await ask(client, settings, other.children[0], theirs["id"])).json()
    before = await snapshot()

    redeem = await ask(client, settings, home.children[0], theirs["id"])
    approve = await decide(client, settings, home.parent, their_request["id"], "approve")
    decline = await decide(client, settings, home.parent, their_request["id"], "decline", reason="Not yours")
    read = await client.get(f"{API}/redemptions/{their_request['id']}", headers=auth_headers(home.parent, settings))
    peek = await client.get(f"{API}/redemptions/{their_request['id']}",
                            headers=auth_headers(home.children[0], settings))

    assert (redeem.status_code, redeem.json()) == (404, {"detail": "Reward not found"})
    for answer in (approve, decline, read, peek):
        assert (answer.status_code, answer.json()) == (404, {"detail": "Reward request not found"})
    assert changed_rows(before, await snapshot()) == []


async def test_a_parent_cannot_request_and_bad_bodies_are_a_422(client, settings):
    home = await funded(client, settings)
    reward = await create_reward(client, auth_headers(home.parent, settings))
    child = auth_headers(home.children[0], settings)
    before = await snapshot()

    by_parent = await client.post(f"{API}/redemptions", json={"reward_id": reward["id"]},
                                  headers=auth_headers(home.parent, settings))
    bad = [await client.post(f"{API}/redemptions", json=body, headers=child)
           for body in ({}, {"reward_id": "kite"}, {"reward_id": 2**63})]
    unknown = await ask(client, settings, home.children[0], 99_999_999)

    assert (by_parent.status_code, by_parent.json()) == (403, {"detail": "Only children can request rewards"})
    assert [answer.status_code for answer in bad] == [422, 422, 422]
    assert (unknown.status_code, unknown.json()) == (404, {"detail": "Reward not found"})
    assert changed_rows(before, await snapshot()) == []


async def test_a_request_is_refused_when_out_of_stock_switched_off_or_past_its_end(client, settings):
    home = await funded(client, settings)
    [sam] = home.children
    parent = auth_headers(home.parent, settings)
    sold_out = await create_reward(client, parent, stock=0)
    switched_off = await create_reward(client, parent, enabled=False)
    ended = await create_reward(client, parent, expires_at=(datetime.now(UTC) + timedelta(hours=1)).isoformat())
    before = await snapshot()

    with time_machine.travel(datetime.now(UTC) + timedelta(hours=2), tick=False):
        answers = [await ask(client, settings, sam, reward["id"]) for reward in (sold_out, switched_off, ended)]

    assert [(answer.status_code, answer.json()["detail"]) for answer in answers] == [
        (409, "This reward is out of stock"),
        (409, "This reward cannot be requested now: it is switched off or past its end"),
        (409, "This reward cannot be requested now: it is switched off or past its end"),
    ]
    assert changed_rows(before, await snapshot()) == []


async def test_a_request_is_decided_once(client, settings):
    home = await funded(client, settings)
    reward = await create_reward(client, auth_headers(home.parent, settings))
    request = (await ask(client, settings, home.children[0], reward["id"])).json()
    await decide(client, settings, home.parent, request["id"], "approve")

    again = await decide(client, settings, home.co_parent, request["id"], "approve")
    decline = await decide(client, settings, home.co_parent, request["id"], "decline", reason="Too late")

    assert (again.status_code, again.json()) == (409, {"detail": "This reward request is already approved"})
    assert (decline.status_code, decline.json()) == (409, {"detail": "This reward request is already approved"})
    assert await LedgerEntry.filter(kind=EntryKind.REDEMPTION).count() == 1


@pytest.mark.parametrize(("period", "first", "next_period"), [
    ("day", datetime(2027, 3, 10, 23, 30), datetime(2027, 3, 11, 0, 10)),  # Wednesday night, Thursday
    ("week", datetime(2027, 3, 7, 23, 30), datetime(2027, 3, 8, 0, 10)),  # Sunday night, Monday
    ("month", datetime(2027, 2, 28, 23, 30), datetime(2027, 3, 1, 0, 10)),  # last of February, first of March
])
async def test_the_limit_per_period_counts_on_the_familys_wall_clock(client, settings, period, first, next_period):
    home = await funded(client, settings, money=10)
    [sam] = home.children
    await Family.filter(id=home.family.id).update(timezone="America/New_York")
    reward = await create_reward(client, auth_headers(home.parent, settings), price=1, limit_count=1,
                                 limit_period=period)
    # 23:30 in New York and 00:10 the next day are the same day (week, month) in UTC: only the zone tells them apart.
    first_at, later_at = first.replace(tzinfo=NEW_YORK), next_period.replace(tzinfo=NEW_YORK)
    assert first_at.astimezone(UTC).date() == later_at.astimezone(UTC).date()

    with time_machine.travel(first_at, tick=False):
        made = await ask(client, settings, sam, reward["id"])
    with time_machine.travel(first_at + timedelta(minutes=20), tick=False):
        refused = await ask(client, settings, sam, reward["id"])
    with time_machine.travel(later_at, tick=False):
        next_one = await ask(client, settings, sam, reward["id"])

    assert (made.status_code, refused.status_code, next_one.status_code) == (201, 409, 201)
    assert refused.json() == {"detail": f"Limit reached: this reward can be requested 1 time(s) per {period} "
                                        "(approved and pending requests count)"}
    assert await Redemption.filter(child_id=sam.id).count() == 2


async def test_declined_requests_do_not_count_against_the_limit_and_each_child_has_his_own(client, settings):
    home = await funded(client, settings, children=2)
    sam, tom = home.children
    reward = await create_reward(client, auth_headers(home.parent, settings), price=1, limit_count=1,
                                 limit_period="day")
    first = (await ask(client, settings, sam, reward["id"])).json()
    await decide(client, settings, home.parent, first["id"], "decline", reason="Ask again later")

    again = await ask(client, settings, sam, reward["id"])
    brother = await ask(client, settings, tom, reward["id"])
    third = await ask(client, settings, sam, reward["id"])

    assert (again.status_code, brother.status_code, third.status_code) == (201, 201, 409)


async def test_a_retried_request_gets_the_first_answer_and_holds_once(client, settings):
    home = await funded(client, settings)
    [sam] = home.children
    parent = auth_headers(home.parent, settings)
    kite, ball = await create_reward(client, parent, price=2), await create_reward(client, parent, price=2)

    first = await ask(client, settings, sam, kite["id"], **{"Idempotency-Key": "kite-1"})
    retry = await ask(client, settings, sam, kite["id"], **{"Idempotency-Key": "kite-1"})
    other_body = await ask(client, settings, sam, ball["id"], **{"Idempotency-Key": "kite-1"})

    assert (first.status_code, retry.status_code, retry.content) == (201, 201, first.content)
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert other_body.status_code == 422
    assert await Redemption.all().count() == 1 and await held_cents(sam.id) == 200
    assert await Event.filter(type="reward_requested").count() == 1


async def test_retried_decisions_replay_their_first_answer(client, settings):
    home = await funded(client, settings)
    reward = await create_reward(client, auth_headers(home.parent, settings))
    request = (await ask(client, settings, home.children[0], reward["id"])).json()
    keyed = {**auth_headers(home.parent, settings), "Idempotency-Key": "approve-kite"}

    first = await client.post(f"{API}/redemptions/{request['id']}/approve", headers=keyed)
    retry = await client.post(f"{API}/redemptions/{request['id']}/approve", headers=keyed)

    assert (first.status_code, retry.status_code, retry.content) == (200, 200, first.content)
    assert await LedgerEntry.filter(kind=EntryKind.REDEMPTION).count() == 1


async def test_payouts_deductions_and_reversals_leave_what_the_holds_need(client, settings):
    home = await make_household(children=1)
    [sam] = home.children
    parent = auth_headers(home.parent, settings)
    bonus = await adjust(client, parent, sam, 10)
    reward = await create_reward(client, parent, price=7)
    await ask(client, settings, sam, reward["id"])
    before = await snapshot()

    payout = await client.post(f"{API}/payouts", json={"child_id": sam.id, "amount": 4}, headers=parent)
    deduction = await client.post(f"{API}/adjustments/", json={"child_id": sam.id, "amount": -4, "reason": "Broke it"},
                                  headers=parent)
    reversal = await reverse(client, parent, bonus["id"])

    held = "held for pending reward requests. Spendable balance: $3.00"
    assert (payout.status_code, payout.json()) == (400, {"detail": f"Payout would take the balance below the $7.00 {held}"})
    assert (deduction.status_code, deduction.json()) == (
        400, {"detail": f"Adjustment would take the balance below the $7.00 {held}"})
    assert (reversal.status_code, reversal.json()) == (
        400, {"detail": f"Reversal would take the balance below the $7.00 {held}"})
    assert changed_rows(before, await snapshot()) == []
    within = await client.post(f"{API}/payouts", json={"child_id": sam.id, "amount": 3}, headers=parent)
    assert within.status_code == 201


async def test_reversing_a_redemption_refunds_its_price(client, settings):
    home = await funded(client, settings, money=10)
    [sam] = home.children
    parent = auth_headers(home.parent, settings)
    reward = await create_reward(client, parent, price=4)
    request = (await ask(client, settings, sam, reward["id"])).json()
    approved = (await decide(client, settings, home.parent, request["id"], "approve")).json()

    response = await reverse(client, parent, approved["entry_id"], reason="The shop was closed")

    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["amount"]) == ("redemption", 4.0)
    balance = (await client.get(f"{API}/users/me/balance", headers=auth_headers(sam, settings))).json()
    assert (balance["balance"], balance["paid_out"]) == (10.0, 0.0)


async def test_a_hold_past_its_end_reads_as_expired_and_cannot_be_approved(client, settings):
    home = await funded(client, settings, money=5)
    [sam] = home.children
    reward = await create_reward(client, auth_headers(home.parent, settings), title="Kite", price=4)
    request = (await ask(client, settings, sam, reward["id"])).json()

    with time_machine.travel(datetime.now(UTC) + timedelta(hours=settings.redemption_hold_hours, minutes=1)):
        read = await client.get(f"{API}/redemptions/{request['id']}", headers=auth_headers(home.parent, settings))
        approve = await decide(client, settings, home.parent, request["id"], "approve")
        store = await store_of(client, settings, sam)
        pending = await client.get(f"{API}/redemptions", params={"status": "pending"},
                                   headers=auth_headers(sam, settings))
        expired = await client.get(f"{API}/redemptions", params={"status": "expired"},
                                   headers=auth_headers(sam, settings))

    assert read.json()["status"] == "expired"
    assert (approve.status_code, approve.json()) == (409, {"detail": "This reward request is already expired"})
    assert store["Kite"]["affordable"] is True
    assert (pending.json(), [item["id"] for item in expired.json()]) == ([], [request["id"]])
    assert await ledger_balance_cents(sam.id) == 500


async def test_lists_show_the_familys_requests_to_parents_and_his_own_to_a_child(client, settings):
    home = await funded(client, settings, children=2)
    sam, tom = home.children
    parent = auth_headers(home.parent, settings)
    reward = await create_reward(client, parent, price=1)
    sams = [(await ask(client, settings, sam, reward["id"])).json() for _ in range(2)]
    toms = (await ask(client, settings, tom, reward["id"])).json()
    await decide(client, settings, home.parent, sams[0]["id"], "approve")

    everything = (await client.get(f"{API}/redemptions", headers=parent)).json()
    toms_only = (await client.get(f"{API}/redemptions", params={"child_id": tom.id}, headers=parent)).json()
    approved = (await client.get(f"{API}/redemptions", params={"status": "approved"}, headers=parent)).json()
    own = (await client.get(f"{API}/redemptions", headers=auth_headers(sam, settings))).json()
    snooping = await client.get(f"{API}/redemptions", params={"child_id": tom.id}, headers=auth_headers(sam, settings))

    assert [item["id"] for item in everything] == [toms["id"], sams[1]["id"], sams[0]["id"]]
    assert [item["id"] for item in toms_only] == [toms["id"]]
    assert [item["id"] for item in approved] == [sams[0]["id"]]
    assert [item["id"] for item in own] == [sams[1]["id"], sams[0]["id"]]
    assert (snooping.status_code, snooping.json()) == (403, {"detail": "You can only view your own reward requests"})


async def test_a_child_removed_from_the_family_has_his_pending_requests_cancelled(client, settings):
    home = await funded(client, settings, children=2)
    sam, _ = home.children
    reward = await create_reward(client, auth_headers(home.parent, settings), price=2, stock=1)
    request = (await ask(client, settings, sam, reward["id"])).json()

    removed = await client.post(f"{API}/families/remove-member", json={"user_id": sam.id},
                                headers=auth_headers(home.parent, settings))

    assert removed.status_code == 200, removed.text
    cancelled = await Redemption.get(id=request["id"])
    assert (cancelled.status, cancelled.decline_reason) == ("cancelled", "The child left the family")
    assert (await Reward.get(id=reward["id"])).stock == 1
    assert await held_cents(sam.id) == 0
