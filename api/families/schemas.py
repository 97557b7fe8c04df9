"""Request and response shapes of the families endpoints."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field, field_validator
from typing_extensions import TypedDict

from api.users.schemas import UserOut, user_out
from api.validation import DbInt
from api.wire import Money, Timestamp
from models import Family, User
from models.families import INVITE_CODE_LENGTH, TIMEZONE_MAX_LENGTH, check_timezone
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


class TimezoneIn(BaseModel):
    timezone: str | None = Field(
        max_length=TIMEZONE_MAX_LENGTH, description="An IANA time zone name (`Europe/Berlin`), or null for UTC"
    )

    @field_validator("timezone")
    @classmethod
    def iana_name(cls, name: str | None) -> str | None:
        return None if name is None else check_timezone(name)


class TimezoneOut(TypedDict):
    """The family's time zone: quiet hours (and, later, due times) are read in it; null: not set, UTC."""

    timezone: str | None


class FamilyOut(TypedDict):
    """The ``Family`` object (§1.8)."""

    id: int
    name: str | None
    invite_code: str
    invite_code_expires_at: Timestamp | None
    created_at: Timestamp
    updated_at: Timestamp


class MemberOut(UserOut):
    """``FamilyMember`` (§1.9)."""

    created_at: Timestamp
    joined_at: Timestamp


class FamilyContextOut(TypedDict):
    """F1's answer."""

    has_family: bool
    family: FamilyOut | None
    role: Literal["no_family", "parent", "child"]
    can_invite: bool
    can_manage: bool


class JoinedOut(TypedDict):
    success: Literal[True]
    family_id: int
    family_name: str | None
    message: str


class MembersOut(TypedDict):
    """F4's answer."""

    family_id: int
    family_name: str | None
    total_members: int
    parents: list[MemberOut]
    children: list[MemberOut]


class InviteCodeOut(TypedDict):
    invite_code: str
    expires_at: Timestamp | None
    family_name: str | None


class FamilyStatsOut(TypedDict):
    """F6's answer."""

    family_id: int
    name: str | None
    invite_code: str
    created_at: Timestamp
    total_members: int
    total_parents: int
    total_children: int
    total_chores: int
    completed_chores: int
    approved_chores: int
    total_rewards_earned: Money


class RemovedOut(TypedDict):
    success: Literal[True]
    message: str
    removed_user_id: int


class LeftOut(TypedDict):
    """What leaving a family answers."""

    success: Literal[True]
    message: str


class CleanupOut(TypedDict):
    cleaned_count: int
    message: str


def family_out(family: Family) -> FamilyOut:
    """The ``Family`` object (§1.8)."""
    return {
        "id": family.id,
        "name": family.name,
        "invite_code": family.invite_code,
        "invite_code_expires_at": isoformat_z(family.invite_code_expires_at),
        "created_at": isoformat_z(family.created_at),
        "updated_at": isoformat_z(family.updated_at),
    }


def member_out(user: User) -> MemberOut:
    """``FamilyMember`` (§1.9): the reference's ``created_at`` is the account's; ``joined_at`` repeats it."""
    created_at = isoformat_z(user.created_at)
    return {**user_out(user), "created_at": created_at, "joined_at": created_at}


def context_out(user: User, family: Family | None) -> FamilyContextOut:
    """F1's answer: what the caller's family lets him do."""
    manages = user.is_parent and family is not None
    return {
        "has_family": family is not None,
        "family": family_out(family) if family is not None else None,
        "role": "no_family" if family is None else ("parent" if user.is_parent else "child"),
        "can_invite": manages,
        "can_manage": manages,
    }


def joined_out(family: Family) -> JoinedOut:
    return {
        "success": True,
        "family_id": family.id,
        "family_name": family.name,
        "message": "Successfully joined family",
    }


def members_out(family: Family, members: list[User]) -> MembersOut:
    """F4's answer; ``members`` come ordered by username."""
    return {
        "family_id": family.id,
        "family_name": family.name,
        "total_members": len(members),
        "parents": [member_out(member) for member in members if member.is_parent],
        "children": [member_out(member) for member in members if not member.is_parent],
    }


def invite_code_out(family: Family) -> InviteCodeOut:
    return {
        "invite_code": family.invite_code,
        "expires_at": isoformat_z(family.invite_code_expires_at),
        "family_name": family.name,
    }


def stats_out(stats: FamilyStats) -> FamilyStatsOut:
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


def removed_out(user_id: int) -> RemovedOut:
    return {
        "success": True,
        "message": f"User {user_id} successfully removed from family",
        "removed_user_id": user_id,
    }


def cleanup_out(cleaned: int) -> CleanupOut:
    return {"cleaned_count": cleaned, "message": f"Successfully regenerated {cleaned} expired invite codes"}
