"""HTTP benchmark (issue #8): the API's hot paths under wrk, against a real ``chores web`` process.

Seeds ``--families`` demo families with ``chores seed-demo`` into a throwaway SQLite file (or the
empty database of ``--database-url``), starts one web worker pinned to core 0, and runs each
scenario with wrk pinned to core 1 for ``--duration`` seconds at ``--connections`` connections,
``--runs`` times. Prints each run as it ends, then the medians over the runs with the ceiling
(GET /api/v1/healthcheck) of the same runs beside them.

    .venv/bin/python bench/http_bench.py [--families 50] [--connections 16] [--duration 10] [--runs 3]
        [--scenarios me,child_available] [--database-url mysql://...] [--redis-url redis://...]

The Redis database given (default index 11) is emptied first. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import bcrypt
from processes import ROOT, free_port, listener_on_core, start, stop, tree_cpu_seconds, wait_healthy
from redis.asyncio import Redis

sys.path.insert(0, str(ROOT))

from dataset import BenchFamily, approve_waiting, create_loop_chore, load_families, seed, spread  # noqa: E402
from report import Measurement, Row, line, table  # noqa: E402
from scenarios import BARE, SCENARIOS, STORM, STORM_LOGINS, Connection, cycles, plan, to_lua  # noqa: E402
from wrk_run import WrkResult, collect, launch, require_wrk  # noqa: E402

from settings import Settings  # noqa: E402

SERVER_CORE, GENERATOR_CORE = 0, 1
MYSQL_PORT = 3306
STORM_LEAD_SECONDS = 2  # the logins run this long before and after the measured `me` window
LOGIN_ROUNDS = 12
PROFILE_RATE = 200  # py-spy samples per second; each pauses the server for a few microseconds
PROFILE_MARGIN_SECONDS = 1
PROFILED = ("me", "balance", "child_available", "parent_pending", "complete_approve")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=50, help="demo families to seed (default 50)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario and run (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="runs of every scenario (default 3)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of each read scenario before run 1")
    parser.add_argument("--timeout", type=int, default=30, help="wrk's request timeout in seconds (default 30)")
    parser.add_argument("--scenarios", default=",".join([*SCENARIOS, STORM]),
                        help=f"comma-separated, from {', '.join([*SCENARIOS, STORM])} (default: all)")
    parser.add_argument("--workers", type=int, default=1,
                        help="web worker processes (default 1); with more than one, neither the server nor wrk is "
                        "pinned: they share every core")
    parser.add_argument("--database-url", help="an empty MariaDB/MySQL database instead of a throwaway SQLite file")
    parser.add_argument("--database-core", type=int, metavar="CORE",
                        help="with --database-url of this machine: keep the database server on this core during the "
                        f"runs (e.g. {GENERATOR_CORE}, wrk's), so that the web server's core is its own, as with a "
                        "database on another host; its cores are given back afterwards")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11", help="emptied first")
    parser.add_argument("--py-spy", metavar="PATH",
                        help="py-spy executable: after the runs, profile the server during the ceiling and the "
                        f"{', '.join(PROFILED)} scenarios (bench/profile_summary.py reads the files)")
    args = parser.parse_args()
    args.scenarios = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    if args.py_spy and args.duration <= 2 * PROFILE_MARGIN_SECONDS:
        parser.error(f"--py-spy needs --duration above {2 * PROFILE_MARGIN_SECONDS}")
    unknown = set(args.scenarios) - {*SCENARIOS, STORM}
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    return args


def server_environment(args: argparse.Namespace, workdir: Path, port: int) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": args.database_url or f"sqlite://{workdir / 'bench.sqlite3'}",
            "REDIS_URL": args.redis_url, "PORT": str(port), "ENVIRONMENT": "production",
            "SECRET_KEY": secrets.token_urlsafe(48), "RATE_LIMIT_ENABLED": "false",
            "BCRYPT_ROUNDS": str(LOGIN_ROUNDS)}


def server_core(args: argparse.Namespace) -> int | None:
    return SERVER_CORE if args.workers == 1 else None


def generator_core(args: argparse.Namespace) -> int | None:
    return GENERATOR_CORE if args.workers == 1 else None


def database_port(args: argparse.Namespace) -> int:
    if not args.database_url:
        raise SystemExit("--database-core needs --database-url")
    return urlsplit(args.database_url).port or MYSQL_PORT


def pinned(core: int | None, command: list[str]) -> list[str]:
    return command if core is None else ["taskset", "-c", str(core), *command]


def connections_for(families: dict[int, BenchFamily], numbers: list[int]) -> list[Connection]:
    """One connection per family number, acting for its parent and, in turn, each of its children."""
    return [Connection(parent=families[number].parent, kid=families[number].kids[index % len(families[number].kids)])
            for index, number in enumerate(numbers)]


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bcrypt_checks_per_second(rounds: int) -> float:
    """How many cost-``rounds`` password checks one core does per second (CPU time, not wall time)."""
    hashed = bcrypt.hashpw(b"bench-password", bcrypt.gensalt(rounds))
    started = time.process_time()
    for _ in range(3):
        bcrypt.checkpw(b"bench-password", hashed)
    return 3 / (time.process_time() - started)


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


class Bench:
    """The running servers (ours, and Sanic alone) and the plans of the scenarios, and how to measure one of them."""

    def __init__(self, server: Server, bare: Server, plans: dict[str, Path], connections: list[Connection],
                 args: argparse.Namespace):
        self.server, self.bare, self.plans, self.connections, self.args = server, bare, plans, connections, args

    def launch(self, name: str, connections: int, seconds: int) -> subprocess.Popen:
        if cycles(name):
            loops = [(c.parent, c.loop_chore) for c in self.connections if c.loop_chore is not None]
            asyncio.run(approve_waiting(f"{self.server.url}/api/v1", loops))
        return launch(self.target(name).url, self.plans[name], connections=connections, seconds=seconds,
                      timeout=self.args.timeout, core=generator_core(self.args),
                      offered_per_second=SCENARIOS[name].offered_per_second if name in SCENARIOS else None)

    def target(self, name: str) -> Server:
        return self.bare if name == BARE else self.server

    def measure(self, name: str, ceiling: float = 0.0, *, seconds: int | None = None) -> Measurement:
        pid = self.target(name).pid
        server_before, generator_before = tree_cpu_seconds(pid), children_cpu_seconds()
        result = collect(self.launch(name, self.args.connections, seconds or self.args.duration))
        server = tree_cpu_seconds(pid) - server_before
        generator = children_cpu_seconds() - generator_before
        return Measurement(result, _per_request(server, result), _per_request(generator, result), ceiling)

    def measure_storm(self, ceiling: float) -> tuple[Measurement, WrkResult]:
        """``me`` while STORM_LOGINS connections log in without pause; the server's CPU is shared, so
        its per-request figure is left out."""
        logins = self.launch(STORM, STORM_LOGINS, self.args.duration + 2 * STORM_LEAD_SECONDS)
        time.sleep(STORM_LEAD_SECONDS)
        me = self.measure("me", ceiling)
        return replace(me, server_cpu_us=None), collect(logins)


def _per_request(cpu: float, result: WrkResult) -> float | None:
    return cpu * 1e6 / result.requests if result.requests else None


async def prepare(args: argparse.Namespace, env: dict[str, str], url: str) -> tuple[list[Connection], list[Connection]]:
    """The connections of the scenarios and of the login storm, with accounts and tokens, and the
    children's cooldown-0 chores when complete_approve runs."""
    numbers, storm_numbers = spread(args.families, args.connections), spread(args.families, STORM_LOGINS)
    families = await load_families(numbers + storm_numbers, Settings.from_environ(env))
    connections = connections_for(families, numbers)
    await wait_healthy(f"{url}/api/v1/health")
    if any(map(cycles, args.scenarios)):
        connections = [replace(c, loop_chore=await create_loop_chore(f"{url}/api/v1", c.parent, c.kid))
                       for c in connections]
    return connections, connections_for(families, storm_numbers)


