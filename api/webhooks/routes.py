"""Outbound webhooks: a parent registers his family's endpoints and reads their delivery log."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, empty, json

from api.auth import authenticated
from api.openapi import responds
from api.ratelimit import rate_limited
from api.validation import validate
from api.webhooks import service
from api.webhooks.schemas import (
    DeliveryOut,
    DeliveryPath,
    DeliveryQuery,
    EndpointIn,
    EndpointOut,
    EndpointPath,
    EndpointUpdate,
    EndpointWithSecretOut,
    delivery_out,
    endpoint_out,
    endpoint_with_secret_out,
)
from models import User

bp = Blueprint("webhooks", url_prefix="/api/v1/webhooks")


@bp.post("")
@responds(EndpointWithSecretOut, status=201, errors=[409])
@authenticated
@validate(json=EndpointIn)
@rate_limited(20)
async def create_endpoint(request: Request, user: User, body: EndpointIn) -> HTTPResponse:
    """Register an endpoint; the answer holds its signing secret, shown this once."""
    endpoint = await service.create_endpoint(
        user=user, url=body.url, event_types=body.event_types, description=body.description,
        settings=request.app.ctx.settings,
    )
    return json(endpoint_with_secret_out(endpoint), status=201)


@bp.get("")
@responds(list[EndpointOut])
@authenticated
@rate_limited(100)
async def list_endpoints(request: Request, user: User) -> HTTPResponse:
    """The family's endpoints, without their secrets."""
    return json([endpoint_out(endpoint) for endpoint in await service.list_endpoints(user=user)])


@bp.get("/<endpoint_id>")
@responds(EndpointOut)
@authenticated
@validate(path=EndpointPath)
@rate_limited(100)
async def get_endpoint(request: Request, user: User, path: EndpointPath) -> HTTPResponse:
    """One endpoint, without its secret."""
    return json(endpoint_out(await service.get_endpoint(user=user, endpoint_id=path.endpoint_id)))


@bp.patch("/<endpoint_id>")
@responds(EndpointOut)
@authenticated
@validate(path=EndpointPath, json=EndpointUpdate)
@rate_limited(30)
async def update_endpoint(request: Request, user: User, path: EndpointPath, body: EndpointUpdate) -> HTTPResponse:
    """Change the URL, event types, description, or switch the endpoint off or on again."""
    endpoint = await service.update_endpoint(
        user=user, endpoint_id=path.endpoint_id, changes=body, settings=request.app.ctx.settings
    )
    return json(endpoint_out(endpoint))


@bp.delete("/<endpoint_id>")
@responds(None, status=204)
@authenticated
@validate(path=EndpointPath)
@rate_limited(20)
async def delete_endpoint(request: Request, user: User, path: EndpointPath) -> HTTPResponse:
    """Remove the endpoint and its delivery log."""
    await service.delete_endpoint(user=user, endpoint_id=path.endpoint_id)
    return empty()


@bp.post("/<endpoint_id>/rotate-secret")
@responds(EndpointWithSecretOut)
@authenticated
@validate(path=EndpointPath)
@rate_limited(10)
async def rotate_secret(request: Request, user: User, path: EndpointPath) -> HTTPResponse:
    """Replace the signing secret; the answer holds the new one, shown this once."""
    endpoint = await service.rotate_secret(user=user, endpoint_id=path.endpoint_id)
    return json(endpoint_with_secret_out(endpoint))


@bp.get("/<endpoint_id>/deliveries")
@responds(list[DeliveryOut])
@authenticated
@validate(path=EndpointPath, query=DeliveryQuery)
@rate_limited(100)
async def list_deliveries(request: Request, user: User, path: EndpointPath, query: DeliveryQuery) -> HTTPResponse:
    """The endpoint's delivery log, newest first, each delivery with its attempts."""
    page = await service.list_deliveries(
        user=user, endpoint_id=path.endpoint_id, limit=query.limit, offset=query.offset
    )
    return json([delivery_out(delivery, page.attempts[delivery.id]) for delivery in page.deliveries])


@bp.post("/<endpoint_id>/deliveries/<delivery_id>/redeliver")
@responds(DeliveryOut, status=202, errors=[409])
@authenticated
@validate(path=DeliveryPath)
@rate_limited(30)
async def redeliver(request: Request, user: User, path: DeliveryPath) -> HTTPResponse:
    """Send one delivery again, now (whatever its status); the worker makes the attempt."""
    page = await service.redeliver(user=user, endpoint_id=path.endpoint_id, delivery_id=path.delivery_id)
    [delivery] = page.deliveries
    return json(delivery_out(delivery, page.attempts[delivery.id]), status=202)
