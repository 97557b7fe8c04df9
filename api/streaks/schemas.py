"""Request and response shapes of ``/api/v1/streaks``."""

from __future__ import annotations

from pydantic import BaseModel
from typing_extensions import TypedDict

from api.validation import DbInt
from models.streaks import ChildStreaks, Streak


class StreaksQuery(BaseModel):
    """``child_id``: the child whose streaks a parent reads (required for a parent; a child reads his own)."""

    child_id: DbInt | None = None


class StreakOut(TypedDict):
    """``current``: occurrences done on time since the last one that was missed or late; ``best``: the longest run."""

    current: int
    best: int


class ChoreStreakOut(StreakOut):
    chore_id: int
    chore_title: str


class StreaksOut(TypedDict):
    """A child's streak over all his scheduled chores, and one per scheduled chore he has occurrences of."""

    child_id: int
    overall: StreakOut
    chores: list[ChoreStreakOut]


def streak_out(streak: Streak) -> StreakOut:
    return {"current": streak.current, "best": streak.best}


def streaks_out(child_id: int, streaks: ChildStreaks) -> StreaksOut:
    return {
        "child_id": child_id,
        "overall": streak_out(streaks.overall),
        "chores": [
            {"chore_id": chore.chore_id, "chore_title": chore.chore_title, **streak_out(chore.streak)}
            for chore in streaks.chores
        ],
    }