def write_plans(connections: list[Connection], storm: list[Connection], workdir: Path) -> dict[str, Path]:
    """One Lua plan file per scenario, and the login storm's."""
    plans = {name: (scenario, connections) for name, scenario in SCENARIOS.items()}
    plans[STORM] = (SCENARIOS["login"], storm)
    plans[BARE] = (SCENARIOS["ceiling"], connections)
    files = {}
    for name, (scenario, users) in plans.items():
        files[name] = workdir / f"{name}.lua"
        files[name].write_text(to_lua(plan(scenario, users)))
    return files


def run_all(bench: Bench, args: argparse.Namespace) -> tuple[dict[str, Row], list[WrkResult]]:
    measured = [name for name in args.scenarios if name != "ceiling"]
    rows = {name: Row(name) for name in ["ceiling", BARE, *measured]}
    storm_logins: list[WrkResult] = []
    warmed = ["ceiling", BARE, *(n for n in measured if n not in ("login", STORM) and not cycles(n))]
    for name in warmed if args.warmup else []:
        bench.measure(name, seconds=args.warmup)
    for run in range(1, args.runs + 1):
        ceiling = bench.measure("ceiling")
        ceiling = replace(ceiling, ceiling=ceiling.wrk.per_second)
        rows["ceiling"].runs.append(ceiling)
        print(f"run {run}/{args.runs}  {line('ceiling', [ceiling])}", flush=True)
        bare = bench.measure(BARE, ceiling.ceiling)
        rows[BARE].runs.append(bare)
        print(f"run {run}/{args.runs}  {line(BARE, [bare])}", flush=True)
        for name in measured:
            if name == STORM:
                measurement, logins = bench.measure_storm(ceiling.ceiling)
                storm_logins.append(logins)
            else:
                measurement = bench.measure(name, ceiling.ceiling)
            rows[name].runs.append(measurement)
            print(f"run {run}/{args.runs}  {line(name, [measurement])}", flush=True)
    return rows, storm_logins


