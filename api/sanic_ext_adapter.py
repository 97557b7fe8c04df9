"""Everything that relies on sanic-ext's private parts, in one place, for the versions it was checked on.

Why it is needed: sanic-ext starts all its built-in extensions unless told which ones, and names
them only by their module paths. Its dependency injection, which this service does not use, adds a
signal handler that runs on every request; :func:`extend_with_cors_and_openapi` starts only the two
extensions the service uses (CORS with the HTTP extension, and OpenAPI).

Its CORS extension also adds a response middleware of its own, which Sanic dispatches for every
response although it only ever adds headers to a response whose request carries an ``Origin`` (with
``CORS_ALWAYS_SEND`` off). The function keeps that hook out of Sanic's middleware and hands it back,
so that ``api.lifecycle`` calls it for those requests only: each middleware costs every request a
dispatch (bench/README.md).

Importing this module with a sanic-ext version it was not checked against fails: check the two
module paths and the hook's name below against the new release, then widen the range.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import cast

from sanic import Sanic
from sanic.request import Request
from sanic.response import BaseHTTPResponse

from models.library_versions import require_version

require_version("sanic-ext", at_least="25.12.0", below="25.13", adapter=__name__)

from sanic_ext.extensions.http.extension import HTTPExtension  # noqa: E402
from sanic_ext.extensions.openapi.extension import OpenAPIExtension  # noqa: E402

CorsHeaders = Callable[[Request, BaseHTTPResponse], Awaitable[None]]

# The response middleware sanic_ext.extensions.http.cors.add_cors registers.
_CORS_HOOK_NAME = "add_cors.<locals>._add_cors_headers"


def extend_with_cors_and_openapi(app: Sanic) -> CorsHeaders:
    """Start sanic-ext on ``app`` with its CORS and OpenAPI extensions only; call it before ``app.ext``.

    Returns sanic-ext's CORS response hook, which no longer runs as a middleware: call it for every
    response to a request with an ``Origin`` header (``CORS_ALWAYS_SEND`` must be off).
    """
    if app.config.get("CORS_ALWAYS_SEND", True):  # sanic-ext's default is on
        raise ValueError("CORS_ALWAYS_SEND must be off: the CORS hook only runs for requests with an Origin")
    app.extend(built_in_extensions=False, extensions=[HTTPExtension, OpenAPIExtension])
    [hook] = [middleware for middleware in app.response_middleware if _name_of(middleware) == _CORS_HOOK_NAME]
    app.response_middleware.remove(hook)
    return cast(CorsHeaders, hook.func)


def _name_of(middleware: object) -> str:
    return getattr(getattr(middleware, "func", None), "__qualname__", "")
