"""Reports from the money ledger (contract §9, decisions D1, D7, D11).

One family with hand-computed figures: Ann (Mum's child) and Bob (Dad's child), dated entries
in February–April 2025, and one pending chore each.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from models import ChoreAssignment, EntryKind, LedgerEntry, User
from models.ledger import ledger_balance_cents
from tests.factories import (
    auth_headers,
    make_child,
    make_family,
    make_ledger_entry,
    make_parent,
    make_pending_assignment,
    make_priced_chore,
    unique,
)

SUMMARY = "/api/v1/reports/allowance-summary"
EXPORT = "/api/v1/reports/export/allowance-summary"
REWARD, ADJUSTMENT, PAYOUT = EntryKind.REWARD, EntryKind.ADJUSTMENT, EntryKind.PAYOUT


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, microsecond: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=UTC)


@dataclass
class MoneyFamily:
    mum: User
    dad: User
    ann: User
    bob: User
    entries: dict[str, LedgerEntry]
    garden_row: ChoreAssignment


async def money_family() -> MoneyFamily:
    family = await make_family()
    mum = await make_parent(family=family)
    dad = await make_parent(family=family)
    ann = await make_child(mum, username=unique("ann"))
    bob = await make_child(dad, username=unique("bob"))
    dishes = await make_priced_chore(mum, reward_cents=500, title="Dishes")
    garden = await make_priced_chore(dad, title="Garden", is_range_reward=True, min_reward_cents=200,
                                     max_reward_cents=800)
    bins = await make_priced_chore(dad, reward_cents=150, title="Bins")
    garden_row = await ChoreAssignment.create(chore=garden, assignee=ann, is_completed=True, is_approved=True,
                                              approval_reward_cents=650, cycle=1)
    entries = {
        "ann_dishes": await make_ledger_entry(ann, REWARD, 500, chore=dishes, actor=mum, at=utc(2025, 3, 3, 10)),
        "ann_garden": await make_ledger_entry(ann, REWARD, 650, chore=garden, assignment=garden_row, cycle=1,
                                              actor=dad, at=utc(2025, 3, 10, 9)),
        "ann_bonus": await make_ledger_entry(ann, ADJUSTMENT, 125, reason="Extra help", actor=mum,
                                             at=utc(2025, 3, 12, 18)),
        "ann_fine": await make_ledger_entry(ann, ADJUSTMENT, -75, reason="Broke a glass", actor=dad,
                                            at=utc(2025, 4, 2, 8)),
        "ann_payout": await make_ledger_entry(ann, PAYOUT, -300, reason="Pocket money", actor=mum,
                                              at=utc(2025, 4, 5, 12)),
        "bob_bins_feb": await make_ledger_entry(bob, REWARD, 150, chore=bins, at=utc(2025, 2, 27, 23, 59, 59)),
        "bob_bins_mar": await make_ledger_entry(bob, REWARD, 150, chore=bins,
                                                at=utc(2025, 3, 31, 23, 59, 59, 999000)),
        "bob_bonus": await make_ledger_entry(bob, ADJUSTMENT, 50, reason="Kind", at=utc(2025, 4, 1)),
    }
    await make_pending_assignment(dishes, ann, completed_at=utc(2025, 4, 6, 15))
    await make_pending_assignment(garden, bob, completed_at=utc(2025, 3, 15, 11))
    return MoneyFamily(mum, dad, ann, bob, entries, garden_row)


def child_row(child: User, **figures) -> dict:
    return {"id": child.id, "username": child.username, **figures}


async def test_allowance_summary_adds_up_the_ledger_per_child_and_for_the_family(client, settings):
    f = await money_family()

    response = await client.get(SUMMARY, headers=auth_headers(f.mum, settings))

    assert response.status_code == 200
    body = response.json()
    assert body["child_summaries"] == [
        child_row(f.ann, completed_chores=2, total_earned=11.5, total_adjustments=0.5, paid_out=3.0, balance_due=9.0,
                  pending_chores_value=5.0, last_activity_date="2025-03-10T09:00:00Z"),
        child_row(f.bob, completed_chores=2, total_earned=3.0, total_adjustments=0.5, paid_out=0.0, balance_due=3.5,
                  pending_chores_value=0.0, last_activity_date="2025-03-31T23:59:59.999000Z"),
    ]
    summary = body["family_summary"]
    assert summary.pop("period_end").endswith("Z")
    assert summary == {"total_children": 2, "total_earned": 14.5, "total_adjustments": 1.0, "total_paid_out": 3.0,
                       "total_balance_due": 12.5, "total_completed_chores": 4, "period_start": None}


async def test_pending_value_counts_fixed_rewards_and_range_chores_at_zero_like_the_reference(client, settings):
    parent = await make_parent(family=await make_family())
    child = await make_child(parent)
    fixed = await make_priced_chore(parent, reward_cents=300)
    ranged = await make_priced_chore(parent, reward_cents=0, is_range_reward=True, min_reward_cents=200,
                                     max_reward_cents=800)
    for chore in (fixed, ranged):
        await make_pending_assignment(chore, child, completed_at=utc(2025, 3, 1))

    body = (await client.get(SUMMARY, headers=auth_headers(parent, settings))).json()

    assert [row["pending_chores_value"] for row in body["child_summaries"]] == [3.0]


async def test_balance_due_is_the_ledger_sum_of_each_child(client, settings):
    f = await money_family()

    body = (await client.get(SUMMARY, headers=auth_headers(f.dad, settings))).json()

    for row in body["child_summaries"]:
        assert round(row["balance_due"] * 100) == await ledger_balance_cents(row["id"])


async def test_date_filters_keep_the_entries_of_the_period_with_date_to_covering_its_whole_day(client, settings):
    f = await money_family()

    response = await client.get(SUMMARY, params={"date_from": "2025-03-01", "date_to": "2025-03-31"},
                                headers=auth_headers(f.mum, settings))

    body = response.json()
    assert body["child_summaries"] == [
        child_row(f.ann, completed_chores=2, total_earned=11.5, total_adjustments=1.25, paid_out=0.0,
                  balance_due=12.75, pending_chores_value=0.0, last_activity_date="2025-03-10T09:00:00Z"),
        child_row(f.bob, completed_chores=1, total_earned=1.5, total_adjustments=0.0, paid_out=0.0, balance_due=1.5,
                  pending_chores_value=0.0, last_activity_date="2025-03-31T23:59:59.999000Z"),
    ]
    assert body["family_summary"]["period_start"] == "2025-03-01T00:00:00Z"
    assert body["family_summary"]["period_end"] == "2025-03-31T23:59:59Z"
    assert body["family_summary"]["total_balance_due"] == 14.25


async def test_date_from_accepts_a_datetime_with_offset_and_date_to_a_datetime(client, settings):
    f = await money_family()
    headers = auth_headers(f.mum, settings)

    at_start = await client.get(SUMMARY, params={"date_from": "2025-03-10T10:00:00+01:00", "date_to": "2025-03-10",
                                                 "child_id": f.ann.id}, headers=headers)
    just_after = await client.get(SUMMARY, params={"date_from": "2025-03-10T09:00:01Z", "date_to": "2025-03-10",
                                                   "child_id": f.ann.id}, headers=headers)
    up_to_instant = await client.get(SUMMARY, params={"date_to": "2025-03-10T09:00:00", "child_id": f.ann.id},
                                     headers=headers)

    assert at_start.json()["child_summaries"][0]["total_earned"] == 6.5
    assert just_after.json()["child_summaries"][0]["total_earned"] == 0.0
    assert up_to_instant.json()["child_summaries"][0]["total_earned"] == 11.5
    assert up_to_instant.json()["family_summary"]["period_end"] == "2025-03-10T09:00:00Z"


async def test_child_id_narrows_the_report_to_one_child_of_the_family(client, settings):
    f = await money_family()

    response = await client.get(SUMMARY, params={"child_id": f.bob.id}, headers=auth_headers(f.mum, settings))

    body = response.json()
    assert [row["id"] for row in body["child_summaries"]] == [f.bob.id]
    assert body["family_summary"]["total_children"] == 1
    assert body["family_summary"]["total_balance_due"] == 3.5


async def test_a_parent_without_family_reports_on_his_own_children_only(client, settings):
    solo = await make_parent()
    kid = await make_child(solo)
    await make_ledger_entry(kid, REWARD, 275)
    await money_family()

    body = (await client.get(SUMMARY, headers=auth_headers(solo, settings))).json()

    assert [row["id"] for row in body["child_summaries"]] == [kid.id]
    assert body["family_summary"]["total_earned"] == 2.75


async def test_another_family_sees_none_of_the_children_and_gets_404_for_them(client, settings):
    f = await money_family()
    stranger = await make_parent(family=await make_family())
    lone = await make_parent()

    for outsider in (stranger, lone):
        headers = auth_headers(outsider, settings)
        everything = await client.get(SUMMARY, headers=headers)
        assert everything.json()["child_summaries"] == []
        assert everything.json()["family_summary"]["total_earned"] == 0.0
        for child_id in (f.ann.id, f.mum.id, 999_999):
            response = await client.get(SUMMARY, params={"child_id": child_id}, headers=headers)
            assert response.status_code == 404
            assert response.json() == {"detail": "Child not found or does not belong to your family"}


async def test_children_cannot_read_allowance_reports(client, settings):
    f = await money_family()

    summary = await client.get(SUMMARY, headers=auth_headers(f.ann, settings))
    export = await client.get(EXPORT, headers=auth_headers(f.ann, settings))

    assert summary.status_code == export.status_code == 403
    assert summary.json() == {"detail": "Only parents can access allowance summaries"}
    assert export.json() == {"detail": "Only parents can export reports"}


async def test_bad_dates_are_400_with_the_reason(client, settings):
    parent = await make_parent()
    headers = auth_headers(parent, settings)

    cases = [
        ({"date_from": "yesterday"}, "Invalid date format: Invalid isoformat string: 'yesterday'"),
        ({"date_to": "2025-02-30"}, "Invalid date format: day is out of range for month"),
        ({"date_from": "2025-13-01"}, "Invalid date format: month must be in 1..12"),
        ({"date_from": "2025-04-01", "date_to": "2025-03-01"},
         "Invalid date range: date_from must not be after date_to"),
    ]
    for params, detail in cases:
        response = await client.get(SUMMARY, params=params, headers=headers)
        assert response.status_code == 400, params
        assert response.json() == {"detail": detail}


async def test_extreme_but_valid_dates_are_served(client, settings):
    f = await money_family()
    headers = auth_headers(f.mum, settings)

    response = await client.get(SUMMARY, params={"date_from": "0001-01-01", "date_to": "9999-12-31"},
                                headers=headers)

    assert response.status_code == 200
    assert response.json()["family_summary"]["total_balance_due"] == 12.5
    assert response.json()["family_summary"]["period_end"] == "9999-12-31T23:59:59Z"


async def test_malformed_report_parameters_are_422(client, settings):
    headers = auth_headers(await make_parent(), settings)

    cases = {
        "child_id=abc": ["query", "child_id"],
        "child_id=" + "9" * 30: ["query", "child_id"],
        "date_from=" + "2" * 10_000: ["query", "date_from"],
    }
    for query, location in cases.items():
        response = await client.get(f"{SUMMARY}?{query}", headers=headers)
        assert response.status_code == 422, query
        assert response.json()["detail"][0]["loc"] == location


async def test_export_as_csv_has_a_header_a_row_per_child_and_the_family_totals(client, settings):
    f = await money_family()

    response = await client.get(EXPORT, params={"format": "csv"}, headers=auth_headers(f.mum, settings))

    assert response.status_code == 200
    body = response.json()
    assert body["content_type"] == "text/csv"
    assert re.fullmatch(r"allowance_summary_\d{8}_\d{6}\.csv", body["filename"])
    assert body["content"] == (
        "Child Name,Completed Chores,Total Earned,Total Adjustments,Balance Due,Pending Value,Last Activity\r\n"
        f"{f.ann.username},2,11.50,0.50,9.00,5.00,2025-03-10T09:00:00Z\r\n"
        f"{f.bob.username},2,3.00,0.50,3.50,0.00,2025-03-31T23:59:59.999000Z\r\n"
        "\r\n"
        "FAMILY TOTALS,,,,,,\r\n"
        "All Children,4,14.50,1.00,12.50,,\r\n"
    )


async def test_export_is_csv_by_default_and_quotes_awkward_names(client, settings):
    parent = await make_parent()
    await make_child(parent, username='Jo, "the kid"')

    body = (await client.get(EXPORT, headers=auth_headers(parent, settings))).json()

    assert body["content_type"] == "text/csv"
    assert body["content"].split("\r\n")[1] == '"Jo, ""the kid""",0,0.00,0.00,0.00,0.00,'


