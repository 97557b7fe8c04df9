"""``chores worker`` as a real process: a Redis outage pauses it, and a killed worker's work is not lost."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from arq import func
from arq.connections import RedisSettings, create_pool
from redis.asyncio import Redis
from redis.exceptions import WatchError
from tortoise.transactions import in_transaction

from models import EntryKind, Event, EventType, User
from models.db import close_orm, init_orm, migrate
from settings import PROJECT_ROOT
from tests.conftest import IS_MYSQL, empty_all_tables
from tests.consistency import assert_consistent
from tests.factories import make_child, make_family, make_ledger_entry, make_parent
from tests.workers.support import ThrowawayRedis, throwaway_redis
from workers import enqueue
from workers.arq_adapter import ResilientWorker, lost_connection

HEALTH_CHECK_KEY = "arq:queue:health-check"


@pytest.fixture
async def shared_database(migrated_database: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database the worker process opens too: the run's MariaDB, or an SQLite file (not :memory:)."""
    url = migrated_database if IS_MYSQL else f"sqlite://{tmp_path / 'shared.sqlite3'}"
    if not IS_MYSQL:
        await migrate(url)
    await init_orm(url)
    try:
        yield url
    finally:
        if IS_MYSQL:
            await empty_all_tables()
        await close_orm()


class WorkerProcess:
    """``chores worker`` in its own process group, on the test's database and Redis, its output in a file."""

    def __init__(self, database_url: str, redis: ThrowawayRedis, log_path: Path):
        self.redis, self.log_path = redis, log_path
        env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis.url, "ENVIRONMENT": "test",
               "PYTHONPATH": str(PROJECT_ROOT)}
        with log_path.open("wb") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "api.cli", "worker"], cwd=PROJECT_ROOT, env=env,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def output(self) -> str:
        return self.log_path.read_text()

    async def eventually(self, condition: Callable[[], Awaitable[bool]], what: str, timeout: float = 20) -> None:
        try:
            async with asyncio.timeout(timeout):
                while not await condition():
                    await asyncio.sleep(0.1)
        except TimeoutError:
            pytest.fail(f"{what} within {timeout} s; worker output:\n{self.output[-4000:]}")

    async def logs(self, text: str) -> None:
        async def logged() -> bool:
            return text in self.output

        await self.eventually(logged, f"the worker did not log {text!r}")

    async def polls(self) -> None:
        async def health_check_recorded() -> bool:
            client = Redis.from_url(self.redis.url)
            try:
                return bool(await client.exists(HEALTH_CHECK_KEY))
            finally:
                await client.aclose()

        await self.eventually(health_check_recorded, "the worker did not start polling")

    async def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return await asyncio.to_thread(self.process.wait, 15)

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
async def redis() -> AsyncIterator[ThrowawayRedis]:
    async with throwaway_redis() as server:
        yield server


@pytest.fixture
async def worker(shared_database: str, redis: ThrowawayRedis, tmp_path: Path) -> AsyncIterator[WorkerProcess]:
    """A worker that has started polling."""
    process = WorkerProcess(shared_database, redis, tmp_path / "worker.log")
    try:
        await process.polls()
        yield process
    finally:
        process.kill()


async def test_the_worker_waits_out_a_redis_outage_and_then_runs_what_is_enqueued(worker, redis):
    child = await make_child(await make_parent(family=await make_family()))
    await make_ledger_entry(child, EntryKind.ADJUSTMENT, 700)
    await User.filter(id=child.id).update(balance_cents=0)  # a cached balance that drifted

    redis.stop()
    await worker.logs("Redis unreachable")
    await asyncio.sleep(2)  # several failed polls
    assert worker.process.poll() is None, worker.output

    await redis.start()  # the same port, empty
    pool = await create_pool(RedisSettings.from_dsn(redis.url))
    await pool.enqueue_job(enqueue.RECOMPUTE_BALANCE, child.id)
    await pool.aclose()

    async def repaired() -> bool:
        return (await User.get(id=child.id)).balance_cents == 700

    await worker.eventually(repaired, "the job enqueued after the outage did not run")
    await worker.logs("Redis is back")
    await assert_consistent(redis.url)
    assert await worker.stop() == 0, worker.output


