"""The occurrence fields of scheduled chores in the chore views (issue #12, item 3).

A scheduled chore shows its child's current occurrence (``due_at``, ``occurrence_state``...): the
oldest open, overdue or completed one, else the next upcoming one. In a child's available list a
scheduled chore shows only while one of his occurrences is open or overdue. Chores without a
schedule are left exactly as they were (one query finds that there is none).
"""

from __future__ import annotations

from datetime import datetime

from api.chores.views import ChoreView, load_views
from models import Chore
from models.occurrences import LIVE
from models.schedules import ChoreOccurrence, OccurrenceState
from models.tortoise_adapter import fetched_related

# The states that make a chore's current occurrence, oldest due first; upcoming ones only without another.
CURRENT = (*LIVE, OccurrenceState.COMPLETED, OccurrenceState.UPCOMING)


async def with_occurrences(views: list[ChoreView], child_id: int, *, live_only: bool = False) -> list[ChoreView]:
    """The views with the child's current occurrence on each scheduled chore; ``live_only`` (the to-do
    list) drops the scheduled chores none of whose occurrences is open or overdue.

    The views' chores come with their schedule (``select_related("chore__schedule")``), so a list of
    chores without one costs no query more.
    """
    scheduled = {view.chore.id for view in views if fetched_related(view.chore, "schedule") is not None}
    if not scheduled:
        return views
    states = LIVE if live_only else CURRENT
    found = await ChoreOccurrence.filter(
        chore_id__in=list(scheduled), assignee_id=child_id, state__in=states
    ).order_by("due_at", "id")
    current: dict[int, ChoreOccurrence] = {}
    for occurrence in found:
        held = current.get(occurrence.chore_id)
        if held is None or (held.state is OccurrenceState.UPCOMING and occurrence.state is not OccurrenceState.UPCOMING):
            current[occurrence.chore_id] = occurrence
    kept = []
    for view in views:
        if view.chore.id in scheduled:
            view.occurrence = current.get(view.chore.id)
            if live_only and view.occurrence is None:
                continue
        kept.append(view)
    return kept


async def views_in_state(
    child_id: int, state: OccurrenceState, now: datetime, *, enabled_only: bool, with_compat: bool = False
) -> list[ChoreView]:
    """The child's scheduled chores with an occurrence in ``state``, each showing its oldest such one."""
    found = await ChoreOccurrence.filter(assignee_id=child_id, state=state).order_by("due_at", "id")
    first: dict[int, ChoreOccurrence] = {}
    for occurrence in found:
        first.setdefault(occurrence.chore_id, occurrence)
    chores = Chore.filter(id__in=list(first))
    if enabled_only:
        chores = chores.filter(is_disabled=False)
    views = await load_views(await chores.order_by("id"), now, focus_child_id=child_id, with_compat=with_compat)
    for view in views:
        view.occurrence = first[view.chore.id]
    return views
