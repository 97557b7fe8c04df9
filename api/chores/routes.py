"""Chores (contract §4).

Approving and rejecting a chore's first completed row (C11, C12) are routes of this blueprint too,
declared in api/assignments/routes.py beside the other decisions, so that assignments import chores
and never the other way round.
"""

from __future__ import annotations

from typing import cast

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, empty, json

from api.auth import acting_user, authenticated
from api.chores import completion, definition, reads
from api.chores.schemas import (
    AvailableChoresOut,
    AvailableQuery,
    ChildChoresQuery,
    ChoreCreate,
    ChoreListQuery,
    ChoreOut,
    ChorePath,
    ChoreUpdate,
    CompletionOut,
    KioskChildQuery,
    PendingItemOut,
    assignment_out,
    available_item_out,
    chore_out,
    pending_item_out,
)
from api.json_body import json_body
from api.openapi import responds
from api.ratelimit import rate_limited
from api.users.schemas import ChildPath
from api.validation import validate
from models import ChoreAssignment, User
from models.schedules import OccurrenceState

bp = Blueprint("chores", url_prefix="/api/v1/chores")


@bp.post("")
@responds(ChoreOut, status=201, errors=[404])
@authenticated
@validate(json=ChoreCreate)
@rate_limited(30)
async def create_chore(request: Request, user: User, body: ChoreCreate) -> HTTPResponse:
    """Create a chore and assign it."""
    view = await definition.create_chore(user=user, data=body)
    return json(chore_out(view), status=201)


@bp.get("")
@responds(list[ChoreOut], errors=[404])
@authenticated
@validate(query=ChoreListQuery)
async def list_chores(request: Request, user: User, query: ChoreListQuery) -> HTTPResponse:
    """List the chores the caller sees."""
    views = await reads.list_chores(
        user=user, state=query.state, child_id=query.child_id, skip=query.skip, limit=query.limit
    )
    return json([chore_out(view) for view in views])


@bp.get("/available")
@responds(AvailableChoresOut, errors=[404])
@authenticated
@validate(query=AvailableQuery)
async def available_chores(request: Request, user: User, query: AvailableQuery) -> HTTPResponse:
    """A child's to-do list: his open chores and the family pool (a kiosk token names the child);
    `?state=` lists his scheduled chores with an occurrence in that state instead."""
    child = await acting_user(request, user, query.child_id)
    state = None if query.state is None else OccurrenceState(query.state)
    assigned, pool = await reads.available_chores(user=child, state=state)
    return json_body(
        {
            "assigned": [available_item_out(view) for view in assigned],
            "pool": [available_item_out(view) for view in pool],
            "total_count": len(assigned) + len(pool),
        }
    )


@bp.get("/pending-approval")
@responds(list[PendingItemOut])
@authenticated
async def pending_approval(request: Request, user: User) -> HTTPResponse:
    """Completed chores waiting for a parent's decision."""
    items = await reads.pending_approvals(user=user)
    return json_body([pending_item_out(row, view, assignee) for row, view, assignee in items])


@bp.get("/child/<child_id>")
@responds(list[ChoreOut])
@authenticated
@validate(path=ChildPath, query=ChildChoresQuery)
async def child_chores(request: Request, user: User, path: ChildPath, query: ChildChoresQuery) -> HTTPResponse:
    """Every chore of one child, with his state on each (`?state=`: his scheduled chores with an occurrence in it)."""
    state = None if query.state is None else OccurrenceState(query.state)
    views = await reads.child_chores(user=user, child_id=path.child_id, state=state)
    return json([chore_out(view) for view in views])


@bp.get("/child/<child_id>/completed")
@responds(list[ChoreOut])
@authenticated
@validate(path=ChildPath)
async def child_completed_chores(request: Request, user: User, path: ChildPath) -> HTTPResponse:
    """The chores one child has completed."""
    views = await reads.child_completed_chores(user=user, child_id=path.child_id)
    return json([chore_out(view) for view in views])


@bp.get("/<chore_id>")
@responds(ChoreOut)
@authenticated
@validate(path=ChorePath)
async def get_chore(request: Request, user: User, path: ChorePath) -> HTTPResponse:
    """One chore with its assignments."""
    view = await reads.get_chore(user=user, chore_id=path.chore_id)
    return json(chore_out(view))


@bp.put("/<chore_id>")
@responds(ChoreOut)
@authenticated
@validate(path=ChorePath, json=ChoreUpdate)
@rate_limited(50)
async def update_chore(request: Request, user: User, path: ChorePath, body: ChoreUpdate) -> HTTPResponse:
    """Change a chore nobody has completed yet."""
    view = await definition.update_chore(user=user, chore_id=path.chore_id, changes=body)
    return json(chore_out(view))


@bp.delete("/<chore_id>")
@responds(None, status=204)
@authenticated
@validate(path=ChorePath)
@rate_limited(20)
async def delete_chore(request: Request, user: User, path: ChorePath) -> HTTPResponse:
    """Delete a chore and its assignments."""
    await definition.delete_chore(user=user, chore_id=path.chore_id)
    return empty()


@bp.post("/<chore_id>/complete")
@responds(CompletionOut, errors=[409])
@authenticated
@validate(path=ChorePath, query=KioskChildQuery)
async def complete_chore(request: Request, user: User, path: ChorePath, query: KioskChildQuery) -> HTTPResponse:
    """A child completes a chore, or claims a pool chore (a kiosk token completes it for the child it names)."""
    child = await acting_user(request, user, query.child_id)
    view = await completion.complete_chore(user=child, chore_id=path.chore_id, settings=request.app.ctx.settings)
    row = cast(ChoreAssignment, view.focus)  # the caller's row, which he has just completed
    return json({"chore": chore_out(view), "assignment": assignment_out(row), "message": "Chore completed successfully"})


@bp.post("/<chore_id>/disable")
@responds(ChoreOut)
@authenticated
@validate(path=ChorePath)
async def disable_chore(request: Request, user: User, path: ChorePath) -> HTTPResponse:
    """Hide a chore from children."""
    view = await definition.disable_chore(user=user, chore_id=path.chore_id)
    return json(chore_out(view))


@bp.post("/<chore_id>/enable")
@responds(ChoreOut)
@authenticated
@validate(path=ChorePath)
async def enable_chore(request: Request, user: User, path: ChorePath) -> HTTPResponse:
    """Show a disabled chore again."""
    view = await definition.enable_chore(user=user, chore_id=path.chore_id)
    return json(chore_out(view))
