"""UTC time helpers."""

from __future__ import annotations

from datetime import UTC, datetime

from models.timeutil import from_column, isoformat_z


def test_a_datetime_column_reads_the_same_from_sqlite_text_and_from_a_mariadb_datetime():
    aware = datetime(2026, 12, 7, 14, 12, 22, 123456, tzinfo=UTC)
    naive = aware.replace(tzinfo=None)

    assert from_column("2026-12-07 14:12:22.123456+00:00") == aware
    assert from_column("2026-12-07 14:12:22+00:00") == aware.replace(microsecond=0)
    assert from_column(naive) is naive
    assert from_column(None) is None


def test_the_wire_format_is_the_same_for_a_sqlite_and_a_mariadb_datetime():
    aware = datetime(2026, 12, 7, 14, 12, 22, 123456, tzinfo=UTC)

    assert isoformat_z(from_column("2026-12-07 14:12:22.123456+00:00")) == "2026-12-07T14:12:22.123456Z"
    assert isoformat_z(from_column(aware.replace(tzinfo=None))) == isoformat_z(aware) == "2026-12-07T14:12:22.123456Z"
    assert isoformat_z(from_column("2026-12-07 14:12:22+00:00")) == "2026-12-07T14:12:22Z"
