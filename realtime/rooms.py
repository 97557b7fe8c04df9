"""Room names, and the internal messages that tell realtime servers a user's account changed or an API
token was revoked."""

from __future__ import annotations

# The Redis pub/sub channel shared by the realtime servers and every publisher.
DEFAULT_CHANNEL = "socketio"
# Internal pub/sub method (never sent to clients): re-read a user's account, close his sockets if disabled.
MEMBERSHIP_CHANGED = "membership_changed"
# Internal pub/sub method: an API token was revoked, close the sockets it opened.
API_TOKEN_REVOKED = "api_token_revoked"


def user_room(user_id: int) -> str:
    """The room events go to: each recipient's own (see realtime/publisher.py)."""
    return f"user:{user_id}"


def api_token_room(token_id: int) -> str:
    """The sockets an API token opened, so that its revocation can close them; no event goes there."""
    return f"api_token:{token_id}"
