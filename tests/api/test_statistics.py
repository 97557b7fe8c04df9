"""Statistics from the money ledger (contract §8, decisions D8, D9, D11).

Figures are placed relative to the current calendar week, month or quarter (UTC), on their
boundaries where it matters, and the expected numbers are worked out by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from models import EntryKind, User
from models.timeutil import utcnow
from tests.factories import auth_headers, make_child, make_family, make_ledger_entry, make_parent

REWARD, ADJUSTMENT, PAYOUT = EntryKind.REWARD, EntryKind.ADJUSTMENT, EntryKind.PAYOUT
WEEKLY = "/api/v1/statistics/weekly-summary"
MONTHLY = "/api/v1/statistics/monthly-summary"
TRENDS = "/api/v1/statistics/trends"
COMPARISON = "/api/v1/statistics/comparison"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
TICK = timedelta(microseconds=1)


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def this_monday() -> date:
    today = utcnow().date()
    return today - timedelta(days=today.weekday())


def first_of_month(months_ago: int = 0) -> date:
    today = utcnow().date()
    index = today.year * 12 + today.month - 1 - months_ago
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class Family:
    mum: User
    dad: User
    ann: User
    bob: User


async def family() -> Family:
    home = await make_family()
    mum = await make_parent(family=home)
    dad = await make_parent(family=home)
    return Family(mum, dad, await make_child(mum), await make_child(dad))


async def weekly_ledger(f: Family) -> None:
    """W0 (this week): 3 rewards (6.50), −0.50; W1: 1 reward (4.00); W2: nothing; W3: 1 reward (1.00),
    +0.25; W4: 1 reward (9.99). A payout and another family's reward never count."""
    w0 = midnight(this_monday())
    await make_ledger_entry(f.ann, REWARD, 300, at=w0)
    await make_ledger_entry(f.bob, REWARD, 200, at=w0 + timedelta(days=1, hours=10))
    await make_ledger_entry(f.ann, REWARD, 150, at=w0 + timedelta(days=1, hours=11))
    await make_ledger_entry(f.ann, ADJUSTMENT, -50, at=w0 + timedelta(days=1, hours=12))
    await make_ledger_entry(f.ann, PAYOUT, -500, at=w0 + timedelta(hours=2))
    await make_ledger_entry(f.ann, REWARD, 400, at=w0 - TICK)
    await make_ledger_entry(f.bob, REWARD, 100, at=w0 - timedelta(weeks=3) + timedelta(days=2))
    await make_ledger_entry(f.bob, ADJUSTMENT, 25, at=w0 - timedelta(weeks=3) + timedelta(days=2))
    await make_ledger_entry(f.ann, REWARD, 999, at=w0 - timedelta(weeks=3) - timedelta(hours=1))
    outsider = await make_child(await make_parent(family=await make_family()))
    await make_ledger_entry(outsider, REWARD, 700, at=w0 + timedelta(hours=1))


def week(weeks_ago: int, **figures) -> dict:
    start = this_monday() - timedelta(weeks=weeks_ago)
    zeros = {"completed_chores": 0, "total_earned": 0.0, "total_adjustments": 0.0, "net_amount": 0.0,
             "active_children": 0, "average_per_chore": 0.0}
    return {"week_start": start.isoformat(), "week_end": (start + timedelta(days=6)).isoformat(), **zeros, **figures}


async def test_weekly_summary_counts_rewards_and_adjustments_per_calendar_week_newest_first(client, settings):
    f = await family()
    await weekly_ledger(f)

    response = await client.get(WEEKLY, headers=auth_headers(f.mum, settings))

    assert response.status_code == 200
    assert response.json() == {
        "weeks_analyzed": 4,
        "weekly_data": [
            week(0, completed_chores=3, total_earned=6.5, total_adjustments=-0.5, net_amount=6.0, active_children=2,
                 average_per_chore=2.17),
            week(1, completed_chores=1, total_earned=4.0, net_amount=4.0, active_children=1, average_per_chore=4.0),
            week(2),
            week(3, completed_chores=1, total_earned=1.0, total_adjustments=0.25, net_amount=1.25, active_children=1,
                 average_per_chore=1.0),
        ],
        "summary": {"total_chores": 5, "total_earned": 11.5, "total_adjustments": -0.25, "average_per_week": 1.25,
                    "trend_direction": "increasing"},
    }


