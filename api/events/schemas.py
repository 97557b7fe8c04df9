"""Query and response shapes of the catch-up route."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from api.wire import Timestamp

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_EVENT_ID = 2**63 - 1


class CatchUpQuery(BaseModel):
    after: int = Field(default=0, ge=0, le=MAX_EVENT_ID)
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class EventOut(TypedDict):
    """A realtime event, as ``models.Event.payload`` writes it for Socket.IO and catch-up alike."""

    id: int
    type: str
    occurred_at: Timestamp
    data: dict[str, Any]
