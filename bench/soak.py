"""Soak run (issue #9 item 6): minutes of mixed load on web, realtime and worker, then a consistency check.

Starts the three processes as in production on a throwaway SQLite file (or the empty database of
``--database-url``) and the Redis database of ``--redis-url`` (emptied first), seeds ``--families``
demo families, connects a Socket.IO client for every parent and child, and for ``--minutes`` sends
``--rate`` requests a second drawn from a mix of reads (me, balance, available, pending approvals,
activities), writes (complete → approve on cooldown-0 recurring chores, two children racing to
claim a pool chore and its approval, adjustments, payouts) and logins now and then. Then it waits for
the worker to drain and reports:

- requests by route and status, with p50/p95; a 5xx, a transport error or an unexpected 4xx fails;
- the RSS of each process at the start, every minute, and at the end;
- the deliveries the outbox names (event, recipient) against those the sockets received;
- every child's cached balance against his ledger sum, and unpublished events left.

    .venv/bin/python bench/soak.py [--minutes 10] [--families 20] [--rate 20] [--database-url mysql://...]
        [--redis-url redis://127.0.0.1:6379/4]

Exits with status 1 when any check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx
from processes import ROOT
from push_latency import percentile
from sockets import Listeners
from stack import Stack, add_run_arguments, seeded_run

sys.path.insert(0, str(ROOT))

from dataset import PASSWORD, Account, BenchFamily, create_loop_chore  # noqa: E402

from models import Event, EventRecipient, User  # noqa: E402
from models.db import close_orm, init_orm  # noqa: E402
from models.ledger import ledger_balance_cents  # noqa: E402

MAX_IN_FLIGHT = 50
DRAIN_TIMEOUT_SECONDS = 90
RSS_SAMPLE_SECONDS = 60


@dataclass
class Tally:
    """Every answer by route and status, and each route's latencies."""

    statuses: Counter = field(default_factory=Counter)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)

    async def call(self, http: httpx.AsyncClient, route: str, method: str, path: str, *, account: Account | None = None,
                   expected: frozenset[int] = frozenset(), **kwargs) -> httpx.Response | None:
        """Send one request; a 5xx, a transport error or a 4xx not in ``expected`` counts as a failure."""
        headers = {"Authorization": f"Bearer {account.token}"} if account else {}
        started = time.perf_counter()
        try:
            response = await http.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            self.statuses[(route, type(exc).__name__)] += 1
            self.failures[(route, type(exc).__name__)] += 1
            return None
        self.latencies[route].append((time.perf_counter() - started) * 1000)
        self.statuses[(route, response.status_code)] += 1
        if response.status_code >= 400 and response.status_code not in expected:
            self.failures[(route, response.status_code)] += 1
        return response


@dataclass
class PoolChore:
    parent: Account
    kids: tuple[Account, ...]
    chore_id: int
    busy: asyncio.Lock = field(default_factory=asyncio.Lock)


