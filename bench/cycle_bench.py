"""Whole-cycle benchmark (issue #18): complete → approve with web, worker and realtime sharing one core.

As in production, the jobs an approval causes run while the requests do: ``chores web``, ``chores
worker`` and the realtime process are all pinned to core 0, wrk to core 1 (as this script and its
Socket.IO clients). Every wrk connection's parent and child have a socket connected, so each cycle's
pushes really reach sockets. Each run measures the ceiling (GET /api/v1/healthcheck), then
complete_approve, then waits for the worker to finish what the run left queued, and reports per
cycle the CPU time of web, worker and realtime, and per approval the jobs run and the Redis commands
(``INFO commandstats``: give the script a Redis server of its own, its counters are server-wide).
Push latency is the child's socket receipt of ``assignment_approved`` minus the event's
``occurred_at`` (written in the approval's transaction).

    .venv/bin/python bench/cycle_bench.py [--families 50] [--connections 16] [--duration 10] [--runs 3]
        [--database-url mysql://...] [--redis-url redis://127.0.0.1:6379/4]

The Redis database given is emptied first. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import httpx
from processes import ROOT, cpu_seconds, free_port
from redis.asyncio import Redis

sys.path.insert(0, str(ROOT))

from dataset import Account, approve_waiting, create_loop_chore, spread  # noqa: E402
from http_bench import GENERATOR_CORE, SERVER_CORE, connections_for  # noqa: E402
from scenarios import SCENARIOS, plan, to_lua  # noqa: E402
from sockets import Listeners  # noqa: E402
from stack import Stack, add_run_arguments, seeded_run  # noqa: E402
from wrk_run import WrkResult, collect, launch, require_wrk  # noqa: E402

PROCESSES = ("web", "worker", "realtime")
PUBLISH_RUNS = "(outbox publishing runs)"
CYCLE = "complete_approve"
SETTLE_TIMEOUT_SECONDS = 10
TARGET_CYCLES = 150
JOBS_METRIC = "chores_jobs_run_total{"
PUBLISH_RUNS_METRIC = "chores_outbox_publish_runs_total "


@dataclass(frozen=True)
class Counters:
    """What the run's processes and its Redis server have done so far."""

    cpu: dict[str, float]  # seconds per process
    jobs: Counter  # job runs by job name, and the outbox's publishing runs (not jobs) as PUBLISH_RUNS
    commands: Counter  # Redis calls by command

    def since(self, before: Counters) -> Counters:
        return Counters({name: self.cpu[name] - before.cpu[name] for name in self.cpu},
                        self.jobs - before.jobs, self.commands - before.commands)


@dataclass(frozen=True)
class CycleRun:
    ceiling: WrkResult
    cycle: WrkResult
    spent: Counters
    latencies_ms: list[float]

    @property
    def cycles(self) -> float:
        return self.cycle.requests / SCENARIOS[CYCLE].requests_per_cycle

    def cpu_us(self, name: str) -> float:
        return self.spent.cpu[name] * 1e6 / self.cycles

    def per_approval(self, counts: Counter) -> float:
        return sum(count for name, count in counts.items() if name != PUBLISH_RUNS) / self.cycles


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=50, help="demo families to seed (default 50)")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per run (default 10)")
    parser.add_argument("--runs", type=int, default=3, help="runs (default 3)")
    parser.add_argument("--timeout", type=int, default=30, help="wrk's request timeout in seconds (default 30)")
    add_run_arguments(parser)
    return parser.parse_args()


async def jobs_run(metrics_url: str) -> Counter:
    async with httpx.AsyncClient() as http:
        text = (await http.get(metrics_url)).text
    runs: Counter = Counter()
    for line in text.splitlines():
        if line.startswith(JOBS_METRIC):
            labels, value = line.rsplit(" ", 1)
            runs[labels.split('job="', 1)[1].split('"', 1)[0]] += int(float(value))
        elif line.startswith(PUBLISH_RUNS_METRIC):
            runs[PUBLISH_RUNS] += int(float(line.rsplit(" ", 1)[1]))
    return runs


async def redis_calls(redis: Redis) -> Counter:
    stats = await redis.info("commandstats")
    return Counter({name.removeprefix("cmdstat_"): int(values["calls"]) for name, values in stats.items()})


