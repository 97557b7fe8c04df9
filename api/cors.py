"""Refusal of CORS preflights the policy does not allow (contract §15).

sanic-ext answers every preflight with 204 and merely leaves out the ``Access-Control-Allow-*``
headers for an origin, method or request header it does not allow. The reference refuses such a
preflight outright: ``400 Disallowed CORS origin, method, headers`` (plain text, naming what
failed). This check (the first of api/lifecycle.py) does the same, judging by sanic-ext's own parsed settings
(``app.ctx.cors``, from the ``CORS_*`` config), so there is one policy.
"""

from __future__ import annotations

from sanic.request import Request
from sanic.response import HTTPResponse, text


def preflight_failures(request: Request) -> list[str]:
    """What the preflight asks for that the policy does not allow, in the reference's order."""
    policy = request.app.ctx.cors
    failures = []
    origin = request.headers.get("origin", "")
    if not any(pattern.match(origin) for pattern in policy.allow_origins):
        failures.append("origin")
    if request.headers.get("access-control-request-method", "").lower() not in policy.allow_methods:
        failures.append("method")
    requested = request.headers.get("access-control-request-headers", "")
    if any(name.strip().lower() not in policy.allow_headers for name in requested.split(",") if name.strip()):
        failures.append("headers")
    return failures


def preflight_refusal(request: Request) -> HTTPResponse | None:
    """A 400 for a preflight asking for an origin, method or header outside the policy, else None."""
    if request.method != "OPTIONS" or "access-control-request-method" not in request.headers:
        return None
    if "origin" not in request.headers:
        return None
    failures = preflight_failures(request)
    if failures:
        return text(f"Disallowed CORS {', '.join(failures)}", status=400)
    return None
