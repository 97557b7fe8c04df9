"""``chores``: the operator's command line.

Servers (``web``, ``dev``), the schema (``migrate``), accounts (``create-parent``, ``reset-password``,
``list-users``, ``list-families``, ``disable-user``, ``enable-user``), demo data (``seed-demo``), the
table of settings (``settings-doc``) and Web Push keys (``vapid-keys``). Every command reads its settings
from the environment, like the servers do.
"""

from __future__ import annotations

import argparse
import sys

from api.cli import accounts, dev, seed, server, settings_doc, vapid
from api.cli.common import CommandError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chores", description="Chores Tracker operator commands.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (server, dev, accounts, seed, settings_doc, vapid):
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CommandError as exc:
        print(f"chores {args.command}: {exc}", file=sys.stderr)
        return 1
