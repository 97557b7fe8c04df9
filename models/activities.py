"""The activity log behind the family feed (§11.9)."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models.events import stage_activity_created
from models.sql_writes import insert_rows
from models.timeutil import utcnow

if TYPE_CHECKING:
    from models.families import Family
    from models.users import User


class ActivityType(StrEnum):
    CHORE_COMPLETED = "chore_completed"
    CHORE_APPROVED = "chore_approved"
    CHORE_REJECTED = "chore_rejected"
    CHORE_CREATED = "chore_created"
    ADJUSTMENT_APPLIED = "adjustment_applied"
    PAYOUT_RECORDED = "payout_recorded"
    ENTRY_REVERSED = "entry_reversed"
    REWARD_REQUESTED = "reward_requested"
    REWARD_APPROVED = "reward_approved"
    REWARD_DECLINED = "reward_declined"
    REWARD_EXPIRED = "reward_expired"
    REWARD_CANCELLED = "reward_cancelled"
    ALLOWANCE_PAID = "allowance_paid"
    JAR_TRANSFER = "jar_transfer"
    ROTATION_CHANGED = "rotation_changed"
    STREAK_MILESTONE = "streak_milestone"


ACTIVITY_DESCRIPTIONS = {
    ActivityType.CHORE_COMPLETED: "Child completed a chore",
    ActivityType.CHORE_APPROVED: "Parent approved a completed chore",
    ActivityType.CHORE_REJECTED: "Parent rejected a completed chore",
    ActivityType.CHORE_CREATED: "Parent created a new chore",
    ActivityType.ADJUSTMENT_APPLIED: "Parent applied a reward adjustment",
    ActivityType.PAYOUT_RECORDED: "Parent recorded a payout",
    ActivityType.ENTRY_REVERSED: "Parent reversed a reward, adjustment or payout",
    ActivityType.REWARD_REQUESTED: "Child requested a reward of the family store",
    ActivityType.REWARD_APPROVED: "Parent approved a reward request",
    ActivityType.REWARD_DECLINED: "Parent declined a reward request",
    ActivityType.REWARD_EXPIRED: "A reward request expired without a decision",
    ActivityType.REWARD_CANCELLED: "A reward request was cancelled (reward removed or child left the family)",
    ActivityType.ALLOWANCE_PAID: "A scheduled allowance was paid, or settled at nothing",
    ActivityType.JAR_TRANSFER: "Money moved between the savings jars of a child",
    ActivityType.ROTATION_CHANGED: "Parent changed whose turn a rotating chore is",
    ActivityType.STREAK_MILESTONE: "Child reached a streak milestone",
}


def shorten(text: str, limit: int = 50) -> str:
    """The first ``limit`` characters, with ``...`` when something was cut."""
    return text if len(text) <= limit else text[:limit] + "..."


class Activity(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="activities", on_delete=fields.CASCADE
    )
    activity_type = fields.CharField(max_length=50)
    description = fields.TextField()
    target_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="targeted_activities", null=True, on_delete=fields.SET_NULL
    )
    activity_data: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    # The actor's family when it happened: the family feed is one indexed range scan.
    family: fields.ForeignKeyNullableRelation[Family] = fields.ForeignKeyField(
        "models.Family", related_name="activities", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: int
    target_user_id: int | None
    family_id: int | None

    class Meta:
        table = "activities"
        indexes = (
            ("user_id", "created_at"),
            ("target_user_id", "created_at"),
            ("family_id", "created_at"),
            ("activity_type", "created_at"),
        )


async def write_activity(
    conn: BaseDBAsyncClient,
    *,
    actor: User,
    activity_type: ActivityType,
    description: str,
    target_user_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> Activity:
    """Insert the activity row, filed under the actor's family, without its push (the caller stages it)."""
    [activity] = await insert_rows(conn, Activity, [{
        "user_id": actor.id,
        "activity_type": activity_type.value,
        "description": description,
        "target_user_id": target_user_id,
        "activity_data": data or {},
        "family_id": actor.family_id,
        "created_at": utcnow(),
    }])
    return activity


async def record_activity(
    *,
    actor: User,
    activity_type: ActivityType,
    description: str,
    target_user_id: int | None = None,
    data: dict[str, Any] | None = None,
    using_db: BaseDBAsyncClient,
) -> Activity:
    """Log an event in the caller's transaction, filed under the actor's family, and stage its push."""
    activity = await write_activity(
        using_db, actor=actor, activity_type=activity_type, description=description,
        target_user_id=target_user_id, data=data,
    )
    await stage_activity_created(using_db, activity=activity)
    return activity
