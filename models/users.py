"""Parents and children."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.fields import CaseSensitiveCharField
from models.sql_reads import fetch, select_list, table
from models.tortoise_adapter import from_row

if TYPE_CHECKING:
    from models.families import Family


class User(Model):
    id = fields.IntField(primary_key=True)
    username = CaseSensitiveCharField(max_length=100, unique=True)
    email = fields.CharField(max_length=255, unique=True, null=True)
    hashed_password = fields.CharField(max_length=128)
    is_parent = fields.BooleanField(default=False)
    is_active = fields.BooleanField(default=True)
    parent: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="children", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    family: fields.ForeignKeyNullableRelation[Family] = fields.ForeignKeyField(
        "models.Family", related_name="members", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    # Cache of SUM(ledger) for children, kept in step by the ledger writers and repaired by the
    # balance job; the ledger stays the source of truth.
    balance_cents = fields.BigIntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    parent_id: int | None
    family_id: int | None

    class Meta:
        table = "users"

    def __str__(self) -> str:
        return self.username

    def in_other_family_than(self, other: User) -> bool:
        """Both have a family and they differ: ``other`` is then as unknown to this user as an id nobody has."""
        return self.family_id is not None and other.family_id is not None and self.family_id != other.family_id

    def manages(self, child: User) -> bool:
        """Whether this parent has a parent's rights over ``child`` (decision D11).

        Co-parents share all the family's children; outside a family only the creating parent does.
        """
        if not self.is_parent or child.is_parent:
            return False
        if self.family_id is not None and child.family_id is not None:
            return self.family_id == child.family_id
        return child.parent_id == self.id


def children_of(parent: User) -> QuerySet[User]:
    """The children a parent manages: his family's, or his own when he has no family."""
    if parent.family_id is not None:
        return User.filter(family_id=parent.family_id, is_parent=False)
    return User.filter(parent_id=parent.id, is_parent=False)


def users_visible_to(user: User) -> QuerySet[User]:
    """The accounts a user may see: his family's members, or, without a family, himself and his children."""
    if user.family_id is not None:
        return User.filter(family_id=user.family_id)
    return User.filter(Q(id=user.id) | Q(parent_id=user.id))


async def user_by_id(user_id: int) -> User | None:
    """``User.get_or_none(id=user_id)`` at about half the cost.

    Every authenticated request looks its caller up; Tortoise spends as long building that SELECT
    as running it, so it is plain SQL (models/sql_reads.py, bench/README.md).
    """
    rows = await fetch(_user_by_id_sql(), user_id)
    return from_row(User, rows[0]) if rows else None


@cache
def _user_by_id_sql() -> str:
    return f"SELECT {select_list(User)} FROM {table(User)} WHERE `id` = %s LIMIT 1"
