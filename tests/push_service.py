"""A Web Push service for tests: a real HTTP server on 127.0.0.1 that takes pushes as a browser's push
service does, checks their VAPID token and decrypts them as the browser would.

A :class:`Browser` is the subscriber side: a P-256 key pair and an auth secret of its own (as a
browser makes them), the ``PushSubscription`` JSON it would send us, and the decryption of what it
receives (RFC 8291 with ``http_ece``). The VAPID ``Authorization: vapid t=<JWT>,k=<key>`` header is
checked with PyJWT against the server's public key (RFC 8292), independently of py_vapid that signed it.
"""

from __future__ import annotations

import base64
import json
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import http_ece
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from api.cli.vapid import new_vapid_private_key
from settings import Settings, vapid_application_server_key
from tests.conftest import make_settings
from tests.http_receiver import Answer, LoopbackReceiver, ReceivedRequest, loopback_receiver

VAPID_SUBJECT = "mailto:ops@chores.example"


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def push_settings(**overrides: Any) -> Settings:
    """Test settings with a fresh VAPID key pair and plain http to the loopback push service allowed."""
    private_key = new_vapid_private_key()
    values: dict[str, Any] = {
        "vapid_private_key": private_key, "vapid_public_key": vapid_application_server_key(private_key),
        "vapid_subject": VAPID_SUBJECT, "outbound_allow_http_loopback": True, **overrides,
    }
    return make_settings(**values)


@dataclass
class Browser:
    """A subscriber: its own ECDH key pair and 16-byte auth secret."""

    private_key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    @property
    def keys(self) -> dict[str, str]:
        return {"p256dh": self.p256dh, "auth": b64url(self.auth_secret)}

    def subscription(self, endpoint: str) -> dict[str, Any]:
        """What ``PushSubscription.toJSON()`` gives the page, which posts it to us."""
        return {"endpoint": endpoint, "expirationTime": None, "keys": self.keys}

    def decrypt(self, request: ReceivedRequest) -> dict[str, Any]:
        """The JSON the service worker's ``push`` event would get."""
        assert request.headers["content-encoding"] == "aes128gcm"
        plain = http_ece.decrypt(request.body, private_key=self.private_key, auth_secret=self.auth_secret,
                                 version="aes128gcm")
        return json.loads(plain)


def vapid_claims(request: ReceivedRequest, settings: Settings, audience: str) -> dict[str, Any]:
    """The VAPID token's claims, once its key is the server's and its ES256 signature holds (else an error)."""
    scheme, _, parameters = request.headers["authorization"].partition(" ")
    assert scheme == "vapid"
    values = dict(part.split("=", 1) for part in parameters.split(","))
    assert values["k"] == settings.vapid_public_key
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(values["k"]))
    claims = jwt.decode(values["t"], public_key, algorithms=["ES256"], audience=audience)
    assert claims["sub"] == settings.vapid_subject
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    return claims


class PushService:
    """The push service of one or more browsers: each subscription is a path of this server."""

    def __init__(self, receiver: LoopbackReceiver):
        self.receiver = receiver

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.receiver.port}"

    def endpoint(self, name: str) -> str:
        return self.receiver.url(f"/push/{name}")

    def answer_with(self, status: int) -> None:
        self.receiver.answer = Answer(status=status)

    @property
    def requests(self) -> list[ReceivedRequest]:
        return self.receiver.requests

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[ReceivedRequest]:
        return await self.receiver.wait_for(count, timeout)

    def received_by(self, name: str) -> list[ReceivedRequest]:
        return [request for request in self.requests if request.path == f"/push/{name}"]


@asynccontextmanager
async def push_service(status: int = 201) -> AsyncIterator[PushService]:
    async with loopback_receiver() as receiver:
        service = PushService(receiver)
        service.answer_with(status)
        yield service
