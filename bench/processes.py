"""Running the service's processes for a benchmark: ports, start, stop, readiness, CPU time."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start ``command`` in its own process group, stdout and stderr to ``log``."""
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process group; SIGKILL if it is still there after a grace period."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


async def wait_healthy(url: str, timeout: float = 30) -> None:
    async with httpx.AsyncClient() as http, asyncio.timeout(timeout):
        while True:
            try:
                if (await http.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a running process (all its threads) has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / CLOCK_TICKS


def tree_cpu_seconds(pid: int) -> float:
    """``cpu_seconds`` of a process and every process below it (Sanic's worker processes)."""
    total = cpu_seconds(pid)
    for child in psutil.Process(pid).children(recursive=True):
        try:
            total += cpu_seconds(child.pid)
        except FileNotFoundError:  # it ended meanwhile
            pass
    return total


@contextmanager
def listener_on_core(port: int, core: int) -> Iterator[int]:
    """Keep every thread of the local process listening on ``port`` (a database server) on ``core``
    meanwhile, threads it starts meanwhile included; give them back the process's cores afterwards."""
    [pid] = {c.pid for c in psutil.net_connections("tcp") if c.status == psutil.CONN_LISTEN
             and c.laddr.port == port and c.pid} or {None}
    if pid is None:
        raise SystemExit(f"no local process listens on port {port}: --database-core needs the database on this machine")
    cores = os.sched_getaffinity(pid)

    def set_threads(to: set[int]) -> None:
        for thread in os.listdir(f"/proc/{pid}/task"):
            try:
                os.sched_setaffinity(int(thread), to)
            except ProcessLookupError:  # the thread ended meanwhile
                pass

    set_threads({core})
    try:
        yield pid
    finally:
        set_threads(cores)
