"""Chore definitions: reward, recurrence and assignment mode."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model
from tortoise.queryset import QuerySet

if TYPE_CHECKING:
    from models.families import Family
    from models.users import User


class AssignmentMode(StrEnum):
    SINGLE = "single"
    MULTI_INDEPENDENT = "multi_independent"
    UNASSIGNED = "unassigned"

    def assignee_count_error(self, count: int) -> str | None:
        """The contract's message when ``count`` assignees do not fit this mode, else None."""
        if self is AssignmentMode.SINGLE and count != 1:
            return "'single' assignment mode requires exactly 1 assignee_id"
        if self is AssignmentMode.MULTI_INDEPENDENT and count < 1:
            return "'multi_independent' assignment mode requires at least 1 assignee_id"
        if self is AssignmentMode.UNASSIGNED and count != 0:
            return "'unassigned' assignment mode must have 0 assignee_ids"
        return None


class Chore(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    description = fields.TextField()
    reward_cents = fields.BigIntField(default=0)
    min_reward_cents = fields.BigIntField(null=True)
    max_reward_cents = fields.BigIntField(null=True)
    is_range_reward = fields.BooleanField(default=False)
    cooldown_days = fields.IntField(default=0)
    is_recurring = fields.BooleanField(default=False)
    frequency = fields.CharField(max_length=50, null=True)
    is_disabled = fields.BooleanField(default=False)
    assignment_mode = fields.CharEnumField(AssignmentMode, max_length=20, default=AssignmentMode.SINGLE)
    creator: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="chores_created", on_delete=fields.CASCADE
    )
    # The creator's family, kept in step when he creates, joins or leaves one: it makes
    # family-scoped listings one indexed lookup instead of a join through users.
    family: fields.ForeignKeyNullableRelation[Family] = fields.ForeignKeyField(
        "models.Family", related_name="chores", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    creator_id: int
    family_id: int | None

    class Meta:
        table = "chores"
        indexes = (("family_id", "is_disabled"), ("creator_id", "is_disabled"), ("assignment_mode", "family_id"))

    def managed_by(self, user: User) -> bool:
        """Whether ``user`` may manage this chore: any parent of its family, or its creator."""
        if not user.is_parent:
            return False
        if user.family_id is not None and self.family_id is not None:
            return user.family_id == self.family_id
        return self.creator_id == user.id

    @property
    def mode(self) -> AssignmentMode:
        return AssignmentMode(self.assignment_mode)

    def cooldown_end(self, approved_at: datetime, day_seconds: int) -> datetime | None:
        """When a cycle approved at ``approved_at`` may be done again; None for a one-off chore (never, D14).

        A recurring chore without cooldown days ends its cooldown at once, so the same expiry path
        (read-time check, then the job) reopens it.
        """
        if not self.is_recurring:
            return None
        return approved_at + timedelta(seconds=self.cooldown_days * day_seconds)

    def reward_range_error(self) -> str | None:
        """The contract's message when a range chore's bounds are inverted (an absent bound counts as 0)."""
        if self.is_range_reward and (self.min_reward_cents or 0) > (self.max_reward_cents or 0):
            return "Minimum reward must be less than maximum reward"
        return None

    def belongs_to_other_family(self, user: User) -> bool:
        """Both the chore and ``user`` have a family and they differ (refusals then name the family)."""
        return user.family_id is not None and self.family_id is not None and user.family_id != self.family_id

    def within_reach_of(self, child: User) -> bool:
        """Whether a child may see this chore without being assigned: his family's, or his parent's."""
        if child.family_id is not None:
            return self.family_id == child.family_id
        return self.creator_id == child.parent_id

    def range_reward_error(self, reward_cents: int | None) -> str | None:
        """The contract's message when a parent's reward value does not fit this range chore."""
        if reward_cents is None:
            return "Reward value is required for range-based rewards"
        low, high = self.min_reward_cents or 0, self.max_reward_cents or 0
        if not low <= reward_cents <= high:
            return f"Reward value must be between {low / 100} and {high / 100}"
        return None


# The columns a scope selects chores by: a family's, or one parent's when he has no family.
SCOPE_COLUMNS = ("family_id", "creator_id")


def managed_scope(parent: User) -> tuple[str, int]:
    """The column and value that select the chores a parent manages: his family's, or the ones he
    created when he has no family."""
    if parent.family_id is not None:
        return "family_id", parent.family_id
    return "creator_id", parent.id


def reach_scope(child: User) -> tuple[str, int | None]:
    """The column and value that select the chores a child may see without being assigned
    (see :meth:`Chore.within_reach_of`); None when he has neither family nor parent."""
    if child.family_id is not None:
        return "family_id", child.family_id
    return "creator_id", child.parent_id


def chores_of(parent: User) -> QuerySet[Chore]:
    column, value = managed_scope(parent)
    return Chore.filter(**{column: value})


def pool_within(column: str, value: int | None) -> QuerySet[Chore]:
    """The enabled pool (unassigned-mode) chores of a scope (D3), claimed or not: a child's pool is
    ``pool_within(*reach_scope(child))``."""
    return Chore.filter(**{column: value}, assignment_mode=AssignmentMode.UNASSIGNED, is_disabled=False)
