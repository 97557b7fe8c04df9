"""The occurrence fields of scheduled chores in the chore views (issue #12, item 3).

A scheduled chore shows its child's current occurrence (``due_at``, ``occurrence_state``...): the
oldest open, overdue or completed one, else the next upcoming one. In a child's available list a
scheduled chore shows only while one of his occurrences is open or overdue. Chores without a
schedule are left exactly as they were (one query finds that there is none). Occurrences are read as
plain rows (models/sql_reads.py), the way the views' schemas serialise them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, TypeVar

from api.chores import queries
from api.chores.listing import ListedChore, listed_chores
from api.chores.views import ChoreView, load_views
from models import Chore
from models.occurrences import LIVE
from models.schedules import ChoreOccurrence, OccurrenceState
from models.sql_reads import Row, fetch, marks, select_list, table

# The states that make a chore's current occurrence, oldest due first; upcoming ones only without another.
CURRENT = (*LIVE, OccurrenceState.COMPLETED, OccurrenceState.UPCOMING)


class Occurring(Protocol):
    """A view that can show an occurrence: ``ChoreView`` or ``ListedChore``."""

    occurrence: Row | None

    @property
    def chore_id(self) -> int: ...


V = TypeVar("V", bound=Occurring)


async def with_occurrences(views: list[V], scheduled: set[int], child_id: int, *, live_only: bool = False) -> list[V]:
    """The views with the child's current occurrence on each chore of ``scheduled`` (the ids of those with
    a schedule); ``live_only`` (the to-do list) drops the scheduled chores none of whose occurrences is
    open or overdue. Without a scheduled chore, no query."""
    if not scheduled:
        return views
    current = await _current_occurrences(sorted(scheduled), child_id, LIVE if live_only else CURRENT)
    kept = []
    for view in views:
        if view.chore_id in scheduled:
            view.occurrence = current.get(view.chore_id)
            if live_only and view.occurrence is None:
                continue
        kept.append(view)
    return kept


async def views_in_state(child_id: int, state: OccurrenceState, now: datetime) -> list[ChoreView]:
    """The child's scheduled chores with an occurrence in ``state``, disabled ones too, each showing his
    oldest such one and his row's compatibility fields (C5)."""
    first = await _first_occurrences_in(child_id, state)
    chores = await Chore.filter(id__in=list(first)).order_by("id")
    views = await load_views(chores, now, focus_child_id=child_id, with_compat=True)
    for view in views:
        view.occurrence = first[view.chore_id]
    return views


async def listed_in_state(child_id: int, state: OccurrenceState, now: datetime) -> list[ListedChore]:
    """The child's enabled scheduled chores with an occurrence in ``state``, each showing his oldest such
    one (C3 with ``state``)."""
    first = await _first_occurrences_in(child_id, state)
    chores = await queries.enabled_chores(list(first))
    listed = await listed_chores(chores, now, focus_child_id=child_id)
    for item in listed:
        item.occurrence = first[item.chore_id]
    return listed


async def _current_occurrences(chore_ids: list[int], child_id: int, states: tuple[OccurrenceState, ...]) -> dict[int, Row]:
    sql = (
        f"SELECT {select_list(ChoreOccurrence)} FROM {table(ChoreOccurrence)} WHERE `chore_id` IN "
        f"({marks(len(chore_ids))}) AND `assignee_id` = %s AND `state` IN ({marks(len(states))}) ORDER BY `due_at`, `id`"
    )
    current: dict[int, Row] = {}
    for occurrence in await fetch(sql, *chore_ids, child_id, *[state.value for state in states]):
        held = current.get(occurrence["chore_id"])
        if held is None or (held["state"] == OccurrenceState.UPCOMING and occurrence["state"] != OccurrenceState.UPCOMING):
            current[occurrence["chore_id"]] = occurrence
    return current


async def _first_occurrences_in(child_id: int, state: OccurrenceState) -> dict[int, Row]:
    """The child's oldest occurrence in ``state`` of each chore that has one."""
    sql = (
        f"SELECT {select_list(ChoreOccurrence)} FROM {table(ChoreOccurrence)} "
        "WHERE `assignee_id` = %s AND `state` = %s ORDER BY `due_at`, `id`"
    )
    first: dict[int, Row] = {}
    for occurrence in await fetch(sql, child_id, state.value):
        first.setdefault(occurrence["chore_id"], occurrence)
    return first

