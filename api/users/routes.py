"""``/api/v1/users``: login, registration, the caller, his children (contract §2).

Explicit rate limits sit below ``@validate``, so they count only well-formed, authenticated
requests (§0.4 step 6, §13).
"""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated, optional_user, require_parent
from api.json_body import json_body
from api.openapi import called_with_trailing_slash, responds
from api.ratelimit import rate_limited
from api.users import service
from api.users.schemas import (
    ChildPath,
    ChildWithChoresOut,
    LoginForm,
    NewPassword,
    ParentPath,
    RegisteredUserOut,
    RegisterForm,
    RegistrationStatusOut,
    TokenOut,
    UserCreate,
    UserListQuery,
    UserOut,
    UserStatsOut,
    child_with_chores_out,
    registered_user_out,
    registration_status_out,
    user_out,
    user_stats_out,
)
from api.validation import validate
from models import User

bp = Blueprint("users", url_prefix="/api/v1/users")


@bp.post("/login")
@responds(TokenOut, errors=[401])
@validate(form=LoginForm)
@rate_limited(5)
async def login(request: Request, body: LoginForm) -> HTTPResponse:
    """Exchange a username and password (form-encoded) for a bearer token."""
    token = await service.login(username=body.username, password=body.password, settings=request.app.ctx.settings)
    return json({"access_token": token, "token_type": "bearer"})


@bp.post("/register")
@responds(RegisteredUserOut, status=201, errors=[401, 403, 404])
@validate(form=RegisterForm)
@rate_limited(3)
async def register(request: Request, body: RegisterForm) -> HTTPResponse:
    """Register a parent (form-encoded, with a registration code), or a child with a parent's token."""
    user = await service.register(
        username=body.username,
        password=body.password,
        wants_parent=body.wants_parent,
        email=body.email,
        parent_id=body.parent_id,
        registration_code=body.registration_code,
        caller=await optional_user(request),
        settings=request.app.ctx.settings,
    )
    return json(registered_user_out(user), status=201)


@bp.post("")
@called_with_trailing_slash
@responds(UserOut, status=201, errors=[404])
@authenticated
@validate(json=UserCreate)
@rate_limited(3)
async def create_user(request: Request, user: User, body: UserCreate) -> HTTPResponse:
    """Create an account as a parent: usually a child, who joins the parent's family."""
    require_parent(user, "Only parents can create new users")
    created = await service.create_user(
        caller=user,
        username=body.username,
        password=body.password,
        is_parent=body.is_parent,
        email=body.email,
        parent_id=body.parent_id,
        registration_code=body.registration_code,
        settings=request.app.ctx.settings,
    )
    return json(user_out(created), status=201)


@bp.get("")
@called_with_trailing_slash
@responds(list[UserOut])
@authenticated
@validate(query=UserListQuery)
@rate_limited(100)
async def list_users(request: Request, user: User, query: UserListQuery) -> HTTPResponse:
    """The accounts of the caller's family, parents only (decision D4)."""
    require_parent(user, "Only parents can list users")
    users = await service.list_users(parent=user, skip=query.skip, limit=query.limit)
    return json([user_out(member) for member in users])


@bp.get("/me")
@responds(UserOut)
@authenticated
async def me(request: Request, user: User) -> HTTPResponse:
    """The caller's own account."""
    return json_body(user_out(user))


@bp.get("/my-children")
@responds(list[ChildWithChoresOut])
@authenticated
async def my_children(request: Request, user: User) -> HTTPResponse:
    """The children the caller manages, with their assignments."""
    require_parent(user, "Only parents can list their children")
    children = await service.children_with_chores(parent=user)
    return json([child_with_chores_out(child, assignments) for child, assignments in children])


@bp.get("/my-family-children")
@responds(list[ChildWithChoresOut])
@authenticated
async def my_family_children(request: Request, user: User) -> HTTPResponse:
    """The children of the caller's family (his own without one), with their assignments."""
    require_parent(user, "Only parents can access children information")
    children = await service.children_with_chores(parent=user)
    return json([child_with_chores_out(child, assignments) for child, assignments in children])


@bp.post("/children/<child_id>/reset-password")
@responds(UserOut)
@authenticated
@validate(path=ChildPath, json=NewPassword)
async def reset_child_password(request: Request, user: User, path: ChildPath, body: NewPassword) -> HTTPResponse:
    """Set a new password for a child of the caller's family (body: a bare JSON string)."""
    require_parent(user, "Only parents can reset passwords")
    child = await service.reset_child_password(
        parent=user, child_id=path.child_id, password=body.root, settings=request.app.ctx.settings
    )
    return json(user_out(child))


@bp.get("/children/<parent_id>")
@responds(list[UserOut])
@authenticated
@validate(path=ParentPath)
async def children_of_parent(request: Request, user: User, path: ParentPath) -> HTTPResponse:
    """The children of a parent of the caller's family (empty for anyone else)."""
    children = await service.children_of_parent(user=user, parent_id=path.parent_id)
    return json([user_out(child) for child in children])


@bp.get("/stats")
@responds(UserStatsOut)
@authenticated
async def stats(request: Request, user: User) -> HTTPResponse:
    """The caller's account, family and head counts."""
    family, children_count, members_count = await service.user_stats(user=user)
    return json(user_stats_out(user, family, children_count, members_count))


@bp.get("/admin/registration-status")
@responds(RegistrationStatusOut)
@authenticated
async def registration_status(request: Request, user: User) -> HTTPResponse:
    """Whether parents need a registration code, and which ones work (parents only, decision D4)."""
    require_parent(user, "Only parents can view registration status")
    return json(registration_status_out(request.app.ctx.settings.registration_codes))
