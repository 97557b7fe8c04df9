"""``/metrics`` (contract §10 H7): access rule, HTTP instrumentation, data gauges, several processes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from redis import Redis

from api.metrics import business
from api.metrics.exposition import remove_dead_process_files
from models import Chore, ChoreAssignment
from models.db import close_orm, init_orm
from tests.api.real_server import PLATFORM_REDIS_URL, running_server, server_environment
from tests.conftest import make_settings
from tests.factories import make_child, make_family, make_parent

FORBIDDEN = {"detail": "Access to metrics endpoint is forbidden"}
METRICS_TOKEN = "metrics-token-0123456789abcdef0123456789"
UNREACHABLE_DATABASE = "mysql://root:@127.0.0.1:1/unreachable"


def samples(text: str) -> dict[tuple[str, frozenset], float]:
    """Every sample of an exposition, keyed by name and labels."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def handlers(text: str) -> set[str]:
    """The ``handler`` label values of an exposition."""
    return {dict(labels)["handler"] for _, labels in samples(text) if "handler" in dict(labels)}


def value(text: str, name: str, **labels: str) -> float:
    return samples(text).get((name, frozenset(labels.items())), 0.0)


async def scrape(client: httpx.AsyncClient) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200
    return response.text


def client_from(app, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


# ------------------------------------------------------------------------------------------------
# Access
# ------------------------------------------------------------------------------------------------


async def test_loopback_gets_prometheus_text(client):
    response = await client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert "# TYPE http_requests_total counter" in response.text


async def test_another_address_without_token_is_forbidden(app):
    async with client_from(app, "203.0.113.9") as outsider:
        response = await outsider.get("/metrics")

    assert response.status_code == 403
    assert response.json() == FORBIDDEN


class TestWithAnAllowedNetwork:
    @pytest.fixture
    def settings(self):
        return make_settings(metrics_allowed_ips=("10.0.0.0/8",))

    async def test_an_address_inside_it_gets_metrics(self, app):
        async with client_from(app, "10.20.30.40") as insider:
            assert (await insider.get("/metrics")).status_code == 200

    async def test_loopback_is_no_longer_allowed(self, app):
        async with client_from(app, "127.0.0.1") as loopback:
            assert (await loopback.get("/metrics")).status_code == 403


class TestWithAToken:
    @pytest.fixture
    def settings(self):
        return make_settings(metrics_auth_token=METRICS_TOKEN)

    async def test_the_token_opens_metrics_from_anywhere(self, app):
        async with client_from(app, "203.0.113.9") as outsider:
            response = await outsider.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})

        assert response.status_code == 200

    @pytest.mark.parametrize(
        "authorization",
        [f"Bearer {METRICS_TOKEN}x", f"Bearer {METRICS_TOKEN[:-1]}", f"Basic {METRICS_TOKEN}", "Bearer ", ""],
    )
    async def test_a_wrong_token_is_forbidden(self, app, authorization):
        async with client_from(app, "203.0.113.9") as outsider:
            response = await outsider.get("/metrics", headers={"Authorization": authorization})

        assert response.status_code == 403
        assert response.json() == FORBIDDEN


async def test_without_a_configured_token_no_bearer_value_opens_metrics(app):
    async with client_from(app, "203.0.113.9") as outsider:
        response = await outsider.get("/metrics", headers={"Authorization": "Bearer None"})

    assert response.status_code == 403


class TestBehindATrustedProxy:
    @pytest.fixture
    def settings(self):
        return make_settings(trusted_proxies=("127.0.0.1",))

    async def test_a_public_client_forwarded_by_a_local_proxy_is_forbidden(self, client):
        response = await client.get("/metrics", headers={"X-Forwarded-For": "198.51.100.7"})

        assert response.status_code == 403

    async def test_the_proxy_host_itself_still_gets_metrics(self, client):
        assert (await client.get("/metrics")).status_code == 200


async def test_forwarded_for_from_an_untrusted_peer_is_ignored(app):
    async with client_from(app, "203.0.113.9") as outsider:
        response = await outsider.get("/metrics", headers={"X-Forwarded-For": "127.0.0.1"})

    assert response.status_code == 403


# ------------------------------------------------------------------------------------------------
# HTTP instrumentation
# ------------------------------------------------------------------------------------------------


async def test_requests_are_counted_by_route_template_method_and_status(client):
    before = await scrape(client)

    for child_id in (101, 202):
        await client.post(f"/api/v1/users/children/{child_id}/reset-password", json="secret-password")
    await client.get("/api/v1/health")

    after = await scrape(client)
    template = "/api/v1/users/children/{child_id}/reset-password"
    counted = value(after, "http_requests_total", handler=template, method="POST", status="401")
    assert counted - value(before, "http_requests_total", handler=template, method="POST", status="401") == 2
    health = {"handler": "/api/v1/health", "method": "GET", "status": "200"}
    assert value(after, "http_requests_total", **health) - value(before, "http_requests_total", **health) == 1
    assert not any("101" in handler or "202" in handler for handler in handlers(after))


async def test_latency_sizes_and_in_flight_requests_are_recorded(client):
    before = await scrape(client)

    await client.get("/api/v1/health")

    after = await scrape(client)
    labels = {"handler": "/api/v1/health", "method": "GET"}
    assert value(after, "http_request_duration_seconds_count", **labels) - value(
        before, "http_request_duration_seconds_count", **labels
    ) == 1
    assert value(after, "http_request_duration_highr_seconds_count") > value(
        before, "http_request_duration_highr_seconds_count"
    )
    assert value(after, "http_response_size_bytes_count", handler="/api/v1/health") > 0
    assert value(after, "http_requests_inprogress", **labels) == 0


