"""Request and response shapes of the families endpoints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, Field, field_validator

from api.users.schemas import user_out
from api.validation import DbInt
from models import Family, User
from models.families import INVITE_CODE_LENGTH
from models.money import cents_to_number
from models.timeutil import isoformat_z

if TYPE_CHECKING:
    from api.families.service import FamilyStats


class CreateFamilyIn(BaseModel):
    name: str | None = Field(default=None, max_length=255)


class JoinFamilyIn(BaseModel):
    invite_code: str = Field(min_length=INVITE_CODE_LENGTH, max_length=INVITE_CODE_LENGTH)

    @field_validator("invite_code")
    @classmethod
    def upper_case_letters_and_digits(cls, code: str) -> str:
        if not code.isupper():
            raise ValueError("Invite code must be uppercase")
        if not code.isalnum():
            raise ValueError("Invite code must contain only letters and numbers")
        return code


class InviteCodeIn(BaseModel):
    expires_in_days: int | None = Field(default=None, ge=1, le=365)


class MemberPath(BaseModel):
    user_id: DbInt


class RemoveMemberIn(BaseModel):
    user_id: DbInt
    reason: str | None = Field(default=None, max_length=500)


def family_out(family: Family) -> dict:
    """The ``Family`` object (§1.8)."""
    return {
        "id": family.id,
        "name": family.name,
        "invite_code": family.invite_code,
        "invite_code_expires_at": isoformat_z(family.invite_code_expires_at),
        "created_at": isoformat_z(family.created_at),
        "updated_at": isoformat_z(family.updated_at),
    }


def member_out(user: User) -> dict:
    """``FamilyMember`` (§1.9): the reference's ``created_at`` is the account's; ``joined_at`` repeats it."""
    created_at = isoformat_z(user.created_at)
    return {**user_out(user), "created_at": created_at, "joined_at": created_at}


def context_out(user: User, family: Family | None) -> dict:
    """F1's answer: what the caller's family lets him do."""
    manages = user.is_parent and family is not None
    return {
        "has_family": family is not None,
        "family": family_out(family) if family is not None else None,
        "role": "no_family" if family is None else ("parent" if user.is_parent else "child"),
        "can_invite": manages,
        "can_manage": manages,
    }


def joined_out(family: Family) -> dict:
    return {
        "success": True,
        "family_id": family.id,
        "family_name": family.name,
        "message": "Successfully joined family",
    }


def members_out(family: Family, members: list[User]) -> dict:
    """F4's answer; ``members`` come ordered by username."""
    return {
        "family_id": family.id,
        "family_name": family.name,
        "total_members": len(members),
        "parents": [member_out(member) for member in members if member.is_parent],
        "children": [member_out(member) for member in members if not member.is_parent],
    }


def invite_code_out(family: Family) -> dict:
    return {
        "invite_code": family.invite_code,
        "expires_at": isoformat_z(family.invite_code_expires_at),
        "family_name": family.name,
    }


def stats_out(stats: FamilyStats) -> dict:
    """F6's answer."""
    family = stats.family
    return {
        "family_id": family.id,
        "name": family.name,
        "invite_code": family.invite_code,
        "created_at": isoformat_z(family.created_at),
        "total_members": stats.total_members,
        "total_parents": stats.total_parents,
        "total_children": stats.total_children,
        "total_chores": stats.total_chores,
        "completed_chores": stats.completed_chores,
        "approved_chores": stats.approved_chores,
        "total_rewards_earned": cents_to_number(stats.rewards_earned_cents),
    }


def removed_out(user_id: int) -> dict:
    return {
        "success": True,
        "message": f"User {user_id} successfully removed from family",
        "removed_user_id": user_id,
    }


def cleanup_out(cleaned: int) -> dict:
    return {"cleaned_count": cleaned, "message": f"Successfully regenerated {cleaned} expired invite codes"}
