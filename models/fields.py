"""Model fields our rules need that Tortoise does not ship."""

from __future__ import annotations

from tortoise import fields


class CaseSensitiveCharField(fields.CharField):
    """A ``CharField`` compared byte for byte everywhere.

    SQLite compares text exactly already; MySQL and MariaDB compare with the column's collation,
    whose default (``utf8mb4_unicode_ci``) ignores case, so "Alice" would find or block "alice".
    Usernames are exact and case-sensitive (contract: U3 and the login rules), hence ``utf8mb4_bin``.
    """

    class _db_mysql:
        def __init__(self, field: fields.CharField) -> None:
            self.field = field

        @property
        def SQL_TYPE(self) -> str:
            return f"VARCHAR({self.field.max_length}) COLLATE utf8mb4_bin"
