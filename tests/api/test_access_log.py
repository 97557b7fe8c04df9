"""The access-log switch (issue #18.5): ``ACCESS_LOG`` = ``on`` | ``off`` | a sampling fraction, and the
requests a sample always keeps (server errors, abandoned and slow requests)."""

from __future__ import annotations

import asyncio
import io
import json
import logging

import httpx
import pytest

from api.app import create_app
from api.logging import CLIENT_CLOSED_REQUEST, SLOW_REQUEST_MS, LineHandler, deserves_access_line, setup_logging
from settings import Settings, SettingsError
from tests.conftest import make_settings, running

# Practically never drawn: a sampled request that is logged here is one the sample must keep.
TINY_SAMPLE = 1e-12
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


async def access_lines(settings: Settings, *paths: str, handler_alone: bool = False) -> list[dict]:
    """The access lines of a server built with ``settings`` after it answered a GET of each path; with
    ``handler_alone``, ours is the root logger's only handler (as in production, where the line is
    written straight to it), else pytest's handlers sit beside it."""
    async with running(create_app(settings, manage_orm=False)) as application:
        stream = io.StringIO()
        ours = setup_logging(make_settings(environment="production"), stream=stream)
        root = logging.getLogger()
        others = [handler for handler in root.handlers if handler is not ours] if handler_alone else []
        for handler in others:
            root.removeHandler(handler)
        try:
            transport = httpx.ASGITransport(app=application, client=("127.0.0.1", 50000))
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
                for path in paths:
                    await http.get(path, headers={"X-Request-ID": f"req-{path.count('/')}"})
        finally:
            for handler in others:
                root.addHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    return [line for line in lines if line["logger"] == "api.access"]


@pytest.mark.parametrize(
    ("value", "sample"),
    [("on", 1.0), ("ON", 1.0), ("true", 1.0), ("off", 0.0), ("false", 0.0), ("0", 0.0), ("1", 1.0), ("0.25", 0.25)],
)
def test_access_log_reads_on_off_or_a_fraction(value, sample):
    assert Settings.from_environ({"ACCESS_LOG": value}).access_log_sample == sample


def test_access_log_is_on_by_default():
    assert Settings.from_environ({}).access_log_sample == 1.0


@pytest.mark.parametrize("value", ["sometimes", "1.5", "-0.1", "nan", "inf", "50%"])
def test_an_unusable_access_log_value_stops_the_start_with_the_accepted_forms(value):
    with pytest.raises(SettingsError, match=r"ACCESS_LOG must be on, off or a sampling fraction between 0 and 1"):
        Settings.from_environ({"ACCESS_LOG": value})


async def test_on_logs_every_request(db, restore_logging):
    lines = await access_lines(make_settings(), "/api/v1/health", "/api/v1/health", "/no-such-page")

    assert [(line["path"], line["status"]) for line in lines] == [
        ("/api/v1/health", 200), ("/api/v1/health", 200), ("/no-such-page", 404)
    ]


async def test_the_line_written_straight_to_our_handler_is_the_line_a_log_record_gives(db, restore_logging):
    paths = ("/api/v1/health", "/no-such-page")

    straight = await access_lines(make_settings(), *paths, handler_alone=True)
    as_records = await access_lines(make_settings(), *paths)

    assert [(line["path"], line["status"], line["request_id"]) for line in straight] == [
        ("/api/v1/health", 200, "req-3"), ("/no-such-page", 404, "req-1")
    ]
    assert [list(line) for line in straight] == [list(line) for line in as_records]
    unmeasured = ("time", "duration_ms", "message")
    assert [{k: v for k, v in line.items() if k not in unmeasured} for line in straight] == [
        {k: v for k, v in line.items() if k not in unmeasured} for line in as_records
    ]
    assert [line["message"].rsplit(" ", 1)[0] for line in straight] == ["GET /api/v1/health 200", "GET /no-such-page 404"]


async def test_off_logs_no_access_line_even_for_a_server_error(db, restore_logging):
    settings = make_settings(access_log_sample=0.0, redis_url=UNREACHABLE_REDIS)

    lines = await access_lines(settings, "/api/v1/health", "/no-such-page", "/api/v1/health/ready")

    assert lines == []


async def test_a_sample_keeps_the_server_errors(db, restore_logging):
    settings = make_settings(access_log_sample=TINY_SAMPLE, redis_url=UNREACHABLE_REDIS)

    lines = await access_lines(settings, "/api/v1/health", "/no-such-page", "/api/v1/health/ready")

    assert [(line["path"], line["status"]) for line in lines] == [("/api/v1/health/ready", 503)]


def test_a_sample_keeps_abandoned_and_slow_requests_and_a_share_of_the_others():
    assert deserves_access_line(TINY_SAMPLE, CLIENT_CLOSED_REQUEST, 5.0)
    assert deserves_access_line(TINY_SAMPLE, 200, SLOW_REQUEST_MS)
    assert not deserves_access_line(TINY_SAMPLE, 200, SLOW_REQUEST_MS - 1)
    assert not deserves_access_line(TINY_SAMPLE, 404, 5.0)
    kept = sum(deserves_access_line(0.5, 200, 5.0) for _ in range(10_000))
    assert 4_000 < kept < 6_000


class FlushCountingStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


async def test_lines_written_in_one_pass_of_the_event_loop_are_flushed_together_after_it():
    stream = FlushCountingStream()
    handler = LineHandler(stream)

    for number in range(3):
        handler.write_line(f"line {number}")
    written_before_the_pass_ended = (stream.getvalue(), stream.flushes)
    await asyncio.sleep(0)

    assert written_before_the_pass_ended == ("line 0\nline 1\nline 2\n", 0)
    assert stream.flushes == 1


def test_a_line_written_without_an_event_loop_is_flushed_at_once():
    stream = FlushCountingStream()

    LineHandler(stream).write_line("line")

    assert (stream.getvalue(), stream.flushes) == ("line\n", 1)
