"""Assignment rows and their state machine (§11.5 of the contract).

States: OPEN (not completed), PENDING (completed, not approved), APPROVED (completed and
approved). A recurring row whose cooldown has ended counts as OPEN again even before the expiry
job has flipped it, so every read is right whatever the queue's delay.
"""

from __future__ import annotations

import math
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.models import Model

from models.sql_writes import update_row
from models.timeutil import as_utc, utcnow

if TYPE_CHECKING:
    from models.chores import Chore
    from models.users import User

# ``pool_slot`` of a pool claim: unique per chore, so one claim at a time (D3).
POOL_SLOT = 1


# What ``complete``, ``approve``, ``reject`` and ``reopen`` change, and the time of the change.
STATE_COLUMNS = (
    "is_completed", "is_approved", "completion_date", "approval_date", "approval_reward_cents",
    "rejection_reason", "cooldown_ends_at", "cycle", "updated_at",
)


class AssignmentState(StrEnum):
    OPEN = "open"
    PENDING = "pending"
    APPROVED = "approved"


class ChoreAssignment(Model):
    id = fields.IntField(primary_key=True)
    chore: fields.ForeignKeyRelation[Chore] = fields.ForeignKeyField(
        "models.Chore", related_name="assignments", on_delete=fields.CASCADE
    )
    assignee: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="assignments", on_delete=fields.CASCADE
    )
    is_completed = fields.BooleanField(default=False)
    is_approved = fields.BooleanField(default=False)
    completion_date = fields.DatetimeField(null=True)
    approval_date = fields.DatetimeField(null=True)
    approval_reward_cents = fields.BigIntField(null=True)
    # Tortoise types every TextField as str whatever ``null`` says; this one holds None too.
    rejection_reason: fields.Field[str | None] = fields.TextField(null=True)  # type: ignore[assignment]
    # End of the current cooldown of a recurring row; kept after a rejection, as the old
    # approval still bounds when the chore may be done again.
    cooldown_ends_at = fields.DatetimeField(null=True)
    # Number of approved cycles; versions job ids and makes one ledger entry per cycle.
    cycle = fields.IntField(default=0)
    # 1 for a pool (unassigned-mode) claim, NULL otherwise: the unique pair (chore, pool_slot)
    # lets the database itself refuse a second concurrent claim of one pool chore.
    pool_slot = fields.SmallIntField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    chore_id: int
    assignee_id: int

    class Meta:
        table = "chore_assignments"
        unique_together = (("chore_id", "assignee_id"), ("chore_id", "pool_slot"))
        indexes = (
            ("chore_id", "is_completed", "is_approved"),
            ("assignee_id", "is_completed"),
            ("is_approved", "cooldown_ends_at"),
        )

    @property
    def state(self) -> AssignmentState:
        if not self.is_completed:
            return AssignmentState.OPEN
        return AssignmentState.APPROVED if self.is_approved else AssignmentState.PENDING

    def state_at(self, now: datetime) -> AssignmentState:
        """The state as of ``now``: an approved cycle whose cooldown has ended is OPEN again (D2)."""
        return AssignmentState.OPEN if self.cooldown_over(now) else self.state

    @property
    def is_pool_claim(self) -> bool:
        return self.pool_slot == POOL_SLOT

    def claim_expired(self, now: datetime) -> bool:
        """A pool claim whose cooldown has ended: it is due to be removed, the chore back in the pool (D3)."""
        return self.is_pool_claim and self.cooldown_over(now)

    def in_cooldown(self, now: datetime) -> bool:
        return self.cooldown_ends_at is not None and now < as_utc(self.cooldown_ends_at)

    def cooldown_over(self, now: datetime) -> bool:
        """An approved recurring cycle whose cooldown has ended: due to go back to OPEN."""
        return self.state is AssignmentState.APPROVED and self.cooldown_ends_at is not None and not self.in_cooldown(now)

    def cooldown_days_left(self, now: datetime, day_seconds: int) -> int:
        """Whole cooldown days left, plus one, as the contract's messages count them."""
        remaining = (as_utc(self.cooldown_ends_at) - now).total_seconds() if self.cooldown_ends_at else 0
        return math.floor(remaining / day_seconds) + 1

    def reward_cents(self, chore_reward_cents: int) -> int:
        """reward(row) of §11.8: the approved reward when set, else the chore's reward."""
        return row_reward_cents(self.approval_reward_cents, chore_reward_cents)

    def summary_reward_cents(self, chore_reward_cents: int) -> int:
        """§1.2: the approved reward if set and non-zero, else the chore's reward."""
        return self.approval_reward_cents or chore_reward_cents

    def complete(self, now: datetime) -> None:
        self.is_completed = True
        self.is_approved = False
        self.completion_date = now
        self.rejection_reason = None

    def approve(self, reward_cents: int, now: datetime, cooldown_ends_at: datetime | None) -> None:
        self.is_approved = True
        self.approval_date = now
        self.approval_reward_cents = reward_cents
        self.rejection_reason = None
        self.cooldown_ends_at = cooldown_ends_at
        self.cycle += 1

    def reject(self, reason: str) -> None:
        self.is_completed = False
        self.completion_date = None
        self.rejection_reason = reason

    async def save_state(self, conn: BaseDBAsyncClient) -> None:
        """Write the columns the state machine changes, in one plain UPDATE (what ``save()`` would store)."""
        self.updated_at = utcnow()
        await update_row(conn, self, STATE_COLUMNS)

    def reopen(self) -> None:
        """Start a new cycle after a cooldown; approval date and reward are kept (§1.4)."""
        self.is_completed = False
        self.is_approved = False
        self.completion_date = None
        self.rejection_reason = None
        self.cooldown_ends_at = None


