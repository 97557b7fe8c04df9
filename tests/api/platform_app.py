"""The app with the platform pieces (metrics, OpenAPI, CORS preflight check) wired in.

Until ``create_app`` calls ``setup_metrics``, ``setup_openapi`` and registers
``refuse_disallowed_preflight`` itself, :func:`wire_platform` does it; once it does, the function
changes nothing and the ``app`` fixture below behaves as tests/conftest.py's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sanic import Sanic

from api.app import create_app
from api.cors import refuse_disallowed_preflight
from api.metrics import setup_metrics
from api.openapi import setup_openapi
from settings import Settings


def wire_platform(app: Sanic) -> Sanic:
    paths = {route.path for route in app.router.routes}
    if "metrics" not in paths:
        setup_metrics(app)
    if "openapi.json" not in paths:
        setup_openapi(app)
    if not any(middleware.func is refuse_disallowed_preflight for middleware in app.request_middleware):
        app.on_request(refuse_disallowed_preflight, priority=110)
    return app


def server_app() -> Sanic:
    """Factory of the real-server tests: ``sanic tests.api.platform_app:server_app --factory``.

    It takes no argument on purpose: Sanic's loader calls a factory with its CLI namespace when
    the factory accepts one.
    """
    return wire_platform(create_app())


@asynccontextmanager
async def running(application: Sanic) -> AsyncIterator[Sanic]:
    """Start-up and shutdown events around a test, as sanic-testing runs them (once, not per request)."""
    application.asgi = True
    await application._startup()
    await application._server_event("init", "before")
    await application._server_event("init", "after")
    try:
        yield application
    finally:
        await application._server_event("shutdown", "before")
        await application._server_event("shutdown", "after")


@pytest.fixture
async def app(db: None, settings: Settings) -> AsyncIterator[Sanic]:
    async with running(wire_platform(create_app(settings, manage_orm=False))) as application:
        yield application
