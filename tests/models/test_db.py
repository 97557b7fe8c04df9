"""How each process connects: the pool a MySQL URL gets, and what the URL may change."""

from __future__ import annotations

from models.db import MYSQL_POOL_MAXSIZE, SQLITE_ENGINE, tortoise_config


def connection(database_url: str) -> dict:
    return tortoise_config(database_url)["connections"]["default"]


def test_a_mysql_url_gets_the_larger_pool():
    assert connection("mysql://app:secret@db:3306/chores")["credentials"]["maxsize"] == MYSQL_POOL_MAXSIZE == 16


def test_a_mysql_url_may_size_its_own_pool():
    assert connection("mysql://app:secret@db:3306/chores?maxsize=4")["credentials"]["maxsize"] == 4


def test_sqlite_gets_immediate_transactions_and_no_pool():
    config = connection("sqlite://var/chores.sqlite3")
    assert config["engine"] == SQLITE_ENGINE
    assert "maxsize" not in config["credentials"]
