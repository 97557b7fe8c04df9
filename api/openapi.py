"""The OpenAPI document, built from the routes themselves.

sanic-ext serves the interactive docs (``/docs``: Swagger UI, ``/docs/redoc``) and the document
they read (``/docs/openapi.json``); this module gives that document its content. At start-up it
walks ``app.router.routes`` and describes each operation from what our decorators record on the
handler: parameters and bodies from the pydantic models of ``@validate`` (``__validation__``), header
parameters a decorator declares (``__headers__``, e.g. ``@idempotent``),
success responses from the types of ``@responds`` (``__responses__``), the bearer requirement of
``@authenticated``, the limit of ``@rate_limited``, plus the error responses of contract §0.5.
The request and response schemas are generated together, so shared and nested types land once
in ``components/schemas`` with working ``$ref`` s (sanic-ext's own handling of nested models
leaves dangling refs), and are rewritten to the OpenAPI 3.0 dialect sanic-ext declares. The same
document is served at ``/openapi.json``; ``/redoc`` leads to the Redoc page.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, TypeAlias

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import JsonSchemaMode
from sanic import Blueprint, Sanic
from sanic.exceptions import NotFound
from sanic.request import Request
from sanic.response import HTTPResponse, json, redirect
from sanic.router import Route
from sanic_ext import openapi
from sanic_ext.config import PRIORITY as SANIC_EXT_PRIORITY
from typing_extensions import TypeForm

from api.request_guard import BODY_METHODS, MAX_BODY_BYTES, WRITE_METHODS
from api.token_scopes import ROUTE_SCOPES

SECURITY_SCHEME = "bearerAuth"
REF_PREFIX = "#/components/schemas/"
UNDOCUMENTED_METHODS = frozenset({"HEAD", "OPTIONS"})
# Keys whose value maps names to schemas: their keys are field names, not schema keywords.
SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions"})
MODEL_PARTS = ("path", "query", "json", "form")
# OpenAPI 3.0 has no ``null`` type: a value that is always null is written so.
ALWAYS_NULL = {"nullable": True, "enum": [None]}
JSON = "application/json"
# A path parameter; one of type ``ext=ics`` is a file name with that extension, e.g. ``<secret:ext=ics>``.
_PARAMETER = re.compile(r"<(\w+)(?::ext=(\w+))?[^>]*>")

Handler = Callable[..., Any]
# A request model, or a response body type (a TypedDict, ``list[...]``, a union, ``str``...).
BodyType: TypeAlias = TypeForm[Any]
# What refers to each type's schema: ``{"$ref": ...}``, or an inline schema (``list[...]``, ``str``).
Refs = dict[BodyType, dict[str, Any]]


@dataclass(frozen=True)
class DeclaredResponse:
    """What a handler answers with one status: a body of ``body`` type (None: no body) as ``media_type``."""

    body: BodyType | None
    media_type: str
    description: str


def path_template(route: Route) -> str:
    """The route's path as OpenAPI writes it, e.g. ``/api/v1/chores/{chore_id}``."""
    template = "/" + _PARAMETER.sub(_template_parameter, route.path)
    return template + "/" if getattr(route.handler, "__trailing_slash__", False) else template


def _template_parameter(match: re.Match[str]) -> str:
    name, extension = match.groups()
    return f"{{{name}}}.{extension}" if extension else f"{{{name}}}"


def called_with_trailing_slash(handler: Handler) -> Handler:
    """Document the route in the form its clients call, with a trailing slash (contract §0.1:
    ``/users/``, ``/adjustments/``). Both forms are served; Sanic keeps route paths without it.

    Kept out of sanic-ext's own pass, which would list the slash-less path beside this one.
    """
    handler.__trailing_slash__ = True  # type: ignore[attr-defined]
    return openapi.exclude()(handler)


def named_with_extension(handler: Handler) -> Handler:
    """Document a route whose last parameter is a file name (``<secret:ext=ics>``) as ``{secret}.ics``.

    Kept out of sanic-ext's own pass, which would list the path without its extension beside this one.
    """
    return openapi.exclude()(handler)


