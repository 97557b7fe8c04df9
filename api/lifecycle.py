"""What runs around every request, in order: one request middleware and one response middleware.

Each step lives in the module of its concern (request ids and the access line in ``api.logging``,
HTTP metrics in ``api.metrics.http``, the CORS preflight refusal in ``api.cors``, the request guard,
the default rate limit); this module only calls them in order. Sanic dispatches every middleware and
every signal handler on its own, at a cost that does not depend on what the handler does: as six
separate hooks they cost about as much as Sanic's own handling of a trivial request (bench/README.md).

Before the route's handler: the request id and clock, the in-flight gauge, then the first refusal of
the CORS preflight check, the request guard (415, 413, 400) and the default rate limit, which
answers instead of the handler. After every answer (the handler's, an error handler's, a refusal's):
the metrics, sanic-ext's CORS headers (for a request with an ``Origin``: see
``api.sanic_ext_adapter``), then the request id header and the access line.
"""

from __future__ import annotations

import time

from sanic import Sanic
from sanic.request import Request
from sanic.response import BaseHTTPResponse, HTTPResponse

from api.cors import preflight_refusal
from api.logging import begin_request, finish_request
from api.metrics.http import request_answered, request_started
from api.ratelimit import default_rate_limit
from api.request_guard import guard_error

# Before and after any other middleware (sanic-ext's CORS headers are added at priority 0).
FIRST = 1000


def setup_lifecycle(app: Sanic) -> None:
    app.on_request(before_handler, priority=FIRST)
    app.on_response(after_answer, priority=FIRST)


async def before_handler(request: Request) -> HTTPResponse | None:
    begin_request(request)
    request_started(request)
    refusal = preflight_refusal(request) or guard_error(request)
    if refusal is not None:
        return refusal
    rate_limit_check = default_rate_limit(request)
    if rate_limit_check is not None:
        await rate_limit_check
    return None


async def after_answer(request: Request, response: BaseHTTPResponse) -> None:
    # A request refused before any middleware ran (a malformed head) begins here.
    if getattr(request.ctx, "request_id", None) is None:
        begin_request(request)
    elapsed = time.perf_counter() - request.ctx.started_at
    request_answered(request, response, elapsed)
    if "origin" in request.headers:
        await request.app.ctx.cors_headers(request, response)
    finish_request(request, response, elapsed)
