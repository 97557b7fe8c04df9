"""Which URLs and addresses the server may send to on a user's behalf (SSRF rules)."""

from __future__ import annotations

from ipaddress import ip_address

import pytest

from models.outbound import OutboundPolicy, UnsafeURL, check_address, check_url

STRICT = OutboundPolicy()
LOOPBACK_DEV = OutboundPolicy(allow_http_loopback=True)
PRIVATE_OK = OutboundPolicy(allow_private_networks=True)


@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        ("https://hooks.example.com/chores", "https://hooks.example.com/chores"),
        ("HTTPS://Hooks.Example.com", "https://hooks.example.com/"),
        ("https://8.8.8.8:8443/in?x=1#fragment", "https://8.8.8.8:8443/in?x=1"),
        ("https://[2001:4860:4860::8888]/in", "https://[2001:4860:4860::8888]/in"),
    ],
)
def test_public_https_urls_are_taken_and_normalised(url: str, normalised: str) -> None:
    assert check_url(url, STRICT) == normalised


@pytest.mark.parametrize(
    "url",
    [
        "https://169.254.169.254/latest/meta-data",  # cloud metadata: link-local
        "https://10.0.0.1/hook",
        "https://172.16.5.4/hook",
        "https://192.168.1.10/hook",
        "https://100.64.0.1/hook",  # carrier-grade NAT
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",  # IPv4-mapped private address
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
        "http://hooks.example.com/hook",  # plain http
        "ftp://hooks.example.com/hook",
        "https:///no-host",
        "https://user:secret@hooks.example.com/",
        "https://hooks.example.com:99999/",
        "https://hooks.example.com/" + "a" * 2000,
        "https://[broken/hook",  # urlsplit cannot read it
        "https://hooks.example.com /hook",
        "https://hooks.example.com\r\nX-Injected: 1/",
    ],
)
def test_unsafe_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsafeURL):
        check_url(url, STRICT)


def test_plain_http_to_loopback_only_where_the_development_setting_allows_it() -> None:
    assert check_url("http://localhost:8080/hook", LOOPBACK_DEV) == "http://localhost:8080/hook"
    assert check_url("http://[::1]:8080/hook", LOOPBACK_DEV) == "http://[::1]:8080/hook"
    with pytest.raises(UnsafeURL):
        check_url("http://hooks.example.com/", LOOPBACK_DEV)
    with pytest.raises(UnsafeURL):
        check_url("http://10.0.0.1/", LOOPBACK_DEV)


def test_private_networks_only_where_the_setting_allows_them_and_link_local_never() -> None:
    check_address(ip_address("10.0.0.1"), PRIVATE_OK)
    check_address(ip_address("127.0.0.1"), PRIVATE_OK)
    for never in ("169.254.169.254", "fe80::1", "0.0.0.0", "ff02::1"):
        with pytest.raises(UnsafeURL):
            check_address(ip_address(never), OutboundPolicy(allow_private_networks=True, allow_http_loopback=True))


def test_the_policy_comes_from_the_settings() -> None:
    from tests.conftest import make_settings

    assert OutboundPolicy.from_settings(make_settings()) == STRICT
    settings = make_settings(outbound_allow_http_loopback=True, outbound_allow_private_networks=True)
    assert OutboundPolicy.from_settings(settings) == OutboundPolicy(True, True)
