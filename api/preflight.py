"""OPTIONS routes for every path, added while the app is built.

sanic-ext adds them by itself at server start, but by then the router is finalized, so it
re-finalizes once per route: seconds per app start. Added here, up front, they cost nothing, and
sanic-ext's CORS layer still answers preflights through them.
"""

from __future__ import annotations

from functools import partial

from sanic import Sanic
from sanic.request import Request
from sanic.response import HTTPResponse, empty


async def _options(request: Request, *args: object, methods: frozenset[str], **kwargs: object) -> HTTPResponse:
    return empty(headers={"allow": ",".join(sorted({*methods, "OPTIONS"}))})


def add_options_routes(app: Sanic) -> None:
    """Give every route group an OPTIONS handler listing the methods it allows."""
    for group in list(app.router.groups.values()):
        if "OPTIONS" in group.methods:
            continue
        handler = partial(_options, methods=frozenset(group.methods))
        handler.__auto_handler__ = True  # type: ignore[attr-defined]
        app.add_route(
            handler,
            group.uri,
            methods=["OPTIONS"],
            strict_slashes=group.strict,
            name=group[0].name.split(".", 1)[-1].replace(".", "_") + "_options",
            unquote=group.unquote,
        )
