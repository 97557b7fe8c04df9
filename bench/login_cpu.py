"""Login CPU (issue #18.6): the server's CPU time per ``POST /users/login`` at bcrypt cost 12, beside a
bare password check of the ``bcrypt`` package in this process.

Starts one ``chores web`` process on a throwaway SQLite file, registers a parent, then logs in
``--logins`` times one after the other and divides the CPU time of the server's processes (all their
threads, from psutil) by that number; ``--runs`` times, medians printed. CPU time, not wall time, so
the figures hold on a machine shared with other work.

    .venv/bin/python bench/login_cpu.py [--logins 8] [--runs 3] [--redis-url redis://127.0.0.1:6379/4]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import bcrypt
import httpx
import psutil
from processes import free_port, start, stop, wait_healthy

ROUNDS = 12
PASSWORD = "bench-password"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=8, help="logins per run (default 8)")
    parser.add_argument("--runs", type=int, default=3, help="runs (default 3)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4", help="Redis of the server")
    return parser.parse_args()


def bare_check_ms(check: Callable[[bytes, bytes], bool], checks: int = 5) -> float:
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(ROUNDS))
    started = time.process_time()
    for _ in range(checks):
        assert check(PASSWORD.encode(), hashed)
    return (time.process_time() - started) / checks * 1000


def tree_cpu_seconds(pid: int) -> float:
    root = psutil.Process(pid)
    return sum(sum(process.cpu_times()[:2]) for process in [root, *root.children(recursive=True)])


def main() -> None:
    args = parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="login-cpu-"))
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite://{workdir / 'db.sqlite3'}", "REDIS_URL": args.redis_url,
           "ENVIRONMENT": "test", "RATE_LIMIT_ENABLED": "false", "BCRYPT_ROUNDS": str(ROUNDS), "ACCESS_LOG": "off"}
    server = start([sys.executable, "-m", "api.cli", "web", "--host", "127.0.0.1", "--port", str(port)], env,
                   workdir / "web.log")
    base_url = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(wait_healthy(f"{base_url}/api/v1/health", timeout=60))
        with httpx.Client(base_url=base_url, timeout=60) as http:
            form = {"username": "benchparent", "password": PASSWORD, "email": "bench@example.com",
                    "is_parent": "true", "registration_code": "BETA2024"}
            assert http.post("/api/v1/users/register", data=form).status_code == 201
            credentials = {"username": "benchparent", "password": PASSWORD}
            assert http.post("/api/v1/users/login", data=credentials).status_code == 200  # warm
            per_login = []
            for _ in range(args.runs):
                before = tree_cpu_seconds(server.pid)
                for _ in range(args.logins):
                    assert http.post("/api/v1/users/login", data=credentials).status_code == 200
                per_login.append((tree_cpu_seconds(server.pid) - before) / args.logins * 1000)
    finally:
        stop(server)
    package = statistics.median(bare_check_ms(bcrypt.checkpw) for _ in range(args.runs))
    print(f"server CPU per login: {statistics.median(per_login):.1f} ms (runs: "
          f"{', '.join(f'{value:.1f}' for value in per_login)})")
    print(f"bare check, bcrypt {version('bcrypt')}: {package:.1f} ms")


if __name__ == "__main__":
    main()
