"""Request and response shapes of the chores endpoints (§1.4, §1.5, §4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal, NotRequired

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from typing_extensions import TypedDict

from api.users.schemas import UserOut, user_row_out
from api.validation import DbInt
from api.wire import Money, Timestamp, timestamp_out
from models import AssignmentMode, ChoreAssignment
from models.money import cents_to_number, to_cents
from models.schedules import OccurrenceState
from models.sql_reads import Row
from models.timeutil import isoformat_z
from models.tortoise_adapter import values_of

if TYPE_CHECKING:
    from api.chores.listing import ListedChore
    from api.chores.views import ChoreView, Compat

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Description = Annotated[str, Field(max_length=1000)]
RewardAmount = Annotated[Decimal, Field(ge=0, le=1000, decimal_places=2)]
CooldownDays = Annotated[int, Field(ge=0, le=365)]
Frequency = Annotated[str, Field(max_length=50)]
AssigneeIds = Annotated[list[DbInt], Field(max_length=100)]

# Body keys that hold money, and the model fields (integer cents) they are stored in.
MONEY_FIELDS = {"reward": "reward_cents", "min_reward": "min_reward_cents", "max_reward": "max_reward_cents"}


def _distinct(ids: list[int] | None) -> list[int] | None:
    if ids is not None and len(set(ids)) != len(ids):
        raise ValueError("assignee_ids must not name the same child twice")
    return ids


class ChoreCreate(BaseModel):
    """C1's body; unknown keys are ignored, like every other body of the API."""

    model_config = ConfigDict(extra="ignore")

    title: Title
    # Optional in the contract and left out by clients (issue #15.2); stored as "" when absent.
    description: Description = ""
    reward: RewardAmount = Decimal(0)
    min_reward: RewardAmount | None = None
    max_reward: RewardAmount | None = None
    is_range_reward: bool = False
    cooldown_days: CooldownDays = 0
    is_recurring: bool = False
    frequency: Frequency | None = None
    is_disabled: bool = False
    assignment_mode: AssignmentMode | None = None
    assignee_ids: AssigneeIds | None = None
    # Legacy single assignee, read only when ``assignee_ids`` is absent.
    assignee_id: DbInt | None = None

    _distinct_assignees = field_validator("assignee_ids")(_distinct)

    def mode_and_assignees(self) -> tuple[AssignmentMode, list[int]]:
        """The mode and assignee ids, with the legacy ``assignee_id`` rules of C1."""
        if self.assignee_ids is None and "assignee_id" in self.model_fields_set:
            ids = [] if self.assignee_id is None else [self.assignee_id]
            default = AssignmentMode.SINGLE if ids else AssignmentMode.UNASSIGNED
            return self.assignment_mode or default, ids
        return self.assignment_mode or AssignmentMode.SINGLE, list(self.assignee_ids or [])

    def chore_fields(self) -> dict[str, Any]:
        """The values to store on the new chore (money in cents)."""
        return {
            "title": self.title,
            "description": self.description,
            "reward_cents": to_cents(self.reward),
            "min_reward_cents": None if self.min_reward is None else to_cents(self.min_reward),
            "max_reward_cents": None if self.max_reward is None else to_cents(self.max_reward),
            "is_range_reward": self.is_range_reward,
            "cooldown_days": self.cooldown_days,
            "is_recurring": self.is_recurring,
            "frequency": self.frequency,
            "is_disabled": self.is_disabled,
        }


