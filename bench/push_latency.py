"""Push latency: from a parent's approval over HTTP to the child's socket receiving its events.

Starts the three processes as in production (web, realtime, worker) on this machine, on a
throwaway SQLite file and a local Redis, seeds one family, connects the child over Socket.IO, then
repeats: the child completes a recurring chore without cooldown, the parent approves it, and the
time until ``assignment_approved`` and ``balance_updated`` reach the child is recorded.

    .venv/bin/python bench/push_latency.py [--approvals 50] [--redis-url redis://127.0.0.1:6379/13]

The Redis database given is emptied first. Prints the median and p95 in milliseconds, measured
from the HTTP response (the figure the brief asks for; negative when the push beats the response)
and from the moment the request was sent.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import socketio
from redis.asyncio import Redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from processes import free_port, start, stop, wait_healthy  # noqa: E402

from api.security import hash_password  # noqa: E402
from models import AssignmentMode, Chore, ChoreAssignment, Family, User  # noqa: E402
from models.access_tokens import create_access_token  # noqa: E402
from models.db import close_orm, init_orm, migrate  # noqa: E402
from models.families import new_invite_code  # noqa: E402
from settings import Settings  # noqa: E402

WATCHED = ("assignment_approved", "balance_updated")
SETTLE_SECONDS = 0.2


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def seed(database_url: str) -> tuple[int, int, int]:
    """One family: a parent, a child, a recurring chore without cooldown assigned to the child."""
    await migrate(database_url)
    await init_orm(database_url)
    try:
        family = await Family.create(name="Bench family", invite_code=new_invite_code())
        hashed = await hash_password("bench-password", 4)
        parent = await User.create(username="bench-parent", hashed_password=hashed, is_parent=True, family=family)
        child = await User.create(username="bench-child", hashed_password=hashed, is_parent=False, parent=parent,
                                  family=family)
        chore = await Chore.create(title="Feed the cat", description="", reward_cents=100, is_recurring=True,
                                   cooldown_days=0, assignment_mode=AssignmentMode.SINGLE, creator=parent,
                                   family=family)
        await ChoreAssignment.create(chore=chore, assignee=child)
        return parent.id, child.id, chore.id
    finally:
        await close_orm()


async def measure(web: str, realtime: str, parent_token: str, child_token: str, chore_id: int,
                  approvals: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    arrivals: dict[str, float] = {}
    child = socketio.AsyncClient(reconnection=False)

    @child.on("*")
    async def record(event: str, data: dict) -> None:
        if event in WATCHED and event not in arrivals:
            arrivals[event] = time.perf_counter()

    await child.connect(realtime, auth={"token": child_token}, transports=["websocket"], wait_timeout=10)
    from_response: dict[str, list[float]] = {name: [] for name in WATCHED}
    from_request: dict[str, list[float]] = {name: [] for name in WATCHED}
    as_parent = {"Authorization": f"Bearer {parent_token}"}
    as_child = {"Authorization": f"Bearer {child_token}"}
    async with httpx.AsyncClient(base_url=f"{web}/api/v1") as http:
        for _ in range(approvals):
            done = await http.post(f"/chores/{chore_id}/complete", headers=as_child)
            done.raise_for_status()
            # SQLite allows one writer at a time: let the worker finish the completion's jobs first.
            await asyncio.sleep(SETTLE_SECONDS)
            arrivals.clear()
            sent = time.perf_counter()
            approved = await http.post(f"/chores/{chore_id}/approve", json={}, headers=as_parent)
            answered = time.perf_counter()
            approved.raise_for_status()
            async with asyncio.timeout(10):
                while len(arrivals) < len(WATCHED):
                    await asyncio.sleep(0.001)
            for name in WATCHED:
                from_response[name].append((arrivals[name] - answered) * 1000)
                from_request[name].append((arrivals[name] - sent) * 1000)
            await asyncio.sleep(SETTLE_SECONDS)
    await child.disconnect()
    return from_response, from_request


def report(title: str, samples: dict[str, list[float]]) -> None:
    print(title)
    for name, values in samples.items():
        print(f"  {name:20} median {statistics.median(values):7.1f} ms   p95 {percentile(values, 0.95):7.1f} ms"
              f"   (n={len(values)}, min {min(values):.1f}, max {max(values):.1f})")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--approvals", type=int, default=50)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="push-latency-"))
    database_url = f"sqlite://{workdir / 'bench.sqlite3'}"
    async with Redis.from_url(args.redis_url) as redis:
        await redis.flushdb()
    parent_id, child_id, chore_id = await seed(database_url)

    web_port, realtime_port = free_port(), free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": args.redis_url, "PORT": str(web_port),
           "REALTIME_PORT": str(realtime_port), "SECRET_KEY": "bench-secret-key-that-is-long-enough-for-hs256",
           "RATE_LIMIT_ENABLED": "false", "ENVIRONMENT": "development"}
    settings = Settings.from_environ(env)
    bin_dir = Path(sys.executable).parent
    processes = [
        start([str(bin_dir / "chores"), "web", "--host", "127.0.0.1"], env, workdir / "web.log"),
        start([str(bin_dir / "uvicorn"), "realtime.app:app", "--host", "127.0.0.1", "--port", str(realtime_port),
               "--no-access-log"], env, workdir / "realtime.log"),
        start([str(bin_dir / "chores"), "worker"], env, workdir / "worker.log"),
    ]
    web, realtime = f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{realtime_port}"
    try:
        await wait_healthy(f"{web}/health")
        await wait_healthy(f"{realtime}/health")
        await asyncio.sleep(1)  # the worker's start-up sweep
        from_response, from_request = await measure(
            web, realtime, create_access_token(parent_id, settings), create_access_token(child_id, settings),
            chore_id, args.approvals,
        )
    finally:
        for process in processes:
            stop(process)
    print(f"{args.approvals} approvals; processes' logs in {workdir}")
    report("from the HTTP approval response to the child's receipt:", from_response)
    report("from sending the approval request to the child's receipt:", from_request)


if __name__ == "__main__":
    asyncio.run(main())
