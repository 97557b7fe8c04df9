"""Response bodies of the health and root routes (contract §10)."""

from __future__ import annotations

from datetime import datetime

from api.health.service import Check
from models.timeutil import isoformat_z
from settings import Settings

API_VERSION = "3.0.0"
FRONTEND_NOTE = "The web and mobile client is deployed separately and calls this API under /api/v1"


def _connection(check: Check) -> str:
    return "connected" if check.healthy else "disconnected"


def _errors(**checks: Check) -> str:
    return "; ".join(f"{name}: {check.error}" for name, check in checks.items() if not check.healthy)


def root_out(settings: Settings) -> dict:
    return {
        "name": settings.app_name,
        "version": API_VERSION,
        "status": "running",
        "docs": "/docs",
        "redoc": "/redoc",
        "environment": settings.environment,
        "frontend": FRONTEND_NOTE,
    }


def liveness_out(now: datetime) -> dict:
    return {"status": "ok", "timestamp": isoformat_z(now)}


def readiness_out(database: Check, redis: Check, now: datetime) -> dict:
    body = {
        "status": "ready" if database.healthy and redis.healthy else "not_ready",
        "database": _connection(database),
        "redis": _connection(redis),
        "timestamp": isoformat_z(now),
    }
    if body["status"] != "ready":
        body["error"] = _errors(database=database, redis=redis)
    return body


def _component(check: Check) -> dict:
    if not check.healthy:
        return {"status": "unhealthy", "error": check.error}
    component = {"status": "healthy", "version": check.version}
    if check.kind is not None:
        component["type"] = check.kind
    return component


def details_out(database: Check, redis: Check, now: datetime) -> dict:
    return {
        "status": "healthy" if database.healthy and redis.healthy else "unhealthy",
        "components": {"database": _component(database), "redis": _component(redis)},
        "timestamp": isoformat_z(now),
        "version": API_VERSION,
    }


def legacy_health_out(database: Check) -> dict:
    if database.healthy:
        return {"status": "healthy", "database": "connected"}
    return {"status": "unhealthy", "database": "disconnected", "error": database.error}
