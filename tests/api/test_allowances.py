"""``/api/v1/allowances`` (issue #13, item 3): a plan per child, its preview and its settled periods.

The clock is fixed (time-machine) on Wednesday 5 March 2025, 12:00 UTC; the family lives in Berlin
(UTC+1 until 30 March). Payments themselves are the worker's (tests/workers/test_allowances.py);
here a period is settled with the worker's own function where a test needs one.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from models import ChoreAssignment, EntryKind, Family, LedgerEntry, User
from models.allowances import AllowancePayment, AllowancePlan
from models.ledger import ledger_balance_cents
from tests.conftest import TEST_REDIS_URL
from tests.consistency import assert_consistent
from tests.factories import (
    Household,
    auth_headers,
    make_approved_reward,
    make_assigned_chores,
    make_household,
    make_priced_chore,
)
from workers.allowances import Outcome, settle_oldest_owed

API = "/api/v1/allowances"
NOW = datetime(2025, 3, 5, 12, tzinfo=UTC)  # a Wednesday
NEXT_MONDAY_8_IN_BERLIN = datetime(2025, 3, 10, 7, tzinfo=UTC)
WEEKLY = {"amount": 5, "period": "weekly", "weekday": "monday", "time": "08:00"}


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
async def home(db, clock) -> Household:
    home = await make_household(children=2)
    await Family.filter(id=home.family.id).update(timezone="Europe/Berlin")
    return home


def as_user(user: User, settings) -> dict[str, str]:
    return auth_headers(user, settings)


async def put_plan(client, settings, parent: User, child: User, **body) -> dict:
    response = await client.put(f"{API}/{child.id}", json={**WEEKLY, **body}, headers=as_user(parent, settings))
    assert response.status_code in (200, 201), response.text
    return response.json()


async def test_a_parent_sets_a_weekly_plan_and_reads_it_back_with_its_next_payment(client, settings, home):
    [alice, _] = home.children

    created = await client.put(f"{API}/{alice.id}", json=WEEKLY, headers=as_user(home.parent, settings))
    one = await client.get(f"{API}/{alice.id}", headers=as_user(home.co_parent, settings))
    listed = await client.get(API, headers=as_user(home.co_parent, settings))

    assert created.status_code == 201
    assert created.json() == {
        "child_id": alice.id, "amount": 5.0, "period": "weekly", "weekday": "monday", "day_of_month": None,
        "start_date": None, "time": "08:00", "mode": "unconditional", "timezone": "Europe/Berlin",
        "next_payment_at": "2025-03-10T07:00:00Z", "created_at": "2025-03-05T12:00:00Z",
        "updated_at": "2025-03-05T12:00:00Z",
    }
    assert one.json() == created.json()
    assert listed.json() == [created.json()]


async def test_putting_again_replaces_the_plan(client, settings, home):
    [alice, _] = home.children
    await put_plan(client, settings, home.parent, alice)

    replaced = await client.put(
        f"{API}/{alice.id}", json={"amount": "12.50", "period": "monthly", "day_of_month": 31, "time": "18:30",
                                   "mode": "proportional"}, headers=as_user(home.co_parent, settings),
    )

    assert replaced.status_code == 200
    body = replaced.json()
    assert (body["amount"], body["period"], body["day_of_month"], body["weekday"], body["mode"]) == (
        12.5, "monthly", 31, None, "proportional")
    assert body["next_payment_at"] == "2025-03-31T16:30:00Z"  # 18:30 CEST: summer time has begun
    plan = await AllowancePlan.get(child_id=alice.id)
    assert (plan.amount_cents, plan.set_by_id) == (1250, home.co_parent.id)
    assert await AllowancePlan.all().count() == 1


async def test_a_biweekly_plan_pays_on_the_first_weekday_on_or_after_its_start_date(client, settings, home):
    [alice, _] = home.children

    body = await put_plan(client, settings, home.parent, alice, period="biweekly", weekday="friday",
                          start_date="2025-03-12")

    assert (body["start_date"], body["next_payment_at"]) == ("2025-03-12", "2025-03-14T07:00:00Z")


@pytest.mark.parametrize(
    ("change", "location"),
    [
        ({"amount": -5}, ["body", "amount"]),
        ({"amount": 0}, ["body", "amount"]),
        ({"amount": "1.005"}, ["body", "amount"]),
        ({"amount": 10_000}, ["body", "amount"]),
        ({"weekday": "funday"}, ["body", "weekday"]),
        ({"weekday": 1}, ["body", "weekday"]),
        ({"period": "daily"}, ["body", "period"]),
        ({"mode": "sometimes"}, ["body", "mode"]),
        ({"time": "24:00"}, ["body", "time"]),
        ({"time": "8am"}, ["body", "time"]),
        ({"period": "monthly", "weekday": None, "day_of_month": 0}, ["body", "day_of_month"]),
        ({"period": "monthly", "weekday": None, "day_of_month": 32}, ["body", "day_of_month"]),
        ({"period": "monthly", "day_of_month": 3}, ["body"]),  # a weekday too
        ({"weekday": None}, ["body"]),
        ({"day_of_month": 3}, ["body"]),
        ({"period": "biweekly"}, ["body"]),  # no start date
        ({"start_date": "1999-12-31"}, ["body", "start_date"]),
        ({"start_date": "9999-12-31"}, ["body", "start_date"]),
    ],
)
async def test_bad_input_is_a_422_and_stores_nothing(client, settings, home, change, location):
    [alice, _] = home.children

    response = await client.put(f"{API}/{alice.id}", json={**WEEKLY, **change}, headers=as_user(home.parent, settings))

    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == location
    assert await AllowancePlan.all().count() == 0


async def test_a_missing_field_or_body_is_a_422(client, settings, home):
    [alice, _] = home.children
    headers = as_user(home.parent, settings)

    no_time = await client.put(f"{API}/{alice.id}", json={"amount": 5, "period": "weekly", "weekday": "monday"},
                               headers=headers)
    no_body = await client.put(f"{API}/{alice.id}", headers=headers)

    assert no_time.json()["detail"][0]["loc"] == ["body", "time"]
    assert no_body.json()["detail"] == [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}]
    assert await AllowancePlan.all().count() == 0


async def test_an_unknown_child_another_familys_child_and_a_parent_are_refused_and_nothing_is_stored(
    client, settings, home
):
    other = await make_household(children=1)
    headers = as_user(home.parent, settings)

    unknown = await client.put(f"{API}/99999999", json=WEEKLY, headers=headers)
    foreign = await client.put(f"{API}/{other.children[0].id}", json=WEEKLY, headers=headers)
    a_parent = await client.put(f"{API}/{home.co_parent.id}", json=WEEKLY, headers=headers)
    by_a_child = await client.put(f"{API}/{home.children[1].id}", json=WEEKLY,
                                  headers=as_user(home.children[0], settings))

    assert unknown.status_code == foreign.status_code == 404
    assert unknown.json() == foreign.json() == {"detail": "Child user not found"}
    assert a_parent.status_code == 403
    assert by_a_child.status_code == 403
    assert by_a_child.json() == {"detail": "Only parents can manage allowances"}
    assert await AllowancePlan.all().count() == 0


async def test_a_child_sees_his_own_preview_and_payments_but_no_plan_list_nor_his_siblings(client, settings, home):
    alice, bob = home.children
    await put_plan(client, settings, home.parent, alice)
    await put_plan(client, settings, home.parent, bob)
    headers = as_user(alice, settings)

    own = await client.get(f"{API}/{alice.id}/preview", headers=headers)
    payments = await client.get(f"{API}/{alice.id}/payments", headers=headers)
    siblings = await client.get(f"{API}/{bob.id}/preview", headers=headers)
    plans = await client.get(API, headers=headers)
    plan = await client.get(f"{API}/{alice.id}", headers=headers)

    assert own.status_code == 200
    assert payments.json() == []
    assert siblings.status_code == 403
    assert siblings.json() == {"detail": "You can only see your own allowance"}
    assert plans.status_code == plan.status_code == 403


async def test_an_unconditional_preview_shows_the_next_payment_and_its_whole_amount(client, settings, home):
    [alice, _] = home.children
    await put_plan(client, settings, home.parent, alice, amount="7.25")

    response = await client.get(f"{API}/{alice.id}/preview", headers=as_user(home.parent, settings))

    assert response.json() == {
        "child_id": alice.id, "next_payment_at": "2025-03-10T07:00:00Z", "period_start": "2025-03-03T07:00:00Z",
        "amount": 7.25, "full_amount": 7.25, "mode": "unconditional", "chores_due": None, "chores_approved": None,
        "explanation": "Unconditional allowance", "timezone": "Europe/Berlin",
    }


async def paid_at(clock: time_machine.Traveller, child: User, when: datetime) -> None:
    """Move the clock to ``when`` and settle the child's period due then, as the worker's job would."""
    clock.move_to(when)
    outcome, _ = await settle_oldest_owed(child.id, when)
    assert outcome is Outcome.SETTLED


@pytest.mark.parametrize(
    ("mode", "amount", "explanation"),
    [
        ("proportional", 4.0, "Proportional: 2 of 3 due chores approved (66%)"),
        ("all_or_nothing", 0.0, "All or nothing: only 2 of 3 due chores approved, so nothing is paid"),
    ],
)
async def test_a_preview_tied_to_chores_counts_those_approved_so_far_in_the_period(
    client, settings, home, mode, amount, explanation
):
    [alice, _] = home.children
    chores = await make_assigned_chores(home.parent, alice, 3)
    await make_approved_reward(alice, chores[0], at=datetime(2025, 3, 4, tzinfo=UTC))
    await make_approved_reward(alice, chores[1], at=datetime(2025, 3, 5, 9, tzinfo=UTC))
    await make_approved_reward(alice, chores[1], at=datetime(2025, 3, 5, 10, tzinfo=UTC))  # twice: still one chore
    await make_approved_reward(alice, chores[2], at=datetime(2025, 3, 1, tzinfo=UTC))  # before the period began
    await put_plan(client, settings, home.parent, alice, amount=6, mode=mode)

    response = await client.get(f"{API}/{alice.id}/preview", headers=as_user(alice, settings))

    body = response.json()
    assert (body["amount"], body["full_amount"], body["chores_due"], body["chores_approved"]) == (amount, 6.0, 3, 2)
    assert body["explanation"] == explanation


async def test_deleting_a_plan_stops_it_and_keeps_what_it_paid(client, settings, home, clock):
    [alice, _] = home.children
    await put_plan(client, settings, home.parent, alice)
    await paid_at(clock, alice, NEXT_MONDAY_8_IN_BERLIN)
    headers = as_user(home.parent, settings)

    deleted = await client.delete(f"{API}/{alice.id}", headers=headers)
    again = await client.delete(f"{API}/{alice.id}", headers=headers)
    gone = await client.get(f"{API}/{alice.id}", headers=headers)
    payments = await client.get(f"{API}/{alice.id}/payments", headers=headers)

    assert deleted.status_code == 204
    assert again.status_code == gone.status_code == 404
    assert gone.json() == {"detail": "This child has no allowance plan"}
    assert [payment["amount"] for payment in payments.json()] == [5.0]
    assert await ledger_balance_cents(alice.id) == 500


async def test_a_one_off_chore_done_before_the_period_a_disabled_chore_and_a_pool_claim_are_not_due(
    client, settings, home
):
    [alice, _] = home.children
    [recurring] = await make_assigned_chores(home.parent, alice, 1)
    one_off = await make_priced_chore(home.parent, reward_cents=100)
    await ChoreAssignment.create(chore=one_off, assignee=alice, is_completed=True, is_approved=True,
                                 approval_date=datetime(2025, 2, 1, tzinfo=UTC))
    disabled = await make_priced_chore(home.parent, reward_cents=100, is_disabled=True)
    await ChoreAssignment.create(chore=disabled, assignee=alice)
    pool = await make_priced_chore(home.parent, reward_cents=100, assignment_mode="unassigned")
    await ChoreAssignment.create(chore=pool, assignee=alice, pool_slot=1)
    await make_approved_reward(alice, recurring, at=datetime(2025, 3, 4, tzinfo=UTC))
    await put_plan(client, settings, home.parent, alice, mode="all_or_nothing")

    body = (await client.get(f"{API}/{alice.id}/preview", headers=as_user(home.parent, settings))).json()

    assert (body["amount"], body["chores_due"], body["chores_approved"]) == (5.0, 1, 1)
    assert body["explanation"] == "All or nothing: 1 of 1 due chores approved"


async def test_with_no_chore_due_a_plan_tied_to_chores_pays_in_full_and_says_why(client, settings, home):
    [alice, _] = home.children
    await put_plan(client, settings, home.parent, alice, mode="proportional")

    body = (await client.get(f"{API}/{alice.id}/preview", headers=as_user(home.parent, settings))).json()

    assert (body["amount"], body["chores_due"], body["chores_approved"]) == (5.0, 0, 0)
    assert body["explanation"] == "No chores were due in the period, so the whole allowance is paid"


async def test_the_existing_money_figures_count_allowance_with_the_adjustments_but_not_as_one(
    client, settings, home, clock
):
    [alice, _] = home.children
    parent = as_user(home.parent, settings)
    await put_plan(client, settings, home.parent, alice)
    await paid_at(clock, alice, NEXT_MONDAY_8_IN_BERLIN)
    bonus = await client.post("/api/v1/adjustments/", json={"child_id": alice.id, "amount": 2, "reason": "Helped out"},
                              headers=parent)
    assert bonus.status_code == 201

    balance = (await client.get("/api/v1/users/me/balance", headers=as_user(alice, settings))).json()
    [row] = [r for r in (await client.get("/api/v1/users/allowance-summary", headers=parent)).json() if r["id"] == alice.id]
    report = (await client.get("/api/v1/reports/allowance-summary", params={"child_id": alice.id}, headers=parent)).json()
    total = (await client.get(f"/api/v1/adjustments/total/{alice.id}", headers=parent)).json()
    listed = (await client.get(f"/api/v1/adjustments/child/{alice.id}", headers=parent)).json()
    week = (await client.get("/api/v1/statistics/weekly-summary", params={"weeks_back": 1}, headers=parent)).json()

    assert balance == {"balance": 7.0, "total_earned": 0.0, "adjustments": 7.0, "paid_out": 0.0,
                       "pending_chores_value": 0.0}
    assert (row["total_adjustments"], row["balance_due"]) == (7.0, 7.0)
    assert report["family_summary"]["total_adjustments"] == 7.0
    assert report["child_summaries"][0]["balance_due"] == 7.0
    assert total == {"child_id": alice.id, "total_adjustments": "2.00", "currency": "USD"}
    assert [item["amount"] for item in listed] == ["2.00"]
    assert week["weekly_data"][0]["total_adjustments"] == 7.0
    await assert_consistent(TEST_REDIS_URL)


async def test_reward_history_and_the_csv_export_list_allowance_with_its_kind(client, settings, home, clock):
    [alice, _] = home.children
    parent = as_user(home.parent, settings)
    await put_plan(client, settings, home.parent, alice)
    await paid_at(clock, alice, NEXT_MONDAY_8_IN_BERLIN)
    [entry] = await LedgerEntry.filter(kind=EntryKind.ALLOWANCE)

    history = (await client.get(f"/api/v1/reports/reward-history/{alice.id}", headers=parent)).json()
    plain = (await client.get("/api/v1/reports/export/allowance-summary", params={"child_id": alice.id},
                              headers=parent)).json()["content"]
    listed = (await client.get("/api/v1/reports/export/allowance-summary",
                               params={"child_id": alice.id, "entries": "true"}, headers=parent)).json()["content"]
    as_json = (await client.get("/api/v1/reports/export/allowance-summary",
                                params={"child_id": alice.id, "entries": "true", "format": "json"},
                                headers=parent)).json()["content"]

    assert history == [{
        "type": "allowance", "date": "2025-03-10T07:00:00Z", "amount": 5.0,
        "description": "Allowance: Weekly allowance for 2025-03-03 to 2025-03-10", "allowance_id": entry.id,
        "reason": "Weekly allowance for 2025-03-03 to 2025-03-10",
    }]
    assert "LEDGER ENTRIES" not in plain
    assert listed == plain + (
        "\r\n"
        "LEDGER ENTRIES,,,,,,\r\n"
        "Date,Child Name,Kind,Amount,Reason,,\r\n"
        f"2025-03-10T07:00:00Z,{alice.username},allowance,5.00,Weekly allowance for 2025-03-03 to 2025-03-10,,\r\n"
    )
    assert '"kind": "allowance"' in as_json


async def test_a_parent_reverses_an_allowance_payment_and_the_period_stays_settled(client, settings, home, clock):
    [alice, _] = home.children
    parent = as_user(home.parent, settings)
    await put_plan(client, settings, home.parent, alice)
    await paid_at(clock, alice, NEXT_MONDAY_8_IN_BERLIN)
    [entry] = await LedgerEntry.filter(kind=EntryKind.ALLOWANCE)

    response = await client.post(f"/api/v1/ledger/{entry.id}/reverse", json={"reason": "Paid in cash already"},
                                 headers=parent)
    preview = (await client.get(f"{API}/{alice.id}/preview", headers=parent)).json()

    assert response.status_code == 201
    assert (response.json()["kind"], response.json()["amount"], response.json()["reverses"]) == ("allowance", -5.0,
                                                                                               entry.id)
    assert await ledger_balance_cents(alice.id) == 0
    assert preview["next_payment_at"] == "2025-03-17T07:00:00Z"
    assert (await settle_oldest_owed(alice.id, NEXT_MONDAY_8_IN_BERLIN + timedelta(days=1)))[0] is Outcome.NOTHING_DUE
    assert await AllowancePayment.all().count() == 1
    await assert_consistent(TEST_REDIS_URL)
