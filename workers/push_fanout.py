"""The outbox consumer that owes Web Push notifications (one of workers/fanout.py's ``CONSUMERS``).

For each event of a kind in the kind table (models/push_kinds.py), in the relay's transaction: one
notification row per recipient the kind is for who has a subscription, an active account and the
kind turned on, due now or at the end of his quiet hours in his family's time zone. After the commit,
a send job per row (deferred to its time). Without a push-relevant event or a subscribed recipient
it costs nothing, or one indexed query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from arq.connections import ArqRedis
from redis.asyncio import Redis
from tortoise.backends.base.client import BaseDBAsyncClient

from models import Event, User
from models.families import zone_named
from models.push import PushNotification, PushPreferences, PushSubscription
from models.push_kinds import KINDS_BY_EVENT, PushKind
from models.timeutil import isoformat_z, utcnow
from workers.enqueue import schedule_push

if TYPE_CHECKING:  # workers.fanout lists this consumer
    from workers.fanout import AfterCommit

# Event data a device gets besides the text (ids to open the right screen); the rest stays on the server.
PAYLOAD_IDS = ("assignment_id", "chore_id", "child_id", "redemption_id")


async def record_push_notifications(
    conn: BaseDBAsyncClient, events: Sequence[Event], recipients: Mapping[int, Sequence[int]]
) -> AfterCommit | None:
    """Record the notifications this batch of events owes, in the relay's transaction; schedule them after it."""
    owed = [
        (event, kind, kind.recipients(event.data, recipients.get(event.id, ())))
        for event in events
        if (kind := KINDS_BY_EVENT.get(event.type)) is not None
    ]
    candidates = {user_id for _, _, users in owed for user_id in users}
    if not candidates:
        return None
    subscribed = set(await PushSubscription.filter(user_id__in=candidates).using_db(conn).values_list("user_id", flat=True))
    if not subscribed:
        return None
    zones = dict(await User.filter(id__in=subscribed, is_active=True).using_db(conn).values_list("id", "family__timezone"))
    preferences = {row.user_id: row for row in await PushPreferences.filter(user_id__in=zones).using_db(conn)}
    child_ids = {event.data["child_id"] for event, _, _ in owed if "child_id" in event.data}
    names = dict(await User.filter(id__in=child_ids).using_db(conn).values_list("id", "username")) if child_ids else {}
    now = utcnow()
    rows = []
    for event, kind, users in owed:
        for user_id in users:
            if user_id not in zones:
                continue
            chosen = preferences.get(user_id) or PushPreferences(user_id=user_id)  # no row: the defaults
            if not chosen.wants(kind.name):
                continue
            send_after = chosen.release(now, zone_named(zones[user_id]))
            rows.append(PushNotification(
                user_id=user_id, event_id=event.id, kind=kind.name, payload=payload(event, kind, names),
                urgency=str(kind.urgency), send_after=send_after,
                expires_at=send_after + timedelta(seconds=kind.ttl_seconds), created_at=now,
            ))
    if not rows:
        return None
    await PushNotification.bulk_create(rows, using_db=conn)
    # Exactly these rows: (event, user) is unique and the relay records each event once.
    recorded = await PushNotification.filter(event_id__in=[event.id for event, _, _ in owed]).using_db(conn).values_list(
        "id", "send_after"
    )
    return _scheduler([(notification_id, send_after) for notification_id, send_after in recorded])


def payload(event: Event, kind: PushKind, names: Mapping[int, str]) -> dict[str, Any]:
    """What the device's service worker receives (decrypted): the text to show and the ids it is about."""
    title, body = kind.message(event.data, names.get(event.data.get("child_id", 0), "Your child"))
    ids = {key: event.data[key] for key in PAYLOAD_IDS if event.data.get(key) is not None}
    subject = ids.get("assignment_id", ids.get("chore_id", event.id))
    return {
        "kind": kind.name, "title": title, "body": body, "tag": f"{kind.name}:{subject}",
        "event_id": event.id, "occurred_at": isoformat_z(event.occurred_at), "data": ids,
    }


def _scheduler(due: list[tuple[int, datetime]]) -> AfterCommit:
    async def schedule(redis: Redis) -> None:
        # The publisher's connection pool, with arq's enqueueing on top; never raises (see schedule_push).
        pool = ArqRedis(redis.connection_pool)
        for notification_id, send_after in due:
            await schedule_push(notification_id, 0, send_after, pool=pool)

    return schedule
