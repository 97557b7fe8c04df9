"""Sending a request to a user-given URL (webhooks, Web Push) without letting it reach inside.

The host is resolved here and every address it names is checked (``models/outbound.py``) before any
connection; the request then goes to the checked address itself, with the host name kept for the
``Host`` header and for TLS (SNI and certificate check), so the name cannot be re-pointed between
check and connect (DNS rebinding). Redirects are never followed: a 3xx is an answer like any other.
No proxy from the environment is used, and at most ``MAX_BODY_BYTES`` of the answer are read.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import SplitResult, urlsplit, urlunsplit

import httpx

from models.outbound import Address, OutboundPolicy, check_address, check_url, ip_literal

MAX_BODY_BYTES = 64 * 1024
DEFAULT_PORTS = {"https": 443, "http": 80}


class OutboundError(Exception):
    """The request could not be made or answered (resolution, connection, timeout, TLS); worth retrying."""


@dataclass(frozen=True)
class OutboundResponse:
    status: int
    body: bytes
    elapsed_ms: float


async def post(
    url: str, *, content: bytes, headers: Mapping[str, str], timeout: float, policy: OutboundPolicy
) -> OutboundResponse:
    """POST ``content`` to ``url``; UnsafeURL (before any connection) for a refused URL or address."""
    parts = urlsplit(check_url(url, policy))
    host = parts.hostname or ""
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    started = time.perf_counter()
    address = await _checked_address(host, port, policy)
    target = urlunsplit(SplitResult(parts.scheme, _netloc(address, parts.port), parts.path, parts.query, ""))
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    request_headers = {**headers, "Host": parts.netloc}
    try:
        async with (
            httpx.AsyncClient(verify=_tls_context(), trust_env=False, follow_redirects=False, timeout=timeout) as client,
            client.stream("POST", target, content=content, headers=request_headers, extensions=extensions) as answer,
        ):
            body = await _read_capped(answer)
    except httpx.TimeoutException as exc:
        raise OutboundError(f"timed out after {timeout:g} s ({type(exc).__name__})") from exc
    except httpx.HTTPError as exc:
        raise OutboundError(f"{type(exc).__name__}: {exc}") from exc
    return OutboundResponse(answer.status_code, body, (time.perf_counter() - started) * 1000)


async def _checked_address(host: str, port: int, policy: OutboundPolicy) -> Address:
    """The address to connect to: every address the host resolves to must be allowed."""
    literal = ip_literal(host)
    if literal is not None:
        check_address(literal, policy)
        return literal
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise OutboundError(f"cannot resolve {host}: {exc.strerror}") from exc
    addresses = [ip_literal(str(info[4][0])) for info in found]
    checked = [address for address in addresses if address is not None]
    if not checked:
        raise OutboundError(f"{host} resolves to no address")
    for address in checked:
        check_address(address, policy)
    return checked[0]


def _netloc(address: Address, port: int | None) -> str:
    host = f"[{address}]" if address.version == 6 else str(address)
    return host if port is None else f"{host}:{port}"


async def _read_capped(answer: httpx.Response) -> bytes:
    body = bytearray()
    async for chunk in answer.aiter_raw():
        body += chunk[: MAX_BODY_BYTES - len(body)]
        if len(body) >= MAX_BODY_BYTES:
            break
    return bytes(body)


@lru_cache(maxsize=1)
def _tls_context() -> ssl.SSLContext:
    """Built once: loading the system's certificates costs milliseconds."""
    return ssl.create_default_context()

