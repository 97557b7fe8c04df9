"""HTTP instrumentation: every request counted and timed by route template, method and status.

Labels carry the route's template (``/api/v1/chores/{chore_id}``, the path the OpenAPI document
shows), never the raw path, so the number of series stays bounded; requests that match no route
are labelled ``none``. ``/``, ``/health`` and ``/metrics`` are not instrumented (contract §10).
The hooks run in ``api.lifecycle``'s request and response middleware, which see every response,
including the error handlers' and the request guard's; the app's error handler notes what a failed
request raised.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prometheus_client import Counter, Gauge, Histogram, Summary
from sanic.handlers import ErrorHandler
from sanic.request import Request
from sanic.response import BaseHTTPResponse
from sanic.router import Route
from tortoise.exceptions import (
    DBConnectionError,
    NotExistOrMultiple,
    ObjectDoesNotExistError,
    OperationalError,
    TransactionManagementError,
)

from api.logging import CLIENT_CLOSED_REQUEST
from api.metrics.prometheus_adapter import HistogramValues, SummaryValues, Value, value_of
from api.openapi import path_template

UNINSTRUMENTED_PATHS = frozenset({"", "health", "metrics"})
UNMATCHED = "none"
RETURNED_ERROR = "ErrorResponse"

REQUESTS = Counter("http_requests_total", "HTTP requests answered", ["handler", "method", "status"])
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time to answer a request, by route",
    ["handler", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
LATENCY_HIGHR = Histogram(
    "http_request_duration_highr_seconds",
    "Time to answer a request, all routes together, in fine buckets",
    buckets=(0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75,
             1, 1.5, 2, 3, 5, 7.5, 10, 30),
)
REQUEST_SIZE = Summary("http_request_size_bytes", "Size of request bodies", ["handler"])
RESPONSE_SIZE = Summary("http_response_size_bytes", "Size of response bodies", ["handler"])
_LATENCY_HIGHR = HistogramValues(LATENCY_HIGHR)
IN_PROGRESS = Gauge(
    "http_requests_inprogress", "Requests being handled", ["handler", "method"], multiprocess_mode="livesum"
)
API_ERRORS = Counter(
    "api_errors_total", "Responses with a 4xx or 5xx status", ["endpoint", "status_code", "error_type"]
)
DATABASE_ERRORS = Counter("database_errors_total", "Requests that failed on a database error", ["operation"])

DATABASE_FAILURES = (OperationalError, DBConnectionError, TransactionManagementError)
LOOKUP_MISSES = (NotExistOrMultiple, ObjectDoesNotExistError)


@dataclass(frozen=True)
class RouteSeries:
    """The labelled series of one route template and method, looked up once: ``labels()`` is not cheap.

    Each is held as the values it updates (``api.metrics.prometheus_adapter``)."""

    handler: str
    method: str
    in_progress: Value
    latency: HistogramValues
    request_size: SummaryValues
    response_size: SummaryValues
    requests: dict[int, Value]  # by status

    def requests_with(self, status: int) -> Value:
        counter = self.requests.get(status)
        if counter is None:
            counter = self.requests[status] = value_of(REQUESTS.labels(self.handler, self.method, str(status)))
        return counter


# Bounded like the series themselves: one entry per route path (or none) and method seen.
_series: dict[tuple[str | None, str], RouteSeries] = {}


def series_of(route: Route | None, method: str) -> RouteSeries:
    key = (None if route is None else route.path, method)
    found = _series.get(key)
    if found is None:
        handler = _handler_label(route)
        found = _series[key] = RouteSeries(
            handler,
            method,
            value_of(IN_PROGRESS.labels(handler, method)),
            HistogramValues(LATENCY.labels(handler, method)),
            SummaryValues(REQUEST_SIZE.labels(handler)),
            SummaryValues(RESPONSE_SIZE.labels(handler)),
            {},
        )
    return found


class InstrumentedErrorHandler(ErrorHandler):
    """Sanic's error handler, noting first what a request failed with (every failure passes here).

    A handler of the ``http.lifecycle.exception`` signal would see the same, but Sanic keeps every
    ``http.lifecycle.*`` dispatch of every request as soon as one of them has a handler: about a
    third of a trivial request's cost (bench/README.md).
    """

    def response(self, request: Request, exception: BaseException) -> Any:
        _record_failure(request, exception)
        return super().response(request, exception)


def _instrumented(route: Route | None) -> bool:
    return route is None or route.path not in UNINSTRUMENTED_PATHS


def _handler_label(route: Route | None) -> str:
    return UNMATCHED if route is None else path_template(route)


def request_started(request: Request) -> None:
    """Count a routed request in flight until :func:`request_answered` (every answer passes there, a 499 too)."""
    route = request.route
    if route is None or not _instrumented(route):
        return
    gauge = series_of(route, request.method).in_progress
    gauge.inc(1)
    request.ctx.metrics_in_flight = gauge


def _record_failure(request: Request, exception: BaseException) -> None:
    request.ctx.metrics_error = type(exception).__name__
    if isinstance(exception, DATABASE_FAILURES) and not isinstance(exception, LOOKUP_MISSES):
        route = request.route
        DATABASE_ERRORS.labels(route.name.split(".", 1)[-1] if route else UNMATCHED).inc()


def request_answered(request: Request, response: BaseHTTPResponse, elapsed: float) -> None:
    """Count the answer by route, method and status; time it (``elapsed`` seconds) and size it."""
    in_flight = getattr(request.ctx, "metrics_in_flight", None)
    if in_flight is not None:
        in_flight.inc(-1)
        request.ctx.metrics_in_flight = None
    route = request.route
    if not _instrumented(route):
        return
    series, status = series_of(route, request.method), response.status
    series.requests_with(status).inc(1)
    series.latency.observe(elapsed)
    _LATENCY_HIGHR.observe(elapsed)
    series.request_size.observe(_request_size(request))
    series.response_size.observe(len(getattr(response, "body", None) or b""))
    # An abandoned request (499) is counted as such, but is no error the API answered with.
    if status >= 400 and status != CLIENT_CLOSED_REQUEST:
        error_type = getattr(request.ctx, "metrics_error", RETURNED_ERROR)
        API_ERRORS.labels(series.handler, str(status), error_type).inc()


def _request_size(request: Request) -> int:
    declared = request.headers.get("content-length", "")
    return int(declared) if declared.isdigit() else len(request.body or b"")
