"""Health, readiness, root and docs redirects (contract §10 H1–H6)."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime, timedelta

import pytest

from models.db import close_orm, init_orm
from tests.conftest import IS_MYSQL, make_settings

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
UNREACHABLE_DATABASE = "mysql://root:@127.0.0.1:1/unreachable"


def assert_recent_utc(timestamp: str) -> None:
    assert timestamp.endswith("Z")
    moment = datetime.fromisoformat(timestamp.removesuffix("Z")).replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - moment) < timedelta(seconds=30)


async def test_root_names_the_service_its_environment_and_docs(client, settings):
    response = await client.get("/")

    assert response.status_code == 200
    assert response.json() == {
        "name": settings.app_name,
        "version": "3.0.0",
        "status": "running",
        "docs": "/docs",
        "redoc": "/redoc",
        "environment": "test",
        "frontend": "The web and mobile client is deployed separately and calls this API under /api/v1",
    }


@pytest.mark.parametrize("path", ["/api/v1/health", "/api/v1/healthcheck", "/api/v1/health/", "/api/v1/healthcheck/"])
async def test_liveness_answers_ok_with_a_utc_timestamp(client, path):
    response = await client.get(path)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "timestamp"}
    assert body["status"] == "ok"
    assert_recent_utc(body["timestamp"])


async def test_readiness_reports_database_and_redis_connected(client):
    response = await client.get("/api/v1/health/ready")

    assert response.status_code == 200
    body = response.json()
    assert body.pop("timestamp").endswith("Z")
    assert body == {"status": "ready", "database": "connected", "redis": "connected"}


async def test_detailed_health_gives_the_real_server_versions(client):
    response = await client.get("/api/v1/health/detailed")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "healthy"
    assert body["version"] == "3.0.0"
    assert_recent_utc(body["timestamp"])
    database = body["components"]["database"]
    assert database["status"] == "healthy"
    assert database["type"] == ("MySQL" if IS_MYSQL else "SQLite")
    assert database["version"] and database["version"][0].isdigit()
    redis = body["components"]["redis"]
    assert redis["status"] == "healthy"
    assert redis["version"] and redis["version"][0].isdigit()


async def test_legacy_health_checks_the_database(client):
    response = await client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "healthy", "database": "connected"}


@pytest.mark.parametrize(
    "path, target", [("/api/v1/docs", "/docs"), ("/api/v1/redoc", "/redoc"), ("/redoc", "/docs/redoc")]
)
async def test_old_docs_addresses_redirect_temporarily(client, path, target):
    response = await client.get(path)

    assert response.status_code == 307
    assert response.headers["location"] == target


async def test_health_routes_need_no_token_and_ignore_a_bad_one(client):
    for path in ("/", "/health", "/api/v1/health", "/api/v1/health/ready", "/api/v1/health/detailed"):
        response = await client.get(path, headers={"Authorization": "Bearer not-a-token"})
        assert response.status_code == 200, path


class TestWithRedisDown:
    @pytest.fixture
    def settings(self):
        return make_settings(redis_url=UNREACHABLE_REDIS)

    async def test_readiness_is_503_naming_redis(self, client):
        response = await client.get("/api/v1/health/ready")

        assert response.status_code == 503
        body = response.json()
        assert body.pop("timestamp").endswith("Z")
        assert body == {
            "status": "not_ready",
            "database": "connected",
            "redis": "disconnected",
            "error": "redis: ConnectionError",
        }

    async def test_detailed_health_is_503_with_the_redis_error(self, client):
        response = await client.get("/api/v1/health/detailed")

        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "unhealthy"
        assert body["components"]["redis"] == {"status": "unhealthy", "error": "ConnectionError"}
        assert body["components"]["database"]["status"] == "healthy"

    async def test_liveness_and_legacy_health_do_not_depend_on_redis(self, client):
        assert (await client.get("/api/v1/health")).status_code == 200
        assert (await client.get("/health")).json() == {"status": "healthy", "database": "connected"}


class TestWithTheDatabaseDown:
    @pytest.fixture
    async def db(self):
        await init_orm(UNREACHABLE_DATABASE)
        yield
        await close_orm()

    async def test_readiness_is_503_naming_the_database(self, client):
        response = await client.get("/api/v1/health/ready")

        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "not_ready"
        assert body["database"] == "disconnected"
        assert body["redis"] == "connected"
        assert body["error"] == "database: DBConnectionError"

    async def test_detailed_health_is_503_without_leaking_connection_details(self, client):
        response = await client.get("/api/v1/health/detailed")

        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "unhealthy"
        assert body["components"]["database"] == {"status": "unhealthy", "error": "DBConnectionError"}
        assert "127.0.0.1" not in response.text and "root" not in response.text

    async def test_legacy_health_is_503(self, client):
        response = await client.get("/health")

        assert response.status_code == 503
        assert response.json() == {"status": "unhealthy", "database": "disconnected", "error": "DBConnectionError"}

    async def test_liveness_still_answers(self, client):
        assert (await client.get("/api/v1/health")).status_code == 200


class TestWithADatabaseThatNeverAnswers:
    @pytest.fixture
    async def db(self):
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen(8)
            await init_orm(f"mysql://root:@127.0.0.1:{silent.getsockname()[1]}/silent")
            yield
            await close_orm()

    async def test_readiness_gives_up_after_the_timeout(self, client):
        started = time.monotonic()
        response = await client.get("/api/v1/health/ready")

        assert response.status_code == 503
        assert response.json()["error"] == "database: timed out after 2s"
        assert time.monotonic() - started < 5