def settle(rows: list[ChoreAssignment], now: datetime) -> list[ChoreAssignment]:
    """The rows as the cooldown job leaves them: expired pool claims dropped, other ended cycles reopened.

    In memory only, so reads are right however late the job runs; writes make the change themselves.
    """
    live = []
    for row in rows:
        if row.claim_expired(now):
            continue
        if row.cooldown_over(now):
            row.reopen()
        live.append(row)
    return live


# The same states as SQL conditions, for filtering in the database (they match ``state_at``/``settle``).


def open_rows(now: datetime) -> Q:
    return Q(is_completed=False) | Q(is_approved=True, cooldown_ends_at__lte=now)


def row_reward_cents(approval_reward_cents: int | None, chore_reward_cents: int) -> int:
    """reward(row) of §11.8 from the two columns, for queries that read them without building rows."""
    return approval_reward_cents if approval_reward_cents is not None else chore_reward_cents


def pending_rows() -> Q:
    return Q(is_completed=True, is_approved=False)


def approved_rows(now: datetime) -> Q:
    return Q(is_approved=True) & (Q(cooldown_ends_at__isnull=True) | Q(cooldown_ends_at__gt=now))


def live_rows(now: datetime) -> Q:
    """Every row but expired pool claims (written without NOT, which NULLs would defeat)."""
    return Q(pool_slot__isnull=True) | Q(is_approved=False) | Q(cooldown_ends_at__isnull=True) | Q(
        cooldown_ends_at__gt=now
    )


def rows_in_state(state: AssignmentState, now: datetime) -> Q:
    if state is AssignmentState.OPEN:
        return open_rows(now)
    if state is AssignmentState.PENDING:
        return pending_rows()
    return approved_rows(now)


async def remove_expired_pool_claim(
    chore_id: int, now: datetime, *, using_db: BaseDBAsyncClient | None = None
) -> bool:
    """Delete the chore's pool claim if its cooldown has ended, putting the chore back in the pool.

    One conditional DELETE, so it is safe to run from a request and from the expiry job at once.
    """
    deleted = await ChoreAssignment.filter(
        chore_id=chore_id, pool_slot=POOL_SLOT, is_approved=True, cooldown_ends_at__lte=now
    ).using_db(using_db).delete()
    return bool(deleted)
