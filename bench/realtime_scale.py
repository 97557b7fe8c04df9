"""Realtime at scale (issue #8 item 5): 1,000 sockets on one realtime process, approval → child latency.

Seeds ``--families`` demo families (a parent and three children each) into a throwaway SQLite file
(or the empty database of ``--database-url``), starts web, one realtime process and one worker, and
connects one websocket client per account (4 × families). Then, one at a time over ``--approvals``
children spread across the families, the child completes a cooldown-0 recurring chore and his
parent approves it over HTTP; the time from the approval's HTTP response to the child's socket
receiving ``assignment_approved`` is recorded (the real path: web commit → job → worker → Redis
pub/sub → realtime → socket). Also the realtime process's RSS before and after the sockets
connected, divided by their number.

    .venv/bin/python bench/realtime_scale.py [--families 250] [--approvals 120] [--redis-url redis://127.0.0.1:6379/4]

The Redis database given is emptied first.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import time

import httpx
from processes import ROOT
from push_latency import percentile
from sockets import Listeners, Receipt
from stack import Stack, add_run_arguments, seeded_run

sys.path.insert(0, str(ROOT))

from channel import ChannelListener  # noqa: E402
from dataset import Account, create_loop_chore, spread  # noqa: E402

SETTLE_SECONDS = 0.2  # SQLite has one writer: let the worker finish the jobs of one request before the next
RECEIPT_TIMEOUT_SECONDS = 10


def raise_open_files_limit() -> None:
    """Each socket is a file descriptor here and in the realtime process (which inherits the limit)."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


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
    add_run_arguments(parser)
    return parser.parse_args()


async def run(args: argparse.Namespace) -> None:
    raise_open_files_limit()
    run = await seeded_run("realtime-scale-", args.families, args.database_url, args.redis_url)
    workdir, env, families = run.workdir, run.env, run.families
    accounts = [account for family in families.values() for account in (family.parent, *family.kids)]
    stack = Stack(env, workdir)
    stack.start("web", "realtime", "worker")
    listeners = Listeners(stack.realtime)
    channel = ChannelListener(args.redis_url)
    try:
        await stack.wait_ready()
        timed = [families[number] for number in spread(args.families, args.approvals)]
        loops = []
        for index, family in enumerate(timed):
            kid = family.kids[index % len(family.kids)]
            loops.append((family.parent, kid, await create_loop_chore(stack.api, family.parent, kid)))
        await asyncio.sleep(2)  # the worker publishes the chores' events before the baseline is taken
        before = stack.rss_mib()["realtime"]
        started = time.perf_counter()
        await listeners.connect(accounts)
        connect_seconds = time.perf_counter() - started
        await asyncio.sleep(2)
        after = stack.rss_mib()["realtime"]
        print(f"{listeners.connected()} sockets connected in {connect_seconds:.1f} s; realtime RSS {before:.1f} → "
              f"{after:.1f} MiB", flush=True)
        await channel.start()
        timings = await approval_latencies(stack.api, listeners, loops)
        connected_at_end = listeners.connected()
    finally:
        await channel.stop()
        await listeners.close()
        stack.stop()
    per_connection_kib = (after - before) * 1024 / len(accounts)
    print(f"\n{len(accounts)} sockets ({args.families} families) on one realtime process; "
          f"{connected_at_end} still connected at the end")
    print(f"memory: {per_connection_kib:.1f} KiB of realtime RSS per connection ({before:.1f} → {after:.1f} MiB)")
    published = {item.event_id: item.at for item in channel.published}
    print(f"{len(timings)} approvals, one at a time (target: response → receipt p95 ≤ 50 ms):")
    print(summary("HTTP response → child's receipt", [(r.at - answered) * 1000 for answered, r in timings]))
    print(summary("HTTP response → worker's publish", [(published[r.event_id] - answered) * 1000
                                                       for answered, r in timings]))
    print(summary("worker's publish → child's receipt", [(r.at - published[r.event_id]) * 1000
                                                         for _, r in timings]))
    print(f"logs in {workdir}")


if __name__ == "__main__":
    asyncio.run(run(parse_args()))