async def test_export_as_json_is_the_summary_indented_with_plain_datetimes(client, settings):
    f = await money_family()
    params = {"format": "JSON", "date_from": "2025-03-01", "date_to": "2025-03-31", "child_id": f.ann.id}

    response = await client.get(EXPORT, params=params, headers=auth_headers(f.dad, settings))

    body = response.json()
    assert body["content_type"] == "application/json"
    assert re.fullmatch(r"allowance_summary_\d{8}_\d{6}\.json", body["filename"])
    assert body["content"].startswith('{\n  "family_summary": {\n    "total_children": 1,')
    content = json.loads(body["content"])
    assert content["family_summary"]["period_start"] == "2025-03-01 00:00:00"
    assert content["family_summary"]["period_end"] == "2025-03-31 23:59:59"
    assert content["child_summaries"] == [
        child_row(f.ann, completed_chores=2, total_earned=11.5, total_adjustments=1.25, paid_out=0.0,
                  balance_due=12.75, pending_chores_value=0.0, last_activity_date="2025-03-10 09:00:00"),
    ]


async def test_export_checks_the_report_first_then_the_format(client, settings):
    f = await money_family()
    headers = auth_headers(f.mum, settings)

    unsupported = await client.get(EXPORT, params={"format": "xml"}, headers=headers)
    bad_date_first = await client.get(EXPORT, params={"format": "xml", "date_from": "soon"}, headers=headers)
    foreign_child_first = await client.get(EXPORT, params={"format": "xml", "child_id": 999_999}, headers=headers)

    assert unsupported.status_code == 400
    assert unsupported.json() == {"detail": "Unsupported export format. Use 'csv' or 'json'"}
    assert bad_date_first.json() == {"detail": "Invalid date format: Invalid isoformat string: 'soon'"}
    assert foreign_child_first.status_code == 404