def notes(rows: dict[str, Row], storm_logins: list[WrkResult], bcrypt_rate: float) -> list[str]:
    found = []
    ours, alone = rows["ceiling"].median(lambda m: m.server_cpu_us), rows[BARE].median(lambda m: m.server_cpu_us)
    if ours and alone:
        found.append(f"per-request overhead: our stack {ours:,.0f} µs of server CPU on the trivial route, Sanic alone "
                     f"{alone:,.0f} µs: {ours / alone:.2f}× (target ≤ 2×)")
    for name in filter(cycles, rows):
        row, scenario = rows[name], SCENARIOS[name]
        offered = f", {scenario.offered_per_second / scenario.requests_per_cycle:,.0f} offered" \
            if scenario.offered_per_second else ""
        found.append(f"{name}: {row.per_second / scenario.requests_per_cycle:,.0f} cycles/s (two requests each"
                     f"{offered}); p95 is per request")
    if "login" in rows:
        found.append(f"login: {rows['login'].per_second:.1f}/s; the bcrypt limit of the server's one core at cost "
                     f"{LOGIN_ROUNDS} is {bcrypt_rate:.1f}/s ({1000 / bcrypt_rate:.0f} ms of CPU per check)")
    if STORM in rows:
        storm_p95 = rows[STORM].p95_ms
        idle = f" vs {rows['me'].p95_ms:.1f} ms idle: {storm_p95 / rows['me'].p95_ms:.1f}× (target ≤ 2×)" \
            if "me" in rows else ""
        logins = statistics.median(result.per_second for result in storm_logins)
        found.append(f"{STORM}: `me` p95 {storm_p95:.1f} ms during {STORM_LOGINS} concurrent logins{idle}; "
                     f"{logins:.1f} logins/s meanwhile")
    return found


