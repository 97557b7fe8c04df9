"""What the commands share: settings, a database session, password prompts, tables, errors."""

from __future__ import annotations

import asyncio
import getpass
import logging
import sys
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from tortoise.exceptions import DBConnectionError, IntegrityError, OperationalError

from api.logging import setup_logging
from api.security import password_too_long
from models.db import close_orm, init_orm
from settings import Settings, SettingsError

T = TypeVar("T")
MIN_PASSWORD_LENGTH = 8


class CommandError(Exception):
    """A failure the operator can act on: printed as one line, exit status 1."""


def read_settings() -> Settings:
    """Settings from the environment, read afresh (each command is its own process)."""
    try:
        return Settings()
    except SettingsError as exc:
        raise CommandError(str(exc)) from None


def load_settings() -> Settings:
    """Settings for a one-shot command, whose logs are warnings and errors on stderr only:
    stdout is the command's answer."""
    settings = read_settings()
    setup_logging(settings, stream=sys.stderr, level=logging.WARNING)
    return settings


def run_with_database(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """Open the ORM, run ``work`` on a fresh event loop, and close the ORM again."""

    async def session() -> T:
        await init_orm(settings.database_url)
        try:
            return await work()
        finally:
            await close_orm()

    try:
        return asyncio.run(session())
    except IntegrityError as exc:
        raise CommandError(f"the change conflicts with existing data: {exc}") from None
    except (DBConnectionError, OperationalError) as exc:
        raise CommandError(f"database error: {exc} (is DATABASE_URL right, and has `chores migrate` run?)") from None


def check_new_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise CommandError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if password_too_long(password):
        raise CommandError("the password may have at most 72 bytes")
    return password


def read_new_password() -> str:
    """Ask twice on a terminal; read one line when the password is piped in (never an argument,
    which other users of the machine could read in the process list)."""
    if not sys.stdin.isatty():
        return check_new_password(sys.stdin.readline().rstrip("\r\n"))
    password = getpass.getpass("New password: ")
    if getpass.getpass("Repeat it: ") != password:
        raise CommandError("the two passwords differ")
    return check_new_password(password)


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    """Rows as aligned text columns (``-`` for missing values)."""
    cells = [[("-" if row.get(c) is None else str(row[c])) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(line[i]) for line in cells]) for i, c in enumerate(columns)]
    for line in [list(columns), *cells]:
        print("  ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)).rstrip())