def history_of(response) -> list[tuple[str, float]]:
    return [(item["type"], item["amount"]) for item in response.json()]


async def test_reward_history_lists_rewards_adjustments_and_payouts_newest_first(client, settings):
    f = await money_family()

    response = await client.get(f"/api/v1/reports/reward-history/{f.ann.id}", headers=auth_headers(f.mum, settings))

    assert response.status_code == 200
    items = response.json()
    e = f.entries
    assert items == [
        {"type": "payout", "date": "2025-04-05T12:00:00Z", "amount": -3.0, "description": "Payout: Pocket money",
         "payout_id": e["ann_payout"].id, "note": "Pocket money"},
        {"type": "adjustment", "date": "2025-04-02T08:00:00Z", "amount": -0.75,
         "description": "Adjustment: Broke a glass", "adjustment_id": e["ann_fine"].id, "reason": "Broke a glass"},
        {"type": "adjustment", "date": "2025-03-12T18:00:00Z", "amount": 1.25, "description": "Adjustment: Extra help",
         "adjustment_id": e["ann_bonus"].id, "reason": "Extra help"},
        {"type": "chore_earning", "date": "2025-03-10T09:00:00Z", "amount": 6.5,
         "description": "Completed chore: Garden", "chore_id": e["ann_garden"].chore_id, "chore_title": "Garden",
         "assignment_id": f.garden_row.id},
        {"type": "chore_earning", "date": "2025-03-03T10:00:00Z", "amount": 5.0,
         "description": "Completed chore: Dishes", "chore_id": e["ann_dishes"].chore_id, "chore_title": "Dishes",
         "assignment_id": None},
    ]
    assert round(sum(item["amount"] for item in items) * 100) == await ledger_balance_cents(f.ann.id)


