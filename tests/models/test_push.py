"""The rules of Web Push data: a subscription's keys, a user's choice of kinds, the kind table."""

from __future__ import annotations

import base64

import pytest

from models.events import EventType
from models.push import PushPreferences, check_auth_secret, check_p256dh
from models.push_kinds import KINDS, KINDS_BY_NAME, kinds_for
from tests.push_service import Browser, b64url


def test_a_browsers_keys_are_taken_without_their_padding():
    browser = Browser()
    padded = base64.urlsafe_b64encode(browser.auth_secret).decode()

    assert check_p256dh(browser.p256dh) == browser.p256dh
    assert check_auth_secret(padded) == b64url(browser.auth_secret)


@pytest.mark.parametrize(
    "p256dh",
    [
        b64url(b"\x04" + b"\x01" * 64),  # 65 bytes, but no point of the curve
        b64url(b"\x04" + b"\x01" * 10),  # too short
        "BNc+sXWaYmHv/XG2cmn1f9Y=",  # standard base64, not base64url
        "not base64 at all!",
    ],
)
def test_a_public_key_must_be_an_uncompressed_p256_point_in_base64url(p256dh):
    with pytest.raises(ValueError):
        check_p256dh(p256dh)


@pytest.mark.parametrize("auth", [b64url(b"\x00" * 15), b64url(b"\x00" * 32), "", "a b"])
def test_an_auth_secret_must_have_sixteen_bytes(auth):
    with pytest.raises(ValueError):
        check_auth_secret(auth)


def test_every_kind_is_on_until_the_user_turns_it_off():
    preferences = PushPreferences(user_id=1)

    preferences.choose({"assignment_approved": False, "chore_available": False})
    preferences.choose({"chore_available": True})

    assert [kind.name for kind in KINDS if preferences.wants(kind.name)] == [
        "assignment_completed", "assignment_rejected", "chore_available", "reward_requested", "allowance_paid",
        "streak_milestone", "chore_due", "chore_overdue", "chore_missed",
    ]
    assert preferences.disabled_kinds == ["assignment_approved"]


def test_an_unknown_kind_cannot_be_chosen():
    with pytest.raises(ValueError, match="unknown notification kinds"):
        PushPreferences(user_id=1).choose({"everything": False})


def test_the_kind_table_maps_each_event_once_and_splits_the_kinds_by_role():
    assert len({kind.event for kind in KINDS}) == len(KINDS)
    assert [kind.name for kind in kinds_for(is_parent=True)] == ["assignment_completed", "reward_requested"]
    assert [kind.name for kind in kinds_for(is_parent=False)] == [
        "assignment_approved", "assignment_rejected", "chore_available", "allowance_paid", "streak_milestone",
        "chore_due", "chore_overdue", "chore_missed",
    ]
    assert KINDS_BY_NAME["assignment_completed"].event is EventType.ASSIGNMENT_COMPLETED


def test_a_streak_milestone_is_told_to_the_child_it_is_about():
    kind = KINDS_BY_NAME["streak_milestone"]
    chore = {"child_id": 7, "milestone": 7, "scope": "chore", "chore_id": 3, "chore_title": "Dishes"}
    overall = {**chore, "scope": "overall", "milestone": 30, "chore_id": None, "chore_title": None}

    assert kind.recipients(chore, [5, 7, 9]) == [7]
    assert kind.message(chore, "Sam") == ("7 in a row!", "Dishes done on time 7 times in a row")
    assert kind.message(overall, "Sam") == ("30 in a row!", "30 chores done on time in a row")


def test_a_decision_goes_to_the_child_it_is_about_and_an_offer_to_every_child_it_is_for():
    approved, available = KINDS_BY_NAME["assignment_approved"], KINDS_BY_NAME["chore_available"]

    assert approved.recipients({"child_id": 7}, [7, 1, 2]) == [7]
    assert available.recipients({"chore_id": 3}, [7, 8]) == [7, 8]


def test_texts_are_short_and_say_what_happened():
    completed, rejected = KINDS_BY_NAME["assignment_completed"], KINDS_BY_NAME["assignment_rejected"]

    assert completed.message({"chore_title": "Dishes"}, "Sam") == (
        "Chore to approve", "Sam finished: Dishes — waiting for your approval",
    )
    title, body = rejected.message({"chore_title": "Dishes", "rejection_reason": "x" * 600}, "Sam")
    assert (title, len(body)) == ("Chore sent back", 203)
    assert KINDS_BY_NAME["reward_requested"].message({"reward_title": "Kite", "price": 4.5}, "Sam") == (
        "Reward requested", "Sam asks for Kite ($4.50)",
    )


def test_an_allowance_push_tells_the_child_what_arrived_or_why_nothing_did():
    paid = KINDS_BY_NAME["allowance_paid"]

    assert paid.recipients({"child_id": 7}, [7, 1, 2]) == [7]
    assert paid.message({"amount": 5.0, "explanation": "Unconditional allowance"}, "Sam") == (
        "Allowance paid", "Your allowance arrived ($5.00)",
    )
    assert paid.message({"amount": 0.0, "explanation": "All or nothing: only 1 of 2 due chores approved"}, "Sam") == (
        "No allowance this time", "All or nothing: only 1 of 2 due chores approved",
    )
