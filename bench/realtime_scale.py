"""Realtime at scale (issue #16 item 5): 10,000 sockets on one realtime process, approval → child latency.

Seeds ``--families`` demo families (a parent and three children each) into a throwaway SQLite file
(or the empty database of ``--database-url``), starts web, one realtime process and one worker, and
connects one authenticated websocket per account (4 × families). Then, one at a time over
``--approvals`` children spread across the families, the child completes a cooldown-0 recurring
chore and his parent approves it over HTTP; the time from the approval's HTTP response to the
child's socket receiving ``assignment_approved`` is recorded (the real path: web commit → job →
worker → Redis pub/sub → realtime → socket), split at the worker's publish.

The timed children connect with python-socketio clients that record every event
(``sockets.Listeners``); every other account with a light client that only authenticates and
answers pings (``idle_sockets.IdleSockets``), so that one generator process holds 10,000 sockets
without loading its core. Also printed: the realtime process's RSS before and after the sockets
connected (per socket), its CPU while it holds them, and the generator's own RSS and CPU.

    .venv/bin/python bench/realtime_scale.py [--families 250] [--approvals 120] [--connect-concurrency 100]
        [--database-url mysql://root:@127.0.0.1:3306/chores_bench] [--redis-url redis://127.0.0.1:6379/4]

The Redis database given is emptied first.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import re
import resource
import statistics
import sys
import time
from pathlib import Path

import httpx
import psutil
from idle_sockets import IdleSockets
from processes import ROOT, cpu_seconds
from push_latency import percentile
from sockets import Listeners, Receipt
from stack import Stack, add_run_arguments, seeded_run

sys.path.insert(0, str(ROOT))

from channel import ChannelListener  # noqa: E402
from dataset import Account, create_loop_chore, spread  # noqa: E402

SETTLE_SECONDS = 0.2  # SQLite has one writer: let the worker finish the jobs of one request before the next
RECEIPT_TIMEOUT_SECONDS = 10
SPARE_FILES = 500  # database, Redis, HTTP and log files besides the sockets, in each process
HOLD_SECONDS = 5  # after the last socket connected, before the RSS is read


def raise_open_files_limit(sockets: int) -> None:
    """Each socket is a file descriptor here and in the realtime process (which inherits the limit)."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < sockets + SPARE_FILES:
        raise SystemExit(f"{sockets} sockets need an open files limit of {sockets + SPARE_FILES}; the hard limit is "
                         f"{hard} (raise it, e.g. `ulimit -Hn` as root or LimitNOFILE)")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def open_files_limit(pid: int) -> str:
    """The soft limit of open files of a running process, as /proc shows it."""
    limits = Path(f"/proc/{pid}/limits").read_text()
    found = re.search(r"^Max open files\s+(\S+)", limits, re.MULTILINE)
    return found.group(1) if found else "?"


async def counted_sockets(realtime: str) -> int:
    """The realtime process's own count of its connected sockets (its metrics gauge)."""
    async with httpx.AsyncClient() as http:
        text = (await http.get(f"{realtime}/metrics")).text
    found = re.search(r"^chores_realtime_connected_sockets (\S+)$", text, re.MULTILINE)
    return int(float(found.group(1))) if found else -1


def generator_cpu() -> float:
    """CPU seconds (user + system) this process has used so far."""
    times = psutil.Process().cpu_times()
    return times.user + times.system


def generator_rss_mib() -> float:
    return psutil.Process().memory_info().rss / 2**20


async def approved_receipt(queue: asyncio.Queue, kid: Account, chore: int) -> Receipt:
    while True:
        receipt: Receipt = await queue.get()
        if receipt.user_id == kid.id and receipt.type == "assignment_approved" and receipt.data["chore_id"] == chore:
            return receipt


async def approval_latencies(api: str, listeners: Listeners, loops: list[tuple[Account, Account, int]]
                             ) -> list[tuple[float, Receipt]]:
    """For each approval, the moment of its HTTP response and its child's receipt of ``assignment_approved``."""
    queue: asyncio.Queue = asyncio.Queue()
    listeners.waiters.append(queue)
    timings = []
    async with httpx.AsyncClient(base_url=api, timeout=30) as http:
        for parent, kid, chore in loops:
            done = await http.post(f"/chores/{chore}/complete", headers={"Authorization": f"Bearer {kid.token}"})
            done.raise_for_status()
            await asyncio.sleep(SETTLE_SECONDS)
            while not queue.empty():
                queue.get_nowait()
            approved = await http.post(f"/chores/{chore}/approve", json={},
                                       headers={"Authorization": f"Bearer {parent.token}"})
            answered = time.perf_counter()
            approved.raise_for_status()
            async with asyncio.timeout(RECEIPT_TIMEOUT_SECONDS):
                receipt = await approved_receipt(queue, kid, chore)
            timings.append((answered, receipt))
            await asyncio.sleep(SETTLE_SECONDS)
    return timings


def summary(name: str, values: list[float]) -> str:
    return (f"  {name:34} median {statistics.median(values):6.1f} ms   p95 {percentile(values, 0.95):6.1f} ms   "
            f"max {max(values):6.1f} ms")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=250, help="demo families, 4 sockets each (default 250)")
    parser.add_argument("--approvals", type=int, default=120, help="approvals timed, one child each (default 120)")
    parser.add_argument("--connect-concurrency", type=int, default=100,
                        help="socket handshakes in flight at once (default 100)")
    add_run_arguments(parser)
    return parser.parse_args()