async def test_weekly_summary_for_one_child_of_the_co_parent(client, settings):
    f = await family()
    await weekly_ledger(f)

    response = await client.get(WEEKLY, params={"weeks_back": 5, "child_id": f.bob.id},
                                headers=auth_headers(f.mum, settings))

    assert response.json()["weekly_data"] == [
        week(0, completed_chores=1, total_earned=2.0, net_amount=2.0, active_children=1, average_per_chore=2.0),
        week(1),
        week(2),
        week(3, completed_chores=1, total_earned=1.0, total_adjustments=0.25, net_amount=1.25, active_children=1,
             average_per_chore=1.0),
        week(4),
    ]


async def test_falling_activity_is_a_decreasing_trend(client, settings):
    f = await family()
    w0 = midnight(this_monday())
    for weeks_ago, count in ((3, 4), (2, 3), (1, 1)):
        for i in range(count):
            await make_ledger_entry(f.ann, REWARD, 100, at=w0 - timedelta(weeks=weeks_ago) + timedelta(hours=i))

    response = await client.get(WEEKLY, headers=auth_headers(f.dad, settings))

    assert [w["completed_chores"] for w in response.json()["weekly_data"]] == [0, 1, 3, 4]
    assert response.json()["summary"]["trend_direction"] == "decreasing"


async def monthly_ledger(f: Family) -> None:
    """M0: 1 reward (2.50) on its first instant, +1.00; M1: 2 rewards (6.00) on its first and last
    instants; M2: nothing; M3: 1 reward (9.99) on its last instant."""
    m0, m1, m2 = midnight(first_of_month(0)), midnight(first_of_month(1)), midnight(first_of_month(2))
    await make_ledger_entry(f.ann, REWARD, 250, at=m0)
    await make_ledger_entry(f.bob, ADJUSTMENT, 100, at=m0 + timedelta(hours=1))
    await make_ledger_entry(f.ann, REWARD, 300, at=m0 - TICK)
    await make_ledger_entry(f.ann, REWARD, 300, at=m1)
    await make_ledger_entry(f.bob, REWARD, 999, at=m2 - TICK)


def month(months_ago: int, **figures) -> dict:
    first = first_of_month(months_ago)
    zeros = {"completed_chores": 0, "total_earned": 0.0, "total_adjustments": 0.0, "net_amount": 0.0,
             "active_children": 0, "average_per_chore": 0.0}
    return {"month": f"{MONTHS[first.month - 1]} {first.year}", "year": first.year, "month_number": first.month,
            **zeros, **figures}


async def test_monthly_summary_uses_calendar_months_newest_first(client, settings):
    f = await family()
    await monthly_ledger(f)

    response = await client.get(MONTHLY, params={"months_back": 3}, headers=auth_headers(f.dad, settings))

    assert response.json() == {
        "months_analyzed": 3,
        "monthly_data": [
            month(0, completed_chores=1, total_earned=2.5, total_adjustments=1.0, net_amount=3.5, active_children=1,
                  average_per_chore=2.5),
            month(1, completed_chores=2, total_earned=6.0, net_amount=6.0, active_children=1, average_per_chore=3.0),
            month(2),
        ],
        "summary": {"total_chores": 3, "total_earned": 8.5, "total_adjustments": 1.0, "average_per_month": 1.0,
                    "trend_direction": "increasing"},
    }


