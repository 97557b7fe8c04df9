"""Sending Web Push notifications: the ``push.send`` job, one per notification row and attempt.

The job claims its row (a conditional UPDATE: of several workers, or a job and the sweep, one
sends), encrypts the payload for each of the user's subscriptions and posts it through the SSRF
guard. A push service's answer decides each subscription's fate:

* 2xx: delivered. 404 or 410: the subscription is dead (unsubscribed, expired) and is deleted.
* 429, 5xx, a timeout or a connection error: tried again after about 30 s, 2 min and 8 min; then
  the push is dropped, as it is once its time to live has passed. A push is ephemeral: it only
  says that something happened, which the app shows over REST whenever it opens.
* Any other answer (400, 401/403: a VAPID key the service refuses, 413): logged and not retried.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from prometheus_client import Counter
from py_vapid import VapidException

from models.outbound import OutboundPolicy, UnsafeURL
from models.push import PushNotification, PushSubscription, claim_due_notification
from models.timeutil import utcnow
from settings import Settings
from workers.enqueue import SEND_PUSH, schedule_push
from workers.instrument import instrumented
from workers.outbound import OutboundError, post
from workers.webpush import push_request

log = logging.getLogger(__name__)

SEND_TIMEOUT_SECONDS = 10.0
# Longer than a send can take (the subscriptions are posted to at once, each within the timeout).
CLAIM_LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 4
FIRST_RETRY_SECONDS = 30
RETRY_GROWTH = 4

PUSH_REQUESTS = Counter("chores_push_requests_total", "Web Push requests sent, by kind and outcome", ["kind", "outcome"])
PUSHES_DROPPED = Counter("chores_push_dropped_total", "Web Push notifications given up, by reason", ["reason"])


class Outcome(StrEnum):
    SENT = "sent"
    GONE = "gone"  # the subscription no longer exists: delete it
    RETRY = "retry"  # the push service could not take it now
    FAILED = "failed"  # refused for good
    REFUSED = "refused"  # the SSRF guard would not send there


def outcome_of(status: int) -> Outcome:
    if 200 <= status < 300:
        return Outcome.SENT
    if status in (404, 410):
        return Outcome.GONE
    if status == 429 or status >= 500:
        return Outcome.RETRY
    return Outcome.FAILED


def retry_delay(attempts: int) -> timedelta:
    """After the 1st, 2nd, 3rd failed attempt: about 30 s, 2 min, 8 min (±20 %, so retries spread out)."""
    return timedelta(seconds=FIRST_RETRY_SECONDS * RETRY_GROWTH ** (attempts - 1) * random.uniform(0.8, 1.2))


@instrumented(SEND_PUSH)
async def send_push(ctx: dict[str, Any], notification_id: int) -> str:
    """Send one notification to its user's subscriptions; what became of it."""
    now = utcnow()
    notification = await claim_due_notification(notification_id, now=now, lease=CLAIM_LEASE)
    if notification is None:
        return "not due, or taken or finished by another worker"
    settings: Settings = ctx["settings"]
    if not settings.web_push_enabled:
        return await _drop(notification, "web push off")
    ttl_seconds = notification.ttl_seconds(now)
    if ttl_seconds <= 0:
        return await _drop(notification, "expired")
    targets = PushSubscription.filter(user_id=notification.user_id)
    if notification.pending_subscription_ids is not None:
        targets = targets.filter(id__in=notification.pending_subscription_ids)
    subscriptions = await targets
    outcomes = await asyncio.gather(
        *(deliver(notification, subscription, ttl_seconds, settings) for subscription in subscriptions)
    )
    dead = [sub.id for sub, outcome in zip(subscriptions, outcomes, strict=True) if outcome is Outcome.GONE]
    again = [sub.id for sub, outcome in zip(subscriptions, outcomes, strict=True) if outcome is Outcome.RETRY]
    if dead:
        await PushSubscription.filter(id__in=dead).delete()
    attempts = notification.attempts + 1
    if again and attempts < MAX_ATTEMPTS:
        await _retry_later(ctx, notification, again, attempts, now + retry_delay(attempts))
        return f"{len(again)} to retry"
    if again:
        PUSHES_DROPPED.labels("retries exhausted").inc()
    await notification.delete()
    return f"done: {', '.join(sorted(outcomes))}" if outcomes else "done: no subscription left"


async def deliver(
    notification: PushNotification, subscription: PushSubscription, ttl_seconds: int, settings: Settings
) -> Outcome:
    """Post the notification to one subscription's push service."""
    assert settings.vapid_private_key is not None and settings.vapid_subject is not None
    try:
        request = push_request(
            endpoint=subscription.endpoint, p256dh=subscription.p256dh, auth=subscription.auth,
            payload=json.dumps(notification.payload, separators=(",", ":")).encode(),
            ttl_seconds=ttl_seconds, urgency=notification.urgency,
            vapid_private_key=settings.vapid_private_key, vapid_subject=settings.vapid_subject,
        )
        response = await post(subscription.endpoint, content=request.body, headers=request.headers,
                              timeout=SEND_TIMEOUT_SECONDS, policy=OutboundPolicy.from_settings(settings))
    except UnsafeURL as exc:
        outcome, detail = Outcome.REFUSED, str(exc)
    except VapidException as exc:
        outcome, detail = Outcome.FAILED, f"cannot sign for this endpoint: {exc}"
    except OutboundError as exc:
        outcome, detail = Outcome.RETRY, str(exc)
    else:
        outcome, detail = outcome_of(response.status), f"HTTP {response.status}"
    PUSH_REQUESTS.labels(notification.kind, outcome).inc()
    if outcome is not Outcome.SENT:
        # The endpoint is a secret capability URL: the logs name the subscription, not the URL.
        log.info("push %s to subscription %s: %s (%s)", notification.id, subscription.id, outcome, detail)
    return outcome


async def _retry_later(
    ctx: dict[str, Any], notification: PushNotification, subscription_ids: list[int], attempts: int, at: datetime
) -> None:
    await PushNotification.filter(id=notification.id).update(
        attempts=attempts, send_after=at, claimed_until=None, pending_subscription_ids=subscription_ids
    )
    await schedule_push(notification.id, attempts, at, pool=ctx.get("redis"))


async def _drop(notification: PushNotification, reason: str) -> str:
    PUSHES_DROPPED.labels(reason).inc()
    await notification.delete()
    return f"dropped: {reason}"
