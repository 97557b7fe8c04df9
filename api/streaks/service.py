"""Use case of streaks: whose streaks the caller may read, computed from his occurrences."""

from __future__ import annotations

from api.errors import NotFound, RequestValidationError
from models import User
from models.streaks import ChildStreaks, streaks_of_child

UNKNOWN_CHILD = "Child user not found"


async def child_streaks(*, user: User, child_id: int | None) -> tuple[int, ChildStreaks]:
    """A child's own streaks, or those of the child of his family a parent names (404 otherwise)."""
    child = await whose(user, child_id)
    return child, await streaks_of_child(child)


async def whose(user: User, child_id: int | None) -> int:
    if not user.is_parent:
        if child_id not in (None, user.id):
            raise NotFound(UNKNOWN_CHILD)
        return user.id
    if child_id is None:
        missing = {"type": "missing", "loc": ["query", "child_id"], "msg": "Field required", "input": None}
        raise RequestValidationError([missing])
    child = await User.get_or_none(id=child_id, is_parent=False)
    if child is None or not user.manages(child):
        raise NotFound(UNKNOWN_CHILD)
    return child.id