async def test_twelve_months_back_are_twelve_consecutive_calendar_months(client, settings):
    parent = await make_parent()

    response = await client.get(MONTHLY, params={"months_back": 12}, headers=auth_headers(parent, settings))

    months = [(m["year"], m["month_number"]) for m in response.json()["monthly_data"]]
    assert months == [(first_of_month(k).year, first_of_month(k).month) for k in range(12)]
    assert len(set(months)) == 12


async def test_trends_read_the_series_oldest_to_newest(client, settings):
    f = await family()
    await weekly_ledger(f)

    response = await client.get(TRENDS, params={"period": "weekly"}, headers=auth_headers(f.mum, settings))

    body = response.json()
    assert body["period"] == "weekly" and body["periods_analyzed"] == 8
    assert [p["completed_chores"] for p in body["data_points"]] == [3, 1, 0, 1, 1, 0, 0, 0]
    assert body["data_points"][0] == week(0, completed_chores=3, total_earned=6.5, total_adjustments=-0.5,
                                          net_amount=6.0, active_children=2, average_per_chore=2.17)
    assert body["chore_completion_trend"] == {"direction": "increasing", "growth_rate": 0.0, "consistency_score": 0.0}
    assert body["earnings_trend"]["direction"] == "increasing"
    assert body["insights"] == [
        "Chore completion is trending upward over the past weeklys",
        "Family earnings are growing steadily over the past weeklys",
        "Chore completion varies significantly - consider setting regular goals",
    ]


async def test_monthly_trends_default_to_six_months(client, settings):
    f = await family()
    await monthly_ledger(f)

    body = (await client.get(TRENDS, headers=auth_headers(f.mum, settings))).json()

    assert body["period"] == "monthly" and body["periods_analyzed"] == 6
    assert body["data_points"][:4] == [
        month(0, completed_chores=1, total_earned=2.5, total_adjustments=1.0, net_amount=3.5, active_children=1,
              average_per_chore=2.5),
        month(1, completed_chores=2, total_earned=6.0, net_amount=6.0, active_children=1, average_per_chore=3.0),
        month(2),
        month(3, completed_chores=1, total_earned=9.99, net_amount=9.99, active_children=1, average_per_chore=9.99),
    ]


async def test_comparing_this_week_with_last_week(client, settings):
    f = await family()
    await weekly_ledger(f)

    response = await client.get(COMPARISON, params={"compare_periods": "this_vs_last_week"},
                                headers=auth_headers(f.mum, settings))

    assert response.json() == {
        "comparison_type": "this_vs_last_week",
        "current_period": {"completed_chores": 3, "total_earned": 6.5, "total_adjustments": -0.5,
                           "period_label": f"Week of {this_monday().isoformat()}"},
        "previous_period": {"completed_chores": 1, "total_earned": 4.0, "total_adjustments": 0.0,
                            "period_label": f"Week of {(this_monday() - timedelta(weeks=1)).isoformat()}"},
        "changes": {"chores_change": 200.0, "earnings_change": 62.5, "adjustments_change": 100.0},
        "insights": ["Great improvement! Chore completion increased by 200.0%",
                     "Family earnings increased significantly by 62.5%"],
    }


async def test_comparing_this_month_with_last_month_is_the_default(client, settings):
    f = await family()
    await monthly_ledger(f)

    body = (await client.get(COMPARISON, headers=auth_headers(f.mum, settings))).json()

    assert body["comparison_type"] == "this_vs_last_month"
    assert body["current_period"]["completed_chores"] == 1
    assert body["previous_period"] == {"completed_chores": 2, "total_earned": 6.0, "total_adjustments": 0.0,
                                       "period_label": month(1)["month"]}
    assert body["changes"] == {"chores_change": -50.0, "earnings_change": (2.5 - 6.0) / 6.0 * 100,
                               "adjustments_change": 100.0}
    assert body["insights"] == ["Chore completion decreased by 50.0% - consider reviewing goals",
                                "Family earnings decreased by 58.3%"]


