"""Request and response shapes of the users endpoints."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models import User


class LoginForm(BaseModel):
    """OAuth2 password form (§U1)."""

    model_config = ConfigDict(extra="ignore")

    username: str
    password: str
    grant_type: str | None = Field(default=None, pattern="^password$")
    scope: str = ""
    client_id: str | None = None
    client_secret: str | None = None


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"


def user_out(user: User) -> dict:
    """The public ``User`` object (§1.1): never the password hash, never the family id."""
    return {
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "is_parent": user.is_parent,
        "is_active": user.is_active,
        "parent_id": user.parent_id,
    }
