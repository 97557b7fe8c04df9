"""The activity feed (contract §7, decisions D5 and D6)."""

from __future__ import annotations

from datetime import timedelta

from models import Activity, ActivityType
from models.timeutil import isoformat_z, utcnow
from tests.factories import auth_headers, make_activity, make_child, make_family, make_parent

RECENT = "/api/v1/activities/recent"
CREATED, COMPLETED, APPROVED, REJECTED = (
    ActivityType.CHORE_CREATED,
    ActivityType.CHORE_COMPLETED,
    ActivityType.CHORE_APPROVED,
    ActivityType.CHORE_REJECTED,
)


def minutes_ago(minutes: int):
    return utcnow() - timedelta(minutes=minutes)


async def family_with_two_parents():
    family = await make_family()
    mum = await make_parent(family=family)
    dad = await make_parent(family=family)
    return family, mum, dad, await make_child(mum), await make_child(dad)


def ids(response) -> list[int]:
    return [activity["id"] for activity in response.json()["activities"]]


async def test_a_parent_sees_the_whole_familys_feed_newest_first_with_actor_and_target(client, settings):
    _, mum, dad, ann, bob = await family_with_two_parents()
    created = await make_activity(dad, CREATED, target=bob, at=minutes_ago(30), activity_data={"chore_id": 1})
    completed = await make_activity(ann, COMPLETED, at=minutes_ago(20))
    approved = await make_activity(mum, APPROVED, target=ann, at=minutes_ago(10))

    response = await client.get(RECENT, headers=auth_headers(mum, settings))

    assert response.status_code == 200
    body = response.json()
    assert ids(response) == [approved.id, completed.id, created.id]
    assert body["total_count"] is None
    assert body["has_more"] is False
    assert body["activities"][2] == {
        "id": created.id,
        "user_id": dad.id,
        "activity_type": "chore_created",
        "description": created.description,
        "target_user_id": bob.id,
        "activity_data": {"chore_id": 1},
        "created_at": isoformat_z(created.created_at),
        "user": {"id": dad.id, "username": dad.username, "email": dad.email, "is_parent": True,
                 "is_active": True, "parent_id": None},
        "target_user": {"id": bob.id, "username": bob.username, "email": None, "is_parent": False,
                        "is_active": True, "parent_id": dad.id},
    }
    assert body["activities"][1]["target_user"] is None
    assert "hashed_password" not in response.text


async def test_offset_pages_through_the_feed_and_has_more_says_whether_rows_remain(client, settings):
    _, mum, _, ann, _ = await family_with_two_parents()
    rows = [await make_activity(ann, COMPLETED, at=minutes_ago(60 - i)) for i in range(5)]
    newest_first = [row.id for row in reversed(rows)]
    headers = auth_headers(mum, settings)

    pages = [await client.get(RECENT, params={"limit": 2, "offset": offset}, headers=headers) for offset in (0, 2, 4)]

    assert [ids(page) for page in pages] == [newest_first[0:2], newest_first[2:4], newest_first[4:]]
    assert [page.json()["has_more"] for page in pages] == [True, True, False]
    exact_end = await client.get(RECENT, params={"limit": 5}, headers=headers)
    assert ids(exact_end) == newest_first and exact_end.json()["has_more"] is False


async def test_rows_logged_at_the_same_instant_page_in_a_stable_order(client, settings):
    _, mum, _, ann, _ = await family_with_two_parents()
    instant = minutes_ago(5)
    rows = [await make_activity(ann, COMPLETED, at=instant) for _ in range(4)]
    headers = auth_headers(mum, settings)

    first = await client.get(RECENT, params={"limit": 2}, headers=headers)
    second = await client.get(RECENT, params={"limit": 2, "offset": 2}, headers=headers)

    assert ids(first) + ids(second) == [row.id for row in reversed(rows)]


async def test_the_type_filter_applies_before_paging(client, settings):
    _, mum, _, ann, bob = await family_with_two_parents()
    approvals = [await make_activity(mum, APPROVED, target=ann, at=minutes_ago(50 - 2 * i)) for i in range(3)]
    for i in range(3):
        await make_activity(bob, COMPLETED, at=minutes_ago(49 - 2 * i))
    headers = auth_headers(mum, settings)

    page = await client.get(RECENT, params={"activity_type": "chore_approved", "limit": 2, "offset": 1},
                            headers=headers)
    unknown = await client.get(RECENT, params={"activity_type": "no_such_type"}, headers=headers)

    assert ids(page) == [approvals[1].id, approvals[0].id]
    assert page.json()["has_more"] is False
    assert unknown.status_code == 200 and unknown.json()["activities"] == []