async def test_unmatched_paths_share_one_label_and_count_as_api_errors(client):
    before = await scrape(client)

    await client.get("/api/v1/no-such-thing/1")
    await client.get("/another/unknown/path")

    after = await scrape(client)
    assert not any("no-such-thing" in handler or "unknown" in handler for handler in handlers(after))
    unmatched = {"handler": "none", "method": "GET", "status": "404"}
    assert value(after, "http_requests_total", **unmatched) - value(before, "http_requests_total", **unmatched) == 2
    error = {"endpoint": "none", "status_code": "404", "error_type": "NotFound"}
    assert value(after, "api_errors_total", **error) - value(before, "api_errors_total", **error) == 2


async def test_errors_are_labelled_with_the_exception_type(client):
    before = await scrape(client)

    await client.get("/api/v1/users/me")

    after = await scrape(client)
    error = {"endpoint": "/api/v1/users/me", "status_code": "401", "error_type": "Unauthorized"}
    assert value(after, "api_errors_total", **error) - value(before, "api_errors_total", **error) == 1


async def test_root_health_and_metrics_are_not_instrumented(client):
    for path in ("/", "/health", "/metrics", "/health/", "/metrics/"):
        await client.get(path)

    assert not handlers(await scrape(client)) & {"/", "/health", "/metrics"}


# ------------------------------------------------------------------------------------------------
# Data gauges and business counters
# ------------------------------------------------------------------------------------------------


async def test_data_gauges_are_read_from_the_database(client):
    family = await make_family()
    parent = await make_parent(family=family)
    child = await make_child(parent)
    await make_parent(is_active=False)
    chore = await Chore.create(title="Dishes", description="", creator=parent, family=family, reward_cents=100)
    await ChoreAssignment.create(chore=chore, assignee=child, is_completed=True)
    other = await Chore.create(title="Bins", description="", creator=parent, family=family)
    await ChoreAssignment.create(chore=other, assignee=child, is_completed=True, is_approved=True)

    text = await scrape(client)

    assert value(text, "pending_approvals_count") == 1
    assert value(text, "active_users_count") == 2
    assert value(text, "families_active_count") == 1


async def test_business_counters_are_exported_under_the_reference_names(client):
    business.CHORES_CREATED.labels(mode="single").inc()
    business.USER_LOGINS.labels(role=business.role_label(True)).inc()

    text = await scrape(client)

    for name in ("chores_created_total", "chores_completed_total", "chores_approved_total", "chores_rejected_total",
                 "chore_completion_time_seconds", "assignments_created_total", "assignments_claimed_total",
                 "user_registrations_total", "user_logins_total", "user_login_failures_total",
                 "families_created_total", "family_joins_total", "reward_adjustments_total",
                 "reward_adjustments_amount", "rewards_paid_total", "payouts_total", "payouts_amount",
                 "api_errors_total", "database_errors_total", "http_requests_inprogress"):
        assert f"# TYPE {name} " in text, name
    assert value(text, "chores_created_total", mode="single") >= 1
    assert value(text, "user_logins_total", role="parent") >= 1


def test_label_helpers_name_roles_and_adjustment_types():
    assert (business.role_label(True), business.role_label(False)) == ("parent", "child")
    assert (business.adjustment_type_label(250), business.adjustment_type_label(-50)) == ("bonus", "deduction")


class TestWithTheDatabaseDown:
    @pytest.fixture
    async def db(self):
        await init_orm(UNREACHABLE_DATABASE)
        yield
        await close_orm()

    async def test_metrics_are_still_served_without_the_data_gauges(self, client):
        text = await scrape(client)

        assert "http_requests_total" in text
        assert "pending_approvals_count" not in text


# ------------------------------------------------------------------------------------------------
# Several processes
# ------------------------------------------------------------------------------------------------


def test_files_of_dead_processes_are_removed_and_live_ones_kept(tmp_path: Path):
    dead_pid = _a_dead_pid()
    live = tmp_path / f"counter_{os.getpid()}.db"
    dead = [tmp_path / f"counter_{dead_pid}.db", tmp_path / f"gauge_livesum_{dead_pid}.db"]
    for path in (live, *dead):
        path.write_bytes(b"")

    remove_dead_process_files(str(tmp_path))

    assert live.exists()
    assert not any(path.exists() for path in dead)


def _a_dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_two_server_processes_sharing_the_directory_report_their_total(tmp_path: Path):
    Redis.from_url(PLATFORM_REDIS_URL).flushdb()
    metrics_dir = tmp_path / "prometheus"
    metrics_dir.mkdir()
    env = server_environment(tmp_path, PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))

    with running_server(env, tmp_path / "first.log") as first:
        with running_server(env, tmp_path / "second.log") as second:
            for _ in range(3):
                assert httpx.get(f"{first}/api/v1/healthcheck").status_code == 200
            for _ in range(4):
                assert httpx.get(f"{second}/api/v1/healthcheck").status_code == 200

            seen_by_first = httpx.get(f"{first}/metrics").text
            seen_by_second = httpx.get(f"{second}/metrics").text

    labels = {"handler": "/api/v1/healthcheck", "method": "GET", "status": "200"}
    assert value(seen_by_first, "http_requests_total", **labels) == 7
    assert value(seen_by_second, "http_requests_total", **labels) == 7
    assert value(seen_by_first, "http_requests_inprogress", handler="/api/v1/healthcheck", method="GET") == 0
