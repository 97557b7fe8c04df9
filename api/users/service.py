"""Use cases of accounts: login and the caller's own profile."""

from __future__ import annotations

from api.errors import Unauthorized
from api.security import create_access_token, hash_password, hash_rounds, verify_password
from models import User
from settings import Settings


async def login(*, username: str, password: str, settings: Settings) -> str:
    """Check the credentials and return an access token (same cost for unknown users)."""
    user = await User.get_or_none(username=username)
    ok = await verify_password(password, user.hashed_password if user else None, settings.bcrypt_rounds)
    if user is None or not ok:
        raise Unauthorized("Incorrect username or password")
    if not user.is_active:
        raise Unauthorized("User is inactive")
    if hash_rounds(user.hashed_password) != settings.bcrypt_rounds:
        user.hashed_password = await hash_password(password, settings.bcrypt_rounds)
        await user.save(update_fields=["hashed_password"])
    return create_access_token(user.id, settings)