async def test_work_of_a_worker_killed_in_the_middle_of_a_job_is_done_once_by_the_next(
    shared_database, redis, tmp_path
):
    first = WorkerProcess(shared_database, redis, tmp_path / "first.log")
    second: WorkerProcess | None = None
    try:
        await first.polls()
        await first.logs("sweep.reset ●")  # its start-up sweep is over
        child = await make_child(await make_parent(family=await make_family()))
        await make_ledger_entry(child, EntryKind.ADJUSTMENT, 700)
        await User.filter(id=child.id).update(balance_cents=0)  # the cached balance lags behind the ledger

        async with in_transaction() as conn:
            # Holding the child's row (the write lock on SQLite) stops the job half-way, where it is killed.
            await User.select_for_update().using_db(conn).get(id=child.id)
            pool = await create_pool(RedisSettings.from_dsn(redis.url))
            await pool.enqueue_job(enqueue.RECOMPUTE_BALANCE, child.id)
            await pool.aclose()
            await first.logs("balance.recompute(")
            first.kill()

        second = WorkerProcess(shared_database, redis, tmp_path / "second.log")
        await second.polls()

        async def repaired() -> bool:
            return (await User.get(id=child.id)).balance_cents == 700

        await second.eventually(repaired, "the next worker did not finish the killed job's work")
        assert await Event.filter(type=EventType.BALANCE_UPDATED).count() == 1
        await assert_consistent(redis.url)
        assert await second.stop() == 0, second.output
    finally:
        first.kill()
        if second is not None:
            second.kill()


async def test_a_worker_stopped_during_an_outage_exits_cleanly(worker, redis):
    redis.stop()
    await worker.logs("Redis unreachable")

    assert await worker.stop() == 0, worker.output
    assert "Tortoise-ORM shutdown" in worker.output


async def finish_while_redis_refuses_writes(ctx: dict) -> None:
    """A job whose end arq can only record once a one-second pause of Redis writes is over."""
    await ctx["redis"].client_pause(1000, all=False)
    ctx["body_done"].set()


async def test_a_job_cancelled_while_its_end_is_recorded_does_not_stop_the_shutdown(redis):
    shut_down = asyncio.Event()

    async def on_shutdown(ctx: dict) -> None:
        shut_down.set()

    pool = await create_pool(RedisSettings.from_dsn(redis.url))
    worker = ResilientWorker(
        functions=[func(finish_while_redis_refuses_writes, name="pausing")], redis_pool=pool, handle_signals=False,
        poll_delay=0.02, on_shutdown=on_shutdown, ctx={"body_done": asyncio.Event()},
    )
    running = asyncio.create_task(worker.async_run())
    await pool.enqueue_job("pausing")
    async with asyncio.timeout(5):
        await worker.ctx["body_done"].wait()
    await asyncio.sleep(0.2)  # arq is now writing the job's end, which waits for the pause

    worker.handle_sig(signal.SIGTERM)
    async with asyncio.timeout(5):
        await worker.close()

    assert shut_down.is_set()
    assert running.done()


async def test_a_connection_lost_while_a_key_is_watched_counts_as_redis_gone_and_a_watch_conflict_does_not(redis):
    client, other_worker = Redis.from_url(redis.url), Redis.from_url(redis.url)
    try:
        async with client.pipeline(transaction=True) as pipe:
            await pipe.watch("job")
            await other_worker.set("job", "taken")  # another worker got there first
            pipe.multi()
            pipe.set("job", "mine")
            with pytest.raises(WatchError) as conflict:
                await pipe.execute()

        async with client.pipeline(transaction=True) as pipe:
            await pipe.watch("job")
            redis.stop()
            with pytest.raises(WatchError) as dropped:
                await pipe.exists("job")  # what arq asks before it starts a job
    finally:
        await client.aclose()
        await other_worker.aclose()

    assert not lost_connection(conflict.value)
    assert lost_connection(dropped.value)