@dataclass
class Load:
    """What the actions act on: the families, a queue of idle complete → approve loops, the pool chores."""

    http: httpx.AsyncClient
    tally: Tally
    families: list[BenchFamily]
    idle_loops: asyncio.Queue
    pools: list[PoolChore]

    def account(self) -> Account:
        family = random.choice(self.families)
        return random.choice([family.parent, *family.kids])

    def kid(self) -> Account:
        return random.choice(random.choice(self.families).kids)

    def parent_and_kid(self) -> tuple[Account, Account]:
        family = random.choice(self.families)
        return family.parent, random.choice(family.kids)

    async def me(self) -> None:
        await self.tally.call(self.http, "GET /users/me", "GET", "/users/me", account=self.account())

    async def balance(self) -> None:
        await self.tally.call(self.http, "GET /users/me/balance", "GET", "/users/me/balance", account=self.kid())

    async def available(self) -> None:
        await self.tally.call(self.http, "GET /chores/available", "GET", "/chores/available", account=self.kid())

    async def pending(self) -> None:
        parent = random.choice(self.families).parent
        await self.tally.call(self.http, "GET /chores/pending-approval", "GET", "/chores/pending-approval",
                              account=parent)

    async def activities(self) -> None:
        await self.tally.call(self.http, "GET /activities/recent", "GET", "/activities/recent",
                              account=self.account(), params={"limit": 20})

    async def complete_approve(self) -> None:
        if self.idle_loops.empty():
            self.tally.skipped["complete_approve"] += 1
            return
        parent, kid, chore = self.idle_loops.get_nowait()
        try:
            done = await self.tally.call(self.http, "POST /chores/{id}/complete", "POST", f"/chores/{chore}/complete",
                                         account=kid)
            if done is not None and done.status_code == 200:
                await self.tally.call(self.http, "POST /chores/{id}/approve", "POST", f"/chores/{chore}/approve",
                                      account=parent, json={})
        finally:
            self.idle_loops.put_nowait((parent, kid, chore))

    async def pool_claim(self) -> None:
        """Two children of a family claim its pool chore at once: one wins (200), the other gets 409; then the
        parent approves the claim (its cooldown of 0 gives the chore back to the pool)."""
        pool = random.choice(self.pools)
        if pool.busy.locked():
            self.tally.skipped["pool_claim"] += 1
            return
        async with pool.busy:
            racers = random.sample(pool.kids, 2)
            claims = await asyncio.gather(*(
                self.tally.call(self.http, "POST /chores/{id}/complete (pool)", "POST",
                                f"/chores/{pool.chore_id}/complete", account=kid, expected=frozenset({409}))
                for kid in racers))
            won = [claim for claim in claims if claim is not None and claim.status_code == 200]
            if len(won) != 1:
                self.tally.failures[("pool claim: winners", len(won))] += 1
            if won:
                await self.tally.call(self.http, "POST /chores/{id}/approve (pool)", "POST",
                                      f"/chores/{pool.chore_id}/approve", account=pool.parent, json={})

    async def adjustment(self) -> None:
        parent, kid = self.parent_and_kid()
        await self.tally.call(self.http, "POST /adjustments", "POST", "/adjustments/", account=parent,
                              json={"child_id": kid.id, "amount": "0.50", "reason": "Soak bonus"})

    async def payout(self) -> None:
        """A small payout; 400 (more than the balance) is an allowed answer."""
        parent, kid = self.parent_and_kid()
        await self.tally.call(self.http, "POST /payouts", "POST", "/payouts/", account=parent,
                              json={"child_id": kid.id, "amount": "0.75", "note": "Soak payout"},
                              expected=frozenset({400}))

    async def login(self) -> None:
        account = self.account()
        await self.tally.call(self.http, "POST /users/login", "POST", "/users/login",
                              data={"username": account.username, "password": PASSWORD})

    def mix(self) -> list[tuple[Callable[[], Awaitable[None]], float]]:
        """Each action with its share of the requests drawn."""
        return [(self.me, 14), (self.balance, 14), (self.available, 14), (self.pending, 10), (self.activities, 10),
                (self.complete_approve, 16), (self.pool_claim, 6), (self.adjustment, 6), (self.payout, 6),
                (self.login, 0.4)]


