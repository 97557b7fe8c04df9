"""iCal feeds (issue #12, item 8): parents hand out a secret URL; calendar apps read the family's or a
child's scheduled chores from it, parsed back here with ``icalendar``."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar

from models import ChoreAssignment
from models.calendar_feeds import CalendarFeed
from models.ical import chore_uid
from tests.factories import (
    auth_headers,
    bearer,
    make_api_token,
    make_household,
    make_priced_chore,
    make_schedule,
    make_schedule_exception,
)

FEEDS = "/api/v1/calendar-feeds"
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


async def new_feed(client, headers, **body) -> dict:
    response = await client.post(FEEDS, json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def read_feed(client, url: str) -> Calendar:
    response = await client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_of(calendar: Calendar, chore_id: int) -> list:
    return [event for event in calendar.walk("VEVENT") if str(event["UID"]) == chore_uid(chore_id)]


async def new_york_household():
    home = await make_household()
    home.family.timezone = "America/New_York"
    await home.family.save()
    return home


async def test_a_daily_chore_across_the_dst_change_with_a_skipped_and_a_moved_occurrence(client, settings):
    home = await new_york_household()
    chore = await make_priced_chore(home.parent, title="Feed the cat", reward_cents=150)
    await make_schedule(chore, rrule="FREQ=DAILY", starts_on=date(2026, 3, 7), due_time=time(9))
    # New York moves to EDT on 8 March 2026: 09:00 is 14:00 UTC before, 13:00 UTC after.
    await make_schedule_exception(chore, original_at=datetime(2026, 3, 9, 13, tzinfo=UTC))
    await make_schedule_exception(chore, original_at=datetime(2026, 3, 10, 13, tzinfo=UTC),
                                  moved_to=datetime(2026, 3, 10, 21, tzinfo=UTC))
    await make_priced_chore(home.parent, title="Unscheduled")
    created = await new_feed(client, auth_headers(home.parent, settings))

    calendar = await read_feed(client, created["url"])

    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "America/New_York"
    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == ["Feed the cat", "Feed the cat"]
    main, moved = events_of(calendar, chore.id)
    assert main["DTSTART"].params["TZID"] == "America/New_York"
    assert main["DTSTART"].dt == datetime(2026, 3, 7, 9, tzinfo=NEW_YORK)
    assert main["DTSTART"].dt.astimezone(UTC) == datetime(2026, 3, 7, 14, tzinfo=UTC)
    assert main["DTEND"].dt == datetime(2026, 3, 7, 9, 15, tzinfo=NEW_YORK)
    assert main["RRULE"].to_ical() == b"FREQ=DAILY"
    [exdate] = main["EXDATE"].dts
    assert exdate.dt == datetime(2026, 3, 9, 9, tzinfo=NEW_YORK)
    assert exdate.params["TZID"] == "America/New_York"
    assert moved["RECURRENCE-ID"].dt == datetime(2026, 3, 10, 9, tzinfo=NEW_YORK)
    assert moved["DTSTART"].dt == datetime(2026, 3, 10, 17, tzinfo=NEW_YORK)
    assert "Reward: $1.50" in str(main["DESCRIPTION"])


@pytest.mark.parametrize(("rule", "starts_on", "first"), [
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", date(2026, 1, 1), date(2028, 2, 29)),
    ("FREQ=MONTHLY;BYMONTHDAY=31;INTERVAL=1", date(2026, 2, 1), date(2026, 3, 31)),
])
async def test_a_rule_text_passes_through_unchanged_and_starts_at_its_first_occurrence(
    client, settings, rule, starts_on, first
):
    home = await new_york_household()
    chore = await make_priced_chore(home.parent)
    await make_schedule(chore, rrule=rule, starts_on=starts_on)
    response = await client.get((await new_feed(client, auth_headers(home.parent, settings)))["url"])

    assert f"RRULE:{rule}\r\n".encode() in response.content
    [event] = events_of(Calendar.from_ical(response.content), chore.id)
    assert event["DTSTART"].dt == first  # a chore without a due time is an all-day event
    assert event["DTEND"].dt == first + timedelta(days=1)


async def test_an_all_day_occurrence_due_by_the_end_of_its_day_is_skipped_by_its_date(client, settings):
    home = await new_york_household()
    chore = await make_priced_chore(home.parent)
    await make_schedule(chore, rrule="FREQ=WEEKLY;BYDAY=SA", starts_on=date(2026, 3, 1))
    await make_schedule_exception(chore, original_at=datetime(2026, 3, 15, 4, tzinfo=UTC))  # Sunday 00:00 EDT
    calendar = await read_feed(client, (await new_feed(client, auth_headers(home.parent, settings)))["url"])

    [event] = events_of(calendar, chore.id)
    assert event["DTSTART"].dt == date(2026, 3, 7)
    assert [one.dt for one in event["EXDATE"].dts] == [date(2026, 3, 14)]


async def test_a_child_feed_holds_the_chores_he_is_assigned_or_in_the_rotation_of(client, settings):
    home = await make_household()
    sam, zoe = home.children
    assigned, rotating, others = [await make_priced_chore(home.parent, title=title) for title in ("A", "B", "C")]
    await make_schedule(assigned, starts_on=date(2026, 3, 2))
    await make_schedule(rotating, starts_on=date(2026, 3, 2), rotation_order=[zoe.id, sam.id])
    await make_schedule(others, starts_on=date(2026, 3, 2))
    await ChoreAssignment.create(chore=assigned, assignee=sam)
    await ChoreAssignment.create(chore=others, assignee=zoe)

    created = await new_feed(client, auth_headers(home.parent, settings), child_id=sam.id)
    calendar = await read_feed(client, created["url"])

    assert created["child_id"] == sam.id
    assert sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT")) == ["A", "B"]
    assert str(calendar["X-WR-CALNAME"]) == f"Chores: {sam.username}"


async def test_another_familys_child_is_unknown_and_children_cannot_make_feeds(client, settings):
    home, other = await make_household(), await make_household()

    foreign = await client.post(FEEDS, json={"child_id": other.children[0].id},
                                headers=auth_headers(home.parent, settings))
    by_child = await client.post(FEEDS, json={}, headers=auth_headers(home.children[0], settings))

    assert foreign.status_code == 404
    assert by_child.status_code == 403
    assert await CalendarFeed.all().count() == 0


async def test_the_secret_is_shown_once_and_stored_only_as_its_hash(client, settings):
    home = await make_household()
    headers = auth_headers(home.parent, settings)
    created = await new_feed(client, headers)
    secret = created["url"].rsplit("/", 1)[1].removesuffix(".ics")

    listed = await client.get(FEEDS, headers=auth_headers(home.co_parent, settings))

    assert created["url"].startswith("http") and "/api/v1/calendar/" in created["url"]
    assert len(secret) >= 43
    assert listed.json() == [{key: created[key] for key in ("id", "child_id", "created_by", "created_at", "revoked_at")}]
    assert secret not in listed.text
    stored = await CalendarFeed.get(id=created["id"])
    assert secret not in stored.secret_hash and len(stored.secret_hash) == 64


async def test_a_wrong_or_revoked_secret_is_404(client, settings):
    home = await make_household()
    headers = auth_headers(home.parent, settings)
    created = await new_feed(client, headers)
    url = created["url"]

    wrong = await client.get(url.replace(".ics", "x.ics"))
    revoked = await client.delete(f"{FEEDS}/{created['id']}", headers=headers)
    after = await client.get(url)
    listed = await client.get(FEEDS, headers=headers)

    assert wrong.status_code == 404 and wrong.json() == {"detail": "Calendar feed not found"}
    assert revoked.status_code == 204
    assert after.status_code == 404
    assert listed.json()[0]["revoked_at"] == "2026-03-01T12:00:00Z"
    assert (await client.post(f"{FEEDS}/{created['id']}/regenerate", headers=headers)).status_code == 404


async def test_regenerating_kills_the_old_url(client, settings):
    home = await make_household()
    headers = auth_headers(home.parent, settings)
    created = await new_feed(client, headers)

    regenerated = await client.post(f"{FEEDS}/{created['id']}/regenerate", headers=headers)

    assert regenerated.status_code == 200, regenerated.text
    assert regenerated.json()["id"] == created["id"] and regenerated.json()["url"] != created["url"]
    assert (await client.get(created["url"])).status_code == 404
    assert (await client.get(regenerated.json()["url"])).status_code == 200


async def test_another_family_cannot_revoke_or_regenerate_a_feed(client, settings):
    home, other = await make_household(), await make_household()
    created = await new_feed(client, auth_headers(home.parent, settings))
    stranger = auth_headers(other.parent, settings)

    assert (await client.delete(f"{FEEDS}/{created['id']}", headers=stranger)).status_code == 404
    assert (await client.post(f"{FEEDS}/{created['id']}/regenerate", headers=stranger)).status_code == 404
    assert (await client.get(created["url"])).status_code == 200


async def test_an_api_token_with_read_lists_feeds_but_cannot_hand_one_out(client, settings):
    home = await make_household()
    token = bearer(await make_api_token(home.parent, "read", "chores:write"))

    assert (await client.get(FEEDS, headers=token)).status_code == 200
    assert (await client.post(FEEDS, json={}, headers=token)).status_code == 403
