"""Outbound webhooks: a family's endpoints, one delivery per (endpoint, event), and each delivery's attempts.

The rules that need no I/O live here: the secret's format, the retry schedule, what an attempt's
outcome does to a delivery and to its endpoint. The worker (workers/webhooks.py) sends; the API
(api/webhooks/) registers endpoints and asks for redeliveries.

Statuses of a delivery:

* ``pending``: waiting for its first attempt (or, after a redelivery request, for its next one);
* ``failed``: its last attempt failed and another one is scheduled at ``next_attempt_at``;
* ``succeeded``: the endpoint answered 2xx;
* ``given_up``: the retry schedule ran out (or the endpoint's URL was refused at send time).

Pending and failed deliveries form the endpoint's queue, sent in event order: a later delivery waits
while an earlier one of the same endpoint is open. A delivery given up disables its endpoint (and
leaves the queue), so an endpoint that stays down for the whole schedule (about 28 hours) is switched
off and its parents are told; re-enabling it sends what waited, in order.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models.events import Event, EventType, parents_of_family, stage_event
from models.outbound import MAX_URL_LENGTH
from models.timeutil import as_utc, isoformat_z
from models.users import User

if TYPE_CHECKING:
    from models.families import Family

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32
# Delay before each attempt (the Standard Webhooks schedule): the first at once, the last about 28 h later.
RETRY_SCHEDULE = (
    timedelta(0), timedelta(seconds=5), timedelta(minutes=5), timedelta(minutes=30),
    timedelta(hours=2), timedelta(hours=5), timedelta(hours=10), timedelta(hours=10),
)
# Each retry's delay is drawn within ±20% of the schedule's, so that endpoints that failed together
# (one receiver down for all of them) are not retried all at the same instant.
JITTER = 0.2
MAX_ERROR_LENGTH = 500
MAX_DESCRIPTION_LENGTH = 500
# Settled deliveries (succeeded, given up) are kept this long in the delivery log; the sweep deletes older ones.
DELIVERY_LOG_RETENTION_DAYS = 30


def new_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` and the base64 of 32 random bytes."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def retry_delay(failed_attempts: int, spread: float) -> timedelta | None:
    """How long after the ``failed_attempts``-th failure the next attempt comes; None: give up.

    ``spread`` in [-1, 1] picks the jitter (the worker draws it at random, tests choose it).
    """
    if failed_attempts >= len(RETRY_SCHEDULE):
        return None
    return RETRY_SCHEDULE[failed_attempts] * (1 + JITTER * spread)


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    FAILED = "failed"
    SUCCEEDED = "succeeded"
    GIVEN_UP = "given_up"


OPEN_STATUSES = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)
SETTLED_STATUSES = (DeliveryStatus.SUCCEEDED, DeliveryStatus.GIVEN_UP)


@dataclass(frozen=True)
class Outcome:
    """What one attempt got: a status code (any), or an error instead (timeout, refused connection...)."""

    response_code: int | None
    error: str | None
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.response_code is not None and 200 <= self.response_code < 300


class WebhookEndpoint(Model):
    id = fields.IntField(primary_key=True)
    family: fields.ForeignKeyRelation[Family] = fields.ForeignKeyField(
        "models.Family", related_name="webhook_endpoints", on_delete=fields.CASCADE
    )
    url = fields.CharField(max_length=MAX_URL_LENGTH)
    event_types: fields.JSONField[list[str]] = fields.JSONField(default=list)
    description = fields.CharField(max_length=MAX_DESCRIPTION_LENGTH, default="")
    # Kept as written (the worker signs with it), shown only when created or rotated, never logged.
    secret = fields.CharField(max_length=100)
    enabled = fields.BooleanField(default=True)
    disabled_reason = fields.CharField(max_length=MAX_ERROR_LENGTH, null=True)
    disabled_at = fields.DatetimeField(null=True)
    consecutive_failures = fields.IntField(default=0)
    failing_since = fields.DatetimeField(null=True)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="webhook_endpoints", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    family_id: int
    created_by_id: int | None

    class Meta:
        table = "webhook_endpoints"
        indexes = (("family_id", "enabled"),)

    def __repr__(self) -> str:  # never the secret
        return f"<WebhookEndpoint {self.id} family={self.family_id} enabled={self.enabled}>"

    def subscribes_to(self, event: Event) -> bool:
        return self.enabled and event.family_id == self.family_id and str(event.type) in self.event_types

    def note(self, outcome: Outcome, now: datetime) -> None:
        """Count an attempt's outcome: a success ends a run of failures."""
        if outcome.succeeded:
            self.consecutive_failures, self.failing_since = 0, None
        else:
            self.consecutive_failures += 1
            self.failing_since = self.failing_since or now

    def disable(self, reason: str, now: datetime) -> None:
        self.enabled, self.disabled_reason, self.disabled_at = False, reason[:MAX_ERROR_LENGTH], now

    def enable(self) -> None:
        self.enabled, self.disabled_reason, self.disabled_at = True, None, None
        self.consecutive_failures, self.failing_since = 0, None


