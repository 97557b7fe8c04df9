"""Health, root and readiness routes (contract §10), plus the old docs addresses."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json, redirect

from api.health import service
from api.health.schemas import (
    DetailsOut,
    LegacyHealthOut,
    LivenessOut,
    ReadinessOut,
    RootOut,
    details_out,
    legacy_health_out,
    liveness_out,
    readiness_out,
    root_out,
)
from api.openapi import responds, undocumented
from models.timeutil import utcnow

bp = Blueprint("health")

UNAVAILABLE = 503


@bp.get("/")
@responds(RootOut)
async def root(request: Request) -> HTTPResponse:
    """Name, version and environment of the service, with the docs' addresses."""
    return json(root_out(request.app.ctx.settings))


@bp.get("/health")
@responds(LegacyHealthOut)
@responds(LegacyHealthOut, status=UNAVAILABLE, description="The database does not answer")
async def legacy_health(request: Request) -> HTTPResponse:
    """Whether the database answers (the reference's original health check)."""
    database = await service.check_database()
    return json(legacy_health_out(database), status=200 if database.healthy else UNAVAILABLE)


@bp.get("/api/v1/health")
@bp.get("/api/v1/healthcheck", name="healthcheck")
@responds(LivenessOut)
async def liveness(request: Request) -> HTTPResponse:
    """The process is up; checks no dependency."""
    return json(liveness_out(utcnow()))


@bp.get("/api/v1/health/ready")
@responds(ReadinessOut)
@responds(ReadinessOut, status=UNAVAILABLE, description="The database or Redis does not answer")
async def readiness(request: Request) -> HTTPResponse:
    """Ready to serve: the database and Redis both answer (503 otherwise)."""
    database, redis = await service.readiness(request.app.ctx.redis)
    body = readiness_out(database, redis, utcnow())
    return json(body, status=200 if body["status"] == "ready" else UNAVAILABLE)


@bp.get("/api/v1/health/detailed")
@responds(DetailsOut)
@responds(DetailsOut, status=UNAVAILABLE, description="The database or Redis does not answer")
async def detailed(request: Request) -> HTTPResponse:
    """Each dependency's state and server version (503 when one is down)."""
    database, redis = await service.details(request.app.ctx.redis)
    body = details_out(database, redis, utcnow())
    return json(body, status=200 if body["status"] == "healthy" else UNAVAILABLE)


@bp.get("/api/v1/docs")
@undocumented
async def docs_redirect(request: Request) -> HTTPResponse:
    """The interactive docs moved to /docs."""
    return redirect("/docs", status=307)


@bp.get("/api/v1/redoc")
@undocumented
async def redoc_redirect(request: Request) -> HTTPResponse:
    """The Redoc page moved to /redoc."""
    return redirect("/redoc", status=307)
