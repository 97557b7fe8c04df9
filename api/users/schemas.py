"""Request and response shapes of the users endpoints."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field, RootModel
from typing_extensions import TypedDict

from api.security import BCRYPT_MAX_BYTES, password_too_long
from api.validation import DbInt
from api.wire import Money, Timestamp
from models import ChoreAssignment, Family, User
from models.money import cents_to_number
from models.timeutil import isoformat_z
from models.tortoise_adapter import values_of


def _fits_bcrypt(password: str) -> str:
    if password_too_long(password):
        raise ValueError(f"Password cannot be longer than {BCRYPT_MAX_BYTES} bytes")
    return password


Password = Annotated[str, AfterValidator(_fits_bcrypt)]
# U3 and U9 check 4 characters in the schema (U3's use case then asks for 8).
PasswordOfFour = Annotated[str, Field(min_length=4), AfterValidator(_fits_bcrypt)]
Username = Annotated[str, Field(min_length=3, max_length=50)]


class LoginForm(BaseModel):
    """OAuth2 password form (§U1)."""

    model_config = ConfigDict(extra="ignore")

    username: str
    password: str
    grant_type: str | None = Field(default=None, pattern="^password$")
    scope: str = ""
    client_id: str | None = None
    client_secret: str | None = None


class TokenOut(TypedDict):
    """U1's answer."""

    access_token: str
    token_type: Literal["bearer"]


class RegisterForm(BaseModel):
    """Self-registration form (§U2); the string fields are checked by the use case, in the contract's order."""

    model_config = ConfigDict(extra="ignore")

    username: Username
    password: Password
    is_parent: str
    email: str | None = None
    parent_id: str | None = None
    registration_code: str | None = None

    @property
    def wants_parent(self) -> bool:
        return self.is_parent.strip().lower() == "true"


class UserCreate(BaseModel):
    """A parent creates an account, usually a child's (§U3)."""

    model_config = ConfigDict(extra="ignore")

    username: Username
    password: PasswordOfFour
    is_parent: bool = False
    email: EmailStr | None = None
    parent_id: DbInt | None = None
    family_id: DbInt | None = None
    registration_code: str | None = Field(default=None, max_length=255)


class NewPassword(RootModel[PasswordOfFour]):
    """The bare JSON string a parent sends to reset a child's password (§U9)."""


class ChildPath(BaseModel):
    child_id: DbInt


class ParentPath(BaseModel):
    parent_id: DbInt


class UserListQuery(BaseModel):
    skip: int = Field(default=0, ge=0, le=2**31)
    limit: int = Field(default=100, ge=1, le=1000)


class UserOut(TypedDict):
    """The public ``User`` (§1.1)."""

    id: int
    username: str
    email: str | None
    is_parent: bool
    is_active: bool
    parent_id: int | None


class RegisteredUserOut(UserOut):
    family_id: int | None
    created_at: Timestamp
    updated_at: Timestamp


class AssignmentSummaryOut(TypedDict):
    """``ChoreAssignmentSummary`` (§1.2)."""

    id: int
    chore_id: int
    chore_title: str
    reward: Money
    is_completed: bool
    is_approved: bool


class ChildWithChoresOut(UserOut):
    """``ChildWithChores`` (§1.3)."""

    chores: list[AssignmentSummaryOut]


class StatsUserOut(TypedDict):
    id: int
    username: str
    is_parent: bool
    is_active: bool
    created_at: Timestamp


class StatsFamilyOut(TypedDict):
    family_id: int
    family_name: str | None
    invite_code: str


class UserStatsOut(TypedDict):
    user: StatsUserOut
    family_context: StatsFamilyOut | None
    children_count: int
    family_members_count: int


class RegistrationStatusOut(TypedDict):
    registration_restricted: bool
    valid_codes_count: int
    valid_codes: list[str]
    message: str


def user_out(user: User) -> UserOut:
    """The public ``User`` object (§1.1): never the password hash, never the family id."""
    return user_row_out(values_of(user))


def user_row_out(row: Mapping[str, Any]) -> UserOut:
    """:func:`user_out` of a plain row of ``users`` (or an instance's values)."""
    return {
        "id": row["id"],
        "username": row["username"],
        "email": row["email"],
        "is_parent": bool(row["is_parent"]),
        "is_active": bool(row["is_active"]),
        "parent_id": row["parent_id"],
    }


def registered_user_out(user: User) -> RegisteredUserOut:
    """U2's answer: the public user plus the family and timestamps the reference echoes (no hash)."""
    return {
        **user_out(user),
        "family_id": user.family_id,
        "created_at": isoformat_z(user.created_at),
        "updated_at": isoformat_z(user.updated_at),
    }


def assignment_summary_out(assignment: ChoreAssignment) -> AssignmentSummaryOut:
    """``ChoreAssignmentSummary`` (§1.2); the assignment's chore must be loaded."""
    chore = assignment.chore
    return {
        "id": assignment.id,
        "chore_id": assignment.chore_id,
        "chore_title": chore.title,
        "reward": cents_to_number(assignment.summary_reward_cents(chore.reward_cents)),
        "is_completed": assignment.is_completed,
        "is_approved": assignment.is_approved,
    }


def child_with_chores_out(child: User, assignments: list[ChoreAssignment]) -> ChildWithChoresOut:
    """``ChildWithChores`` (§1.3)."""
    return {**user_out(child), "chores": [assignment_summary_out(a) for a in assignments]}


def user_stats_out(user: User, family: Family | None, children_count: int, members_count: int) -> UserStatsOut:
    """U12's answer."""
    return {
        "user": {
            "id": user.id,
            "username": user.username,
            "is_parent": user.is_parent,
            "is_active": user.is_active,
            "created_at": isoformat_z(user.created_at),
        },
        "family_context": None
        if family is None
        else {"family_id": family.id, "family_name": family.name, "invite_code": family.invite_code},
        "children_count": children_count,
        "family_members_count": members_count,
    }


def registration_status_out(codes: tuple[str, ...]) -> RegistrationStatusOut:
    """U13's answer."""
    restricted = bool(codes)
    return {
        "registration_restricted": restricted,
        "valid_codes_count": len(codes),
        "valid_codes": [code.upper() for code in codes],
        "message": "Registration codes are currently required for parent accounts"
        if restricted
        else "Registration is open to all users",
    }
