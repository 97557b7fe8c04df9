"""``Idempotency-Key`` on money-moving routes: a retry gets the first answer and moves nothing again.

Placed right under ``@authenticated``::

    @bp.post("")
    @responds(PayoutOut, status=201)
    @authenticated
    @idempotent
    @validate(json=PayoutIn)
    async def record_payout(request, user, body): ...

Without the header the route behaves as before. With it, the key is claimed for the caller
(models/idempotency.py) before the handler runs, and:

- a success (2xx) is stored and replayed, status and body byte for byte, to every retry with the
  same key, method, path and body (the replay carries ``Idempotent-Replayed: true``);
- the same key with another method, path or body is a 422;
- while the first request still runs, another one with its key is a 409 (retry a moment later);
- a request refused by a rule or by validation (nothing was moved) releases its key, so a retry
  runs again; one whose outcome is unknown (server error, client gone) keeps it claimed, so that it
  can never run twice: such a key answers 409 until it expires.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from sanic.request import Request
from sanic.response import HTTPResponse
from tortoise.exceptions import IntegrityError

from api.errors import ApiError, Conflict, RequestValidationError, Unprocessable
from api.openapi import declared_errors
from models import User
from models.idempotency import (
    MAX_KEY_LENGTH,
    IdempotencyKey,
    claim_key,
    fingerprint_of,
    is_valid_key,
    release_key,
    store_answer,
)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# The header as the OpenAPI document describes it (``__headers__``, read by api/openapi.py).
HEADER_PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": "Makes a retry safe: the same key and request get the first answer back, and nothing moves again.",
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": "^[ -~]+$"},
}

Handler = Callable[..., Awaitable[Any]]


def idempotent(handler: Handler) -> Handler:
    """Honour ``Idempotency-Key`` on this route (see the module's docstring)."""

    @wraps(handler)
    async def wrapper(request: Request, *args: Any, user: User, **kwargs: Any) -> Any:
        key = request.headers.get(HEADER)
        if key is None:
            return await handler(request, *args, user=user, **kwargs)
        if not is_valid_key(key):
            raise _invalid_key(key)
        fingerprint = fingerprint_of(request.method, request.path, request.body or b"")
        claim = await claim_key(user.id, key, fingerprint)
        if not claim.won:
            return _earlier_answer(claim.row, fingerprint)
        try:
            response = await handler(request, *args, user=user, **kwargs)
        except (ApiError, IntegrityError):  # refused, or a concurrent change rolled it back: nothing moved
            await release_key(claim.row)
            raise
        if 200 <= response.status < 300:
            await store_answer(claim.row, status=response.status, content_type=response.content_type,
                               body=bytes(response.body or b""))
        else:
            await release_key(claim.row)
        return response

    wrapper.__headers__ = [HEADER_PARAMETER]  # type: ignore[attr-defined]
    wrapper.__errors__ = declared_errors(handler) | {409, 422}  # type: ignore[attr-defined]
    return wrapper


def _invalid_key(key: str) -> RequestValidationError:
    return RequestValidationError([{
        "type": "idempotency_key",
        "loc": ["header", HEADER],
        "msg": f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters",
        "input": key,
    }])


def _earlier_answer(row: IdempotencyKey, fingerprint: str) -> HTTPResponse:
    if row.fingerprint != fingerprint:
        raise Unprocessable(f"{HEADER} was already used for another request (method, path or body differ)")
    if row.status is None or row.body is None:
        raise Conflict(f"A request with this {HEADER} is still being processed", headers={"Retry-After": "1"})
    return HTTPResponse(row.body, status=row.status, content_type=row.content_type,
                        headers={REPLAYED_HEADER: "true"})
