"""Prepared reads: Tortoise's SQL built once per dialect, run with each caller's values."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from tortoise.functions import Sum

from models import ChoreAssignment, EntryKind, LedgerEntry
from models.prepared import PreparedRead
from models.timeutil import utcnow
from tests.factories import make_household, make_ledger_entry, make_priced_chore


def sums_by_kind(child_id: int):
    return LedgerEntry.filter(child_id=child_id).annotate(total=Sum("amount_cents")).group_by("kind").values(
        "kind", "total"
    )


def as_sums(rows: list[dict]) -> dict[str, int]:
    return {str(row["kind"]): int(row["total"]) for row in rows}


async def test_a_prepared_read_returns_what_its_query_returns_for_each_callers_values(db):
    home = await make_household(children=2)
    alice, bob = home.children
    await make_ledger_entry(alice, EntryKind.REWARD, 500)
    await make_ledger_entry(alice, EntryKind.PAYOUT, -200)
    await make_ledger_entry(bob, EntryKind.ADJUSTMENT, 75)
    prepared = PreparedRead(LedgerEntry, sums_by_kind, "child_id")

    for child in (alice, bob, home.parent):
        assert as_sums(await prepared.rows(child_id=child.id)) == as_sums(await sums_by_kind(child.id))
    assert as_sums(await prepared.rows(child_id=alice.id)) == {"reward": 500, "payout": -200}


async def test_the_statement_is_built_once(db):
    home = await make_household(children=1)
    builds = []

    def counted(child_id: int):
        builds.append(child_id)
        return sums_by_kind(child_id)

    prepared = PreparedRead(LedgerEntry, counted, "child_id")
    for _ in range(3):
        await prepared.rows(child_id=home.children[0].id)

    assert len(builds) == 1


async def test_an_argument_that_is_not_a_parameter_of_the_sql_is_refused(db):
    prepared = PreparedRead(LedgerEntry, lambda child_id: LedgerEntry.all().values("id"), "child_id")

    with pytest.raises(ValueError, match="child_id"):
        await prepared.rows(child_id=1)


async def test_instances_come_with_their_related_ones_and_datetime_arguments_are_bound_anew(db):
    home = await make_household(children=1)
    child = home.children[0]
    chore = await make_priced_chore(home.parent, reward_cents=100)
    now = utcnow()
    resting = await ChoreAssignment.create(
        chore=chore, assignee=child, is_completed=True, is_approved=True, cooldown_ends_at=now + timedelta(hours=1)
    )

    def resting_after(child_id: int, moment: datetime):
        return ChoreAssignment.filter(assignee_id=child_id, cooldown_ends_at__gt=moment).select_related("chore")

    prepared = PreparedRead(ChoreAssignment, resting_after, "child_id", "moment")
    [row] = await prepared.instances(child_id=child.id, moment=now)

    assert (row.id, row.chore.id, row.chore.title) == (resting.id, chore.id, chore.title)
    assert await prepared.instances(child_id=child.id, moment=now + timedelta(hours=2)) == []
