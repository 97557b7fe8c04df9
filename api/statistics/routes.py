"""Statistics (contract §8)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated
from api.openapi import responds
from api.statistics import service
from api.statistics.schemas import (
    ComparisonOut,
    ComparisonQuery,
    MonthlyOut,
    MonthlyQuery,
    TrendsOut,
    TrendsQuery,
    WeeklyOut,
    WeeklyQuery,
    comparison_out,
    monthly_out,
    trends_out,
    weekly_out,
)
from api.validation import validate
from models import User

bp = Blueprint("statistics", url_prefix="/api/v1/statistics")


@bp.get("/weekly-summary")
@responds(WeeklyOut, errors=[404])
@authenticated
@validate(query=WeeklyQuery)
async def weekly_summary(request: Request, user: User, query: WeeklyQuery) -> HTTPResponse:
    """Chores and money per calendar week (Monday first), newest first."""
    series = await service.weekly_summary(user=user, weeks=query.weeks_back, child_id=query.child_id)
    return json(weekly_out(series))


@bp.get("/monthly-summary")
@responds(MonthlyOut, errors=[404])
@authenticated
@validate(query=MonthlyQuery)
async def monthly_summary(request: Request, user: User, query: MonthlyQuery) -> HTTPResponse:
    """Chores and money per calendar month, newest first."""
    series = await service.monthly_summary(user=user, months=query.months_back, child_id=query.child_id)
    return json(monthly_out(series))


@bp.get("/trends")
@responds(TrendsOut, errors=[404])
@authenticated
@validate(query=TrendsQuery)
async def trends(request: Request, user: User, query: TrendsQuery) -> HTTPResponse:
    """Direction, growth and consistency of chores and earnings over 8 weeks or 6 months."""
    series = await service.trends(user=user, period=query.period, child_id=query.child_id)
    return json(trends_out(query.period, series))


@bp.get("/comparison")
@responds(ComparisonOut, errors=[404])
@authenticated
@validate(query=ComparisonQuery)
async def comparison(request: Request, user: User, query: ComparisonQuery) -> HTTPResponse:
    """This week, month or quarter so far against the previous one."""
    compare = service.Comparison(query.compare_periods)
    current, previous = await service.comparison(user=user, compare=compare, child_id=query.child_id)
    return json(comparison_out(compare, current, previous))