async def test_a_child_sees_what_he_did_and_what_was_done_about_him_only(client, settings):
    _, mum, dad, ann, bob = await family_with_two_parents()
    own = await make_activity(ann, COMPLETED, at=minutes_ago(40))
    about_him = await make_activity(mum, REJECTED, target=ann, at=minutes_ago(30))
    await make_activity(bob, COMPLETED, at=minutes_ago(20))
    await make_activity(dad, APPROVED, target=bob, at=minutes_ago(10))
    await make_activity(mum, CREATED, target=bob, at=minutes_ago(5))

    response = await client.get(RECENT, headers=auth_headers(ann, settings))

    assert ids(response) == [about_him.id, own.id]


async def test_a_parent_without_family_sees_himself_and_his_own_children(client, settings):
    solo = await make_parent()
    kid = await make_child(solo)
    other = await make_parent()
    mine = [await make_activity(solo, CREATED, target=kid, at=minutes_ago(3)),
            await make_activity(kid, COMPLETED, at=minutes_ago(2))]
    await make_activity(other, CREATED, at=minutes_ago(1))

    response = await client.get(RECENT, headers=auth_headers(solo, settings))

    assert ids(response) == [mine[1].id, mine[0].id]


async def test_a_member_who_joined_later_brings_his_earlier_activities_into_the_feed(client, settings):
    family = await make_family()
    mum = await make_parent(family=family)
    newcomer = await make_parent(family=family)
    before_joining = await make_activity(newcomer, CREATED, family_id=None, at=minutes_ago(9))

    response = await client.get(RECENT, headers=auth_headers(mum, settings))

    assert ids(response) == [before_joining.id]


async def test_another_family_sees_nothing_of_the_feed(client, settings):
    _, mum, _, ann, _ = await family_with_two_parents()
    await make_activity(mum, APPROVED, target=ann, at=minutes_ago(2))
    await make_activity(ann, COMPLETED, at=minutes_ago(1))
    stranger_family = await make_family()
    stranger = await make_parent(family=stranger_family)
    stranger_child = await make_child(stranger)
    lone_parent = await make_parent()

    for outsider in (stranger, stranger_child, lone_parent):
        response = await client.get(RECENT, headers=auth_headers(outsider, settings))
        summary = await client.get("/api/v1/activities/summary", headers=auth_headers(outsider, settings))
        assert response.json()["activities"] == []
        assert summary.json()["total_activities"] == 0


async def test_feed_parameters_are_validated(client, settings):
    parent = await make_parent()
    headers = auth_headers(parent, settings)

    cases = {
        "limit=0": ["query", "limit"],
        "limit=101": ["query", "limit"],
        "limit=ten": ["query", "limit"],
        "offset=-1": ["query", "offset"],
        "offset=99999999999999999999999": ["query", "offset"],
        f"activity_type={'x' * 10_000}": ["query", "activity_type"],
    }
    for query, location in cases.items():
        response = await client.get(f"{RECENT}?{query}", headers=headers)
        assert response.status_code == 422, query
        assert [error["loc"] for error in response.json()["detail"]] == [location]


async def test_every_activity_route_needs_a_token(client):
    for path in ("recent", "summary", "types", "debug", "1"):
        response = await client.get(f"/api/v1/activities/{path}")
        assert response.status_code == 401
        assert response.json() == {"detail": "Not authenticated"}


async def test_summary_counts_the_familys_activities_per_type_over_the_window(client, settings):
    _, mum, dad, ann, bob = await family_with_two_parents()
    await make_activity(ann, COMPLETED, at=utcnow() - timedelta(days=1))
    await make_activity(bob, COMPLETED, at=utcnow() - timedelta(days=2))
    await make_activity(dad, APPROVED, target=bob, at=utcnow() - timedelta(days=2))
    await make_activity(mum, CREATED, target=ann, at=utcnow() - timedelta(days=10))
    headers = auth_headers(mum, settings)

    week = await client.get("/api/v1/activities/summary", params={"days_back": 7}, headers=headers)
    default = await client.get("/api/v1/activities/summary", headers=headers)
    child_view = await client.get("/api/v1/activities/summary", headers=auth_headers(bob, settings))

    assert week.json() == {"activity_counts": {"chore_approved": 1, "chore_completed": 2},
                           "total_activities": 3, "period_days": 7}
    assert default.json() == {"activity_counts": {"chore_approved": 1, "chore_completed": 2, "chore_created": 1},
                              "total_activities": 4, "period_days": 30}
    assert child_view.json()["activity_counts"] == {"chore_approved": 1, "chore_completed": 1}


async def test_summary_window_is_validated(client, settings):
    headers = auth_headers(await make_parent(), settings)

    for days in ("0", "366", "many"):
        response = await client.get("/api/v1/activities/summary", params={"days_back": days}, headers=headers)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "days_back"]