async def test_reward_history_honours_dates_and_limit(client, settings):
    f = await money_family()
    path = f"/api/v1/reports/reward-history/{f.ann.id}"
    headers = auth_headers(f.mum, settings)

    ranged = await client.get(path, params={"date_from": "2025-03-05", "date_to": "2025-04-02"}, headers=headers)
    limited = await client.get(path, params={"limit": 2}, headers=headers)

    assert history_of(ranged) == [("adjustment", -0.75), ("adjustment", 1.25), ("chore_earning", 6.5)]
    assert history_of(limited) == [("payout", -3.0), ("adjustment", -0.75)]


async def test_a_reward_of_a_deleted_chore_keeps_its_reason(client, settings):
    parent = await make_parent()
    kid = await make_child(parent)
    chore = await make_priced_chore(parent, reward_cents=100, title="Gone")
    await make_ledger_entry(kid, REWARD, 100, chore=chore, reason="Approved chore: Gone")
    await chore.delete()

    items = (await client.get(f"/api/v1/reports/reward-history/{kid.id}", headers=auth_headers(parent, settings))).json()

    assert items[0]["description"] == "Approved chore: Gone"
    assert items[0]["chore_id"] is None and items[0]["chore_title"] is None


async def test_reward_history_is_open_to_any_parent_of_the_family_and_to_the_child_himself(client, settings):
    f = await money_family()

    for viewer in (f.mum, f.dad, f.ann):
        response = await client.get(f"/api/v1/reports/reward-history/{f.ann.id}", headers=auth_headers(viewer, settings))
        assert response.status_code == 200
        assert len(response.json()) == 5


