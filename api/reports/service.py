"""Use cases of the reports: allowance summary, its export, a child's reward history (contract §9).

Every figure comes from the money ledger (decision D1), aggregated in the database: a report runs
the same few queries whatever the number of children or entries. With decision D11 a parent reports
on every child he manages (``children_of``): all the family's children, or his own without a family.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from tortoise.expressions import Q
from tortoise.functions import Count, Max, Sum

from api.errors import BadRequest, Forbidden, NotFound
from api.reports.period import DateRange, parse_date_range
from models import ChoreAssignment, EntryKind, LedgerEntry, User
from models.assignments import pending_rows
from models.ledger import GIVEN_KINDS, PAID_OUT_KINDS, LedgerTotals, counted_rewards
from models.timeutil import utcnow
from models.users import children_of

REWARD, ADJUSTMENT, ALLOWANCE = (Q(kind=kind) for kind in (EntryKind.REWARD, EntryKind.ADJUSTMENT, EntryKind.ALLOWANCE))
PAID_OUT = Q(kind__in=PAID_OUT_KINDS)
GIVEN = Q(kind__in=GIVEN_KINDS)


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


@dataclass(frozen=True)
class ChildAllowance:
    id: int
    username: str
    money: LedgerTotals
    pending_cents: int = 0
    last_activity_date: datetime | None = None


@dataclass(frozen=True)
class ReportEntry:
    """One ledger entry of a reported child, for the export's optional list of entries."""

    id: int
    child_id: int
    child_name: str
    kind: EntryKind
    amount_cents: int
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class AllowanceReport:
    children: list[ChildAllowance]
    period_start: datetime | None
    period_end: datetime
    # Every ledger entry of the period, oldest first, when the export asks for them.
    entries: list[ReportEntry] | None = None

    @property
    def totals(self) -> LedgerTotals:
        """The family's money: sums over the child rows."""
        return LedgerTotals(
            earned_cents=sum(row.money.earned_cents for row in self.children),
            adjustments_cents=sum(row.money.adjustments_cents for row in self.children),
            paid_out_cents=sum(row.money.paid_out_cents for row in self.children),
            rewards_count=sum(row.money.rewards_count for row in self.children),
            adjustments_count=sum(row.money.adjustments_count for row in self.children),
            allowance_cents=sum(row.money.allowance_cents for row in self.children),
        )


@dataclass(frozen=True)
class HistoryEntry:
    """One ledger entry of a child, with the title of the chore it pays for (rewards)."""

    id: int
    kind: EntryKind
    amount_cents: int
    reason: str
    created_at: datetime
    chore_id: int | None
    chore_title: str | None
    assignment_id: int | None
    reverses_id: int | None = None


async def allowance_summary(*, user: User, date_from: str | None, date_to: str | None,
                            child_id: int | None) -> AllowanceReport:
    """R1: each managed child's earnings, adjustments, payouts (with redemptions), balance and pending value."""
    if not user.is_parent:
        raise Forbidden("Only parents can access allowance summaries")
    return await _allowance_report(user, parse_date_range(date_from, date_to), child_id)


async def export_allowance_summary(*, user: User, export_format: str, date_from: str | None, date_to: str | None,
                                   child_id: int | None, with_entries: bool = False) -> tuple[AllowanceReport, ExportFormat]:
    """R2: the allowance summary (with the period's ledger entries when asked) and the format to export it in
    (checked after the report's own errors)."""
    if not user.is_parent:
        raise Forbidden("Only parents can export reports")
    period = parse_date_range(date_from, date_to)
    report = await _allowance_report(user, period, child_id)
    try:
        chosen = ExportFormat(export_format.lower())
    except ValueError:
        raise BadRequest("Unsupported export format. Use 'csv' or 'json'") from None
    if with_entries:
        report = replace(report, entries=await _entries(report.children, period))
    return report, chosen


async def reward_history(*, user: User, child_id: int, date_from: str | None, date_to: str | None,
                         limit: int) -> list[HistoryEntry]:
    """R3: a child's ledger (rewards, adjustments, payouts, redemptions), newest first."""
    if user.is_parent:
        child = await User.get_or_none(id=child_id)
        if child is None or not user.manages(child):
            raise NotFound("Child not found or does not belong to parent")
    elif user.id != child_id:
        raise Forbidden("Children can only view their own reward history")
    period = parse_date_range(date_from, date_to)
    rows = (
        await LedgerEntry.filter(period.covering("created_at"), child_id=child_id)
        .order_by("-created_at", "-id")
        .limit(limit)
        .values("id", "kind", "amount_cents", "reason", "created_at", "chore_id", "assignment_id", "reverses_id",
                chore_title="chore__title")
    )
    return [HistoryEntry(**row) for row in rows]


