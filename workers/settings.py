"""The arq worker: ``arq workers.settings.WorkerSettings``.

Its metrics are served on ``WORKER_METRICS_PORT`` (and ``WORKER_METRICS_ADDR``, default
127.0.0.1) when that setting is given; run the worker without ``PROMETHEUS_MULTIPROC_DIR``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from arq import cron, func
from arq.connections import RedisSettings
from prometheus_client import start_http_server

from models.db import close_orm, init_orm
from realtime.publisher import Publisher
from settings import Settings, get_settings, settings_or_exit
from workers import enqueue
from workers.allowances import pay_allowance
from workers.balances import recompute_balance
from workers.cooldowns import expire_cooldown, recycle_expired_pool_claim
from workers.instrument import MAX_TRIES
from workers.occurrences import advance_occurrences
from workers.publishing import relay_outbox
from workers.push_sending import send_push
from workers.redemptions import expire_hold
from workers.sweep import prune_delivery_log, prune_events, reset_sweep
from workers.webhooks import send_webhooks

log = logging.getLogger(__name__)


def job_context(settings: Settings) -> dict[str, Any]:
    """What every job finds in ``ctx`` besides arq's own keys (tests build workers with it too)."""
    return {"settings": settings, "publisher": Publisher(settings.redis_url)}


async def startup(ctx: dict[str, Any]) -> None:
    settings = get_settings()
    await init_orm(settings.database_url)
    ctx.update(job_context(settings))
    ctx["outbox_relay"] = asyncio.create_task(relay_outbox(ctx["publisher"]))
    if settings.worker_metrics_port is not None:
        start_http_server(settings.worker_metrics_port, addr=settings.worker_metrics_addr)
        log.info("worker metrics on port %s", settings.worker_metrics_port)


async def shutdown(ctx: dict[str, Any]) -> None:
    if "outbox_relay" in ctx:
        ctx["outbox_relay"].cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ctx["outbox_relay"]
    if "publisher" in ctx:
        await ctx["publisher"].close()
    await close_orm()


FUNCTIONS = [
    func(expire_cooldown, name=enqueue.EXPIRE_COOLDOWN, max_tries=MAX_TRIES, keep_result=0),
    func(recycle_expired_pool_claim, name=enqueue.RECYCLE_POOL_CLAIM, max_tries=MAX_TRIES, keep_result=0),
    func(recompute_balance, name=enqueue.RECOMPUTE_BALANCE, max_tries=MAX_TRIES, keep_result=0),
    func(send_webhooks, name=enqueue.SEND_WEBHOOKS, max_tries=MAX_TRIES, keep_result=0),
    func(send_push, name=enqueue.SEND_PUSH, max_tries=MAX_TRIES, keep_result=0),
    func(expire_hold, name=enqueue.EXPIRE_HOLD, max_tries=MAX_TRIES, keep_result=0),
    func(pay_allowance, name=enqueue.PAY_ALLOWANCE, max_tries=MAX_TRIES, keep_result=0),
    func(advance_occurrences, name=enqueue.ADVANCE_OCCURRENCES, max_tries=MAX_TRIES, keep_result=0),
]

# Cron jobs can also be run on demand: ``await pool.enqueue_job("sweep.reset")``.
CRON_JOBS = [
    cron(reset_sweep, name=enqueue.RESET_SWEEP, second=0, run_at_startup=True, max_tries=1),
    cron(prune_events, name=enqueue.PRUNE_EVENTS, minute=17, second=0, max_tries=1),
    cron(prune_delivery_log, name=enqueue.PRUNE_WEBHOOK_LOG, minute=23, second=0, max_tries=1),
]


class WorkerSettings:
    functions = FUNCTIONS
    cron_jobs = CRON_JOBS
    on_startup = startup
    on_shutdown = shutdown
    redis_settings = RedisSettings.from_dsn(settings_or_exit("worker").redis_url)
    # How often the worker asks Redis for due jobs. Pushes do not wait for it (the outbox relay blocks
    # on its wake-up list); a cooldown's end may start up to this late.
    poll_delay = 0.25
    job_timeout = 120
    max_jobs = 10
    keep_result = 60
