"""The ledger behind each balance: its entries, and reversals of rewards, adjustments and payouts."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated
from api.idempotency import idempotent
from api.ledger import service
from api.ledger.schemas import EntryPath, LedgerEntryOut, LedgerQuery, ReversalIn, ledger_entry_out
from api.openapi import responds
from api.ratelimit import rate_limited
from api.validation import validate
from models import User

bp = Blueprint("ledger", url_prefix="/api/v1/ledger")


@bp.get("")
@responds(list[LedgerEntryOut], errors=[404])
@authenticated
@validate(query=LedgerQuery)
@rate_limited(100)
async def list_entries(request: Request, user: User, query: LedgerQuery) -> HTTPResponse:
    """Ledger entries the caller may see (a parent: his family's children, or one; a child: his own), newest first."""
    rows = await service.list_entries(user=user, child_id=query.child_id, skip=query.skip, limit=query.limit)
    return json([ledger_entry_out(entry, reversed_by) for entry, reversed_by in rows])


@bp.post("/<entry_id>/reverse")
@responds(LedgerEntryOut, status=201, errors=[400, 409])
@authenticated
@idempotent
@validate(path=EntryPath, json=ReversalIn)
@rate_limited(30)
async def reverse_entry(request: Request, user: User, path: EntryPath, body: ReversalIn) -> HTTPResponse:
    """Undo a reward, an adjustment, a payout or an allowance payment: append its opposite, with a reason."""
    reversal = await service.reverse_entry(user=user, entry_id=path.entry_id, reason=body.reason)
    return json(ledger_entry_out(reversal, None), status=201)
