"""Rate limits (contract §13 and the Decisions): fixed one-minute windows counted in Redis.

These tests use their own Redis database (``TEST_PLATFORM_REDIS_URL``, db 14 by default), emptied
before each test, so other suites' counters never interfere.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest
from redis import Redis

from api.ratelimit import DEFAULT_LIMIT, WINDOW_SECONDS
from settings import Settings
from tests.api.real_server import PLATFORM_REDIS_URL, running_server, server_environment
from tests.conftest import make_settings
from tests.factories import PASSWORD, auth_headers, make_family, make_parent

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"
# A burst must fit in one window; start it with at least this much of the window left.
BURST_MARGIN_SECONDS = 15


def limited(**overrides: object) -> Settings:
    return make_settings(**{"redis_url": PLATFORM_REDIS_URL, "rate_limit_enabled": True, **overrides})


def exceeded(limit: int) -> dict:
    return {"error": f"Rate limit exceeded: {limit} per 1 minute"}


def seconds_left_in_window() -> float:
    return WINDOW_SECONDS - time.time() % WINDOW_SECONDS


async def fresh_window() -> None:
    """Wait for the next window when the current one is about to end."""
    if seconds_left_in_window() < BURST_MARGIN_SECONDS:
        await asyncio.sleep(seconds_left_in_window() + 0.1)


@pytest.fixture(autouse=True)
def empty_counters() -> None:
    Redis.from_url(PLATFORM_REDIS_URL).flushdb()


@pytest.fixture
def settings() -> Settings:
    return limited()


async def burst(client: httpx.AsyncClient, path: str, count: int, **kwargs) -> list[int]:
    return [(await client.get(path, **kwargs)).status_code for _ in range(count)]


def assert_limited(response: httpx.Response, limit: int) -> None:
    assert response.status_code == 429
    assert response.json() == exceeded(limit)
    assert 1 <= int(response.headers["retry-after"]) <= WINDOW_SECONDS + 1


async def test_the_default_limit_is_200_per_minute_per_route(client):
    await fresh_window()

    statuses = await burst(client, "/api/v1/health", DEFAULT_LIMIT)
    over = await client.get("/api/v1/health")

    assert statuses == [200] * DEFAULT_LIMIT
    assert_limited(over, DEFAULT_LIMIT)
    assert (await client.get("/api/v1/healthcheck")).status_code == 200


async def test_the_default_limit_counts_before_authentication(client):
    await fresh_window()

    statuses = await burst(client, "/api/v1/users/me", DEFAULT_LIMIT)

    assert set(statuses) == {401}
    assert_limited(await client.get("/api/v1/users/me"), DEFAULT_LIMIT)


async def test_a_route_with_its_own_limit_answers_429_past_it(client):
    parent = await make_parent()
    await fresh_window()
    credentials = {"username": parent.username, "password": PASSWORD}

    statuses = [(await client.post("/api/v1/users/login", data=credentials)).status_code for _ in range(5)]
    over = await client.post("/api/v1/users/login", data=credentials)

    assert statuses == [200] * 5
    assert_limited(over, 5)


async def test_an_own_limit_counts_only_well_formed_requests(client):
    parent = await make_parent()
    await fresh_window()

    malformed = [(await client.post("/api/v1/users/login", data={"username": "x"})).status_code for _ in range(8)]
    wrong_password = {"username": parent.username, "password": "nope-nope"}
    wrong = [(await client.post("/api/v1/users/login", data=wrong_password)).status_code for _ in range(5)]
    over = await client.post("/api/v1/users/login", data={"username": parent.username, "password": PASSWORD})

    assert malformed == [422] * 8
    assert wrong == [401] * 5
    assert_limited(over, 5)


class TestBehindATrustedProxy:
    @pytest.fixture
    def settings(self) -> Settings:
        return limited(trusted_proxies=("127.0.0.1",))

    async def test_a_user_is_counted_across_addresses_on_routes_with_their_own_limit(self, client, settings):
        parent = await make_parent(family=await make_family())
        headers = auth_headers(parent, settings)
        await fresh_window()

        first = await burst(client, "/api/v1/users", 50, headers={**headers, "X-Forwarded-For": "198.51.100.1"})
        second = await burst(client, "/api/v1/users", 50, headers={**headers, "X-Forwarded-For": "198.51.100.2"})
        over = await client.get("/api/v1/users", headers={**headers, "X-Forwarded-For": "198.51.100.3"})

        assert first == second == [200] * 50
        assert_limited(over, 100)

    async def test_each_forwarded_client_has_its_own_bucket(self, client):
        await fresh_window()

        first = await burst(client, "/api/v1/health", DEFAULT_LIMIT, headers={"X-Forwarded-For": "198.51.100.1"})
        other = await client.get("/api/v1/health", headers={"X-Forwarded-For": "198.51.100.2"})
        again = await client.get("/api/v1/health", headers={"X-Forwarded-For": "198.51.100.1"})

        assert first == [200] * DEFAULT_LIMIT
        assert other.status_code == 200
        assert_limited(again, DEFAULT_LIMIT)

    async def test_the_rightmost_untrusted_hop_is_the_client(self, client):
        await fresh_window()

        spoofed = await burst(
            client, "/api/v1/health", DEFAULT_LIMIT, headers={"X-Forwarded-For": "203.0.113.66, 198.51.100.1"}
        )
        over = await client.get("/api/v1/health", headers={"X-Forwarded-For": "203.0.113.77, 198.51.100.1"})

        assert spoofed == [200] * DEFAULT_LIMIT
        assert_limited(over, DEFAULT_LIMIT)


async def test_forwarded_for_from_an_untrusted_peer_is_ignored(client):
    await fresh_window()

    first = await burst(client, "/api/v1/health", DEFAULT_LIMIT, headers={"X-Forwarded-For": "198.51.100.1"})
    other = await client.get("/api/v1/health", headers={"X-Forwarded-For": "198.51.100.2"})

    assert first == [200] * DEFAULT_LIMIT
    assert_limited(other, DEFAULT_LIMIT)


class TestSwitchedOff:
    @pytest.fixture
    def settings(self) -> Settings:
        return limited(rate_limit_enabled=False)

    async def test_no_request_is_refused(self, client):
        statuses = await burst(client, "/api/v1/health", DEFAULT_LIMIT + 20)

        assert set(statuses) == {200}
        assert Redis.from_url(PLATFORM_REDIS_URL).dbsize() == 0

    def test_the_environment_variable_switches_them_off(self):
        assert Settings.from_environ({"RATE_LIMIT_ENABLED": "false"}).rate_limit_enabled is False
        assert Settings.from_environ({}).rate_limit_enabled is True


class TestWithRedisDown:
    @pytest.fixture
    def settings(self) -> Settings:
        return make_settings(redis_url=UNREACHABLE_REDIS, rate_limit_enabled=True)

    async def test_requests_are_still_served(self, client):
        parent = await make_parent()

        health = await burst(client, "/api/v1/health", 3)
        login = await client.post("/api/v1/users/login", data={"username": parent.username, "password": PASSWORD})

        assert health == [200] * 3
        assert login.status_code == 200


def test_two_server_processes_share_the_counters(tmp_path: Path):
    env = server_environment(tmp_path, RATE_LIMIT_ENABLED="true")

    with running_server(env, tmp_path / "first.log") as first, running_server(env, tmp_path / "second.log") as second:
        if seconds_left_in_window() < BURST_MARGIN_SECONDS:
            time.sleep(seconds_left_in_window() + 0.1)
        with httpx.Client() as http:
            statuses = [http.get(f"{first}/api/v1/healthcheck").status_code for _ in range(DEFAULT_LIMIT // 2)]
            statuses += [http.get(f"{second}/api/v1/healthcheck").status_code for _ in range(DEFAULT_LIMIT // 2)]
            over_first = http.get(f"{first}/api/v1/healthcheck")
            over_second = http.get(f"{second}/api/v1/healthcheck")

    assert statuses == [200] * DEFAULT_LIMIT
    assert_limited(over_first, DEFAULT_LIMIT)
    assert_limited(over_second, DEFAULT_LIMIT)