async def test_reward_history_is_refused_to_others(client, settings):
    f = await money_family()
    stranger = await make_parent(family=await make_family())
    path = f"/api/v1/reports/reward-history/{f.ann.id}"

    sibling = await client.get(path, headers=auth_headers(f.bob, settings))
    outsider = await client.get(path, headers=auth_headers(stranger, settings))
    unknown = await client.get("/api/v1/reports/reward-history/999999", headers=auth_headers(f.mum, settings))
    a_parent = await client.get(f"/api/v1/reports/reward-history/{f.dad.id}", headers=auth_headers(f.mum, settings))

    assert sibling.status_code == 403
    assert sibling.json() == {"detail": "Children can only view their own reward history"}
    for response in (outsider, unknown, a_parent):
        assert response.status_code == 404
        assert response.json() == {"detail": "Child not found or does not belong to parent"}


async def test_reward_history_parameters_are_validated(client, settings):
    f = await money_family()
    headers = auth_headers(f.mum, settings)
    path = f"/api/v1/reports/reward-history/{f.ann.id}"

    for limit in ("0", "201", "x"):
        response = await client.get(path, params={"limit": limit}, headers=headers)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "limit"]
    bad_id = await client.get("/api/v1/reports/reward-history/abc", headers=headers)
    assert bad_id.status_code == 422 and bad_id.json()["detail"][0]["loc"] == ["path", "child_id"]
    bad_date = await client.get(path, params={"date_to": "2025-04-31"}, headers=headers)
    assert bad_date.status_code == 400
    assert bad_date.json() == {"detail": "Invalid date format: day is out of range for month"}


async def test_reports_need_a_token(client):
    for path in (SUMMARY, EXPORT, "/api/v1/reports/reward-history/1"):
        response = await client.get(path)
        assert response.status_code == 401
