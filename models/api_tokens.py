"""API tokens: a parent's personal access tokens, limited to scopes, for integrations and wall tablets.

A token is ``chk_`` and 43 random URL-safe characters (256 bits). Only its SHA-256 is stored: the
secret is random, so a fast hash is as safe as a slow one, and the unique index on the hash finds
the row without comparing secrets in Python. The prefix tells a token from a login JWT (which
starts with ``eyJ``) with a string test, so the login path pays nothing for tokens, and lets secret
scanners recognise a leaked one.

The REST API and the realtime process both authenticate with :func:`authenticate_api_token`;
``realtime`` may import ``models`` and nothing of ``api`` (design.md, Layout), so it lives here.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from models.access_tokens import InvalidToken
from models.timeutil import as_utc, utcnow
from models.users import User, user_by_id

if TYPE_CHECKING:
    from models.families import Family

API_TOKEN_PREFIX = "chk_"
SECRET_BYTES = 32
# What a listing shows of a token so that its owner recognises it: the prefix and 8 characters.
VISIBLE_CHARACTERS = len(API_TOKEN_PREFIX) + 8
DEFAULT_LIFETIME = timedelta(days=90)
MAX_LIFETIME = timedelta(days=365)
# last_used_at is written at most once per this interval and token, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)
NAME_MAX_LENGTH = 100


class ApiScope(StrEnum):
    """What a token may do; see api/token_scopes.py for the routes each one opens."""

    READ = "read"
    CHORES_WRITE = "chores:write"
    MONEY_WRITE = "money:write"
    KIOSK = "kiosk"


class InactiveHolder(InvalidToken):
    """The token is live but the parent who holds it was deactivated."""


class ApiToken(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=NAME_MAX_LENGTH)
    # Space-separated, like OAuth 2 scopes.
    scopes = fields.CharField(max_length=100)
    family: fields.ForeignKeyNullableRelation[Family] = fields.ForeignKeyField(
        "models.Family", related_name="api_tokens", null=True, on_delete=fields.CASCADE
    )
    created_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="api_tokens", on_delete=fields.CASCADE
    )
    secret_hash = fields.CharField(max_length=64, unique=True)
    visible_prefix = fields.CharField(max_length=VISIBLE_CHARACTERS)
    expires_at = fields.DatetimeField()
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    family_id: int | None
    created_by_id: int

    class Meta:
        table = "api_tokens"

    @property
    def scope_set(self) -> frozenset[ApiScope]:
        return frozenset(ApiScope(scope) for scope in self.scopes.split())

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and as_utc(self.expires_at) > now

    def held_by(self, user: User) -> bool:
        """Whether ``user`` still holds the token: its parent, in the family he created it in."""
        return user.id == self.created_by_id and user.is_parent and user.family_id == self.family_id


@dataclass(frozen=True)
class NewApiToken:
    """A token just created, and its secret: the only moment the secret exists outside the client."""

    token: ApiToken
    secret: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def looks_like_api_token(bearer: str) -> bool:
    return bearer.startswith(API_TOKEN_PREFIX)


def scopes_text(scopes: set[ApiScope] | frozenset[ApiScope]) -> str:
    """The stored form, in a stable order."""
    return " ".join(sorted(scope.value for scope in scopes))


async def create_api_token(*, parent: User, name: str, scopes: set[ApiScope], expires_at: datetime) -> NewApiToken:
    """A token of ``parent`` bound to his current family; its secret is returned once and never stored."""
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(SECRET_BYTES)
    token = await ApiToken.create(
        name=name,
        scopes=scopes_text(scopes),
        family_id=parent.family_id,
        created_by_id=parent.id,
        secret_hash=hash_secret(secret),
        visible_prefix=secret[:VISIBLE_CHARACTERS],
        expires_at=expires_at,
    )
    return NewApiToken(token, secret)


def tokens_visible_to(parent: User) -> QuerySet[ApiToken]:
    """The tokens a parent may list and revoke: his family's (co-parents have equal rights), or his own."""
    if parent.family_id is not None:
        return ApiToken.filter(family_id=parent.family_id)
    return ApiToken.filter(created_by_id=parent.id, family_id=None)


async def authenticate_api_token(secret: str) -> tuple[ApiToken, User]:
    """The live token a secret names and the active parent holding it.

    Raises InvalidToken when the secret is unknown, the token revoked or expired, or its parent gone
    or moved to another family; InactiveHolder when the parent was deactivated. A use is recorded.
    """
    now = utcnow()
    token = await ApiToken.get_or_none(secret_hash=hash_secret(secret))
    if token is None or not token.is_live(now):
        raise InvalidToken("unknown, revoked or expired API token")
    user = await user_by_id(token.created_by_id)
    if user is None or not token.held_by(user):
        raise InvalidToken("the API token's parent is gone or in another family")
    if not user.is_active:
        raise InactiveHolder("the API token's parent is inactive")
    await record_use(token, now)
    return token, user


async def record_use(token: ApiToken, now: datetime) -> None:
    """Set ``last_used_at``, at most once per LAST_USED_PRECISION: one conditional UPDATE, no write otherwise."""
    last = token.last_used_at
    if last is not None and now - as_utc(last) < LAST_USED_PRECISION:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
    await ApiToken.filter(stale, id=token.id).update(last_used_at=now)
    token.last_used_at = now
