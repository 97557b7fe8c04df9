"""Requests to user-given URLs: checked addresses, no redirects, bounded time and size."""

from __future__ import annotations

import pytest

from models.outbound import OutboundPolicy, UnsafeURL
from tests.conftest import free_port
from tests.http_receiver import Answer, loopback_receiver
from workers.outbound import MAX_BODY_BYTES, OutboundError, post

LOOPBACK_DEV = OutboundPolicy(allow_http_loopback=True)


async def test_a_post_reaches_the_receiver_with_its_body_and_headers() -> None:
    async with loopback_receiver() as receiver:
        receiver.answer = Answer(status=204)
        answer = await post(receiver.url("/in?x=1"), content=b'{"a": 1}', headers={"Content-Type": "application/json"},
                            timeout=5, policy=LOOPBACK_DEV)
        [request] = receiver.requests
    assert answer.status == 204 and answer.elapsed_ms > 0
    assert (request.method, request.path, request.body) == ("POST", "/in?x=1", b'{"a": 1}')
    assert request.headers["content-type"] == "application/json"
    assert request.headers["host"] == f"127.0.0.1:{receiver.port}"


async def test_a_name_is_sent_to_its_checked_address_and_keeps_its_host_header() -> None:
    async with loopback_receiver() as receiver:
        await post(f"http://localhost:{receiver.port}/", content=b"", headers={}, timeout=5, policy=LOOPBACK_DEV)
        [request] = receiver.requests
    assert request.headers["host"] == f"localhost:{receiver.port}"


async def test_a_name_that_resolves_to_a_refused_address_is_refused_before_any_connection() -> None:
    async with loopback_receiver() as receiver:
        with pytest.raises(UnsafeURL):
            # https to a public-looking URL whose name resolves to loopback, under the strict policy
            await post(f"https://localhost:{receiver.port}/", content=b"", headers={}, timeout=5, policy=OutboundPolicy())
        assert receiver.connections == 0


async def test_a_refused_literal_address_is_never_contacted() -> None:
    for url in ("https://169.254.169.254/latest/meta-data", "https://10.0.0.1/hook"):
        with pytest.raises(UnsafeURL):
            await post(url, content=b"", headers={}, timeout=5, policy=LOOPBACK_DEV)


async def test_redirects_are_answers_not_followed() -> None:
    async with loopback_receiver() as target, loopback_receiver() as receiver:
        receiver.answer = Answer(status=307, headers={"Location": target.url("/elsewhere")})
        answer = await post(receiver.url(), content=b"x", headers={}, timeout=5, policy=LOOPBACK_DEV)
        assert answer.status == 307
        assert target.connections == 0


async def test_at_most_64_kib_of_the_answer_is_kept() -> None:
    async with loopback_receiver() as receiver:
        receiver.answer = Answer(body=b"x" * (MAX_BODY_BYTES * 2))
        answer = await post(receiver.url(), content=b"", headers={}, timeout=5, policy=LOOPBACK_DEV)
    assert len(answer.body) == MAX_BODY_BYTES


async def test_a_slow_receiver_times_out_as_a_retryable_error() -> None:
    async with loopback_receiver() as receiver:
        receiver.answer = Answer(delay=2)
        with pytest.raises(OutboundError, match="timed out"):
            await post(receiver.url(), content=b"", headers={}, timeout=0.2, policy=LOOPBACK_DEV)


async def test_nothing_listening_is_a_retryable_error() -> None:
    with pytest.raises(OutboundError):
        await post(f"http://127.0.0.1:{free_port()}/", content=b"", headers={}, timeout=2, policy=LOOPBACK_DEV)
