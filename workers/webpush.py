"""A Web Push request, built with pywebpush and py_vapid: the payload encrypted for one subscription
(RFC 8291, ``aes128gcm`` through http_ece) and signed for its push service (RFC 8292 VAPID).

pywebpush's own senders (``webpush()``, ``WebPusher.send``) post with requests or aiohttp to whatever
address the endpoint's name resolves to, which would bypass the SSRF guard. So only its public
encoder (``WebPusher.encode``) and py_vapid's signer are used here, both public API (no version
check needed); the request itself goes out through :func:`workers.outbound.post`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from py_vapid import Vapid
from pywebpush import WebPusher

CONTENT_ENCODING = "aes128gcm"
# RFC 8292 §2: a VAPID token may be valid for at most 24 hours.
VAPID_TOKEN_SECONDS = 12 * 3600


@dataclass(frozen=True)
class PushRequest:
    body: bytes
    headers: dict[str, str]


@lru_cache(maxsize=4)
def vapid_signer(private_key: str) -> Vapid:
    """The signer of a VAPID private key (base64url of its 32 bytes), built once per process."""
    return Vapid.from_string(private_key)


def push_request(
    *, endpoint: str, p256dh: str, auth: str, payload: bytes, ttl_seconds: int, urgency: str,
    vapid_private_key: str, vapid_subject: str,
) -> PushRequest:
    """The body and headers of one push; raises py_vapid's VapidException for an endpoint it cannot sign for."""
    encrypted = WebPusher({"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}}).encode(
        payload, CONTENT_ENCODING
    )
    parts = urlsplit(endpoint)
    claims = {"aud": f"{parts.scheme}://{parts.netloc}", "sub": vapid_subject,
              "exp": int(time.time()) + VAPID_TOKEN_SECONDS}
    headers = {
        **vapid_signer(vapid_private_key).sign(claims),  # Authorization: vapid t=<JWT>,k=<public key>
        "Content-Encoding": CONTENT_ENCODING,
        "Content-Type": "application/octet-stream",
        "TTL": str(ttl_seconds),
        "Urgency": urgency,
    }
    return PushRequest(encrypted["body"], headers)
