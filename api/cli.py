"""``chores``: the operator's command line (migrations, local runs)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from models.db import migrate
from settings import get_settings


def cmd_migrate(args: argparse.Namespace) -> int:
    """Bring the database schema up to date."""
    applied = asyncio.run(migrate(get_settings().database_url))
    print("applied: " + ", ".join(applied) if applied else "database is up to date")
    return 0


def cmd_web(args: argparse.Namespace) -> int:
    """Serve the REST API (migrations are applied first by the main process)."""
    from sanic import Sanic
    from sanic.worker.loader import AppLoader

    from api.app import create_app

    settings = get_settings()
    loader = AppLoader(factory=create_app)
    app = loader.load()
    app.prepare(host=args.host, port=args.port or settings.port, workers=args.workers, single_process=args.workers == 1)
    Sanic.serve(primary=app, app_loader=loader)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chores", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help=cmd_migrate.__doc__).set_defaults(func=cmd_migrate)
    web = commands.add_parser("web", help=cmd_web.__doc__)
    web.add_argument("--host", default="127.0.0.1")
    web.add_argument("--port", type=int, default=None)
    web.add_argument("--workers", type=int, default=1)
    web.set_defaults(func=cmd_web)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
