"""Error types the use cases raise, and the handlers that render them in the contract's shapes (§0.5).

A use case raises ``NotFound("Chore not found")``; the client receives
``404 {"detail": "Chore not found"}``. Anything unexpected becomes a logged, plain-text 500.
"""

from __future__ import annotations

import logging
from typing import Any

from sanic import Sanic
from sanic.exceptions import BadRequest as SanicBadRequest
from sanic.exceptions import MethodNotAllowed, PayloadTooLarge, RequestCancelled, ServiceUnavailable
from sanic.exceptions import NotFound as RouteNotFound
from sanic.request import Request
from sanic.response import HTTPResponse, json, text
from tortoise.exceptions import DBConnectionError, IntegrityError, OperationalError

from api.logging import CLIENT_CLOSED_REQUEST
from api.request_guard import MAX_BODY_BYTES, WRITE_METHODS, guard_error, request_too_large

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error the client caused or must know about, rendered as ``{"detail": ...}``."""

    status = 400

    def __init__(self, detail: Any, *, status: int | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        if status is not None:
            self.status = status
        self.headers = headers or {}


class BadRequest(ApiError):
    status = 400


class Unauthorized(ApiError):
    status = 401


class Forbidden(ApiError):
    status = 403


class NotFound(ApiError):
    status = 404


class Conflict(ApiError):
    status = 409


class Unprocessable(ApiError):
    """A business-rule 422 with a string detail (schema errors use :class:`RequestValidationError`)."""

    status = 422


class RequestValidationError(ApiError):
    """Schema validation failed: 422 with the list-shaped ``detail`` of §0.5."""

    status = 422

    def __init__(self, errors: list[dict[str, Any]]):
        super().__init__(errors)


def _render_api_error(request: Request, exc: ApiError) -> HTTPResponse:
    return json({"detail": exc.detail}, status=exc.status, headers=exc.headers, default=str)


async def _guard_unrouted(request: Request) -> HTTPResponse | None:
    """Run the request-validation layer for a request no route took.

    It runs before routing in the reference, so it also answers for unknown /api/ paths; Sanic
    reads a body only once a route matched, so read it here first.
    """
    if request.method in WRITE_METHODS and request.path.startswith("/api/") and not request.body:
        try:
            await request.receive_body()
        except Exception:  # a body that cannot be read is no reason to hide the 404/405
            log.debug("could not read the body of an unrouted request", exc_info=True)
    return guard_error(request)


async def _render_not_found(request: Request, exc: Exception) -> HTTPResponse:
    return await _guard_unrouted(request) or json({"detail": "Not Found"}, status=404)


async def _render_method_not_allowed(request: Request, exc: Exception) -> HTTPResponse:
    return await _guard_unrouted(request) or json({"detail": "Method Not Allowed"}, status=405)


def _render_too_large(request: Request, exc: Exception) -> HTTPResponse:
    size = request.headers.get("content-length", "")
    return request_too_large(int(size) if size.isdigit() else MAX_BODY_BYTES + 1)


def _render_bad_request(request: Request, exc: SanicBadRequest) -> HTTPResponse:
    return json({"detail": str(exc) or "Bad Request"}, status=400)


def _render_conflict(request: Request, exc: IntegrityError) -> HTTPResponse:
    # Unique constraints guard race-prone writes; the loser of a race lands here.
    log.info("integrity conflict on %s %s: %s", request.method, request.path, exc)
    return json({"detail": "The request conflicts with a concurrent change; retry it"}, status=409)


def _render_database_down(request: Request, exc: Exception) -> HTTPResponse:
    log.error("database unavailable on %s %s", request.method, request.path, exc_info=exc)
    return json({"detail": "Service temporarily unavailable"}, status=503, headers={"Retry-After": "5"})


def _render_cancelled(request: Request, exc: BaseException) -> HTTPResponse:
    """The client closed the connection before the answer (nginx's 499): nobody receives this.

    ``RequestCancelled`` is a ``CancelledError``, no ``Exception``: without its own handler Sanic's
    default one made it a 500 that looked like a server fault in the logs and the metrics.
    """
    return text("", status=CLIENT_CLOSED_REQUEST)


def _render_unexpected(request: Request, exc: Exception) -> HTTPResponse:
    log.exception("unhandled error on %s %s", request.method, request.path, exc_info=exc)
    return text("Internal Server Error", status=500)


def register_error_handlers(app: Sanic) -> None:
    app.error_handler.add(ApiError, _render_api_error)
    app.error_handler.add(RouteNotFound, _render_not_found)
    app.error_handler.add(MethodNotAllowed, _render_method_not_allowed)
    app.error_handler.add(PayloadTooLarge, _render_too_large)
    app.error_handler.add(SanicBadRequest, _render_bad_request)
    app.error_handler.add(IntegrityError, _render_conflict)
    app.error_handler.add(DBConnectionError, _render_database_down)
    app.error_handler.add(OperationalError, _render_database_down)
    app.error_handler.add(ServiceUnavailable, _render_database_down)
    app.error_handler.add(ConnectionError, _render_database_down)
    app.error_handler.add(RequestCancelled, _render_cancelled)
    app.error_handler.add(Exception, _render_unexpected)
