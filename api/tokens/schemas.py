"""Request and response shapes of the API tokens endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from typing_extensions import TypedDict

from api.validation import DbInt, future_instant
from api.wire import Timestamp
from models.api_tokens import MAX_LIFETIME, NAME_MAX_LENGTH, ApiScope, ApiToken, NewApiToken
from models.timeutil import isoformat_z

TokenName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX_LENGTH)]


class TokenIn(BaseModel):
    """A new token: its name, one or more scopes, and when it expires (default: in 90 days, at most 365)."""

    model_config = ConfigDict(extra="ignore")

    name: TokenName
    scopes: list[ApiScope] = Field(min_length=1, max_length=len(ApiScope))
    # UTC; a time without a zone is read as UTC (contract §0.6).
    expires_at: datetime | None = None

    @field_validator("scopes")
    @classmethod
    def _kiosk_alone(cls, scopes: list[ApiScope]) -> list[ApiScope]:
        if ApiScope.KIOSK in scopes and len(set(scopes)) > 1:
            raise ValueError("the kiosk scope cannot be combined with other scopes")
        return scopes

    @field_validator("expires_at")
    @classmethod
    def _within_lifetime(cls, expires_at: datetime | None) -> datetime | None:
        return None if expires_at is None else future_instant(expires_at, within=MAX_LIFETIME)


class TokenListQuery(BaseModel):
    skip: int = Field(default=0, ge=0, le=2**31)
    limit: int = Field(default=100, ge=1, le=100)


class TokenPath(BaseModel):
    token_id: DbInt


class TokenOut(TypedDict):
    """A token as listed: never its secret, only the first characters that identify it."""

    id: int
    name: str
    scopes: list[str]
    token_prefix: str
    created_by: int
    created_at: Timestamp
    expires_at: Timestamp
    last_used_at: Timestamp | None
    revoked_at: Timestamp | None


class NewTokenOut(TokenOut):
    """A token just created, with its secret: shown this once, then never again."""

    token: str


def token_out(token: ApiToken) -> TokenOut:
    return {
        "id": token.id,
        "name": token.name,
        "scopes": token.scopes.split(),
        "token_prefix": token.visible_prefix,
        "created_by": token.created_by_id,
        "created_at": isoformat_z(token.created_at),
        "expires_at": isoformat_z(token.expires_at),
        "last_used_at": isoformat_z(token.last_used_at),
        "revoked_at": isoformat_z(token.revoked_at),
    }


def new_token_out(created: NewApiToken) -> NewTokenOut:
    return {**token_out(created.token), "token": created.secret}