def undocumented(handler: Handler) -> Handler:
    """Keep a route (docs pages, redirects) out of the document: it is not an API operation."""
    handler.__undocumented__ = True  # type: ignore[attr-defined]
    return openapi.exclude()(handler)


def responds(
    body: BodyType | None,
    *,
    status: int = 200,
    media_type: str = JSON,
    description: str | None = None,
    errors: Iterable[int] = (),
) -> Callable[[Handler], Handler]:
    """Document what the handler answers with ``status``: a body of type ``body``, or none when None.

    ``errors`` are the contract's error answers (§0.5) the handler gives beyond those its shape
    implies (401/403 when authenticated, 404 with path parameters, 422 with ``@validate``...): e.g.
    404 for an unknown ``child_id`` filter, 400 for inverted dates, 401 for a wrong password.
    Stack it once per status; it only describes the response, the handler still builds it.
    """
    unknown = set(errors) - set(ERROR_RESPONSE_NAMES)
    if unknown:
        raise ValueError(f"no error response is defined for {sorted(unknown)}")

    def decorator(handler: Handler) -> Handler:
        declared = DeclaredResponse(
            body=body,
            media_type=media_type,
            description=description or HTTPStatus(status).phrase,
        )
        handler.__responses__ = {**declared_responses(handler), status: declared}  # type: ignore[attr-defined]
        handler.__errors__ = declared_errors(handler) | set(errors)  # type: ignore[attr-defined]
        return handler

    return decorator


def declared_responses(handler: Handler) -> dict[int, DeclaredResponse]:
    """The responses ``@responds`` recorded on the handler, by status."""
    return getattr(handler, "__responses__", None) or {}


def declared_errors(handler: Handler) -> frozenset[int]:
    """The error statuses ``@responds(..., errors=...)`` recorded on the handler."""
    return frozenset(getattr(handler, "__errors__", ()))


# --------------------------------------------------------------------------------------------
# Building the document
# --------------------------------------------------------------------------------------------


def build_document(app: Sanic) -> dict[str, Any]:
    """The ``paths`` and ``components`` of every documented route of ``app`` (its router finalized)."""
    operations = [
        (route, method)
        for route in app.router.routes
        if _documented(app, route)
        for method in sorted(route.methods - UNDOCUMENTED_METHODS)
    ]
    schemas, refs = _component_schemas([route.handler for route, _ in operations])
    paths: dict[str, dict[str, Any]] = {}
    for route, method in operations:
        paths.setdefault(path_template(route), {})[method.lower()] = _operation(route, method, schemas, refs)
    # Path and query models became parameters; their own schemas stay only if something refers to them.
    referenced = _references(paths) | _references(schemas)
    for name in _references(list(refs.values())) - referenced:
        del schemas[name]
    return {"paths": paths, "components": {"schemas": {**schemas, **ERROR_SCHEMAS}, "responses": ERROR_RESPONSES}}


def _documented(app: Sanic, route: Route) -> bool:
    return not route.name.startswith(f"{app.name}.openapi.") and not getattr(route.handler, "__undocumented__", False)


def _models(handler: Handler) -> dict[str, type[BaseModel]]:
    """The request models ``@validate`` recorded on the handler, by part (path, query, json, form)."""
    validation = getattr(handler, "__validation__", None) or {}
    return {part: validation[part] for part in MODEL_PARTS if validation.get(part) is not None}


def _component_schemas(handlers: list[Handler]) -> tuple[dict[str, Any], Refs]:
    """Schemas of every request model and response body type, generated together so that names stay unique."""
    models = sorted(
        {model for handler in handlers for model in _models(handler).values()},
        key=lambda model: (model.__module__, model.__qualname__),
    )
    bodies = dict.fromkeys(
        response.body
        for handler in handlers
        for response in declared_responses(handler).values()
        if response.body is not None
    )
    inputs: list[tuple[BodyType, JsonSchemaMode]] = [(model, "validation") for model in models]
    inputs += [(body, "serialization") for body in bodies]
    key_map, definitions = TypeAdapter.json_schemas(
        [((key, mode), mode, TypeAdapter(key)) for key, mode in inputs], ref_template=REF_PREFIX + "{model}"
    )
    refs = {key: to_openapi30(key_map[((key, mode), mode)]) for key, mode in inputs}
    schemas = {name: to_openapi30(schema) for name, schema in definitions.get("$defs", {}).items()}
    return schemas, refs


