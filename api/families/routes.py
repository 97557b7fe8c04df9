"""``/api/v1/families``: families, members and invite codes (contract §3, F9–F12 per decision D12)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated, require_parent
from api.errors import BadRequest
from api.families import service
from api.families.guards import family_required, parent_required
from api.families.schemas import (
    CleanupOut,
    CreateFamilyIn,
    FamilyContextOut,
    FamilyOut,
    FamilyStatsOut,
    InviteCodeIn,
    InviteCodeOut,
    JoinedOut,
    JoinFamilyIn,
    LeftOut,
    MemberPath,
    MembersOut,
    RemovedOut,
    RemoveMemberIn,
    TimezoneIn,
    TimezoneOut,
    cleanup_out,
    context_out,
    family_out,
    invite_code_out,
    joined_out,
    members_out,
    removed_out,
    stats_out,
)
from api.openapi import responds
from api.ratelimit import rate_limited
from api.validation import validate
from models import User

bp = Blueprint("families", url_prefix="/api/v1/families")


@bp.get("/context")
@responds(FamilyContextOut)
@authenticated
async def context(request: Request, user: User) -> HTTPResponse:
    """The caller's family, if any, and what he may do in it."""
    return json(context_out(user, await service.family_of(user)))


@bp.post("/create")
@responds(FamilyOut, status=201)
@authenticated
@parent_required
@validate(json=CreateFamilyIn)
async def create(request: Request, user: User, body: CreateFamilyIn) -> HTTPResponse:
    """Create a family; the caller and his children join it."""
    family = await service.create_family(parent=user, name=body.name)
    return json(family_out(family), status=201)


@bp.post("/join")
@responds(JoinedOut, errors=[404])
@authenticated
@parent_required
@validate(json=JoinFamilyIn)
async def join(request: Request, user: User, body: JoinFamilyIn) -> HTTPResponse:
    """Join a family with its invite code; the caller's children come along."""
    family = await service.join_family(parent=user, invite_code=body.invite_code)
    return json(joined_out(family))


@bp.get("/members")
@responds(MembersOut)
@authenticated
@family_required
async def members(request: Request, user: User) -> HTTPResponse:
    """The parents and children of the caller's family."""
    family, members = await service.family_members(user=user)
    return json(members_out(family, members))


@bp.post("/invite-code/generate")
@responds(InviteCodeOut)
@authenticated
@family_required
@validate(json=InviteCodeIn, json_optional=True)
async def generate_invite_code(request: Request, user: User, body: InviteCodeIn) -> HTTPResponse:
    """Replace the family's invite code, optionally expiring in 1–365 days."""
    require_parent(user, "Only parents can generate invite codes")
    family = await service.regenerate_invite_code(user=user, expires_in_days=body.expires_in_days)
    return json(invite_code_out(family))


# Sanic annotates ``post``/``get`` as returning a handler, not a decorator: mypy sees the decorated name as a coroutine.
bp.add_route(generate_invite_code, "/invite-code", methods=["POST"], name="invite_code")  # type: ignore[arg-type]


@bp.get("/stats")
@responds(FamilyStatsOut)
@authenticated
@family_required
async def stats(request: Request, user: User) -> HTTPResponse:
    """Members, chores and rewards of the caller's family."""
    return json(stats_out(await service.family_stats(user=user)))


@bp.get("/timezone")
@responds(TimezoneOut)
@authenticated
@family_required
@rate_limited(100)
async def get_timezone(request: Request, user: User) -> HTTPResponse:
    """The family's time zone (null: not set, UTC)."""
    return json({"timezone": await service.family_timezone(user=user)})


@bp.put("/timezone")
@responds(TimezoneOut)
@authenticated
@parent_required
@family_required
@validate(json=TimezoneIn)
@rate_limited(30)
async def set_timezone(request: Request, user: User, body: TimezoneIn) -> HTTPResponse:
    """Set the family's time zone, an IANA name such as `Europe/Berlin` (null: UTC)."""
    return json({"timezone": await service.set_family_timezone(parent=user, timezone=body.timezone)})


@bp.delete("/members/<user_id>")
@responds(RemovedOut)
@authenticated
@family_required
@validate(path=MemberPath, json=RemoveMemberIn)
async def remove_member(request: Request, user: User, path: MemberPath, body: RemoveMemberIn) -> HTTPResponse:
    """Remove a member (the body repeats his id) from the caller's family."""
    require_parent(user, "Only parents can remove family members")
    if body.user_id != path.user_id:
        raise BadRequest("User ID in path must match user ID in request body")
    await service.remove_member(parent=user, user_id=path.user_id)
    return json(removed_out(path.user_id))


@bp.post("/remove-member")
@responds(RemovedOut, errors=[404])
@authenticated
@family_required
@validate(json=RemoveMemberIn)
async def remove_member_by_body(request: Request, user: User, body: RemoveMemberIn) -> HTTPResponse:
    """Remove the member named in the body from the caller's family."""
    require_parent(user, "Only parents can remove family members")
    await service.remove_member(parent=user, user_id=body.user_id)
    return json(removed_out(body.user_id))


@bp.delete("/leave")
@responds(LeftOut)
@authenticated
@family_required
async def leave(request: Request, user: User) -> HTTPResponse:
    """Leave the caller's family (a parent, unless he is its last one)."""
    require_parent(user, "Only parents can leave a family")
    await service.leave_family(parent=user)
    return json({"success": True, "message": "Successfully left family"})


@bp.post("/admin/cleanup-invite-codes")
@responds(CleanupOut)
@authenticated
@parent_required
async def cleanup_invite_codes(request: Request, user: User) -> HTTPResponse:
    """Give the caller's family a new code without expiry if its code has expired."""
    return json(cleanup_out(await service.cleanup_invite_codes(parent=user)))


# Sanic types the decorated name as a coroutine (see above).
bp.add_route(cleanup_invite_codes, "/cleanup-codes", methods=["GET"], name="cleanup_codes")  # type: ignore[arg-type]
