"""Catch-up: the events a user missed while offline, straight from the outbox."""

from __future__ import annotations

from models import Event, EventRecipient, User


async def events_after(*, user: User, after: int, limit: int) -> list[Event]:
    """The caller's events with an id above ``after``, oldest first (two indexed queries)."""
    ids = await (
        EventRecipient.filter(user_id=user.id, event_id__gt=after).order_by("event_id").limit(limit)
        .values_list("event_id", flat=True)
    )
    if not ids:
        return []
    return await Event.filter(id__in=list(ids)).order_by("id")
