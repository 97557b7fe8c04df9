"""Room names, and the internal message that tells realtime servers a user's rooms changed."""

from __future__ import annotations

from models import User

# The Redis pub/sub channel shared by the realtime servers and every publisher.
DEFAULT_CHANNEL = "socketio"
# Internal pub/sub method (never sent to clients): re-read a user's family and rooms.
MEMBERSHIP_CHANGED = "membership_changed"
FAMILY_ROOM_PREFIXES = ("family:", "parents:")


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


def family_room(family_id: int) -> str:
    return f"family:{family_id}"


def parents_room(family_id: int) -> str:
    return f"parents:{family_id}"


def rooms_for(user: User) -> set[str]:
    """The rooms a connected user belongs in, from his current account."""
    rooms = {user_room(user.id)}
    if user.family_id is not None:
        rooms.add(family_room(user.family_id))
        if user.is_parent:
            rooms.add(parents_room(user.family_id))
    return rooms
