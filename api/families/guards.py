"""The families group's access checks that run before the body is read (§0.4 step 4).

The reference implements them as dependencies, so they answer 403 before any 422.
Place them right under ``@authenticated``, which passes the caller as ``user``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from sanic.request import Request

from api.auth import require_parent
from api.errors import Forbidden
from api.families.service import FAMILY_MEMBERSHIP_REQUIRED
from models import User

PARENT_PRIVILEGES_REQUIRED = "This operation requires parent privileges"
Handler = Callable[..., Awaitable[Any]]


def parent_required(handler: Handler) -> Handler:
    """403 for children."""

    @wraps(handler)
    async def wrapper(request: Request, *args: Any, user: User, **kwargs: Any) -> Any:
        require_parent(user, PARENT_PRIVILEGES_REQUIRED)
        return await handler(request, *args, user=user, **kwargs)

    return wrapper


def family_required(handler: Handler) -> Handler:
    """403 for users without a family."""

    @wraps(handler)
    async def wrapper(request: Request, *args: Any, user: User, **kwargs: Any) -> Any:
        if user.family_id is None:
            raise Forbidden(FAMILY_MEMBERSHIP_REQUIRED)
        return await handler(request, *args, user=user, **kwargs)

    return wrapper
