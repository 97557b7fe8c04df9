"""Real web server processes for the tests that need several processes (metrics, rate limits).

Each server is ``chores web`` on a free port with an SQLite file database, in its own process
group; it is stopped with SIGINT, then killed if it lingers.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from settings import PROJECT_ROOT
from tests.conftest import free_port

PLATFORM_REDIS_URL = os.environ.get("TEST_PLATFORM_REDIS_URL", "redis://127.0.0.1:6379/14")
START_TIMEOUT_SECONDS = 60
STOP_TIMEOUT_SECONDS = 20


def server_environment(workdir: Path, **overrides: str) -> dict[str, str]:
    """Environment of a test server: SQLite file in ``workdir``, Redis db of the platform tests."""
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "ENVIRONMENT": "test",
        "DATABASE_URL": f"sqlite://{workdir / 'db.sqlite3'}",
        "REDIS_URL": PLATFORM_REDIS_URL,
        "BCRYPT_ROUNDS": "4",
        "RATE_LIMIT_ENABLED": "false",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    env.update(overrides)
    return env


@contextmanager
def running_server(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """Start a server and yield its base URL once it answers; stop it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "api.cli", "web", "--host", "127.0.0.1", "--port", str(port)]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, base_url, log_path)
        yield base_url
    finally:
        _stop(process)


def _wait_until_up(process: subprocess.Popen, base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base_url}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not answer within {START_TIMEOUT_SECONDS}s:\n{log_path.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
