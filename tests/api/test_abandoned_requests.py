"""A request the client abandons before the answer (issue #18.4), on a real ``chores web`` process: a
login hashing at a high bcrypt cost, whose client closes its socket while the handler still waits.
The access line says 499 "client closed request", and the metrics count no server error and no request
still in flight."""

from __future__ import annotations

import json
import re
import socket
import time
from pathlib import Path

import httpx

from tests.api.real_server import running_server, server_environment

LOGIN = "/api/v1/users/login"
# About a second of bcrypt per check on this machine: the login is still hashing when its client leaves.
SLOW_BCRYPT_ROUNDS = "14"
WAIT_SECONDS = 30
IN_PROGRESS = re.compile(r'http_requests_inprogress\{handler="/api/v1/users/login",method="POST"\} (\S+)')


def test_a_login_whose_client_leaves_is_logged_499_and_counted_as_no_server_error(tmp_path):
    log_path = tmp_path / "server.log"
    with running_server(server_environment(tmp_path, BCRYPT_ROUNDS=SLOW_BCRYPT_ROUNDS), log_path) as base_url:
        form = {"username": "leaver", "password": "password123", "email": "leaver@example.com",
                "is_parent": "true", "registration_code": "BETA2024"}
        assert httpx.post(f"{base_url}/api/v1/users/register", data=form, timeout=WAIT_SECONDS).status_code == 201

        with socket.create_connection(("127.0.0.1", int(base_url.rsplit(":", 1)[1]))) as client:
            body = b"username=leaver&password=password123"
            client.sendall(
                b"POST " + LOGIN.encode() + b" HTTP/1.1\r\nHost: test\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )
            _wait_for(lambda: _logins_in_progress(base_url) == 1, "the login to reach its handler")
        line = _wait_for(lambda: _access_line(log_path, LOGIN), "the login's access line")
        metrics = httpx.get(f"{base_url}/metrics").text

    assert line["status"] == 499
    assert line["message"].startswith(f"POST {LOGIN} 499 ") and line["message"].endswith(" client closed request")
    assert 'Internal Server Error' not in log_path.read_text()
    assert f'http_requests_total{{handler="{LOGIN}",method="POST",status="499"}} 1.0' in metrics
    assert not re.search(r'http_requests_total\{[^}]*status="5\d\d"', metrics)
    assert not re.search(r'api_errors_total\{[^}]*users/login', metrics)
    assert IN_PROGRESS.search(metrics).group(1) == "0.0"  # no longer counted in flight


def _wait_for(probe, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"gave up waiting for {what}")


def _logins_in_progress(base_url: str) -> float:
    found = IN_PROGRESS.search(httpx.get(f"{base_url}/metrics").text)
    return float(found.group(1)) if found else 0.0


def _access_line(log_path: Path, path: str) -> dict | None:
    for text in log_path.read_text().splitlines():
        if '"api.access"' in text:
            line = json.loads(text)
            if line["path"] == path:
                return line
    return None
