"""``chores migrate`` and ``chores web``: the release step and the web process."""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
from pathlib import Path

from api.cli.common import load_settings, read_settings
from models.db import migrate

METRICS_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"


def cmd_migrate(args: argparse.Namespace) -> int:
    """Bring the database schema up to date."""
    applied = asyncio.run(migrate(load_settings().database_url))
    print("applied: " + ", ".join(applied) if applied else "database is up to date")
    return 0


def cmd_web(args: argparse.Namespace) -> int:
    """Serve the REST API (migrations are applied first by the main process)."""
    settings = read_settings()
    port = args.port or settings.port
    if args.workers > 1:
        _pool_worker_metrics(port)
    # Imported only now: the metrics directory must be in the environment before prometheus_client loads.
    from sanic import Sanic
    from sanic.worker.loader import AppLoader

    from api.app import create_app

    loader = AppLoader(factory=create_app)
    app = loader.load()
    app.prepare(host=args.host, port=port, workers=args.workers, single_process=args.workers == 1)
    Sanic.serve(primary=app, app_loader=loader)
    return 0


def _pool_worker_metrics(port: int) -> None:
    """Give several workers a directory to pool their metrics in, so /metrics counts them all
    (unless the operator chose one); the workers inherit it with the environment."""
    if os.environ.get(METRICS_DIR_ENV):
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