def _references(node: Any) -> set[str]:
    """Names of the component schemas ``node`` refers to."""
    if isinstance(node, dict):
        found = {node["$ref"].removeprefix(REF_PREFIX)} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(_references(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_references(item) for item in node))
    return set()


def _operation(route: Route, method: str, schemas: dict[str, Any], refs: Refs) -> dict:
    handler = route.handler
    models = _models(handler)
    summary, _, description = (inspect.getdoc(handler) or "").partition("\n")
    limit = getattr(handler, "__rate_limit__", None)
    slashed = getattr(handler, "__trailing_slash__", False) and "Also served without the trailing slash."
    scopes = getattr(handler, "__authenticated__", False) and _api_token_note(route)
    notes = [
        note
        for note in (description.strip(), slashed, limit and f"Rate limit: {limit} requests per minute.", scopes)
        if note
    ]
    operation: dict[str, Any] = {
        "operationId": f"{method.lower()}_{route.name.split('.', 1)[-1].replace('.', '_')}",
        "summary": summary.strip() or route.name.rsplit(".", 1)[-1].replace("_", " ").capitalize(),
        "tags": [_tag(route)],
        "parameters": _path_parameters(route, models.get("path"), schemas, refs)
        + _parameters(models.get("query"), "query", schemas, refs)
        + list(getattr(handler, "__headers__", [])),
        "responses": _responses(route, method, handler, models, refs),
    }
    if notes:
        operation["description"] = "\n\n".join(notes)
    body = _request_body(handler, models, refs)
    if body:
        operation["requestBody"] = body
    if getattr(handler, "__authenticated__", False):
        operation["security"] = [{SECURITY_SCHEME: []}]
    return operation


def _api_token_note(route: Route) -> str:
    """Which API tokens the operation accepts (api/token_scopes.py)."""
    scopes = ROUTE_SCOPES.get(route.name.split(".", 1)[-1])
    if not scopes:
        return "API tokens: not accepted (login token only)."
    return "API tokens: needs the " + " or ".join(f"`{scope.value}`" for scope in sorted(scopes)) + " scope."


def _tag(route: Route) -> str:
    parts = route.name.split(".")
    return parts[1] if len(parts) > 2 else "default"


def _parameters(model: type[BaseModel] | None, location: str, schemas: dict[str, Any], refs: Refs) -> list[dict]:
    if model is None:
        return []
    schema = schemas[refs[model]["$ref"].removeprefix(REF_PREFIX)]
    required = set(schema.get("required", ()))
    return [
        {"name": name, "in": location, "required": location == "path" or name in required, "schema": field_schema}
        for name, field_schema in schema.get("properties", {}).items()
    ]


def _path_parameters(route: Route, model: type[BaseModel] | None, schemas: dict[str, Any], refs: Refs) -> list[dict]:
    """The path model's fields, plus any route parameter it does not declare (typed by the route)."""
    declared = _parameters(model, "path", schemas, refs)
    names = {parameter["name"] for parameter in declared}
    for parameter in route.params.values():
        if parameter.name not in names:
            kind = "integer" if parameter.cast is int else "string"
            declared.append({"name": parameter.name, "in": "path", "required": True, "schema": {"type": kind}})
    return declared


def _request_body(handler: Handler, models: dict[str, type[BaseModel]], refs: Refs) -> dict | None:
    if "json" in models:
        media_type, model = JSON, models["json"]
        required = not getattr(handler, "__validation__", {}).get("json_optional", False)
    elif "form" in models:
        media_type, model, required = "application/x-www-form-urlencoded", models["form"], True
    else:
        return None
    return {"required": required, "content": {media_type: {"schema": refs[model]}}}


def _responses(
    route: Route, method: str, handler: Handler, models: dict[str, type[BaseModel]], refs: Refs
) -> dict[str, Any]:
    """The declared responses (the generic ``2XX`` for a handler that declares none) and the errors that apply."""
    declared = {
        str(status): _declared(response, refs) for status, response in sorted(declared_responses(handler).items())
    }
    errors = _error_statuses(route, method, handler, models) | declared_errors(handler)
    return {
        **(declared or {"2XX": SUCCESS}),
        **{str(status): _ref(ERROR_RESPONSE_NAMES[status]) for status in sorted(errors) if str(status) not in declared},
    }


