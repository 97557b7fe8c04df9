"""Each process's database connections: a MySQL pool as large as the requests one web worker serves at once."""

from __future__ import annotations

import asyncio

import pytest

from models.db import MYSQL_POOL_MAXSIZE, tortoise_config
from models.sql_reads import fetch
from tests.conftest import IS_MYSQL


def pool_maxsize(database_url: str) -> int:
    return tortoise_config(database_url)["connections"]["default"]["credentials"]["maxsize"]


def test_a_mysql_url_gets_twenty_connections_unless_it_says_how_many():
    assert pool_maxsize("mysql://chores:secret@db:3306/chores") == MYSQL_POOL_MAXSIZE == 20
    assert pool_maxsize("mysql://chores:secret@db:3306/chores?maxsize=8") == 8


@pytest.mark.skipif(not IS_MYSQL, reason="a MySQL connection pool")
async def test_twenty_statements_at_once_each_run_on_a_connection_of_their_own(db):
    found = await asyncio.gather(*(fetch("SELECT CONNECTION_ID() AS `id`, SLEEP(0.05) AS `slept`")
                                   for _ in range(MYSQL_POOL_MAXSIZE)))

    assert len({rows[0]["id"] for rows in found}) == MYSQL_POOL_MAXSIZE
