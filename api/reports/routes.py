"""Reports (contract §9)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated
from api.openapi import responds
from api.reports import service
from api.reports.export import export_out
from api.reports.schemas import (
    AllowanceQuery,
    AllowanceSummaryOut,
    ChildPath,
    ExportOut,
    ExportQuery,
    HistoryEntryOut,
    RewardHistoryQuery,
    allowance_summary_out,
    history_entry_out,
)
from api.validation import validate
from models import User
from models.timeutil import utcnow

bp = Blueprint("reports", url_prefix="/api/v1/reports")


@bp.get("/allowance-summary")
@responds(AllowanceSummaryOut, errors=[400, 404])
@authenticated
@validate(query=AllowanceQuery)
async def allowance_summary(request: Request, user: User, query: AllowanceQuery) -> HTTPResponse:
    """Money per managed child (earned, adjustments, payouts, balance, pending) and family totals.

    `pending_chores_value` sums the rewards of fixed chores waiting for approval; a range chore counts 0
    until a parent approves it with its amount.
    """
    report = await service.allowance_summary(
        user=user, date_from=query.date_from, date_to=query.date_to, child_id=query.child_id
    )
    return json(allowance_summary_out(report))


@bp.get("/export/allowance-summary")
@responds(ExportOut, errors=[400, 404])
@authenticated
@validate(query=ExportQuery)
async def export_allowance_summary(request: Request, user: User, query: ExportQuery) -> HTTPResponse:
    """The allowance summary as a CSV or JSON document; with `entries=true`, also the period's ledger entries
    (each with its kind: reward, adjustment, payout, redemption, allowance)."""
    report, export_format = await service.export_allowance_summary(
        user=user, export_format=query.format, date_from=query.date_from, date_to=query.date_to,
        child_id=query.child_id, with_entries=query.entries,
    )
    return json(export_out(report, export_format, utcnow()))


@bp.get("/reward-history/<child_id>")
@responds(list[HistoryEntryOut], errors=[400])
@authenticated
@validate(path=ChildPath, query=RewardHistoryQuery)
async def reward_history(request: Request, user: User, path: ChildPath, query: RewardHistoryQuery) -> HTTPResponse:
    """A child's rewards, adjustments, payouts, redemptions and allowance, newest first."""
    entries = await service.reward_history(
        user=user, child_id=path.child_id, date_from=query.date_from, date_to=query.date_to, limit=query.limit
    )
    return json([history_entry_out(entry) for entry in entries])
