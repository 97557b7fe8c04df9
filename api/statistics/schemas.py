"""Request and response shapes of the statistics (contract §8)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from api.statistics.service import Comparison, PeriodTotals, Series
from api.statistics.trends import Direction, Trend, comparison_insights, percentage_change, trend_insights
from api.validation import DbInt
from api.wire import Day, Money
from models.money import cents_to_number

COMPARISON_PATTERN = "^(" + "|".join(kind.value for kind in Comparison) + ")$"


class WeeklyQuery(BaseModel):
    weeks_back: int = Field(default=4, ge=1, le=12)
    child_id: DbInt | None = None


class MonthlyQuery(BaseModel):
    months_back: int = Field(default=6, ge=1, le=12)
    child_id: DbInt | None = None


class TrendsQuery(BaseModel):
    period: str = Field(default="monthly", pattern="^(weekly|monthly)$")
    child_id: DbInt | None = None


class ComparisonQuery(BaseModel):
    compare_periods: str = Field(default=Comparison.THIS_VS_LAST_MONTH.value, pattern=COMPARISON_PATTERN)
    child_id: DbInt | None = None


class PeriodFigures(TypedDict):
    completed_chores: int
    total_earned: Money
    total_adjustments: Money
    net_amount: Money
    active_children: int
    average_per_chore: float


class WeekOut(PeriodFigures):
    """A calendar week, Monday to Sunday."""

    week_start: Day
    week_end: Day


class MonthOut(PeriodFigures):
    """A calendar month; ``month`` is its label, e.g. ``"January 2025"``."""

    month: str
    year: int
    month_number: int


class SeriesTotals(TypedDict):
    total_chores: int
    total_earned: Money
    total_adjustments: Money
    trend_direction: Direction


class WeeklyTotals(SeriesTotals):
    average_per_week: float


class MonthlyTotals(SeriesTotals):
    average_per_month: float


class WeeklyOut(TypedDict):
    """S1's answer."""

    weeks_analyzed: int
    weekly_data: list[WeekOut]
    summary: WeeklyTotals


class MonthlyOut(TypedDict):
    """S2's answer."""

    months_analyzed: int
    monthly_data: list[MonthOut]
    summary: MonthlyTotals


class TrendOut(TypedDict):
    direction: Direction
    growth_rate: float
    consistency_score: float


class TrendsOut(TypedDict):
    """S3's answer: ``data_points`` are weeks or months, as ``period`` says."""

    period: Literal["weekly", "monthly"]
    periods_analyzed: int
    chore_completion_trend: TrendOut
    earnings_trend: TrendOut
    insights: list[str]
    data_points: list[WeekOut] | list[MonthOut]


class ComparedPeriodOut(TypedDict):
    completed_chores: int
    total_earned: Money
    total_adjustments: Money
    period_label: str


class ChangesOut(TypedDict):
    """Percent changes from the previous period to the current one."""

    chores_change: float
    earnings_change: float
    adjustments_change: float


class ComparisonOut(TypedDict):
    """S4's answer."""

    comparison_type: str
    current_period: ComparedPeriodOut
    previous_period: ComparedPeriodOut
    changes: ChangesOut
    insights: list[str]


def _average_per_chore(totals: PeriodTotals) -> float:
    if not totals.completed_chores:
        return 0.0
    return round(totals.earned_cents / totals.completed_chores / 100, 2)


def _figures(totals: PeriodTotals) -> PeriodFigures:
    return {
        "completed_chores": totals.completed_chores,
        "total_earned": cents_to_number(totals.earned_cents),
        "total_adjustments": cents_to_number(totals.adjustments_cents),
        "net_amount": cents_to_number(totals.earned_cents + totals.adjustments_cents),
        "active_children": totals.active_children,
        "average_per_chore": _average_per_chore(totals),
    }


def week_out(totals: PeriodTotals) -> WeekOut:
    return {
        "week_start": totals.period.start.isoformat(),
        "week_end": totals.period.last_day.isoformat(),
        **_figures(totals),
    }


def month_out(totals: PeriodTotals) -> MonthOut:
    return {
        "month": totals.period.label,
        "year": totals.period.start.year,
        "month_number": totals.period.start.month,
        **_figures(totals),
    }


class _SeriesSums(TypedDict):
    total_chores: int
    total_earned: Money
    total_adjustments: Money


def _sums(series: Series) -> _SeriesSums:
    """The first fields of a summary: chores, earnings and adjustments summed over the series."""
    return {
        "total_chores": sum(p.completed_chores for p in series.points),
        "total_earned": cents_to_number(sum(p.earned_cents for p in series.points)),
        "total_adjustments": cents_to_number(sum(p.adjustments_cents for p in series.points)),
    }


def weekly_out(series: Series) -> WeeklyOut:
    """S1's body, newest week first."""
    sums = _sums(series)
    return {
        "weeks_analyzed": len(series.points),
        "weekly_data": [week_out(p) for p in series.points],
        "summary": {
            **sums,
            "average_per_week": sums["total_chores"] / len(series.points),
            "trend_direction": series.chores_trend.direction,
        },
    }


def monthly_out(series: Series) -> MonthlyOut:
    """S2's body, newest month first."""
    sums = _sums(series)
    return {
        "months_analyzed": len(series.points),
        "monthly_data": [month_out(p) for p in series.points],
        "summary": {
            **sums,
            "average_per_month": sums["total_chores"] / len(series.points),
            "trend_direction": series.chores_trend.direction,
        },
    }


def _trend_out(trend: Trend) -> TrendOut:
    return {"direction": trend.direction, "growth_rate": trend.growth_rate, "consistency_score": trend.consistency_score}


def trends_out(period: str, series: Series) -> TrendsOut:
    """S3's body: trends of chores and earnings, insights, and the periods they come from.

    ``period`` is the validated query value, ``weekly`` or ``monthly``.
    """
    chores, earnings = series.chores_trend, series.earnings_trend
    weekly = period == "weekly"
    return {
        "period": "weekly" if weekly else "monthly",
        "periods_analyzed": len(series.points),
        "chore_completion_trend": _trend_out(chores),
        "earnings_trend": _trend_out(earnings),
        "insights": trend_insights(chores, earnings, period),
        "data_points": [week_out(p) for p in series.points] if weekly else [month_out(p) for p in series.points],
    }


def _compared_out(totals: PeriodTotals) -> ComparedPeriodOut:
    return {
        "completed_chores": totals.completed_chores,
        "total_earned": cents_to_number(totals.earned_cents),
        "total_adjustments": cents_to_number(totals.adjustments_cents),
        "period_label": totals.period.label,
    }


def comparison_out(compare: Comparison, current: PeriodTotals, previous: PeriodTotals) -> ComparisonOut:
    """S4's body: both periods, the percent changes between them and what they suggest."""
    chores_change = percentage_change(previous.completed_chores, current.completed_chores)
    earnings_change = percentage_change(previous.earned_cents, current.earned_cents)
    return {
        "comparison_type": compare.value,
        "current_period": _compared_out(current),
        "previous_period": _compared_out(previous),
        "changes": {
            "chores_change": chores_change,
            "earnings_change": earnings_change,
            "adjustments_change": percentage_change(previous.adjustments_cents, current.adjustments_cents),
        },
        "insights": comparison_insights(chores_change, earnings_change),
    }
