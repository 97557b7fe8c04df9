"""The Sanic application factory.

Served by ``chores web`` (see api/cli). Tests call ``create_app(settings, manage_orm=False)``
and own the ORM themselves (see tests/conftest.py).
"""

from __future__ import annotations

from sanic import Sanic

from api.errors import register_error_handlers
from api.lifecycle import setup_lifecycle
from api.logging import setup_logging
from api.metrics import setup_metrics
from api.metrics.http import InstrumentedErrorHandler
from api.openapi import setup_openapi
from api.preflight import add_options_routes
from api.ratelimit import RateLimitExceeded, rate_limit_response
from api.redis_pool import setup_redis
from api.routes import register_blueprints
from api.sanic_ext_adapter import extend_with_cors_and_openapi
from models.db import close_orm, init_orm
from settings import Settings, get_settings

APP_NAME = "chores_tracker"


def create_app(settings: Settings | None = None, *, manage_orm: bool = True) -> Sanic:
    settings = settings or get_settings()
    app = Sanic(APP_NAME, strict_slashes=False, configure_logging=False, error_handler=InstrumentedErrorHandler())
    setup_logging(settings)
    app.ctx.settings = settings
    _configure(app, settings)
    setup_lifecycle(app)
    register_error_handlers(app)
    app.error_handler.add(RateLimitExceeded, rate_limit_response)
    setup_redis(app)
    register_blueprints(app)
    setup_metrics(app)
    setup_openapi(app)
    add_options_routes(app)
    if manage_orm:
        _manage_orm(app, settings)
    return app


def _configure(app: Sanic, settings: Settings) -> None:
    app.config.update(
        REQUEST_MAX_SIZE=1_048_576,
        FALLBACK_ERROR_FORMAT="json",
        KEEP_ALIVE_TIMEOUT=75,
        GRACEFUL_SHUTDOWN_TIMEOUT=15,
        ACCESS_LOG=False,  # api.logging writes one access line per request
        CORS_ORIGINS=",".join(settings.cors_origins) if settings.cors_origins else "",
        CORS_SUPPORTS_CREDENTIALS=True,
        CORS_METHODS="GET,POST,PUT,DELETE,PATCH,OPTIONS",
        CORS_ALLOW_HEADERS="content-type,authorization,accept",
        CORS_EXPOSE_HEADERS="content-length,content-type",
        CORS_MAX_AGE=600,
        # No CORS headers on a request without an Origin (they would be of no use to it), so that
        # the CORS hook runs for requests with one only (api/sanic_ext_adapter.py).
        CORS_ALWAYS_SEND=False,
        OAS_UI_DEFAULT="swagger",
        OAS_URL_PREFIX="/docs",
        HTTP_AUTO_HEAD=False,
    )
    app.ctx.cors_headers = extend_with_cors_and_openapi(app)  # it reads the CORS_* settings above
    app.ext.openapi.describe(
        settings.app_name,
        version="3.0.0",
        description="Family chores, rewards and allowance API. Authenticate with `Authorization: Bearer <token>`: "
        "a login token from `POST /api/v1/users/login`, or an API token (`chk_...`) from `POST /api/v1/tokens`, "
        "which each operation accepts only with the scopes its description names.",
    )
    app.ext.openapi.add_security_scheme("bearerAuth", "http", scheme="bearer", bearer_format="JWT")


def _manage_orm(app: Sanic, settings: Settings) -> None:
    @app.before_server_start
    async def open_database(app: Sanic) -> None:
        await init_orm(settings.database_url)

    @app.after_server_stop
    async def close_database(app: Sanic) -> None:
        await close_orm()
