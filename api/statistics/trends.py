"""The statistics' formulas over a series of periods (contract §11.10, decision D9).

Series are given OLDEST FIRST, so "increasing" means the recent periods are higher.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

SLOPE_THRESHOLD = 0.1

Direction = Literal["increasing", "decreasing", "stable"]


def trend_direction(values: Sequence[float]) -> Direction:
    """``increasing`` / ``decreasing`` / ``stable`` from the least-squares slope over time."""
    n = len(values)
    if n < 2:
        return "stable"
    x_mean = (n - 1) / 2
    y_mean = sum(values) / n
    slope = sum((x - x_mean) * (y - y_mean) for x, y in enumerate(values)) / sum(
        (x - x_mean) ** 2 for x in range(n)
    )
    if slope > SLOPE_THRESHOLD:
        return "increasing"
    if slope < -SLOPE_THRESHOLD:
        return "decreasing"
    return "stable"


def growth_rate(values: Sequence[float]) -> float:
    """Percent change from the oldest to the newest value (0 when the oldest is 0)."""
    if len(values) < 2 or values[0] == 0:
        return 0.0
    return (values[-1] - values[0]) / abs(values[0]) * 100


def consistency_score(values: Sequence[float]) -> float:
    """100 − the coefficient of variation in percent, floored at 0 (100 for flat or empty series)."""
    n = len(values)
    if n < 2:
        return 100.0
    mean = sum(values) / n
    if mean == 0:
        return 100.0
    deviation = (sum((v - mean) ** 2 for v in values) / n) ** 0.5
    return max(0.0, 100 - 100 * deviation / mean)


def percentage_change(old: float, new: float) -> float:
    """Percent change from ``old`` to ``new``; from 0 it is 0 (no change) or 100."""
    if old == 0:
        return 0.0 if new == 0 else 100.0
    return (new - old) / abs(old) * 100


@dataclass(frozen=True)
class Trend:
    direction: Direction
    growth_rate: float
    consistency_score: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Trend:
        return cls(trend_direction(values), growth_rate(values), consistency_score(values))


def trend_insights(chores: Trend, earnings: Trend, period: str) -> list[str]:
    """S3's sentences; ``period`` is the query's value and is pluralised as the reference does."""
    span = f"{period}s"
    insights = []
    if chores.direction == "increasing":
        insights.append(f"Chore completion is trending upward over the past {span}")
    elif chores.direction == "decreasing":
        insights.append(f"Chore completion has been declining over the past {span}")
    if earnings.direction == "increasing":
        insights.append(f"Family earnings are growing steadily over the past {span}")
    elif earnings.direction == "decreasing":
        insights.append(f"Family earnings have decreased over the past {span}")
    if chores.consistency_score > 80:
        insights.append("Chore completion shows excellent consistency")
    elif chores.consistency_score < 50:
        insights.append("Chore completion varies significantly - consider setting regular goals")
    return insights


def comparison_insights(chores_change: float, earnings_change: float) -> list[str]:
    """S4's sentences about the change between two periods."""
    insights = []
    if chores_change > 10:
        insights.append(f"Great improvement! Chore completion increased by {chores_change:.1f}%")
    elif chores_change < -10:
        insights.append(f"Chore completion decreased by {abs(chores_change):.1f}% - consider reviewing goals")
    if earnings_change > 15:
        insights.append(f"Family earnings increased significantly by {earnings_change:.1f}%")
    elif earnings_change < -15:
        insights.append(f"Family earnings decreased by {abs(earnings_change):.1f}%")
    return insights
