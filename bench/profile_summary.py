"""Where the server's time goes, from a py-spy profile in raw (collapsed stack) format.

    .venv/bin/python bench/profile_summary.py /tmp/http-bench-*/profile-me.txt [--top 15]

``http_bench.py --py-spy PATH`` records these files (``py-spy record --format raw --full-filenames``).
Samples of idle threads that py-spy still counts (aiosqlite's connection thread blocked on its
queue, idle executor threads) are dropped first. Each remaining sample goes to one category:
logging and metrics claim every sample they appear in (their JSON, their locks); otherwise the
innermost frame that matches a category decides, so a user lookup inside the auth check counts as
ORM. Then the functions of our own code (``api/``, ``models/``) by inclusive share, and the
hottest leaf lines.
"""

from __future__ import annotations

import argparse
import re
import sysconfig
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STDLIB = sysconfig.get_paths()["stdlib"]
FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")
IDLE = (  # (file ending, source text in the line) where a thread only waits
    ("aiosqlite/core.py", "tx.get()"),
    ("concurrent/futures/thread.py", "work_queue.get(block=True)"),
)


@dataclass(frozen=True)
class Frame:
    function: str
    file: str
    line: int | None

    @classmethod
    def parse(cls, text: str) -> Frame:
        match = FRAME.match(text)
        if match is None:
            return cls(text, "", None)
        line = match["line"]
        return cls(match["function"], match["file"], int(line) if line else None)

    @property
    def ours(self) -> bool:
        return self.file.startswith(str(ROOT / "api")) or self.file.startswith(str(ROOT / "models"))

    def label(self) -> str:
        where = self.file.removeprefix(str(ROOT) + "/").split("site-packages/")[-1].removeprefix(STDLIB + "/")
        return f"{self.function} ({where})"


def _package(*names: str) -> str:
    return "|".join(f"site-packages/{name}/" for name in names)


def _ours(*paths: str) -> str:
    return "|".join(re.escape(str(ROOT / path)) for path in paths)


def _stdlib(*modules: str) -> str:
    return "|".join(re.escape(f"{STDLIB}/{module}/") for module in modules)


# Category, whether it claims the whole sample, and a pattern its frames' file names match. The driver's
# compiled code (asyncmy, sqlite3) has no frames: its time shows on the Tortoise client line that calls it.
CATEGORIES = tuple((name, claims_all, re.compile(pattern)) for name, claims_all, pattern in (
    ("logging (access line, JSON formatter)", True, f"{_stdlib('logging')}|{_ours('api/logging.py')}"),
    ("metrics (Prometheus)", True, f"{_package('prometheus_client')}|{_ours('api/metrics/')}"),
    ("database client (Tortoise client, aiosqlite thread hop, driver)", False,
     rf"site-packages/tortoise/backends/[^/]+/client\.py$|{_package('aiosqlite', 'asyncmy')}|{_stdlib('sqlite3')}"),
    ("ORM (Tortoise queries and models, pypika SQL building, date parsing)", False,
     _package("tortoise", "pypika_tortoise", "iso8601")),
    ("auth (token check: PyJWT, api/auth.py, models/access_tokens.py)", False,
     f"{_package('jwt')}|{_ours('api/auth.py', 'models/access_tokens.py')}"),
    ("validation (pydantic)", False, _package("pydantic", "pydantic_core")),
    ("JSON (stdlib json)", False, _stdlib("json")),
    ("redis client", False, _package("redis")),
    ("our middleware (guard, CORS, rate limit)", False,
     _ours("api/request_guard.py", "api/cors.py", "api/ratelimit.py", "api/clientip.py")),
    ("our code (routes, services, schemas, models)", False, _ours("api/", "models/")),
    ("framework (Sanic, sanic-ext, routing)", False, _package("sanic", "sanic_ext", "sanic_routing")),
    ("event loop (asyncio, uvloop)", False, f"{_stdlib('asyncio')}|{_package('uvloop')}"),
))
FRAMEWORK = "framework (Sanic, sanic-ext, routing)"
OTHER = "other (stdlib, libraries)"


def category(frames: list[Frame]) -> str:
    for name, claims_all, pattern in CATEGORIES:
        if claims_all and any(pattern.search(frame.file) for frame in frames):
            return name
    for frame in reversed(frames):
        if not frame.file.startswith("/"):
            return FRAMEWORK  # Sanic compiles parts of its HTTP handling at start-up: frames without a file
        for name, claims_all, pattern in CATEGORIES:
            if not claims_all and pattern.search(frame.file):
                return name
    return OTHER


def idle(leaf: Frame) -> bool:
    if leaf.line is None:
        return False
    for ending, text in IDLE:
        if leaf.file.endswith(ending):
            source = Path(leaf.file).read_text().splitlines()
            return 0 < leaf.line <= len(source) and text in source[leaf.line - 1]
    return False


def summarise(path: Path, top: int) -> str:
    categories: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    busy = idle_samples = 0
    for row in path.read_text().splitlines():
        stack, _, count = row.rpartition(" ")
        frames = [Frame.parse(text) for text in stack.split(";")]
        samples = int(count)
        if idle(frames[-1]):
            idle_samples += samples
            continue
        busy += samples
        categories[category(frames)] += samples
        for label in {frame.label() for frame in frames if frame.ours}:
            ours[label] += samples
        leaves[f"{frames[-1].label()}:{frames[-1].line}"] += samples

    def block(title: str, counts: Counter[str], limit: int | None = None) -> list[str]:
        return [title, *(f"  {100 * n / busy:5.1f}%  {name}" for name, n in counts.most_common(limit))]

    return "\n".join([
        f"{path}: {busy} busy samples ({idle_samples} idle ones dropped)",
        *block("by category:", categories),
        *block(f"our functions, inclusive (top {top}):", ours, top),
        *block(f"hottest lines (top {top}):", leaves, top),
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profiles", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    print("\n\n".join(summarise(path, args.top) for path in args.profiles))


if __name__ == "__main__":
    main()
