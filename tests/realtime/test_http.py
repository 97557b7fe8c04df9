"""The realtime process's plain HTTP routes: ``/health`` and ``/metrics``."""

from __future__ import annotations

import httpx

from realtime.server import create_app
from tests.conftest import make_settings


async def test_health_reports_the_redis_listener(realtime):
    async with httpx.AsyncClient(base_url=realtime.url) as http:
        response = await http.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "healthy", "redis_listener": "running"}


async def test_metrics_are_served_to_loopback(families, realtime, connect):
    await connect(families.mum)

    async with httpx.AsyncClient(base_url=realtime.url) as http:
        response = await http.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "chores_realtime_connected_sockets" in response.text
    assert "chores_realtime_connect_refusals_total" in response.text


async def call(app, path: str, *, client_ip: str, headers: dict[str, str] | None = None) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, client=(client_ip, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://realtime") as http:
        return await http.get(path, headers=headers or {})


async def test_metrics_from_elsewhere_need_the_metrics_token(db):
    app = create_app(make_settings(metrics_auth_token="scrape-token-0123456789"), manage_orm=False, manage_gc=False)

    refused = await call(app, "/metrics", client_ip="203.0.113.9")
    wrong = await call(app, "/metrics", client_ip="203.0.113.9", headers={"Authorization": "Bearer nope"})
    allowed = await call(app, "/metrics", client_ip="203.0.113.9",
                         headers={"Authorization": "Bearer scrape-token-0123456789"})

    assert refused.status_code == wrong.status_code == 403
    assert refused.json() == {"detail": "Access to metrics endpoint is forbidden"}
    assert allowed.status_code == 200


async def test_other_paths_are_404(db):
    app = create_app(make_settings(), manage_orm=False, manage_gc=False)

    response = await call(app, "/nope", client_ip="127.0.0.1")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
