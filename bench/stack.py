"""The three long-running processes (web, realtime, worker) started together for a benchmark, with their RSS."""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
from processes import free_port, start, stop, wait_healthy
from redis.asyncio import Redis

BIN = Path(sys.executable).parent


def stack_environment(database_url: str, redis_url: str, *, bcrypt_rounds: int = 12) -> dict[str, str]:
    """The environment of every process of one run: free ports, a fresh key, no rate limits."""
    return {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "PORT": str(free_port()),
            "REALTIME_PORT": str(free_port()), "ENVIRONMENT": "production", "SECRET_KEY": secrets.token_urlsafe(48),
            "RATE_LIMIT_ENABLED": "false", "BCRYPT_ROUNDS": str(bcrypt_rounds)}


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``seeded_run``, the same for every script that seeds a run."""
    parser.add_argument("--database-url", help="an empty MariaDB/MySQL database instead of a throwaway SQLite file")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4", help="emptied first")


@dataclass
class SeededRun:
    """A run's working directory, database, environment and demo families (by family id)."""

    workdir: Path
    database_url: str
    env: dict[str, str]
    families: dict[int, Any]


async def seeded_run(prefix: str, families: int, database_url: str | None, redis_url: str) -> SeededRun:
    """Empty the run's Redis database, seed ``families`` demo families (into a throwaway SQLite file unless
    ``database_url`` names an empty database) and load their accounts."""
    from dataset import load_families, seed  # needs the project on sys.path, as the scripts set it

    from settings import Settings

    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    database_url = database_url or f"sqlite://{workdir / 'bench.sqlite3'}"
    env = stack_environment(database_url, redis_url)
    async with Redis.from_url(redis_url) as redis:
        await redis.flushdb()
    print(f"seeding {families} families into {database_url} (logs in {workdir})", flush=True)
    seed(families, env, workdir / "seed.log")
    loaded = await load_families(list(range(1, families + 1)), Settings.from_environ(env))
    return SeededRun(workdir, database_url, env, loaded)


@dataclass
class Stack:
    """Running processes by name ("web", "realtime", "worker"); ``stop`` ends them all."""

    env: dict[str, str]
    workdir: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.env['PORT']}/api/v1"

    @property
    def realtime(self) -> str:
        return f"http://127.0.0.1:{self.env['REALTIME_PORT']}"

    def start(self, *names: str, core: int | None = None) -> None:
        """Start the named processes, all pinned to ``core`` (``taskset -c``) when one is given."""
        pin = ["taskset", "-c", str(core)] if core is not None else []
        commands = {
            "web": [str(BIN / "chores"), "web", "--host", "127.0.0.1", "--port", self.env["PORT"]],
            "realtime": [str(BIN / "uvicorn"), "realtime.app:app", "--host", "127.0.0.1",
                         "--port", self.env["REALTIME_PORT"], "--no-access-log"],
            "worker": [str(BIN / "chores"), "worker"],
        }
        for name in names:
            self.processes[name] = start([*pin, *commands[name]], self.env, self.workdir / f"{name}.log")

    async def wait_ready(self) -> None:
        if "web" in self.processes:
            await wait_healthy(f"{self.api}/health")
        if "realtime" in self.processes:
            await wait_healthy(f"{self.realtime}/health")

    def rss_mib(self) -> dict[str, float]:
        """Resident memory of each process still running, in MiB."""
        return {name: psutil.Process(process.pid).memory_info().rss / 2**20
                for name, process in self.processes.items() if process.poll() is None}

    def exited(self) -> list[str]:
        return [name for name, process in self.processes.items() if process.poll() is not None]

    def tracebacks(self) -> dict[str, int]:
        """How many tracebacks each process has logged so far."""
        return {name: (self.workdir / f"{name}.log").read_text(errors="replace").count("Traceback")
                for name in self.processes}

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                stop(process)
