"""``make run``: one command starts web, realtime and worker on embedded defaults, and Ctrl-C stops
them all, the embedded Redis included.

The launcher runs as a real process tree on free ports with its own var directory. Set
``CHORES_SKIP_RUN_SMOKE=1`` only where processes cannot listen on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from api.cli.dev import development_environment
from settings import PROJECT_ROOT
from tests.conftest import free_port

pytestmark = pytest.mark.skipif(os.environ.get("CHORES_SKIP_RUN_SMOKE") == "1",
                                reason="CHORES_SKIP_RUN_SMOKE=1: this machine cannot run servers")

START_TIMEOUT = 90
STOP_TIMEOUT = 40


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_until(condition, timeout: float, what: str, output: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{what} within {timeout} s; launcher output:\n{output.read_text()}")


def test_the_launcher_uses_the_database_and_redis_it_is_given(tmp_path):
    given = {"DATABASE_URL": "mysql://app:pw@db:3306/chores", "REDIS_URL": "redis://cache:6379/2", "PATH": "/bin"}

    env, redis = development_environment(tmp_path, given)

    assert redis is None
    assert env["DATABASE_URL"] == given["DATABASE_URL"] and env["REDIS_URL"] == given["REDIS_URL"]
    assert env["ENVIRONMENT"] == "development"


def test_the_launcher_defaults_to_sqlite_under_var_and_an_embedded_redis(tmp_path):
    env, redis = development_environment(tmp_path, {"ENVIRONMENT": "test", "PATH": "/bin"})

    assert env["DATABASE_URL"] == f"sqlite://{tmp_path / 'chores.sqlite3'}" and env["ENVIRONMENT"] == "test"
    assert redis is not None and env["REDIS_URL"] == redis.url == f"redis://127.0.0.1:{redis.port}/0"
    assert env["PATH"].startswith(str(Path(sys.executable).parent))


def test_make_run_is_the_dev_launcher():
    dry_run = subprocess.run(
        ["make", "--no-print-directory", "-n", "run"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )

    assert dry_run.stdout.strip().splitlines()[-1] == ".venv/bin/chores dev"


def test_the_launcher_serves_everything_on_embedded_defaults_and_stops_cleanly_on_ctrl_c(tmp_path):
    web_port, realtime_port = free_port(), free_port()
    env = {name: value for name, value in os.environ.items()
           if name not in {"DATABASE_URL", "REDIS_URL", "ENVIRONMENT", "SECRET_KEY"}}
    env.update(PORT=str(web_port), REALTIME_PORT=str(realtime_port))
    output = tmp_path / "launcher.log"
    with output.open("wb") as sink:
        launcher = subprocess.Popen([sys.executable, "-m", "api.cli", "dev", "--var-dir", str(tmp_path / "var")],
                                    cwd=PROJECT_ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                    start_new_session=True)
    tree: list[psutil.Process] = []
    try:
        _wait_until(lambda: _get(f"http://127.0.0.1:{web_port}/health")[0] == 200, START_TIMEOUT,
                    "the web process did not answer /health", output)
        _wait_until(lambda: "Chores Tracker is running" in output.read_text(), 10, "no banner", output)
        tree = psutil.Process(launcher.pid).children(recursive=True)
        log = output.read_text()

        status, body = _get(f"http://127.0.0.1:{web_port}/health")
        assert json.loads(body) == {"status": "healthy", "database": "connected"}
        assert (tmp_path / "var" / "chores.sqlite3").exists()
        redis_port = int(re.search(r"Redis +redis://127\.0\.0\.1:(\d+)/0 \(embedded", log).group(1))
        assert _listening(redis_port)
        assert f"API        http://127.0.0.1:{web_port}/api/v1" in log
        assert f"Socket.IO  http://127.0.0.1:{realtime_port}/socket.io/" in log
        for process in ("web", "realtime", "worker"):
            assert f"{process} started" in log, process
        _wait_until(lambda: _get(f"http://127.0.0.1:{realtime_port}/health")[0] == 200, 20,
                    "the realtime process did not answer /health", output)

        os.killpg(launcher.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        assert launcher.wait(timeout=STOP_TIMEOUT) == 0, output.read_text()

        log = output.read_text()
        assert "SIGINT received" in log and "SIGKILL" not in log
        assert not _listening(web_port) and not _listening(realtime_port) and not _listening(redis_port)
        assert [p.pid for p in tree if p.is_running() and p.status() != psutil.STATUS_ZOMBIE] == []
    finally:  # whatever failed above, leave no process behind
        if launcher.poll() is None:
            running = psutil.Process(launcher.pid)
            tree += [running, *running.children(recursive=True)]
        for process in tree:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        launcher.wait(timeout=10)
