"""``chores migrate``, ``chores web`` and ``chores worker``: the release step and the server processes."""

from __future__ import annotations

import argparse
import asyncio
import faulthandler
import os
import tempfile
from pathlib import Path

from api.cli.common import load_settings, read_settings
from models.db import migrate
from settings import Settings, variable_name

METRICS_DIR_ENV = variable_name("prometheus_multiproc_dir")
SHUTDOWN_WATCHDOG_MARGIN_SECONDS = 5


def cmd_migrate(args: argparse.Namespace) -> int:
    """Bring the database schema up to date."""
    _migrate(load_settings())
    return 0


def _migrate(settings: Settings) -> None:
    applied = asyncio.run(migrate(settings.database_url))
    print("applied: " + ", ".join(applied) if applied else "database is up to date", flush=True)


def cmd_web(args: argparse.Namespace) -> int:
    """Serve the REST API (pending migrations are applied first)."""
    settings = read_settings()
    _migrate(settings)
    port = args.port or settings.port
    if args.workers > 1:
        _pool_worker_metrics(settings, port)
    # Imported only now: the metrics directory must be in the environment before prometheus_client loads.
    from sanic import Sanic
    from sanic.worker.loader import AppLoader

    loader = AppLoader(factory=create_served_app)
    app = loader.load()
    if args.workers == 1:
        # One process and nothing else: Sanic's manager would add a worker process and a
        # multiprocessing server, which a supervisor's SIGTERM to the process group kills mid-shutdown.
        app.prepare(host=args.host, port=port, single_process=True)
        Sanic.serve_single(primary=app)
    else:
        app.prepare(host=args.host, port=port, workers=args.workers)
        Sanic.serve(primary=app, app_loader=loader)
    return 0


def create_served_app():
    """The app as ``chores web`` serves it: ``create_app`` plus a watchdog on shutdown.

    Sanic drains connections for ``GRACEFUL_SHUTDOWN_TIMEOUT`` and then closes the pools. Should anything
    still hang after that (a thread that never ends keeps the interpreter alive), the watchdog prints
    every thread's stack to stderr and exits, so the process ends with a diagnosis instead of waiting for
    its supervisor's SIGKILL.
    """
    from api.app import create_app

    app = create_app()

    @app.before_server_stop
    async def arm_shutdown_watchdog(app) -> None:
        faulthandler.dump_traceback_later(app.config.GRACEFUL_SHUTDOWN_TIMEOUT + SHUTDOWN_WATCHDOG_MARGIN_SECONDS,
                                          exit=True)

    return app


def cmd_worker(args: argparse.Namespace) -> int:
    """Run the job worker (cooldown expiry, pool recycling, balances, pushes, the reset sweep)."""
    settings = read_settings()
    from api.logging import setup_logging
    from workers import runner
    from workers.settings import WorkerSettings

    setup_logging(settings)
    runner.run(WorkerSettings)
    return 0


def _pool_worker_metrics(settings: Settings, port: int) -> None:
    """Give several workers a directory to pool their metrics in, so /metrics counts them all
    (unless the operator chose one). It goes into the environment, where the workers' settings and
    prometheus_client find it."""
    if settings.prometheus_multiproc_dir:
        return
    directory = Path(tempfile.gettempdir()) / f"chores-web-metrics-{port}"
    directory.mkdir(exist_ok=True)
    os.environ[METRICS_DIR_ENV] = str(directory)


def register(commands: argparse._SubParsersAction) -> None:
    commands.add_parser("migrate", help=cmd_migrate.__doc__).set_defaults(func=cmd_migrate)
    web = commands.add_parser("web", help=cmd_web.__doc__)
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=None, help="default: $PORT, else 8000")
    web.add_argument("--workers", type=int, default=1)
    web.set_defaults(func=cmd_web)
    commands.add_parser("worker", help=cmd_worker.__doc__).set_defaults(func=cmd_worker)
