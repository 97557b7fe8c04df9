"""Request and response shapes of approving and rejecting (§5, C11, C12)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from api.adjustments.schemas import AdjustmentOut, adjustment_out
from api.chores.schemas import AssignmentOut, ChoreOut, RewardAmount, assignment_out, chore_out
from api.validation import DbInt
from api.wire import Money
from models.money import cents_to_number

if TYPE_CHECKING:
    from api.assignments.service import Approval, Rejection


class ApproveIn(BaseModel):
    """A1/C11 body: ``reward_value`` is read for range chores only; ``is_approved`` is ignored."""

    model_config = ConfigDict(extra="ignore")

    is_approved: bool = True
    reward_value: RewardAmount | None = None


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    rejection_reason: str = Field(min_length=1, max_length=500)


class AssignmentPath(BaseModel):
    assignment_id: DbInt


class ApprovalOut(TypedDict):
    """A1's answer."""

    assignment: AssignmentOut
    reward_adjustment: AdjustmentOut
    chore: ChoreOut
    final_reward: Money
    message: str


class RejectionOut(TypedDict):
    """A2's answer."""

    assignment: AssignmentOut
    chore: ChoreOut
    rejection_reason: str
    message: str


def approval_out(approval: Approval) -> ApprovalOut:
    """A1's answer; the reward's ledger entry is shown in the ``Adjustment`` shape the clients know."""
    return {
        "assignment": assignment_out(approval.row),
        "reward_adjustment": adjustment_out(approval.entry),
        "chore": chore_out(approval.view),
        "final_reward": cents_to_number(approval.entry.amount_cents),
        "message": "Assignment approved successfully",
    }


def rejection_out(rejection: Rejection) -> RejectionOut:
    """A2's answer."""
    return {
        "assignment": assignment_out(rejection.row),
        "chore": chore_out(rejection.view),
        "rejection_reason": rejection.reason,
        "message": "Assignment rejected successfully. Child can see the reason and redo the chore.",
    }


def approved_chore_out(approval: Approval) -> ChoreOut:
    """C11's answer: the chore with the approved row's fields and the final amount as ``reward``."""
    out = chore_out(approval.view)
    out["reward"] = cents_to_number(approval.entry.amount_cents)
    return out


def rejected_chore_out(rejection: Rejection) -> ChoreOut:
    """C12's answer: the chore with the rejected row's fields."""
    return chore_out(rejection.view)
