"""Use cases of the webhook endpoints: a parent manages his family's, and asks for redeliveries.

Every query is scoped to the caller's family: another family's endpoint or delivery is not found,
exactly like an id nobody has. The secret is returned only by :func:`create_endpoint` and
:func:`rotate_secret`. The worker does the sending (workers/webhooks.py); a use case that puts
deliveries back in a queue asks for it after its transaction has committed.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from api.auth import require_parent
from api.errors import Conflict, Forbidden, NotFound
from api.validation import outbound_url
from api.webhooks.schemas import EndpointUpdate
from models import DeliveryStatus, User, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from models.events import EventType
from models.timeutil import utcnow
from models.webhooks import OPEN_STATUSES, new_secret
from settings import Settings
from workers import enqueue

PARENTS_ONLY = "Only parents can manage webhooks"
# Every event is sent once per subscribed endpoint: a bound keeps one family from multiplying the worker's work.
MAX_ENDPOINTS_PER_FAMILY = 10
NOT_FOUND = "Webhook endpoint not found"


@dataclass(frozen=True)
class DeliveryPage:
    deliveries: list[WebhookDelivery]
    attempts: dict[int, list[WebhookAttempt]]


async def _endpoint_of(user: User, endpoint_id: int) -> WebhookEndpoint:
    endpoint = await WebhookEndpoint.get_or_none(id=endpoint_id, family_id=user.family_id)
    if endpoint is None:
        raise NotFound(NOT_FOUND)
    return endpoint


async def create_endpoint(
    *, user: User, url: str, event_types: list[EventType], description: str, settings: Settings
) -> WebhookEndpoint:
    require_parent(user, PARENTS_ONLY)
    if user.family_id is None:
        raise Forbidden("Create or join a family before registering webhooks")
    checked = outbound_url(url, "url", settings)
    if await WebhookEndpoint.filter(family_id=user.family_id).count() >= MAX_ENDPOINTS_PER_FAMILY:
        raise Conflict(f"A family can have at most {MAX_ENDPOINTS_PER_FAMILY} webhook endpoints")
    return await WebhookEndpoint.create(
        family_id=user.family_id, url=checked, event_types=[str(t) for t in event_types],
        description=description, secret=new_secret(), created_by_id=user.id,
    )


async def list_endpoints(*, user: User) -> list[WebhookEndpoint]:
    require_parent(user, PARENTS_ONLY)
    if user.family_id is None:
        return []
    return await WebhookEndpoint.filter(family_id=user.family_id).order_by("id")


async def get_endpoint(*, user: User, endpoint_id: int) -> WebhookEndpoint:
    require_parent(user, PARENTS_ONLY)
    return await _endpoint_of(user, endpoint_id)


async def update_endpoint(
    *, user: User, endpoint_id: int, changes: EndpointUpdate, settings: Settings
) -> WebhookEndpoint:
    """Change what is given; re-enabling clears the failures and puts what waited back in the queue, now."""
    require_parent(user, PARENTS_ONLY)
    url = outbound_url(changes.url, "url", settings) if changes.url is not None else None
    async with in_transaction() as conn:
        mine = WebhookEndpoint.filter(id=endpoint_id, family_id=user.family_id)
        endpoint = await mine.select_for_update().using_db(conn).first()
        if endpoint is None:
            raise NotFound(NOT_FOUND)
        if url is not None:
            endpoint.url = url
        if changes.event_types is not None:
            endpoint.event_types = [str(t) for t in changes.event_types]
        if changes.description is not None:
            endpoint.description = changes.description
        enabling = changes.enabled is True and not endpoint.enabled
        if enabling:
            endpoint.enable()
            now = utcnow()
            await WebhookDelivery.filter(endpoint_id=endpoint.id, status__in=OPEN_STATUSES).using_db(conn).update(
                status=DeliveryStatus.PENDING, failed_attempts=0, next_attempt_at=now
            )
        elif changes.enabled is False and endpoint.enabled:
            endpoint.disable(f"disabled by {user.username}", utcnow())
        await endpoint.save(using_db=conn)
    if enabling:
        await enqueue.send_webhooks(endpoint.id)
    return endpoint


async def delete_endpoint(*, user: User, endpoint_id: int) -> None:
    """Remove the endpoint with its delivery log; nothing more is sent to it."""
    require_parent(user, PARENTS_ONLY)
    endpoint = await _endpoint_of(user, endpoint_id)
    await endpoint.delete()


async def rotate_secret(*, user: User, endpoint_id: int) -> WebhookEndpoint:
    """A new signing secret, used from the next attempt on (retries included); the old one stops at once."""
    require_parent(user, PARENTS_ONLY)
    endpoint = await _endpoint_of(user, endpoint_id)
    endpoint.secret = new_secret()
    await endpoint.save(update_fields=["secret", "updated_at"])
    return endpoint


async def list_deliveries(*, user: User, endpoint_id: int, limit: int, offset: int) -> DeliveryPage:
    """A page of the endpoint's deliveries, newest first, each with its attempts."""
    require_parent(user, PARENTS_ONLY)
    endpoint = await _endpoint_of(user, endpoint_id)
    deliveries = await WebhookDelivery.filter(endpoint_id=endpoint.id).order_by("-id").offset(offset).limit(limit)
    attempts: dict[int, list[WebhookAttempt]] = {delivery.id: [] for delivery in deliveries}
    for attempt in await WebhookAttempt.filter(delivery_id__in=list(attempts)).order_by("delivery_id", "number"):
        attempts[attempt.delivery_id].append(attempt)
    return DeliveryPage(deliveries, attempts)


async def redeliver(*, user: User, endpoint_id: int, delivery_id: int) -> DeliveryPage:
    """Put one delivery back in its endpoint's queue for an attempt now, whatever its status."""
    require_parent(user, PARENTS_ONLY)
    endpoint = await _endpoint_of(user, endpoint_id)
    async with in_transaction() as conn:
        its = WebhookDelivery.filter(id=delivery_id, endpoint_id=endpoint.id)
        delivery = await its.select_for_update().using_db(conn).first()
        if delivery is None:
            raise NotFound("Webhook delivery not found")
        if not endpoint.enabled:
            raise Conflict("The endpoint is disabled; enable it first")
        delivery.requeue(utcnow())
        await delivery.save(using_db=conn)
    await enqueue.send_webhooks(endpoint.id)
    attempts = await WebhookAttempt.filter(delivery_id=delivery.id).order_by("number")
    return DeliveryPage([delivery], {delivery.id: list(attempts)})
