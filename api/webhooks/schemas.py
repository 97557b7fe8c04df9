"""Request and response shapes of the webhook endpoints and their delivery log."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from api.validation import DbInt
from api.wire import Timestamp
from models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from models.events import EventType
from models.outbound import MAX_URL_LENGTH
from models.timeutil import isoformat_z
from models.webhooks import MAX_DESCRIPTION_LENGTH

MAX_PAGE = 100
MAX_OFFSET = 2**31 - 1
# Repeats are dropped; a bound keeps a body from being a long list of them.
MAX_EVENT_TYPES = 50


def _without_repeats(types: list[EventType]) -> list[EventType]:
    return list(dict.fromkeys(types))


EventTypes = Annotated[
    list[EventType], Field(min_length=1, max_length=MAX_EVENT_TYPES), AfterValidator(_without_repeats)
]


class EndpointIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    url: str = Field(min_length=1, max_length=MAX_URL_LENGTH)
    event_types: EventTypes
    description: str = Field(default="", max_length=MAX_DESCRIPTION_LENGTH)


class EndpointUpdate(BaseModel):
    """Only the fields given change; ``enabled: true`` re-enables an endpoint and sends what waited."""

    model_config = ConfigDict(extra="ignore")

    url: str | None = Field(default=None, min_length=1, max_length=MAX_URL_LENGTH)
    event_types: EventTypes | None = None
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION_LENGTH)
    enabled: bool | None = None


class EndpointPath(BaseModel):
    endpoint_id: DbInt


class DeliveryPath(BaseModel):
    endpoint_id: DbInt
    delivery_id: DbInt


class DeliveryQuery(BaseModel):
    limit: int = Field(default=20, ge=1, le=MAX_PAGE)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)


class EndpointOut(TypedDict):
    id: int
    url: str
    event_types: list[str]
    description: str
    enabled: bool
    disabled_reason: str | None
    disabled_at: Timestamp | None
    consecutive_failures: int
    failing_since: Timestamp | None
    created_by: int | None
    created_at: Timestamp
    updated_at: Timestamp


class EndpointWithSecretOut(EndpointOut):
    """Only when created or rotated: the signing secret, never shown again."""

    secret: str


class AttemptOut(TypedDict):
    number: int
    attempted_at: Timestamp
    response_code: int | None
    error: str | None
    duration_ms: int


class DeliveryOut(TypedDict):
    id: int
    endpoint_id: int
    event_id: int
    event_type: str
    status: Literal["pending", "failed", "succeeded", "given_up"]
    attempts: int
    next_attempt_at: Timestamp | None
    last_response_code: int | None
    last_error: str | None
    last_duration_ms: int | None
    created_at: Timestamp
    attempt_log: list[AttemptOut]


def endpoint_out(endpoint: WebhookEndpoint) -> EndpointOut:
    return {
        "id": endpoint.id,
        "url": endpoint.url,
        "event_types": list(endpoint.event_types),
        "description": endpoint.description,
        "enabled": endpoint.enabled,
        "disabled_reason": endpoint.disabled_reason,
        "disabled_at": isoformat_z(endpoint.disabled_at),
        "consecutive_failures": endpoint.consecutive_failures,
        "failing_since": isoformat_z(endpoint.failing_since),
        "created_by": endpoint.created_by_id,
        "created_at": isoformat_z(endpoint.created_at),
        "updated_at": isoformat_z(endpoint.updated_at),
    }


def endpoint_with_secret_out(endpoint: WebhookEndpoint) -> EndpointWithSecretOut:
    return {**endpoint_out(endpoint), "secret": endpoint.secret}


def attempt_out(attempt: WebhookAttempt) -> AttemptOut:
    return {
        "number": attempt.number,
        "attempted_at": isoformat_z(attempt.attempted_at),
        "response_code": attempt.response_code,
        "error": attempt.error,
        "duration_ms": attempt.duration_ms,
    }


def delivery_out(delivery: WebhookDelivery, attempts: list[WebhookAttempt]) -> DeliveryOut:
    return {
        "id": delivery.id,
        "endpoint_id": delivery.endpoint_id,
        "event_id": delivery.event_id,
        "event_type": delivery.event_type,
        "status": delivery.status.value,
        "attempts": delivery.attempts,
        "next_attempt_at": isoformat_z(delivery.next_attempt_at),
        "last_response_code": delivery.last_response_code,
        "last_error": delivery.last_error,
        "last_duration_ms": delivery.last_duration_ms,
        "created_at": isoformat_z(delivery.created_at),
        "attempt_log": [attempt_out(attempt) for attempt in attempts],
    }
