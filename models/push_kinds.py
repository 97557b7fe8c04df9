"""The kinds of Web Push notification: which outbox event makes one, who gets it, and what it says.

This table is the one place a kind is defined: the preferences API lists and validates kinds from
it, and the worker's fan-out turns events into notifications with it. A new kind is one row here
(plus its event in models/events.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from models.activities import shorten
from models.events import EventType

# The parts of a notification's text, kept short: push payloads are limited to about 4 KB.
TITLE_LIMIT = 60
BODY_LIMIT = 200


class Audience(StrEnum):
    """Who, among an event's recipients, is notified."""

    PARENTS = "parents"  # every recipient of the event (it goes to the parents only)
    CHILD = "child"  # only the child the event is about (``data.child_id``), or each child it is for


class Urgency(StrEnum):
    """RFC 8030 §5.3: how soon the push service should wake the device (battery)."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


# A notification's title and body, from the event's data and the name of the child it is about.
Text = Callable[[Mapping[str, Any], str], tuple[str, str]]


@dataclass(frozen=True)
class PushKind:
    name: str
    event: EventType
    audience: Audience
    text: Text
    ttl_seconds: int  # how long the push service keeps it for a device that is offline
    urgency: Urgency
    description: str

    def for_parents(self) -> bool:
        return self.audience is Audience.PARENTS

    def recipients(self, data: Mapping[str, Any], event_recipients: Sequence[int]) -> list[int]:
        """Who of the event's recipients is notified: all of them, or the child the event is about."""
        if self.audience is Audience.CHILD and "child_id" in data:
            return [user_id for user_id in event_recipients if user_id == data["child_id"]]
        return list(event_recipients)

    def message(self, data: Mapping[str, Any], child_name: str) -> tuple[str, str]:
        title, body = self.text(data, child_name)
        return shorten(title, TITLE_LIMIT), shorten(body, BODY_LIMIT)


def _reward(data: Mapping[str, Any], key: str) -> str:
    """`` ($2.50)`` for a positive amount in the event's data, else nothing."""
    amount = data.get(key)
    return f" (${amount:.2f})" if isinstance(amount, (int, float)) and amount > 0 else ""


KINDS: tuple[PushKind, ...] = (
    PushKind(
        "assignment_completed", EventType.ASSIGNMENT_COMPLETED, Audience.PARENTS,
        lambda data, child: ("Chore to approve", f"{child} finished: {data['chore_title']} — waiting for your approval"),
        ttl_seconds=24 * 3600, urgency=Urgency.NORMAL, description="a child finished a chore that waits for approval",
    ),
    PushKind(
        "assignment_approved", EventType.ASSIGNMENT_APPROVED, Audience.CHILD,
        lambda data, child: ("Chore approved", f"{data['chore_title']} was approved{_reward(data, 'approval_reward')}"),
        ttl_seconds=24 * 3600, urgency=Urgency.NORMAL, description="a parent approved one of your chores",
    ),
    PushKind(
        "assignment_rejected", EventType.ASSIGNMENT_REJECTED, Audience.CHILD,
        lambda data, child: (
            "Chore sent back",
            f"{data['chore_title']}: {data['rejection_reason']}" if data.get("rejection_reason")
            else f"{data['chore_title']} was not approved",
        ),
        ttl_seconds=24 * 3600, urgency=Urgency.NORMAL, description="a parent sent one of your chores back",
    ),
    PushKind(
        "chore_available", EventType.CHORE_AVAILABLE, Audience.CHILD,
        lambda data, child: ("Chore available", f"{data['chore_title']} can be done now"),
        ttl_seconds=12 * 3600, urgency=Urgency.LOW, description="a chore can be done (again)",
    ),
    PushKind(
        "reward_requested", EventType.REWARD_REQUESTED, Audience.PARENTS,
        lambda data, child: ("Reward requested", f"{child} asks for {data['reward_title']}{_reward(data, 'price')}"),
        ttl_seconds=24 * 3600, urgency=Urgency.NORMAL, description="a child asked for a reward of the family store",
    ),
    PushKind(
        "allowance_paid", EventType.ALLOWANCE_PAID, Audience.CHILD,
        lambda data, child: (
            ("Allowance paid", f"Your allowance arrived{_reward(data, 'amount')}") if data.get("amount")
            else ("No allowance this time", data["explanation"])
        ),
        ttl_seconds=24 * 3600, urgency=Urgency.NORMAL, description="your scheduled allowance was paid (or why not)",
    ),
    PushKind(
        "streak_milestone", EventType.STREAK_MILESTONE, Audience.CHILD,
        lambda data, child: (
            f"{data['milestone']} in a row!",
            f"{data['chore_title']} done on time {data['milestone']} times in a row" if data.get("chore_title")
            else f"{data['milestone']} chores done on time in a row",
        ),
        ttl_seconds=24 * 3600, urgency=Urgency.LOW, description="your streak of chores done on time reached a milestone",
    ),
    PushKind(
        "chore_due", EventType.CHORE_DUE, Audience.CHILD,
        lambda data, child: ("Chore to do", f"{data['chore_title']} is open now"),
        ttl_seconds=12 * 3600, urgency=Urgency.NORMAL, description="a scheduled chore of yours has opened",
    ),
    PushKind(
        "chore_overdue", EventType.CHORE_OVERDUE, Audience.CHILD,
        lambda data, child: ("Chore overdue", f"{data['chore_title']} is past its due time"),
        ttl_seconds=12 * 3600, urgency=Urgency.HIGH, description="a scheduled chore of yours is overdue",
    ),
    PushKind(
        "chore_missed", EventType.CHORE_MISSED, Audience.CHILD,
        lambda data, child: ("Chore missed", f"{data['chore_title']} was missed{_reward(data, 'penalty')}"),
        ttl_seconds=24 * 3600, urgency=Urgency.NORMAL, description="a scheduled chore of yours was missed",
    ),
)

KINDS_BY_NAME: dict[str, PushKind] = {kind.name: kind for kind in KINDS}
KINDS_BY_EVENT: dict[EventType, PushKind] = {kind.event: kind for kind in KINDS}


def kinds_for(is_parent: bool) -> tuple[PushKind, ...]:
    """The kinds a parent, or a child, can receive."""
    return tuple(kind for kind in KINDS if kind.for_parents() == is_parent)
