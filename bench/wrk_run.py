"""Running wrk on the generator's core with ``wrk/cycle.lua`` and reading its result line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

CYCLE_SCRIPT = Path(__file__).resolve().parent / "wrk" / "cycle.lua"
RESULT_PREFIX = "BENCH "
INSTALL_HINT = "wrk is not installed: `sudo apt-get install -y wrk` (Debian/Ubuntu), then run the benchmark again"


@dataclass(frozen=True)
class WrkResult:
    requests: int
    seconds: float
    errors: int  # connect, read, write and timeout errors, and responses with a status above 399
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit(INSTALL_HINT)
    return path


def launch(url: str, plan_file: Path, *, connections: int, seconds: int, timeout: int,
           core: int | None, offered_per_second: float | None = None) -> subprocess.Popen:
    """Start wrk pinned to ``core`` (None: wherever the system puts it), one thread per connection
    (see ``wrk/cycle.lua``); with ``offered_per_second``, the connections together send that many
    requests a second, evenly spaced, instead of each sending as soon as it has an answer."""
    pinned = [] if core is None else ["taskset", "-c", str(core)]
    command = [*pinned, require_wrk(), f"-t{connections}", f"-c{connections}",
               f"-d{seconds}s", f"--timeout={timeout}s", "-s", str(CYCLE_SCRIPT), url]
    env = {**os.environ, "BENCH_PLAN": str(plan_file)}
    if offered_per_second:
        env["BENCH_INTERVAL_MS"] = str(connections * 1000 / offered_per_second)
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def collect(process: subprocess.Popen) -> WrkResult:
    """Wait for wrk to finish and parse the line ``cycle.lua`` prints."""
    output, _ = process.communicate()
    lines = [line for line in output.splitlines() if line.startswith(RESULT_PREFIX)]
    if process.returncode or not lines:
        raise RuntimeError(f"wrk failed (exit {process.returncode}):\n{output}")
    raw = json.loads(lines[-1].removeprefix(RESULT_PREFIX))
    return WrkResult(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        errors=sum(raw[kind] for kind in ("connect", "read", "write", "status", "timeout")),
        p50_ms=raw["p50_us"] / 1000,
        p95_ms=raw["p95_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
    )