class CycleBench:
    def __init__(self, stack: Stack, redis: Redis, plans: dict[str, Path], loops: list[tuple[Account, int]],
                 kids: set[int], listeners: Listeners, args: argparse.Namespace):
        self.stack, self.redis, self.plans, self.loops, self.kids = stack, redis, plans, loops, kids
        self.listeners, self.args = listeners, args
        self.metrics_url = f"http://127.0.0.1:{stack.env['WORKER_METRICS_PORT']}/metrics"

    async def counters(self) -> Counters:
        cpu = {name: cpu_seconds(self.stack.processes[name].pid) for name in PROCESSES}
        return Counters(cpu, await jobs_run(self.metrics_url), await redis_calls(self.redis))

    async def wrk(self, name: str) -> WrkResult:
        process = launch(self.stack.api.removesuffix("/api/v1"), self.plans[name], connections=self.args.connections,
                         seconds=self.args.duration, timeout=self.args.timeout, core=GENERATOR_CORE)
        return await asyncio.to_thread(collect, process)

    async def settle(self) -> None:
        """Wait until no job is due any more: what the run caused has been done."""
        async with asyncio.timeout(SETTLE_TIMEOUT_SECONDS):
            while await self.redis.zcount("arq:queue", "-inf", time.time() * 1000):
                await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)  # the last jobs' pushes reach the sockets

    async def run(self) -> CycleRun:
        ceiling = await self.wrk("ceiling")
        await approve_waiting(self.stack.api, self.loops)
        await self.settle()
        before = await self.counters()
        received = len(self.listeners.receipts)
        cycle = await self.wrk(CYCLE)
        await self.settle()
        spent = (await self.counters()).since(before)
        latencies = [(receipt.wall - datetime.fromisoformat(receipt.occurred_at).timestamp()) * 1000
                     for receipt in self.listeners.receipts[received:]
                     if receipt.type == "assignment_approved" and receipt.user_id in self.kids]
        return CycleRun(ceiling, cycle, spent, latencies)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def report(runs: list[CycleRun], args: argparse.Namespace, database: str) -> str:
    def median(value) -> float:
        return statistics.median(value(run) for run in runs)

    commands = sum((run.spent.commands for run in runs), Counter())
    jobs = sum((run.spent.jobs for run in runs), Counter())
    cycles = sum(run.cycles for run in runs)
    errors = sum(run.cycle.errors for run in runs)
    web, worker = median(lambda r: r.cpu_us("web")), median(lambda r: r.cpu_us("worker"))
    rate = median(lambda r: r.cycles / r.cycle.seconds)
    met = rate >= TARGET_CYCLES and errors == 0 and worker <= web / 2
    lines = [
        f"whole cycle, {database}: medians of {len(runs)} runs, {args.connections} connections, "
        f"{args.duration} s each; web, worker and realtime on core {SERVER_CORE}",
        f"  cycles/s                 {rate:8.1f}   (ceiling {median(lambda r: r.ceiling.per_second):,.0f} req/s)",
        f"  request p95 ms           {median(lambda r: r.cycle.p95_ms):8.1f}",
        f"  errors                   {errors:8d} of {sum(run.cycle.requests for run in runs)} requests",
        *(f"  CPU µs/cycle {name:11} {median(lambda r, n=name: r.cpu_us(n)):8.0f}" for name in PROCESSES),
        f"  jobs/approval            {median(lambda r: r.per_approval(r.spent.jobs)):8.2f}   "
        + ", ".join(f"{name} {count / cycles:.2f}" for name, count in jobs.most_common()),
        f"  Redis commands/approval  {median(lambda r: r.per_approval(r.spent.commands)):8.1f}   "
        + ", ".join(f"{name} {count / cycles:.1f}" for name, count in commands.most_common(8)),
        f"  push p95 ms              {percentile([ms for run in runs for ms in run.latencies_ms], 0.95):8.1f}   "
        f"(approval's occurred_at → child's socket, {sum(len(run.latencies_ms) for run in runs)} pushes)",
        f"  target ≥{TARGET_CYCLES} cycles/s, 0 errors, worker ≤ web/2: {'met' if met else 'short'}",
    ]
    return "\n".join(lines)


async def bench(args: argparse.Namespace) -> None:
    run = await seeded_run("cycle-bench-", args.families, args.database_url, args.redis_url)
    env = {**run.env, "WORKER_METRICS_PORT": str(free_port())}
    stack = Stack(env, run.workdir)
    connections = connections_for(run.families, spread(args.families, args.connections))
    listeners = Listeners(f"http://127.0.0.1:{env['REALTIME_PORT']}")
    redis = Redis.from_url(args.redis_url)
    try:
        stack.start(*PROCESSES, core=SERVER_CORE)
        await stack.wait_ready()
        connections = [replace(c, loop_chore=await create_loop_chore(stack.api, c.parent, c.kid))
                       for c in connections]
        await listeners.connect(list({a.id: a for c in connections for a in (c.parent, c.kid)}.values()))
        plans = {}
        for name in ("ceiling", CYCLE):
            plans[name] = run.workdir / f"{name}.lua"
            plans[name].write_text(to_lua(plan(SCENARIOS[name], connections)))
        cycle_bench = CycleBench(stack, redis, plans, [(c.parent, c.loop_chore) for c in connections],
                                 {c.kid.id for c in connections}, listeners, args)
        print(f"{len(listeners.clients)} sockets connected; {', '.join(PROCESSES)} on core {SERVER_CORE}, "
              f"wrk on core {GENERATOR_CORE}", flush=True)
        runs = []
        for number in range(1, args.runs + 1):
            runs.append(await cycle_bench.run())
            print(f"run {number}/{args.runs}\n{report(runs[-1:], args, 'this run')}", flush=True)
        database = "MariaDB" if args.database_url else "SQLite"
        print(f"\n{report(runs, args, database)}\nexited: {stack.exited() or 'none'}; "
              f"tracebacks: {stack.tracebacks()}; logs in {run.workdir}")
    finally:
        await listeners.close()
        stack.stop()
        await redis.aclose()


def main() -> None:
    args = parse_args()
    require_wrk()
    os.sched_setaffinity(0, {GENERATOR_CORE})
    asyncio.run(bench(args))


if __name__ == "__main__":
    main()