async def test_types_lists_every_logged_type_with_its_meaning(client, settings):
    response = await client.get("/api/v1/activities/types", headers=auth_headers(await make_parent(), settings))

    assert response.json() == {
        "activity_types": ["chore_completed", "chore_approved", "chore_rejected", "chore_created",
                           "adjustment_applied", "payout_recorded", "entry_reversed", "reward_requested",
                           "reward_approved", "reward_declined", "reward_expired", "reward_cancelled",
                           "allowance_paid", "jar_transfer", "rotation_changed", "streak_milestone"],
        "descriptions": {
            "chore_completed": "Child completed a chore",
            "chore_approved": "Parent approved a completed chore",
            "chore_rejected": "Parent rejected a completed chore",
            "chore_created": "Parent created a new chore",
            "adjustment_applied": "Parent applied a reward adjustment",
            "payout_recorded": "Parent recorded a payout",
            "entry_reversed": "Parent reversed a reward, adjustment or payout",
            "reward_requested": "Child requested a reward of the family store",
            "reward_approved": "Parent approved a reward request",
            "reward_declined": "Parent declined a reward request",
            "reward_expired": "A reward request expired without a decision",
            "reward_cancelled": "A reward request was cancelled (reward removed or child left the family)",
            "allowance_paid": "A scheduled allowance was paid, or settled at nothing",
            "jar_transfer": "Money moved between the savings jars of a child",
            "rotation_changed": "Parent changed whose turn a rotating chore is",
            "streak_milestone": "Child reached a streak milestone",
        },
    }


async def test_debug_shows_how_many_recent_activities_the_caller_sees_and_the_first_three(client, settings):
    _, mum, _, ann, _ = await family_with_two_parents()
    rows = [await make_activity(ann, COMPLETED, at=minutes_ago(60 - i)) for i in range(7)]

    response = await client.get("/api/v1/activities/debug", headers=auth_headers(mum, settings))

    newest = list(reversed(rows))[:3]
    assert response.json() == {
        "status": "success",
        "user": {"id": mum.id, "username": mum.username, "is_parent": True, "email": mum.email},
        "activities_count": 5,
        "activities": [
            {"id": row.id, "type": "chore_completed", "description": row.description,
             "created_at": isoformat_z(row.created_at)}
            for row in newest
        ],
    }


async def test_debug_reports_a_database_failure_in_its_body(client, settings, db):
    from tortoise import connections

    parent = await make_parent()
    conn = connections.get("default")
    await conn.execute_script("ALTER TABLE activities RENAME TO activities_away")
    try:
        response = await client.get("/api/v1/activities/debug", headers=auth_headers(parent, settings))
    finally:
        await conn.execute_script("ALTER TABLE activities_away RENAME TO activities")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "error"
    assert body["user"] == {"id": parent.id, "username": parent.username, "is_parent": True}
    assert body["error_type"] == "OperationalError"
    assert body["error"]


async def test_one_activity_is_shown_to_the_family_and_to_the_child_it_is_about(client, settings):
    _, mum, dad, ann, _ = await family_with_two_parents()
    approval = await make_activity(mum, APPROVED, target=ann, at=minutes_ago(1))

    for viewer in (mum, dad, ann):
        response = await client.get(f"/api/v1/activities/{approval.id}", headers=auth_headers(viewer, settings))
        assert response.status_code == 200
        assert response.json()["id"] == approval.id
        assert response.json()["target_user"]["id"] == ann.id


async def test_one_activity_of_someone_else_is_403_and_another_familys_or_an_unknown_one_404(client, settings):
    _, mum, _, ann, bob = await family_with_two_parents()
    approval = await make_activity(mum, APPROVED, target=ann, at=minutes_ago(1))
    stranger = await make_parent(family=await make_family())

    kid = await client.get(f"/api/v1/activities/{approval.id}", headers=auth_headers(bob, settings))
    assert kid.status_code == 403
    assert kid.json() == {"detail": "Access denied to this activity"}
    for asker, activity_id in ((stranger, approval.id), (mum, approval.id + 1000)):
        response = await client.get(f"/api/v1/activities/{activity_id}", headers=auth_headers(asker, settings))
        assert response.status_code == 404
        assert response.json() == {"detail": "Activity not found"}


async def test_one_activity_id_must_be_an_integer_the_database_can_hold(client, settings):
    headers = auth_headers(await make_parent(), settings)

    for bad in ("abc", "1.5", "9" * 30):
        response = await client.get(f"/api/v1/activities/{bad}", headers=headers)
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["path", "activity_id"]
    assert await Activity.all().count() == 0