def profile(bench: Bench, args: argparse.Namespace, workdir: Path) -> list[Path]:
    """Record the server with py-spy during one more run of the ceiling and each PROFILED scenario,
    leaving out the run's first and last second: raw collapsed stacks of the thread holding the GIL."""
    outputs = []
    for name in ("ceiling", *(n for n in PROFILED if n in args.scenarios)):
        output = workdir / f"profile-{name}.txt"
        load = bench.launch(name, args.connections, args.duration)
        time.sleep(PROFILE_MARGIN_SECONDS)
        spy = start(["taskset", "-c", str(GENERATOR_CORE), args.py_spy, "record", "--pid", str(bench.server.pid),
                     "--duration", str(args.duration - 2 * PROFILE_MARGIN_SECONDS), "--rate", str(PROFILE_RATE),
                     "--gil", "--format", "raw", "--full-filenames", "--output", str(output)],
                    dict(os.environ), workdir / f"py-spy-{name}.log")
        collect(load)
        spy.wait()
        outputs.append(output)
    return outputs


def scenario_help() -> str:
    return "\n".join(f"  {s.name:17} {s.summary}" for s in SCENARIOS.values()) + \
        f"\n  {STORM:17} `me` while {STORM_LOGINS} connections log in without pause"


def main() -> None:
    args = parse_args()
    require_wrk()
    if args.workers == 1:
        os.sched_setaffinity(0, {GENERATOR_CORE})
    workdir = Path(tempfile.mkdtemp(prefix="http-bench-"))
    port, bare_port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    env = server_environment(args, workdir, port)

    async def empty_redis() -> None:
        async with Redis.from_url(args.redis_url) as redis:
            await redis.flushdb()

    asyncio.run(empty_redis())
    print(f"seeding {args.families} families into {env['DATABASE_URL']} (logs in {workdir})", flush=True)
    seed(args.families, env, workdir / "seed.log")
    bcrypt_rate = bcrypt_checks_per_second(LOGIN_ROUNDS)
    core = server_core(args)
    server = start(pinned(core, [str(Path(sys.executable).parent / "chores"), "web", "--host", "127.0.0.1",
                                 "--port", str(port), "--workers", str(args.workers)]), env, workdir / "web.log")
    bare = start(pinned(core, [sys.executable, str(Path(__file__).parent / "bare_sanic.py"), "--port", str(bare_port)]),
                 env, workdir / "bare-sanic.log")
    try:
        connections, storm = asyncio.run(prepare(args, env, url))
        asyncio.run(wait_healthy(f"http://127.0.0.1:{bare_port}/api/v1/healthcheck"))
        bench = Bench(Server(url, server.pid), Server(f"http://127.0.0.1:{bare_port}", bare.pid),
                      write_plans(connections, storm, workdir), connections, args)
        where = (f"on core {SERVER_CORE}; wrk on core {GENERATOR_CORE}" if args.workers == 1 else
                 f"{args.workers} workers; server and wrk unpinned, sharing all {os.cpu_count()} cores")
        print(f"server pid {server.pid} {where}; Sanic alone (pid {bare.pid}) beside it; "
              f"{args.connections} connections, {args.duration} s per scenario, {args.runs} runs", flush=True)
        with ExitStack() as database:
            if args.database_core is not None:
                database_pid = database.enter_context(listener_on_core(database_port(args), args.database_core))
                print(f"database server pid {database_pid} on core {args.database_core} during the runs", flush=True)
            rows, storm_logins = run_all(bench, args)
        profiles = profile(bench, args, workdir) if args.py_spy else []
    finally:
        stop(bare)
        stop(server)
    print(f"\nmedians of {args.runs} runs; {args.families} families, {args.connections} connections, "
          f"{args.duration} s each; scenarios:\n{scenario_help()}\n")
    print(table(list(rows.values())))
    for note in notes(rows, storm_logins, bcrypt_rate):
        print(note)
    for output in profiles:
        print(f"py-spy profile: {output} (summary: .venv/bin/python bench/profile_summary.py {output})")
    print(f"logs: {workdir}")


if __name__ == "__main__":
    main()