def _error_statuses(route: Route, method: str, handler: Handler, models: dict[str, type[BaseModel]]) -> set[int]:
    """The errors every operation of this shape can answer (request guard, authentication, validation, limits,
    the database out of reach)."""
    guarded = method in WRITE_METHODS and route.path.startswith("api/")
    authenticated = getattr(handler, "__authenticated__", False)
    applies = {
        400: guarded,
        401: authenticated,
        403: authenticated,
        404: bool(route.params),
        413: guarded,
        415: guarded and method in BODY_METHODS,
        422: bool(models),
        429: True,
        503: True,
    }
    return {status for status, applied in applies.items() if applied}


def _declared(response: DeclaredResponse, refs: Refs) -> dict[str, Any]:
    if response.body is None:
        return {"description": response.description}
    return {"description": response.description, "content": {response.media_type: {"schema": refs[response.body]}}}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/responses/{name}"}


# --------------------------------------------------------------------------------------------
# JSON Schema (pydantic, draft 2020-12) → OpenAPI 3.0 schema objects
# --------------------------------------------------------------------------------------------


def to_openapi30(node: Any) -> Any:
    """Rewrite the 2020-12 constructs pydantic emits into their OpenAPI 3.0 forms."""
    if isinstance(node, list):
        return [to_openapi30(item) for item in node]
    if not isinstance(node, dict):
        return node
    schema = {
        key: {name: to_openapi30(value) for name, value in child.items()} if key in SCHEMA_MAPS else to_openapi30(child)
        for key, child in node.items()
    }
    if schema.get("type") == "null":
        del schema["type"]
        schema.update(nullable=True, enum=[None])
    options = schema.get("anyOf")
    if options and ALWAYS_NULL in options:
        others = [option for option in options if option != ALWAYS_NULL]
        del schema["anyOf"]
        if len(others) == 1:
            schema = {**_without_sibling_ref(others[0]), **schema}
        else:
            schema["anyOf"] = others
        schema["nullable"] = True
    if "default" in schema and schema["default"] is None:
        # A field typed ``str`` with default None is absent-or-null on the wire.
        schema["nullable"] = True
    if "const" in schema:
        schema["enum"] = [schema.pop("const")]
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        value = schema.get(exclusive)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            schema[bound], schema[exclusive] = value, True
    if isinstance(schema.get("examples"), list):
        examples = schema.pop("examples")
        if examples:
            schema["example"] = examples[0]
    return _without_sibling_ref(schema)


def _without_sibling_ref(schema: dict) -> dict:
    """OpenAPI 3.0 ignores keys next to ``$ref``: move the reference into ``allOf``."""
    if "$ref" in schema and len(schema) > 1:
        rest = {key: value for key, value in schema.items() if key != "$ref"}
        return {"allOf": [{"$ref": schema["$ref"]}], **rest}
    return schema


# --------------------------------------------------------------------------------------------
# Shared response objects (contract §0.5)
# --------------------------------------------------------------------------------------------

SUCCESS = {"description": "Success", "content": {"application/json": {"schema": {}}}}

ERROR_SCHEMAS: dict[str, Any] = {
    "ErrorDetail": {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    "ValidationIssue": {
        "type": "object",
        "properties": {
            "type": {"type": "string"},
            "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
            "msg": {"type": "string"},
            "input": {"nullable": True},
            "ctx": {"type": "object"},
        },
        "required": ["type", "loc", "msg", "input"],
    },
    "ValidationErrorDetail": {
        "type": "object",
        "properties": {"detail": {"type": "array", "items": {"$ref": REF_PREFIX + "ValidationIssue"}}},
        "required": ["detail"],
    },
    "RequestRejected": {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "code": {
                        "type": "string",
                        "enum": ["MALFORMED_JSON", "REQUEST_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE"],
                    },
                    "message": {"type": "string"},
                    "details": {"type": "object"},
                },
                "required": ["code", "message", "details"],
            }
        },
        "required": ["error"],
    },
    "RateLimitExceeded": {
        "type": "object",
        "properties": {"error": {"type": "string", "example": "Rate limit exceeded: 200 per 1 minute"}},
        "required": ["error"],
    },
}


