"""Use cases of the statistics (contract §8 S1–S4, decisions D8, D9).

Figures come from the money ledger of the children the caller manages (``children_of``: with
decision D11, all the family's children), grouped by calendar period in ONE query per request:
a period's ``completed_chores`` is its number of rewards (approved cycles) that were not reversed,
``total_earned`` the sum of its reward entries (a reversal is a negative one, in the period it was
made), ``total_adjustments`` the sum of manual adjustments and allowance (money given outside
chores), ``active_children`` the children with a counted reward in it. Payouts are not earnings and
do not appear here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tortoise.expressions import Case, Q, Subquery, When
from tortoise.functions import Count, Sum

from api.errors import Forbidden, NotFound
from api.statistics.periods import Period, month, months_back, quarter, week, weeks_back
from api.statistics.trends import Trend
from models import EntryKind, LedgerEntry, User
from models.ledger import GIVEN_KINDS, counted_rewards
from models.timeutil import utcnow
from models.users import children_of

REWARD = Q(kind=EntryKind.REWARD)
GIVEN = Q(kind__in=GIVEN_KINDS)
TREND_PERIODS = {"weekly": 8, "monthly": 6}


class Comparison(StrEnum):
    THIS_VS_LAST_WEEK = "this_vs_last_week"
    THIS_VS_LAST_MONTH = "this_vs_last_month"
    CURRENT_VS_PREVIOUS_QUARTER = "current_vs_previous_quarter"


@dataclass(frozen=True)
class PeriodTotals:
    period: Period
    completed_chores: int = 0
    earned_cents: int = 0
    adjustments_cents: int = 0
    active_children: int = 0


@dataclass(frozen=True)
class Series:
    """Totals of consecutive periods, newest first (as returned to clients)."""

    points: list[PeriodTotals]

    @property
    def chores_trend(self) -> Trend:
        return Trend.of([p.completed_chores for p in reversed(self.points)])

    @property
    def earnings_trend(self) -> Trend:
        return Trend.of([p.earned_cents / 100 for p in reversed(self.points)])


async def weekly_summary(*, user: User, weeks: int, child_id: int | None) -> Series:
    """S1: the current calendar week (from Monday) and the ones before it."""
    _require_parent(user, "Only parents can access weekly statistics")
    return Series(await _totals(user, weeks_back(utcnow().date(), weeks), child_id))


async def monthly_summary(*, user: User, months: int, child_id: int | None) -> Series:
    """S2: the current calendar month and the ones before it."""
    _require_parent(user, "Only parents can access monthly statistics")
    return Series(await _totals(user, months_back(utcnow().date(), months), child_id))


async def trends(*, user: User, period: str, child_id: int | None) -> Series:
    """S3: 8 weeks or 6 months, whose trends the caller reads from the series."""
    _require_parent(user, "Only parents can access trend analysis")
    today, count = utcnow().date(), TREND_PERIODS[period]
    periods = weeks_back(today, count) if period == "weekly" else months_back(today, count)
    return Series(await _totals(user, periods, child_id))


async def comparison(*, user: User, compare: Comparison, child_id: int | None) -> tuple[PeriodTotals, PeriodTotals]:
    """S4: the current week, month or quarter so far against the whole previous one."""
    _require_parent(user, "Only parents can access comparison statistics")
    period_of = {
        Comparison.THIS_VS_LAST_WEEK: week,
        Comparison.THIS_VS_LAST_MONTH: month,
        Comparison.CURRENT_VS_PREVIOUS_QUARTER: quarter,
    }[compare]
    today = utcnow().date()
    current, previous = await _totals(user, [period_of(today, 0), period_of(today, 1)], child_id)
    return current, previous


def _require_parent(user: User, message: str) -> None:
    if not user.is_parent:
        raise Forbidden(message)


async def _children_filter(user: User, child_id: int | None) -> Q:
    """The ledger rows of the caller's managed children, or of one of them (404 if not his)."""
    children = children_of(user)
    if child_id is None:
        return Q(child_id__in=Subquery(children.values("id")))
    if not await children.filter(id=child_id).exists():
        raise NotFound("Child not found")
    return Q(child_id=child_id)


async def _totals(user: User, periods: list[Period], child_id: int | None) -> list[PeriodTotals]:
    """Totals of each of ``periods`` (contiguous, newest first), grouped in the database."""
    scope = await _children_filter(user, child_id)
    # Tortoise's stubs leave plain constants out of ``then``, which it wraps like any other value.
    bucket = Case(
        *(
            When(created_at__gte=p.start_at, created_at__lt=p.end_at, then=index)  # type: ignore[arg-type]
            for index, p in enumerate(periods)
        )
    )
    rows = (
        await LedgerEntry.filter(
            scope,
            kind__in=[EntryKind.REWARD, *GIVEN_KINDS],
            created_at__gte=periods[-1].start_at,
            created_at__lt=periods[0].end_at,
        )
        .annotate(bucket=bucket)
        .annotate(
            completed=Count("id", _filter=counted_rewards()),
            earned=Sum("amount_cents", _filter=REWARD),
            adjusted=Sum("amount_cents", _filter=GIVEN),
            active=Count("child_id", distinct=True, _filter=counted_rewards()),
        )
        .group_by("bucket")
        .values("bucket", "completed", "earned", "adjusted", "active")
    )
    found = {row["bucket"]: row for row in rows}
    return [
        PeriodTotals(
            period=p,
            completed_chores=found[i]["completed"],
            earned_cents=found[i]["earned"] or 0,
            adjustments_cents=found[i]["adjusted"] or 0,
            active_children=found[i]["active"],
        )
        if i in found
        else PeriodTotals(period=p)
        for i, p in enumerate(periods)
    ]
