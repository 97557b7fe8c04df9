"""The client's address, honouring ``X-Forwarded-For`` only from configured trusted proxies."""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # no import of Sanic at run time: api.logging, which the worker uses too, imports this module
    from sanic.request import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


@lru_cache(maxsize=4096)  # the same few peers ask again and again: parsing an address is not free
def address_in(address: str, entries: tuple[str, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(entries))


def client_ip(request: Request, trusted_proxies: tuple[str, ...]) -> str:
    """Walk ``X-Forwarded-For`` from the right while the hop is a trusted proxy."""
    peer = request.conn_info.client_ip if request.conn_info else request.ip
    peer = peer or request.ip or "unknown"
    if not trusted_proxies or not address_in(peer, trusted_proxies):
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not address_in(hop, trusted_proxies):
            return hop
    return hops[0] if hops else peer
