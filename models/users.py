"""Parents and children."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class User(Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=100, unique=True)
    email = fields.CharField(max_length=255, unique=True, null=True)
    hashed_password = fields.CharField(max_length=128)
    is_parent = fields.BooleanField(default=False)
    is_active = fields.BooleanField(default=True)
    parent = fields.ForeignKeyField(
        "models.User", related_name="children", null=True, on_delete=fields.SET_NULL, db_index=True
    )
    family = fields.ForeignKeyField(
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
