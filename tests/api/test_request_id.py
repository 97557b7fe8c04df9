"""Request ids and logs: every response names its request, every log line names its request, and no
line ever carries a password or a token."""

from __future__ import annotations

import io
import json
import logging
import re
import sys

import pytest

from api.logging import (
    REDACTED,
    JsonFormatter,
    RequestContextFilter,
    bind_request_id,
    current_request_id,
    sane_request_id,
    setup_logging,
)
from tests.conftest import make_settings
from tests.factories import PASSWORD, auth_headers, make_parent

GENERATED = re.compile(r"[0-9a-f]{32}")


class Logs:
    """What the process logged during a test, one parsed JSON object per line."""

    def __init__(self, stream: io.StringIO):
        self.stream = stream

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    @property
    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.text.splitlines()]

    def access(self, path: str) -> dict:
        return next(line for line in self.lines if line["logger"] == "api.access" and line["path"] == path)


@pytest.fixture
def logs(app, restore_logging) -> Logs:
    """Production-format logs of the running app, captured (after the app set its own logging up)."""
    stream = io.StringIO()
    setup_logging(make_settings(environment="production"), stream=stream)
    return Logs(stream)


# --- the header -----------------------------------------------------------------------------------------------


async def test_a_request_without_an_id_gets_a_new_one_in_the_response(client):
    first = await client.get("/api/v1/health")
    second = await client.get("/api/v1/health")

    assert GENERATED.fullmatch(first.headers["x-request-id"])
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


@pytest.mark.parametrize("sane", ["abc-123", "Trace_9.ab-CD", "x" * 128])
async def test_a_sane_client_id_is_kept(client, sane):
    response = await client.get("/api/v1/health", headers={"X-Request-ID": sane})

    assert response.headers["x-request-id"] == sane


@pytest.mark.parametrize("insane", ["x" * 129, "has space", "semi;colon", "quote\"d", "ünïcode", "a/b", "<script>"])
async def test_an_insane_client_id_is_replaced(client, insane):
    response = await client.get("/api/v1/health", headers={"X-Request-ID": insane.encode()})

    assert GENERATED.fullmatch(response.headers["x-request-id"])


async def test_every_kind_of_answer_carries_the_id(client, settings):
    parent = await make_parent()
    answers = {
        "ok": await client.get("/api/v1/users/me", headers=auth_headers(parent, settings)),
        "unauthenticated": await client.get("/api/v1/users/me"),
        "unknown path": await client.get("/no/such/path"),
        "wrong method": await client.delete("/api/v1/users/me"),
        "refused media type": await client.post("/api/v1/users/login", content=b"x",
                                                 headers={"content-type": "text/plain"}),
        "invalid form": await client.post("/api/v1/users/login", data={}),
        "malformed json": await client.post("/api/v1/users/", content=b"{", headers={"content-type":
                                                                                      "application/json"}),
    }

    assert [name for name, response in answers.items() if not GENERATED.fullmatch(response.headers.get(
        "x-request-id", ""))] == []
    assert {response.status_code for response in answers.values()} == {200, 401, 404, 405, 415, 422, 400}


# --- log lines ------------------------------------------------------------------------------------------------


async def test_each_request_logs_one_json_access_line_with_its_id(client, settings, logs):
    parent = await make_parent()

    response = await client.get("/api/v1/users/me", headers={**auth_headers(parent, settings), "X-Request-ID": "r-1"})

    line = logs.access("/api/v1/users/me")
    assert response.status_code == 200
    assert line["request_id"] == "r-1" and line["level"] == "INFO"
    assert line["message"].startswith("GET /api/v1/users/me 200 ")
    assert line["method"] == "GET" and line["status"] == 200 and line["user_id"] == parent.id
    assert line["duration_ms"] >= 0 and line["client"] == "127.0.0.1"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])


async def test_no_log_line_holds_a_password_a_token_or_a_body(client, settings, logs):
    parent = await make_parent()
    token = auth_headers(parent, settings)["Authorization"].split()[1]

    await client.post("/api/v1/users/login", data={"username": parent.username, "password": PASSWORD})
    await client.post("/api/v1/users/login", data={"username": parent.username, "password": "wrong-secret-99"})
    await client.get("/api/v1/users/me?token=" + token, headers={"Authorization": f"Bearer {token}"})

    assert logs.lines, "the requests were logged"
    for secret in (PASSWORD, "wrong-secret-99", token, parent.hashed_password):
        assert secret not in logs.text
    assert logs.access("/api/v1/users/login")["status"] == 200


def test_json_lines_carry_context_extras_and_exceptions_with_secrets_masked():
    record = logging.makeLogRecord({
        "name": "workers.jobs", "levelname": "ERROR", "levelno": logging.ERROR,
        "msg": "push to %s failed: Authorization: Bearer abc.def.ghi, url /socket.io/?token=abc.def&x=1",
        "args": ("user:7",), "chore_id": 12, "password": "hunter2", "access_token": "abc.def.ghi",
    })
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record.exc_info = sys.exc_info()

    with bind_request_id("job-42"):
        RequestContextFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))

    assert entry["request_id"] == "job-42" and entry["logger"] == "workers.jobs" and entry["level"] == "ERROR"
    assert entry["message"] == (
        f"push to user:7 failed: Authorization: Bearer {REDACTED}, url /socket.io/?token={REDACTED}&x=1"
    )
    assert entry["chore_id"] == 12 and entry["password"] == REDACTED and entry["access_token"] == REDACTED
    assert "RuntimeError: boom" in entry["exception"]
    assert "abc.def" not in json.dumps(entry) and "hunter2" not in json.dumps(entry)


def test_development_logs_are_lines_for_people_and_production_logs_are_json(restore_logging):
    development, production = io.StringIO(), io.StringIO()

    setup_logging(make_settings(environment="development"), stream=development)
    with bind_request_id("0123456789abcdef"):
        logging.getLogger("api.demo").info("hello %s", "there", extra={"family_id": 3})
    setup_logging(make_settings(environment="production"), stream=production)
    logging.getLogger("api.demo").info("hello %s", "there")

    line = development.getvalue().strip()
    assert re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3} INFO    api\.demo \[01234567\] hello there  family_id=3", line)
    assert json.loads(production.getvalue())["message"] == "hello there"
    assert development.getvalue().count("\n") == 1, "the second setup replaced the first handler"


def test_framework_loggers_lose_their_own_handlers_and_go_through_ours(restore_logging):
    stream = io.StringIO()
    sanic_logger = logging.getLogger("sanic.root")
    sanic_logger.addHandler(logging.StreamHandler(io.StringIO()))
    sanic_logger.propagate = False

    setup_logging(make_settings(environment="production"), stream=stream)
    sanic_logger.info("Goin' Fast")

    assert sanic_logger.handlers == [] and json.loads(stream.getvalue())["logger"] == "sanic.root"


def test_the_id_is_readable_by_jobs_and_pushes_only_inside_its_scope():
    assert current_request_id() is None
    with bind_request_id("from-the-request") as bound:
        assert bound == current_request_id() == "from-the-request"
        with bind_request_id(None) as fresh:
            assert GENERATED.fullmatch(fresh) and current_request_id() == fresh
        assert current_request_id() == "from-the-request"
    assert current_request_id() is None
    assert GENERATED.fullmatch(sane_request_id("bad id"))