async def run(args: argparse.Namespace) -> None:
    raise_open_files_limit(4 * args.families)
    seeding = time.perf_counter()
    run = await seeded_run("realtime-scale-", args.families, args.database_url, args.redis_url)
    print(f"seeded and tokens minted in {time.perf_counter() - seeding:.1f} s", flush=True)
    workdir, env, families = run.workdir, run.env, run.families
    accounts = [account for family in families.values() for account in (family.parent, *family.kids)]
    stack = Stack(env, workdir)
    stack.start("web", "realtime", "worker")
    realtime_pid = stack.processes["realtime"].pid
    listeners = Listeners(stack.realtime)
    idle = IdleSockets(stack.realtime)
    channel = ChannelListener(args.redis_url)
    try:
        await stack.wait_ready()
        timed = [families[number] for number in spread(args.families, args.approvals)]
        loops = []
        for index, family in enumerate(timed):
            kid = family.kids[index % len(family.kids)]
            loops.append((family.parent, kid, await create_loop_chore(stack.api, family.parent, kid)))
        recorded = {kid.id: kid for _, kid, _ in loops}
        await asyncio.sleep(2)  # the worker publishes the chores' events before the baseline is taken
        before = stack.rss_mib()["realtime"]
        generator_before, generator_cpu_before = generator_rss_mib(), generator_cpu()
        print(f"{len(accounts)} sockets: {len(recorded)} recording clients, {len(accounts) - len(recorded)} idle ones; "
              f"realtime open files limit {open_files_limit(realtime_pid)}", flush=True)
        started = time.perf_counter()
        await listeners.connect(list(recorded.values()))
        await idle.connect([account for account in accounts if account.id not in recorded],
                           concurrency=args.connect_concurrency)
        connect_seconds = time.perf_counter() - started
        generator_connect_cpu = generator_cpu() - generator_cpu_before
        # The generator closes nothing from now on: frozen, its own sockets' objects cannot stall its
        # event loop (and the receipts' timestamps) in a full garbage collection.
        gc.collect()
        gc.freeze()
        await asyncio.sleep(HOLD_SECONDS)
        after = stack.rss_mib()["realtime"]
        connected = listeners.connected() + idle.connected()
        print(f"{connected} sockets connected in {connect_seconds:.1f} s ({sum(idle.failures.values())} failed: "
              f"{dict(idle.failures)}); the realtime process counts {await counted_sockets(stack.realtime)}; "
              f"realtime RSS {before:.1f} → {after:.1f} MiB", flush=True)
        await channel.start()
        held, realtime_cpu, generator_cpu_held = time.perf_counter(), cpu_seconds(realtime_pid), generator_cpu()
        timings = await approval_latencies(stack.api, listeners, loops)
        held = time.perf_counter() - held
        realtime_cpu = cpu_seconds(realtime_pid) - realtime_cpu
        generator_cpu_held = generator_cpu() - generator_cpu_held
        connected_at_end = listeners.connected() + idle.connected()
        counted_at_end = await counted_sockets(stack.realtime)
        at_end = stack.rss_mib()["realtime"]
        generator_after = generator_rss_mib()
    finally:
        await channel.stop()
        await listeners.close()
        await idle.close()
        stack.stop()
    per_connection_kib = (after - before) * 1024 / len(accounts)
    print(f"\n{len(accounts)} sockets ({args.families} families) on one realtime process: {connected} connected in "
          f"{connect_seconds:.1f} s ({args.connect_concurrency} handshakes at a time); at the end {connected_at_end} "
          f"still connected ({counted_at_end} by the realtime process's count), "
          f"{sum(listeners.disconnects.values())} recording clients lost")
    print(f"memory: {per_connection_kib:.1f} KiB of realtime RSS per connection ({before:.1f} → {after:.1f} MiB; "
          f"{at_end:.1f} MiB at the end)")
    print(f"realtime CPU while holding them: {realtime_cpu:.1f} s over {held:.0f} s of approvals "
          f"({100 * realtime_cpu / held:.0f}% of a core)")
    print(f"generator: RSS {generator_before:.1f} → {generator_after:.1f} MiB; CPU {generator_connect_cpu:.1f} s "
          f"connecting, {generator_cpu_held:.1f} s over the approvals ({100 * generator_cpu_held / held:.0f}% of a "
          f"core); the idle sockets received {sum(idle.events.values())} events {dict(idle.events)}")
    published = {item.event_id: item.at for item in channel.published}
    print(f"{len(timings)} approvals, one at a time (issue #16 target: response → receipt p95 ≤ 100 ms):")
    print(summary("HTTP response → child's receipt", [(r.at - answered) * 1000 for answered, r in timings]))
    print(summary("HTTP response → worker's publish", [(published[r.event_id] - answered) * 1000
                                                       for answered, r in timings]))
    print(summary("worker's publish → child's receipt", [(r.at - published[r.event_id]) * 1000
                                                         for _, r in timings]))
    print(f"logs in {workdir}")


if __name__ == "__main__":
    asyncio.run(run(parse_args()))
