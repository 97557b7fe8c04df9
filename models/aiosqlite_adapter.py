"""aiosqlite's private parts, in one place, checked against the installed version.

aiosqlite runs every statement on a thread of its own connection, a hop that costs about 50 µs of
CPU on this project's 2-core VM, where SQLite itself runs a short statement in about 1 µs. A
transaction that holds SQLite's write lock runs its statements on the sqlite3 connection directly
instead (models/tortoise_adapter.py says when that is safe), which aiosqlite keeps in ``_conn``.

Importing this module on an aiosqlite release outside ``SUPPORTED`` raises UnsupportedLibraryVersion.
"""

from __future__ import annotations

import sqlite3

import aiosqlite

from models.library_versions import require_version

SUPPORTED = {"at_least": "0.22", "below": "0.23"}
AIOSQLITE_VERSION = require_version("aiosqlite", **SUPPORTED, adapter=__name__)


def sqlite3_connection(connection: aiosqlite.Connection) -> sqlite3.Connection:
    """The sqlite3 connection aiosqlite runs its statements on, on its own thread."""
    return connection._conn
