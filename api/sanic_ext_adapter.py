"""Everything that relies on sanic-ext's private parts, in one place, for the versions it was checked on.

Why it is needed: sanic-ext starts all its built-in extensions unless told which ones, and names
them only by their module paths. Its dependency injection, which this service does not use, adds a
signal handler that runs on every request; :func:`extend_with_cors_and_openapi` starts only the two
extensions the service uses (CORS with the HTTP extension, and OpenAPI).

Importing this module with a sanic-ext version it was not checked against fails: check the two
module paths below against the new release, then widen the range.
"""

from __future__ import annotations

from sanic import Sanic

from models.library_versions import require_version

require_version("sanic-ext", at_least="25.12.0", below="25.13", adapter=__name__)

from sanic_ext.extensions.http.extension import HTTPExtension  # noqa: E402
from sanic_ext.extensions.openapi.extension import OpenAPIExtension  # noqa: E402


def extend_with_cors_and_openapi(app: Sanic) -> None:
    """Start sanic-ext on ``app`` with its CORS and OpenAPI extensions only; call it before ``app.ext``."""
    app.extend(built_in_extensions=False, extensions=[HTTPExtension, OpenAPIExtension])