async def drive(load: Load, seconds: float, rate: float, on_minute: Callable[[int], None]) -> None:
    """Draw actions at ``rate`` a second for ``seconds`` (open loop, at most MAX_IN_FLIGHT at once)."""
    actions, weights = zip(*load.mix(), strict=True)
    running: set[asyncio.Task] = set()
    loop = asyncio.get_running_loop()
    started = loop.time()
    next_at, minute = started, 0
    while (now := loop.time()) < started + seconds:
        if int((now - started) // RSS_SAMPLE_SECONDS) > minute:
            minute += 1
            on_minute(minute)
        if len(running) < MAX_IN_FLIGHT:
            task = asyncio.create_task(random.choices(actions, weights)[0]())
            running.add(task)
            task.add_done_callback(running.discard)
        else:
            load.tally.skipped["in flight"] += 1
        next_at += 1 / rate
        await asyncio.sleep(max(0.0, next_at - loop.time()))
    await asyncio.gather(*running)


async def create_pool_chore(http: httpx.AsyncClient, family: BenchFamily) -> PoolChore:
    body = {"title": "Soak pool chore", "description": "claimed by whoever is first", "reward": 1,
            "is_recurring": True, "cooldown_days": 0, "assignment_mode": "unassigned"}
    response = await http.post("/chores", json=body, headers={"Authorization": f"Bearer {family.parent.token}"})
    response.raise_for_status()
    return PoolChore(family.parent, family.kids, response.json()["id"])


async def unpublished_events() -> int:
    return await Event.filter(published_at=None).count()


async def last_event_id() -> int:
    latest = await Event.all().order_by("-id").first()
    return latest.id if latest else 0


async def wait_drained(listeners: Listeners, since: int) -> tuple[int, Counter, float]:
    """Wait until the outbox is published and the sockets have every delivery it names (or time out);
    return the unpublished count, the expected deliveries and the seconds waited."""
    started = time.perf_counter()
    while True:
        left = await unpublished_events()
        pairs = await EventRecipient.filter(event_id__gt=since).values_list("user_id", "event_id")
        expected = Counter(pairs)
        waited = time.perf_counter() - started
        if (not left and set(expected) <= set(listeners.deliveries())) or waited > DRAIN_TIMEOUT_SECONDS:
            return left, expected, waited
        await asyncio.sleep(1)


async def drifted_balances(families: list[BenchFamily]) -> list[str]:
    drifts = []
    for kid in (kid for family in families for kid in family.kids):
        cached = (await User.get(id=kid.id)).balance_cents
        ledger = await ledger_balance_cents(kid.id)
        if cached != ledger:
            drifts.append(f"{kid.username}: cached {cached} ≠ ledger {ledger} cents")
    return drifts


def print_requests(tally: Tally) -> None:
    print(f"{'route':36} {'status':>8} {'count':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for (route, status), count in sorted(tally.statuses.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        values = tally.latencies.get(route) or [0.0]
        print(f"{route:36} {status!s:>8} {count:7d} {percentile(values, 0.5):8.1f} {percentile(values, 0.95):8.1f}")
    if tally.skipped:
        print("skipped draws (their target busy): " + ", ".join(f"{k} {v}" for k, v in tally.skipped.items()))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10, help="length of the load (default 10)")
    parser.add_argument("--families", type=int, default=20, help="demo families to seed (default 20)")
    parser.add_argument("--rate", type=float, default=20, help="requests drawn per second (default 20)")
    add_run_arguments(parser)
    return parser.parse_args()


async def prepare(stack: Stack, http: httpx.AsyncClient, families: list[BenchFamily]) -> Load:
    loops: asyncio.Queue = asyncio.Queue()
    for family in families:
        for kid in family.kids:
            loops.put_nowait((family.parent, kid, await create_loop_chore(stack.api, family.parent, kid)))
    pools = [await create_pool_chore(http, family) for family in families]
    return Load(http, Tally(), families, loops, pools)


async def run(args: argparse.Namespace) -> int:
    run = await seeded_run("soak-", args.families, args.database_url, args.redis_url)
    workdir, database_url, env, families = run.workdir, run.database_url, run.env, list(run.families.values())
    stack = Stack(env, workdir)
    stack.start("web", "realtime", "worker")
    listeners = Listeners(stack.realtime)
    failures: list[str] = []
    try:
        await stack.wait_ready()
        async with httpx.AsyncClient(base_url=stack.api, timeout=30) as http:
            load = await prepare(stack, http, families)
            await init_orm(database_url)
            await listeners.connect([account for family in families for account in (family.parent, *family.kids)])
            await asyncio.sleep(2)  # the setup's own events reach the sockets connected meanwhile, or not
            since = await last_event_id()
            rss = {"start": stack.rss_mib()}
            print(f"{len(listeners.clients)} sockets connected; RSS at start: {rss['start']}", flush=True)
            print(f"load: {args.rate}/s for {args.minutes} min", flush=True)

            def sample(minute: int) -> None:
                rss[f"minute {minute}"] = stack.rss_mib()
                print(f"minute {minute}: {sum(load.tally.statuses.values())} answers, "
                      f"{sum(load.tally.failures.values())} failures, RSS {rss[f'minute {minute}']}", flush=True)

            await drive(load, args.minutes * 60, args.rate, sample)
        left, expected, waited = await wait_drained(listeners, since)
        rss["end"] = stack.rss_mib()
        received = listeners.deliveries()
        drifts = await drifted_balances(families)
        exited, tracebacks = stack.exited(), stack.tracebacks()
    finally:
        await listeners.close()
        await close_orm()
        stack.stop()

    print()
    print_requests(load.tally)
    print("\nRSS (MiB):")
    for moment, values in rss.items():
        print(f"  {moment:10} " + "  ".join(f"{name} {mib:6.1f}" for name, mib in values.items()))
    missing = set(expected) - set(received)
    stray = set(received) - set(expected) - {pair for pair in received if pair[1] <= since}
    duplicates = sum(count - 1 for count in received.values() if count > 1)
    events = len({event for _, event in expected})
    print(f"\noutbox: {events} events, {sum(expected.values())} deliveries named; sockets received "
          f"{sum(received.values())} ({len(missing)} missing, {duplicates} duplicates, {len(stray)} to someone "
          f"not named); drained {waited:.1f} s after the load")
    print(f"unpublished events left: {left}; balances drifted: {len(drifts)} of "
          f"{sum(len(f.kids) for f in families)} children; socket disconnects: {sum(listeners.disconnects.values())}")
    print(f"tracebacks in the logs: {tracebacks}; logs in {workdir}")

    failures += [f"{count} × {route} → {status}" for (route, status), count in load.tally.failures.items()]
    failures += drifts
    failures += [f"{len(missing)} deliveries never reached their socket"] if missing else []
    failures += [f"{len(stray)} events reached a user the outbox does not name"] if stray else []
    failures += [f"{left} events still unpublished"] if left else []
    failures += [f"sockets of users {sorted(listeners.disconnects)} disconnected"] if listeners.disconnects else []
    failures += [f"process exited during the run: {name}" for name in exited]
    print("\nFAILED:\n  " + "\n  ".join(failures) if failures else "\nPASSED: no failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(run(parse_args())))
