"""The private parts of Sanic the tests use, in one place, checked against the installed version.

The test fixtures run the app as an ASGI app inside the test's own event loop and drive it with
httpx (stack-notes.md, recommendation 4: sanic-testing re-runs start-up around every request, which
wipes an in-memory database). Starting and stopping an app that way needs what sanic-testing's
ASGI client itself calls: ``Sanic._startup`` and ``Sanic._server_event``. Importing this module on a
Sanic release outside ``SUPPORTED`` raises UnsupportedLibraryVersion.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sanic import Sanic

from models.library_versions import require_version

SUPPORTED = {"at_least": "25.12", "below": "26"}
SANIC_VERSION = require_version("sanic", **SUPPORTED, adapter=__name__)


@asynccontextmanager
async def running(application: Sanic) -> AsyncIterator[Sanic]:
    """The app started as an ASGI app (its start-up listeners run once), stopped on the way out."""
    application.asgi = True
    await application._startup()
    await application._server_event("init", "before")
    await application._server_event("init", "after")
    try:
        yield application
    finally:
        await application._server_event("shutdown", "before")
        await application._server_event("shutdown", "after")
