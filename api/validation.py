"""Request parsing with pydantic, failing with the contract's 422 list shape (§0.5 E-VALID).

Handlers declare what they read::

    @bp.post("/<chore_id>/approve")
    @authenticated
    @validate(path=ChorePath, json=ApproveIn)
    async def approve(request, user, path, body): ...

Validation runs after authentication (401 first, then 422), as the contract orders them.
"""

from __future__ import annotations

import json as stdjson
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, Field, ValidationError
from sanic.request import Request

from api.errors import RequestValidationError
from models.outbound import OutboundPolicy, UnsafeURL, check_url
from models.timeutil import as_utc, utcnow
from settings import Settings

M = TypeVar("M", bound=BaseModel)
# Any integer the database can compare a key with: bigger ones overflow SQLite's INTEGER (a 500).
DbInt = Annotated[int, Field(ge=-(2**63) + 1, le=2**63 - 1)]
MISSING = object()


def _plain(value: Any) -> Any:
    """Make a value JSON-safe the way FastAPI renders error inputs and contexts."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


def format_errors(exc: ValidationError, location: str) -> list[dict[str, Any]]:
    errors = []
    for error in exc.errors(include_url=False):
        item: dict[str, Any] = {
            "type": error["type"],
            "loc": [location, *error["loc"]],
            "msg": error["msg"],
            "input": _plain(error.get("input")),
        }
        if "ctx" in error:
            ctx = dict(error["ctx"])
            if isinstance(ctx.get("error"), Exception):
                ctx["error"] = {}
            item["ctx"] = _plain(ctx)
        errors.append(item)
    return errors


def missing_body_error() -> RequestValidationError:
    return RequestValidationError([{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}])


def parse_model(model: type[M], data: Any, location: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(format_errors(exc, location)) from None


def json_body(request: Request) -> Any:
    """The decoded JSON body, or MISSING when there is none (malformed JSON was refused earlier)."""
    if not request.body:
        return MISSING
    try:
        return stdjson.loads(request.body)
    except ValueError:
        return MISSING


def form_body(request: Request) -> dict[str, str]:
    """Form fields (urlencoded or multipart), first value of each."""
    return {key: values[0] for key, values in request.form.items()} if request.form else {}


def query_params(request: Request) -> dict[str, str]:
    """Query parameters, last value of each."""
    return {key: values[-1] for key, values in request.args.items()}


def parse_json(request: Request, model: type[M], *, required: bool = True) -> M:
    data = json_body(request)
    if data is MISSING:
        if required:
            raise missing_body_error()
        data = {}
    return parse_model(model, data, "body")


Handler = Callable[..., Awaitable[Any]]


def validate(
    *,
    path: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    json: type[BaseModel] | None = None,
    json_optional: bool = False,
    form: type[BaseModel] | None = None,
) -> Callable[[Handler], Handler]:
    """Parse the path, query, JSON or form parts into models passed as ``path``, ``query``, ``body``."""

    def decorator(handler: Handler) -> Handler:
        @wraps(handler)
        async def wrapper(request: Request, *args: Any, **kwargs: Any) -> Any:
            errors: list[dict[str, Any]] = []
            parsed: dict[str, Any] = {}
            if path is not None:
                raw = {name: kwargs.pop(name) for name in list(kwargs) if name in path.model_fields}
                parsed["path"] = _collect(errors, lambda: parse_model(path, raw, "path"))
            if query is not None:
                parsed["query"] = _collect(errors, lambda: parse_model(query, query_params(request), "query"))
            if json is not None:
                parsed["body"] = _collect(errors, lambda: parse_json(request, json, required=not json_optional))
            if form is not None:
                parsed["body"] = _collect(errors, lambda: parse_model(form, form_body(request), "body"))
            if errors:
                raise RequestValidationError(errors)
            return await handler(request, *args, **parsed, **kwargs)

        wrapper.__validation__ = {  # type: ignore[attr-defined]
            "path": path, "query": query, "json": json, "json_optional": json_optional, "form": form,
        }
        return wrapper

    return decorator


def future_instant(value: datetime, *, within: timedelta, name: str = "expires_at") -> datetime:
    """``value`` in UTC when it lies ahead, by ``within`` at most; else ValueError saying why (a 422 in a schema).

    A time without a zone is read as UTC (contract §0.6).
    """
    try:
        value, now = as_utc(value), utcnow()
    except OverflowError:  # e.g. 9999-12-31T23:59-23:59 has no UTC time
        raise ValueError(f"{name} is no valid UTC time") from None
    if value <= now:
        raise ValueError(f"{name} must be in the future")
    if value > now + within:
        raise ValueError(f"{name} must be within {within.days} days")
    return value


def _collect(errors: list[dict[str, Any]], parse: Callable[[], Any]) -> Any:
    try:
        return parse()
    except RequestValidationError as exc:
        errors.extend(exc.detail)
        return None


def outbound_url(url: str, field: str, settings: Settings) -> str:
    """A user-given URL the server will send to (models/outbound.py), normalised, or a 422 on ``body.<field>``
    saying why it may not be used."""
    try:
        return check_url(url, OutboundPolicy.from_settings(settings))
    except UnsafeURL as refused:
        raise RequestValidationError(
            [{"type": "value_error", "loc": ["body", field], "msg": f"Value error, {refused}", "input": url}]
        ) from None