class WebhookDelivery(Model):
    """One event owed to one endpoint; the body is kept as signed, so every retry sends the same bytes."""

    id = fields.BigIntField(primary_key=True)
    endpoint: fields.ForeignKeyRelation[WebhookEndpoint] = fields.ForeignKeyField(
        "models.WebhookEndpoint", related_name="deliveries", on_delete=fields.CASCADE
    )
    # No foreign key: events are pruned after a week, the delivery log stays.
    event_id = fields.BigIntField()
    event_type = fields.CharField(max_length=32)
    body = fields.TextField()
    status = fields.CharEnumField(DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    # Failed attempts since the delivery last entered the queue: the position in the retry schedule.
    failed_attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    last_response_code = fields.IntField(null=True)
    last_error = fields.CharField(max_length=MAX_ERROR_LENGTH, null=True)
    last_duration_ms = fields.IntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    endpoint_id: int

    class Meta:
        table = "webhook_deliveries"
        # One delivery per event and endpoint, whoever fans the event out and however often.
        unique_together = (("endpoint_id", "event_id"),)
        indexes = (("endpoint_id", "status", "id"), ("status", "next_attempt_at"))

    @property
    def message_id(self) -> str:
        """The ``webhook-id``: the same on every attempt, so a receiver can drop a repeat."""
        return f"evt_{self.event_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def requeue(self, now: datetime) -> None:
        """Back in the queue for an attempt now, with a fresh retry schedule (a redelivery, a re-enabled endpoint)."""
        self.status, self.failed_attempts, self.next_attempt_at = DeliveryStatus.PENDING, 0, now

    def record(self, outcome: Outcome, now: datetime, spread: float) -> None:
        """Apply an attempt's outcome: succeeded, failed with the next attempt scheduled, or given up."""
        self.attempts += 1
        self.last_response_code, self.last_duration_ms = outcome.response_code, outcome.duration_ms
        self.last_error = outcome.error[:MAX_ERROR_LENGTH] if outcome.error else None
        if outcome.succeeded:
            self.status, self.next_attempt_at = DeliveryStatus.SUCCEEDED, None
            return
        self.failed_attempts += 1
        delay = retry_delay(self.failed_attempts, spread)
        if delay is None:
            self.give_up()
        else:
            self.status, self.next_attempt_at = DeliveryStatus.FAILED, now + delay

    def give_up(self) -> None:
        self.status, self.next_attempt_at = DeliveryStatus.GIVEN_UP, None

    def is_due(self, now: datetime) -> bool:
        return self.is_open and (self.next_attempt_at is None or as_utc(self.next_attempt_at) <= now)


class WebhookAttempt(Model):
    """The log of a delivery: one row per request made (or refused)."""

    id = fields.BigIntField(primary_key=True)
    delivery: fields.ForeignKeyRelation[WebhookDelivery] = fields.ForeignKeyField(
        "models.WebhookDelivery", related_name="attempt_log", on_delete=fields.CASCADE
    )
    number = fields.IntField()
    attempted_at = fields.DatetimeField()
    response_code = fields.IntField(null=True)
    error = fields.CharField(max_length=MAX_ERROR_LENGTH, null=True)
    duration_ms = fields.IntField()

    delivery_id: int

    class Meta:
        table = "webhook_attempts"
        indexes = (("delivery_id", "number"),)


def delivery_log_cutoff(now: datetime) -> datetime:
    """Settled deliveries created before this may be deleted."""
    return now - timedelta(days=DELIVERY_LOG_RETENTION_DAYS)


def deliveries_for(events: Iterable[Event], endpoints: Iterable[WebhookEndpoint]) -> list[WebhookDelivery]:
    """The deliveries a batch of events owes, in event order (so that ids keep each endpoint's order)."""
    endpoints = list(endpoints)
    return [
        WebhookDelivery(
            endpoint_id=endpoint.id, event_id=event.id, event_type=str(event.type),
            body=json.dumps(event.payload(), separators=(",", ":")), status=DeliveryStatus.PENDING,
            next_attempt_at=event.occurred_at,
        )
        for event in events
        for endpoint in endpoints
        if endpoint.subscribes_to(event)
    ]


async def stage_endpoint_disabled(conn: BaseDBAsyncClient, endpoint: WebhookEndpoint) -> Event | None:
    """Tell the family's parents that an endpoint was switched off, and why."""
    data = {
        "endpoint_id": endpoint.id,
        "url": endpoint.url,
        "reason": endpoint.disabled_reason,
        "disabled_at": isoformat_z(endpoint.disabled_at),
    }
    return await stage_event(
        conn, type=EventType.WEBHOOK_ENDPOINT_DISABLED, family_id=endpoint.family_id,
        recipients=await parents_of_family(endpoint.family_id, conn), data=data,
    )
