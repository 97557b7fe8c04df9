"""Room names, and the internal message that tells realtime servers a user's account changed."""

from __future__ import annotations

# The Redis pub/sub channel shared by the realtime servers and every publisher.
DEFAULT_CHANNEL = "socketio"
# Internal pub/sub method (never sent to clients): re-read a user's account, close his sockets if disabled.
MEMBERSHIP_CHANGED = "membership_changed"


def user_room(user_id: int) -> str:
    """The one room a socket joins: events go to each recipient's own room (see realtime/publisher.py)."""
    return f"user:{user_id}"