async def _allowance_report(user: User, period: DateRange, child_id: int | None) -> AllowanceReport:
    children = await _children_reported(user, child_id)
    ids = [child.id for child in children]
    ledger = await _ledger_totals(ids, period) if ids else {}
    pending = await _pending_values(ids, period) if ids else {}
    rows = []
    for child in children:
        money, last_reward = ledger.get(child.id, (LedgerTotals(), None))
        rows.append(ChildAllowance(id=child.id, username=child.username, money=money,
                                   pending_cents=pending.get(child.id, 0), last_activity_date=last_reward))
    return AllowanceReport(children=rows, period_start=period.start, period_end=period.shown_end or utcnow())


async def _children_reported(user: User, child_id: int | None) -> list[User]:
    children = children_of(user)
    if child_id is None:
        return await children.order_by("username", "id")
    child = await children.filter(id=child_id).first()
    if child is None:
        raise NotFound("Child not found or does not belong to your family")
    return [child]


async def _ledger_totals(child_ids: list[int], period: DateRange) -> dict[int, tuple[LedgerTotals, datetime | None]]:
    """Per child: his ledger summed by kind over the period, and his latest reward, in one grouped query.

    Sums include reversals (same kind, opposite amount); the count and the latest reward are those
    of ``counted_rewards`` (a reversed reward is not a completed chore). Allowance is summed with the
    adjustments (``GIVEN_KINDS``), not counted with them.
    """
    rows = (
        await LedgerEntry.filter(period.covering("created_at"), child_id__in=child_ids)
        .annotate(
            rewards=Count("id", _filter=counted_rewards()),
            earned=Sum("amount_cents", _filter=REWARD),
            adjustments=Count("id", _filter=ADJUSTMENT),
            adjusted=Sum("amount_cents", _filter=GIVEN),
            allowance=Sum("amount_cents", _filter=ALLOWANCE),
            paid=Sum("amount_cents", _filter=PAID_OUT),
            last_reward=Max("created_at", _filter=counted_rewards()),
        )
        .group_by("child_id")
        .values("child_id", "rewards", "earned", "adjustments", "adjusted", "allowance", "paid", "last_reward")
    )
    return {
        row["child_id"]: (
            LedgerTotals(
                earned_cents=row["earned"] or 0,
                adjustments_cents=row["adjusted"] or 0,
                paid_out_cents=-(row["paid"] or 0),
                rewards_count=row["rewards"],
                adjustments_count=row["adjustments"],
                allowance_cents=row["allowance"] or 0,
            ),
            row["last_reward"],
        )
        for row in rows
    }


async def _entries(children: list[ChildAllowance], period: DateRange) -> list[ReportEntry]:
    """The reported children's ledger entries in the period, oldest first, each with its kind."""
    names = {child.id: child.username for child in children}
    rows = (
        await LedgerEntry.filter(period.covering("created_at"), child_id__in=list(names))
        .order_by("created_at", "id")
        .values("id", "child_id", "kind", "amount_cents", "reason", "created_at")
    )
    return [
        ReportEntry(**{**row, "kind": EntryKind(row["kind"])}, child_name=names[row["child_id"]]) for row in rows
    ]


async def _pending_values(child_ids: list[int], period: DateRange) -> dict[int, int]:
    """Per child: what the fixed chores waiting for approval will pay, in one grouped query.

    A range chore counts 0: its amount is not known until a parent picks it when approving, and
    the reference's figure, which clients show beside this one, counts it 0 too (issue #15.4).
    Only completions inside the period count.
    """
    rows = (
        await ChoreAssignment.filter(
            period.covering("completion_date"), pending_rows(), assignee_id__in=child_ids,
            chore__is_range_reward=False,
        )
        .annotate(fixed=Sum("chore__reward_cents"))
        .group_by("assignee_id")
        .values("assignee_id", "fixed")
    )
    return {row["assignee_id"]: row["fixed"] or 0 for row in rows}
