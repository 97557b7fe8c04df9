"""``/metrics``: Prometheus text, for the allowed addresses or the configured bearer token (§10 H7)."""

from __future__ import annotations

import hmac

from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from api.auth import bearer_token
from api.clientip import address_in, client_ip
from api.errors import Forbidden
from api.metrics.exposition import render
from api.openapi import responds

bp = Blueprint("metrics")


def access_allowed(request: Request) -> bool:
    """From an allowed address (the client as trusted proxies report it), or with the metrics token."""
    settings = request.app.ctx.settings
    if address_in(client_ip(request, settings.trusted_proxies), settings.metrics_allowed_ips):
        return True
    token = bearer_token(request)
    return bool(
        settings.metrics_auth_token
        and token
        and hmac.compare_digest(token.encode(), settings.metrics_auth_token.encode())
    )


@bp.get("/metrics")
@responds(str, media_type="text/plain", description="Prometheus text exposition format 0.0.4", errors=[403])
async def metrics(request: Request) -> HTTPResponse:
    """Prometheus metrics of every web process."""
    if not access_allowed(request):
        raise Forbidden("Access to metrics endpoint is forbidden")
    multiprocess_dir = request.app.ctx.settings.prometheus_multiproc_dir
    return HTTPResponse(await render(multiprocess_dir), content_type=CONTENT_TYPE_PLAIN_0_0_4)
