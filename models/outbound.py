"""Where the server may send requests on a user's behalf (webhooks, Web Push): the SSRF rules.

A URL a user registers is checked when it is stored (:func:`check_url`), and every address its
host resolves to is checked again right before each request (``workers/outbound.py``), since a name
can point elsewhere by then. Only globally routable addresses are allowed; private and loopback
networks only where a setting says so, link-local ones (the cloud metadata service at
169.254.169.254) and multicast, reserved or unspecified ones never.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address, ip_address
from urllib.parse import SplitResult, urlsplit, urlunsplit

from settings import Settings

MAX_URL_LENGTH = 2000
LOOPBACK_NAMES = frozenset({"localhost"})

Address = IPv4Address | IPv6Address


class UnsafeURL(ValueError):
    """A URL or address the server will not send to; the message says why (fit for a 422)."""


@dataclass(frozen=True)
class OutboundPolicy:
    allow_private_networks: bool = False
    allow_http_loopback: bool = False

    @classmethod
    def from_settings(cls, settings: Settings) -> OutboundPolicy:
        return cls(settings.outbound_allow_private_networks, settings.outbound_allow_http_loopback)


def check_url(url: str, policy: OutboundPolicy) -> str:
    """The URL, normalised (scheme and host in lower case, no fragment), or UnsafeURL."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeURL(f"URL is longer than {MAX_URL_LENGTH} characters")
    if any(character.isspace() or not character.isprintable() for character in url.strip()):
        raise UnsafeURL("URL must not contain spaces or control characters")
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:  # e.g. a broken IPv6 literal
        raise UnsafeURL("URL cannot be read") from None
    if parts.scheme.lower() not in ("https", "http") or not host:
        raise UnsafeURL("URL must be an absolute https:// URL with a host")
    if parts.username is not None or parts.password is not None:
        raise UnsafeURL("URL must not carry a user name or password")
    try:
        port = parts.port
    except ValueError:
        raise UnsafeURL("URL has an invalid port") from None
    if parts.scheme.lower() == "http" and not (policy.allow_http_loopback and is_loopback_host(host)):
        raise UnsafeURL("URL must use https (plain http is allowed only to a loopback host in development)")
    literal = ip_literal(host)
    if literal is not None:
        check_address(literal, policy)
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    return urlunsplit(SplitResult(parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def check_address(address: Address, policy: OutboundPolicy) -> None:
    """Raise UnsafeURL unless the server may connect to ``address`` under ``policy``."""
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_link_local or address.is_multicast or address.is_unspecified:
        raise UnsafeURL(f"address {address} is link-local, multicast or unspecified: never allowed")
    if address.is_loopback:
        if policy.allow_http_loopback or policy.allow_private_networks:
            return
        raise UnsafeURL(f"address {address} is a loopback address")
    if address.is_global:
        return
    if policy.allow_private_networks and address.is_private:
        return
    raise UnsafeURL(f"address {address} is not a public address")


def ip_literal(host: str) -> Address | None:
    """The address a host written as an IP literal names (None for a name)."""
    try:
        return ip_address(host.strip("[]"))
    except ValueError:
        return None


def is_loopback_host(host: str) -> bool:
    literal = ip_literal(host)
    return host.lower() in LOOPBACK_NAMES if literal is None else literal.is_loopback