class ChoreUpdate(BaseModel):
    """C8's body: only the keys sent are applied; ``null`` is refused where the chore cannot hold it.

    The mode cannot change after creation, so ``assignment_mode`` (and any unknown key) is ignored.
    """

    model_config = ConfigDict(extra="ignore")

    # Defaults are never validated: a key left out stays out of ``model_fields_set``.
    title: Title = None  # type: ignore[assignment]
    description: Description = None  # type: ignore[assignment]
    reward: RewardAmount = None  # type: ignore[assignment]
    min_reward: RewardAmount | None = None
    max_reward: RewardAmount | None = None
    is_range_reward: bool = None  # type: ignore[assignment]
    cooldown_days: CooldownDays = None  # type: ignore[assignment]
    is_recurring: bool = None  # type: ignore[assignment]
    frequency: Frequency | None = None
    is_disabled: bool = None  # type: ignore[assignment]
    assignee_ids: AssigneeIds = None  # type: ignore[assignment]

    _distinct_assignees = field_validator("assignee_ids")(_distinct)

    @property
    def replaces_assignees(self) -> bool:
        return "assignee_ids" in self.model_fields_set

    def chore_changes(self) -> dict[str, Any]:
        """The chore fields to change (money in cents), assignees apart."""
        changes: dict[str, Any] = {}
        for key in self.model_fields_set - {"assignee_ids"}:
            value = getattr(self, key)
            if key in MONEY_FIELDS:
                changes[MONEY_FIELDS[key]] = None if value is None else to_cents(value)
            else:
                changes[key] = value
        return changes


class ChoreListQuery(BaseModel):
    skip: int = Field(default=0, ge=0, le=2**31)
    limit: int = Field(default=100, ge=1, le=1000)
    # Checked by the use case, which answers with the contract's own message.
    state: str | None = None
    child_id: DbInt | None = None


class ChorePath(BaseModel):
    chore_id: DbInt


class KioskChildQuery(BaseModel):
    """The child a kiosk token acts for (required of kiosk tokens, ignored for every other caller)."""

    child_id: DbInt | None = None


# The occurrence states a chore list may be filtered by (scheduled chores only).
ListedOccurrenceState = Literal["upcoming", "open", "overdue", "missed"]


class AvailableQuery(KioskChildQuery):
    state: ListedOccurrenceState | None = Field(
        default=None, description="Only the scheduled chores with an occurrence in this state (and no pool)"
    )


class ChildChoresQuery(BaseModel):
    state: ListedOccurrenceState | None = Field(
        default=None, description="Only the scheduled chores with an occurrence of the child in this state"
    )


class AssignmentOut(TypedDict):
    """``Assignment`` (§1.4)."""

    id: int
    chore_id: int
    assignee_id: int
    is_completed: bool
    is_approved: bool
    completion_date: Timestamp | None
    approval_date: Timestamp | None
    approval_reward: Money | None
    rejection_reason: str | None
    created_at: Timestamp
    updated_at: Timestamp


class ChoreOut(TypedDict):
    """``Chore`` (§1.5); the compatibility fields are null outside the per-child and approve/reject views."""

    id: int
    title: str
    description: str
    reward: Money
    min_reward: Money | None
    max_reward: Money | None
    approval_reward: Money | None
    rejection_reason: str | None
    is_range_reward: bool
    cooldown_days: int
    is_recurring: bool
    frequency: str | None
    is_disabled: bool
    assignment_mode: Literal["single", "multi_independent", "unassigned"]
    creator_id: int
    created_at: Timestamp
    updated_at: Timestamp
    is_completed: bool | None
    is_approved: bool | None
    completed_at: Timestamp | None
    approved_at: Timestamp | None
    assignments: list[AssignmentOut]
    assignee_ids: list[int]
    next_available_at: Timestamp | None
    # Scheduled chores only (issue #12): the current occurrence of the child in focus.
    occurrence_id: NotRequired[int | None]
    occurrence_state: NotRequired[str | None]
    opens_at: NotRequired[Timestamp | None]
    due_at: NotRequired[Timestamp | None]


class AvailableItemOut(TypedDict):
    """An item of C3: ``assignment`` is the caller's row, null for a pool chore nobody claimed."""

    chore: ChoreOut
    assignment: AssignmentOut | None
    assignment_id: int | None


class AvailableChoresOut(TypedDict):
    """C3's answer."""

    assigned: list[AvailableItemOut]
    pool: list[AvailableItemOut]
    total_count: int


class PendingItemOut(TypedDict):
    """An item of C4."""

    assignment: AssignmentOut
    assignment_id: int
    chore: ChoreOut
    assignee: UserOut
    assignee_name: str


class CompletionOut(TypedDict):
    """C10's answer."""

    chore: ChoreOut
    assignment: AssignmentOut
    message: str


def assignment_out(row: ChoreAssignment) -> AssignmentOut:
    """``Assignment`` (§1.4)."""
    return assignment_row_out(values_of(row))


