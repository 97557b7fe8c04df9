"""The request-validation layer for write requests under ``/api/`` (contract §14).

It answers before any handler runs: unsupported media type (415), body too large (413),
malformed JSON (400), all in the E-MW shape ``{"error": {"code", "message", "details"}}``.

The content type describes a body, so a request without one is not refused for its type: a bare
POST to an action route (``/chores/{id}/complete``) may come with no ``Content-Type`` (curl) or with
aiohttp's ``application/octet-stream`` and ``Content-Length: 0``, and both go on to the handler.
"""

from __future__ import annotations

import json as stdjson

from sanic.request import Request
from sanic.response import HTTPResponse, json

MAX_BODY_BYTES = 1_048_576
ALLOWED_CONTENT_TYPES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def _error(status: int, code: str, message: str, details: dict) -> HTTPResponse:
    return json({"error": {"code": code, "message": message, "details": details}}, status=status)


def request_too_large(size: int) -> HTTPResponse:
    return _error(
        413,
        "REQUEST_TOO_LARGE",
        "Request body too large",
        {"max_size_bytes": MAX_BODY_BYTES, "request_size_bytes": size},
    )


def guard_error(request: Request) -> HTTPResponse | None:
    """The E-MW response this request deserves, or None when it may go on."""
    if request.method not in WRITE_METHODS or not request.path.startswith("/api/"):
        return None
    content_type = request.headers.get("content-type", "").lower()
    media_type = content_type.split(";", 1)[0].strip()
    if request.method in BODY_METHODS and content_type and request.body and media_type not in ALLOWED_CONTENT_TYPES:
        return _error(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            f"Content-Type '{content_type}' is not supported",
            {"allowed_types": list(ALLOWED_CONTENT_TYPES)},
        )
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY_BYTES:
        return request_too_large(int(length))
    if media_type == "application/json" and request.body:
        try:
            stdjson.loads(request.body)
        except (ValueError, UnicodeDecodeError) as exc:
            position = getattr(exc, "pos", getattr(exc, "start", 0))
            return _error(
                400,
                "MALFORMED_JSON",
                "Invalid JSON in request body",
                {"error": str(getattr(exc, "msg", exc)), "position": position},
            )
    return None