def _error_response(description: str, *schemas: str, headers: dict | None = None) -> dict:
    """A response whose body is one of the named component schemas."""
    refs = [{"$ref": REF_PREFIX + schema} for schema in schemas]
    response: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": refs[0] if len(refs) == 1 else {"oneOf": refs}}},
    }
    if headers:
        response["headers"] = headers
    return response


ERROR_RESPONSES: dict[str, Any] = {
    "BadRequest": _error_response(
        "Malformed JSON body (`error` object), or a business rule refused the request (`detail`)",
        "RequestRejected",
        "ErrorDetail",
    ),
    "Unauthorized": _error_response(
        "Missing, invalid or expired token, or the user is gone or inactive",
        "ErrorDetail",
        headers={"WWW-Authenticate": {"schema": {"type": "string", "enum": ["Bearer"]}}},
    ),
    "Forbidden": _error_response("The caller may not do this", "ErrorDetail"),
    "NotFound": _error_response("No such resource in the caller's reach", "ErrorDetail"),
    "Conflict": _error_response("Another request changed the resource first (a pool chore was claimed)", "ErrorDetail"),
    "RequestTooLarge": _error_response(f"Body larger than {MAX_BODY_BYTES} bytes", "RequestRejected"),
    "UnsupportedMediaType": _error_response(
        "A body came with a Content-Type not accepted (a request without a body needs none)", "RequestRejected"
    ),
    "ValidationError": _error_response(
        "A path, query or body value failed validation (list of issues), or a business rule did (string)",
        "ValidationErrorDetail",
        "ErrorDetail",
    ),
    "RateLimited": _error_response(
        "Too many requests in the current minute",
        "RateLimitExceeded",
        headers={"Retry-After": {"description": "Seconds until the window resets", "schema": {"type": "integer"}}},
    ),
    "ServiceUnavailable": _error_response(
        "The database cannot be reached for the moment; nothing was changed",
        "ErrorDetail",
        headers={"Retry-After": {"description": "Seconds to wait before retrying", "schema": {"type": "integer"}}},
    ),
}

# The error response of each status, whether an operation's shape implies it or its handler declares it.
ERROR_RESPONSE_NAMES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    413: "RequestTooLarge",
    415: "UnsupportedMediaType",
    422: "ValidationError",
    429: "RateLimited",
    503: "ServiceUnavailable",
}


# --------------------------------------------------------------------------------------------
# Wiring
# --------------------------------------------------------------------------------------------

bp = Blueprint("docs")


@bp.get("/openapi.json")
@undocumented
async def openapi_document(request: Request) -> HTTPResponse:
    """The OpenAPI document (the same one ``/docs`` shows)."""
    return json(request.app.ext.openapi.build(request.app).serialize())


@bp.get("/redoc")
@undocumented
async def redoc(request: Request) -> HTTPResponse:
    """Redoc, served by sanic-ext under /docs."""
    return redirect("/docs/redoc", status=307)


async def no_oauth2_redirect(request: Request, **_: Any) -> HTTPResponse:
    """Stands in for sanic-ext's ``/docs/oauth2-redirect.html``, which downloads its page from a CDN on the
    event loop without a timeout (a stalled worker, or a 500 offline). No OAuth2 flow of the API needs it."""
    raise NotFound("Not Found")


def setup_openapi(app: Sanic) -> None:
    """Serve ``/openapi.json`` and ``/redoc`` and fill sanic-ext's document from the routes."""
    app.blueprint(bp)

    @app.before_server_start
    async def replace_oauth2_redirect(app: Sanic) -> None:
        for route in app.router.routes:
            if route.name == f"{app.name}.openapi.oauth2-redirect":
                route.handler = no_oauth2_redirect

    async def describe_routes(app: Sanic) -> None:
        app.ext.openapi.raw(build_document(app))

    # Below sanic-ext's priority: runs after its own pass over the routes, replacing its paths.
    app.before_server_start(describe_routes, priority=SANIC_EXT_PRIORITY - 1)
