"""Response bodies of the health and root routes (contract §10)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, NotRequired

from typing_extensions import TypedDict

from api.health.service import Check
from api.wire import Timestamp
from models.timeutil import isoformat_z
from settings import Settings

API_VERSION = "3.0.0"
FRONTEND_NOTE = "The web and mobile client is deployed separately and calls this API under /api/v1"


Connection = Literal["connected", "disconnected"]


class RootOut(TypedDict):
    name: str
    version: str
    status: Literal["running"]
    docs: str
    redoc: str
    environment: str
    frontend: str


class LivenessOut(TypedDict):
    status: Literal["ok"]
    timestamp: Timestamp


class ReadinessOut(TypedDict):
    """Readiness; ``error`` names what is down, and is there only then."""

    status: Literal["ready", "not_ready"]
    database: Connection
    redis: Connection
    timestamp: Timestamp
    error: NotRequired[str]


class HealthyComponentOut(TypedDict):
    """``type`` is the database's kind (e.g. ``sqlite``, ``mysql``); Redis has none."""

    status: Literal["healthy"]
    version: str
    type: NotRequired[str]


class UnhealthyComponentOut(TypedDict):
    status: Literal["unhealthy"]
    error: str


ComponentOut = HealthyComponentOut | UnhealthyComponentOut


class ComponentsOut(TypedDict):
    database: ComponentOut
    redis: ComponentOut


class DetailsOut(TypedDict):
    status: Literal["healthy", "unhealthy"]
    components: ComponentsOut
    timestamp: Timestamp
    version: str


class LegacyHealthOut(TypedDict):
    """``/health``; ``error`` is there only when the database is down."""

    status: Literal["healthy", "unhealthy"]
    database: Connection
    error: NotRequired[str]


def _connection(check: Check) -> Connection:
    return "connected" if check.healthy else "disconnected"


def _errors(**checks: Check) -> str:
    return "; ".join(f"{name}: {check.error}" for name, check in checks.items() if not check.healthy)


def root_out(settings: Settings) -> RootOut:
    return {
        "name": settings.app_name,
        "version": API_VERSION,
        "status": "running",
        "docs": "/docs",
        "redoc": "/redoc",
        "environment": settings.environment,
        "frontend": FRONTEND_NOTE,
    }


def liveness_out(now: datetime) -> LivenessOut:
    return {"status": "ok", "timestamp": isoformat_z(now)}


def readiness_out(database: Check, redis: Check, now: datetime) -> ReadinessOut:
    body: ReadinessOut = {
        "status": "ready" if database.healthy and redis.healthy else "not_ready",
        "database": _connection(database),
        "redis": _connection(redis),
        "timestamp": isoformat_z(now),
    }
    if body["status"] != "ready":
        body["error"] = _errors(database=database, redis=redis)
    return body


def _component(check: Check) -> ComponentOut:
    if not check.healthy:
        assert check.error is not None  # a failed check always says why
        return {"status": "unhealthy", "error": check.error}
    assert check.version is not None  # describe_database and describe_redis report one when healthy
    component: HealthyComponentOut = {"status": "healthy", "version": check.version}
    if check.kind is not None:
        component["type"] = check.kind
    return component


def details_out(database: Check, redis: Check, now: datetime) -> DetailsOut:
    return {
        "status": "healthy" if database.healthy and redis.healthy else "unhealthy",
        "components": {"database": _component(database), "redis": _component(redis)},
        "timestamp": isoformat_z(now),
        "version": API_VERSION,
    }


def legacy_health_out(database: Check) -> LegacyHealthOut:
    if database.healthy:
        return {"status": "healthy", "database": "connected"}
    assert database.error is not None  # a failed check always says why
    return {"status": "unhealthy", "database": "disconnected", "error": database.error}
