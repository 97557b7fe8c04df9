"""Query shape of the catch-up route."""

from __future__ import annotations

from pydantic import BaseModel, Field

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_EVENT_ID = 2**63 - 1


class CatchUpQuery(BaseModel):
    after: int = Field(default=0, ge=0, le=MAX_EVENT_ID)
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