async def test_comparing_quarters_uses_calendar_quarters(client, settings):
    f = await family()
    today = utcnow().date()
    q0 = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    q1 = first_of_month(today.month - q0.month + 3)
    q2 = first_of_month(today.month - q0.month + 6)
    await make_ledger_entry(f.ann, REWARD, 400, at=midnight(q0))
    await make_ledger_entry(f.ann, REWARD, 100, at=midnight(q0) - TICK)
    await make_ledger_entry(f.bob, REWARD, 100, at=midnight(q1))
    await make_ledger_entry(f.bob, REWARD, 800, at=midnight(q2))

    body = (await client.get(COMPARISON, params={"compare_periods": "current_vs_previous_quarter"},
                             headers=auth_headers(f.mum, settings))).json()

    assert body["current_period"] == {"completed_chores": 1, "total_earned": 4.0, "total_adjustments": 0.0,
                                      "period_label": f"Q{(q0.month - 1) // 3 + 1} {q0.year}"}
    assert body["previous_period"] == {"completed_chores": 2, "total_earned": 2.0, "total_adjustments": 0.0,
                                       "period_label": f"Q{(q1.month - 1) // 3 + 1} {q1.year}"}
    assert body["changes"] == {"chores_change": -50.0, "earnings_change": 100.0, "adjustments_change": 0.0}


async def test_another_family_sees_zeros_and_cannot_name_a_child_of_this_one(client, settings):
    f = await family()
    await weekly_ledger(f)
    stranger = await make_parent(family=await make_family())
    headers = auth_headers(stranger, settings)

    weekly = await client.get(WEEKLY, headers=headers)
    assert weekly.json()["summary"]["total_chores"] == 0
    for path in (WEEKLY, MONTHLY, TRENDS, COMPARISON):
        for child_id in (f.ann.id, f.mum.id, 999_999):
            response = await client.get(path, params={"child_id": child_id}, headers=headers)
            assert response.status_code == 404, path
            assert response.json() == {"detail": "Child not found"}


async def test_statistics_are_for_parents_only(client, settings):
    f = await family()
    headers = auth_headers(f.ann, settings)

    expected = {
        WEEKLY: "Only parents can access weekly statistics",
        MONTHLY: "Only parents can access monthly statistics",
        TRENDS: "Only parents can access trend analysis",
        COMPARISON: "Only parents can access comparison statistics",
    }
    for path, detail in expected.items():
        response = await client.get(path, headers=headers)
        assert response.status_code == 403
        assert response.json() == {"detail": detail}


async def test_statistics_parameters_are_validated(client, settings):
    headers = auth_headers(await make_parent(), settings)

    cases = [
        (WEEKLY, {"weeks_back": "0"}, "weeks_back"),
        (WEEKLY, {"weeks_back": "13"}, "weeks_back"),
        (WEEKLY, {"child_id": "me"}, "child_id"),
        (MONTHLY, {"months_back": "many"}, "months_back"),
        (MONTHLY, {"child_id": "9" * 30}, "child_id"),
        (TRENDS, {"period": "daily"}, "period"),
        (COMPARISON, {"compare_periods": "this_vs_last_year"}, "compare_periods"),
    ]
    for path, params, name in cases:
        response = await client.get(path, params=params, headers=headers)
        assert response.status_code == 422, (path, params)
        assert [error["loc"] for error in response.json()["detail"]] == [["query", name]]
    pattern = (await client.get(TRENDS, params={"period": "daily"}, headers=headers)).json()["detail"][0]
    assert pattern["type"] == "string_pattern_mismatch"
    assert pattern["msg"] == "String should match pattern '^(weekly|monthly)$'"


async def test_statistics_need_a_token(client):
    for path in (WEEKLY, MONTHLY, TRENDS, COMPARISON):
        assert (await client.get(path)).status_code == 401
