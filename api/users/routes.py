"""``/api/v1/users``: login, registration, the caller, his children (contract §2)."""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, json

from api.auth import authenticated
from api.users import service
from api.users.schemas import LoginForm, user_out
from api.validation import validate
from models import User

bp = Blueprint("users", url_prefix="/api/v1/users")


@bp.post("/login")
@validate(form=LoginForm)
async def login(request: Request, body: LoginForm) -> HTTPResponse:
    """Exchange a username and password (form-encoded) for a bearer token."""
    token = await service.login(username=body.username, password=body.password, settings=request.app.ctx.settings)
    return json({"access_token": token, "token_type": "bearer"})


@bp.get("/me")
@authenticated
async def me(request: Request, user: User) -> HTTPResponse:
    """The caller's own account."""
    return json(user_out(user))