def assignment_row_out(row: Mapping[str, Any]) -> AssignmentOut:
    """``Assignment`` (§1.4) of a plain row of ``chore_assignments`` (or an instance's values)."""
    return {
        "id": row["id"],
        "chore_id": row["chore_id"],
        "assignee_id": row["assignee_id"],
        "is_completed": bool(row["is_completed"]),
        "is_approved": bool(row["is_approved"]),
        "completion_date": timestamp_out(row["completion_date"]),
        "approval_date": timestamp_out(row["approval_date"]),
        "approval_reward": cents_to_number(row["approval_reward_cents"]),
        "rejection_reason": row["rejection_reason"],
        "created_at": timestamp_out(row["created_at"]),
        "updated_at": timestamp_out(row["updated_at"]),
    }


def chore_out(view: ChoreView) -> ChoreOut:
    """``Chore`` (§1.5) with its assignments, current assignee ids and the end of its cooldown; a
    scheduled chore's current occurrence, when the view has one."""
    assignments = [values_of(row) for row in view.assignments]
    return _chore_out(values_of(view.chore), assignments, view.next_available_at, view.compat, view.occurrence)


def listed_chore_out(item: ListedChore) -> ChoreOut:
    """``Chore`` (§1.5) of a chore of the busiest lists, as :func:`chore_out` writes it."""
    return _chore_out(item.chore, item.assignments, item.next_available_at, None, item.occurrence)


def _chore_out(
    chore: Mapping[str, Any],
    assignments: Sequence[Mapping[str, Any]],
    next_available_at: datetime | None,
    compat: Compat | None,
    occurrence: Mapping[str, Any] | None,
) -> ChoreOut:
    out: ChoreOut = {
        "id": chore["id"],
        "title": chore["title"],
        "description": chore["description"],
        "reward": cents_to_number(chore["reward_cents"]),
        "min_reward": cents_to_number(chore["min_reward_cents"]),
        "max_reward": cents_to_number(chore["max_reward_cents"]),
        "approval_reward": cents_to_number(compat.approval_reward_cents) if compat else None,
        "rejection_reason": compat.rejection_reason if compat else None,
        "is_range_reward": bool(chore["is_range_reward"]),
        "cooldown_days": chore["cooldown_days"],
        "is_recurring": bool(chore["is_recurring"]),
        "frequency": chore["frequency"],
        "is_disabled": bool(chore["is_disabled"]),
        "assignment_mode": AssignmentMode(chore["assignment_mode"]).value,
        "creator_id": chore["creator_id"],
        "created_at": timestamp_out(chore["created_at"]),
        "updated_at": timestamp_out(chore["updated_at"]),
        "is_completed": compat.is_completed if compat else None,
        "is_approved": compat.is_approved if compat else None,
        "completed_at": isoformat_z(compat.completed_at) if compat else None,
        "approved_at": isoformat_z(compat.approved_at) if compat else None,
        "assignments": [assignment_row_out(row) for row in assignments],
        "assignee_ids": [row["assignee_id"] for row in assignments],
        "next_available_at": isoformat_z(next_available_at),
    }
    if occurrence is not None:
        out["occurrence_id"] = occurrence["id"]
        out["occurrence_state"] = OccurrenceState(occurrence["state"]).value
        out["opens_at"] = timestamp_out(occurrence["opens_at"])
        out["due_at"] = timestamp_out(occurrence["due_at"])
    return out


def available_item_out(item: ListedChore) -> AvailableItemOut:
    """An item of C3: the chore and, for an assigned chore, the caller's row."""
    row = item.focus
    return {
        "chore": listed_chore_out(item),
        "assignment": assignment_row_out(row) if row else None,
        "assignment_id": row["id"] if row else None,
    }


def pending_item_out(row: Row, item: ListedChore, assignee: Row) -> PendingItemOut:
    """An item of C4, the parents' approval inbox: a pending row, its chore and its child, as plain rows."""
    return {
        "assignment": assignment_row_out(row),
        "assignment_id": row["id"],
        "chore": listed_chore_out(item),
        "assignee": user_row_out(assignee),
        "assignee_name": assignee["username"],
    }
