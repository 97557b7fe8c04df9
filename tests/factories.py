"""Small async factories for test data; each returns saved models with sensible defaults."""

from __future__ import annotations

import itertools

import bcrypt

from api.security import create_access_token
from models import Family, User
from models.families import new_invite_code
from settings import Settings

PASSWORD = "password123"
_HASH = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
_sequence = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{next(_sequence)}"


async def make_family(name: str | None = None) -> Family:
    return await Family.create(name=name or unique("Family "), invite_code=new_invite_code())


async def make_parent(*, family: Family | None = None, username: str | None = None, **fields) -> User:
    username = username or unique("parent")
    return await User.create(
        username=username,
        email=f"{username}@example.com",
        hashed_password=_HASH,
        is_parent=True,
        family=family,
        **fields,
    )


async def make_child(parent: User, *, username: str | None = None, **fields) -> User:
    return await User.create(
        username=username or unique("child"),
        hashed_password=_HASH,
        is_parent=False,
        parent=parent,
        family_id=parent.family_id,
        **fields,
    )


def auth_headers(user: User, settings: Settings) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_access_token(user.id, settings)}"}
