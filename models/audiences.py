"""Who an outbox event reaches, decided from one read of the people involved.

The rules (the design's "To" column): the parents who manage a child are every active parent of
his family (D11), else his own parent; an activity reaches the whole active family it was filed
under, else the people it is about and their parents. They are decided in memory from the rows
of :func:`read_people`, one statement, inside the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tortoise.backends.base.client import BaseDBAsyncClient

from models.sql_reads import fetch

if TYPE_CHECKING:
    from models.activities import Activity

# The two users, the active members of their families, those of one more family. Three branches
# that each use an index (an OR across the three would scan the table); a member found twice is
# one user. The balance, when asked for, rides on the child's row.
_PEOPLE = (
    "SELECT `id`, `is_parent`, `is_active`, `family_id`, `parent_id`, {balance} AS `balance` FROM `users` "
    "WHERE `id` IN (%s, %s) "
    "UNION ALL SELECT m.`id`, m.`is_parent`, m.`is_active`, m.`family_id`, m.`parent_id`, NULL "
    "FROM `users` AS k JOIN `users` AS m ON m.`family_id` = k.`family_id` WHERE k.`id` IN (%s, %s) AND m.`is_active` = 1 "
    "UNION ALL SELECT `id`, `is_parent`, `is_active`, `family_id`, `parent_id`, NULL FROM `users` "
    "WHERE `family_id` = %s AND `is_active` = 1"
)
PEOPLE = _PEOPLE.format(balance="NULL")
PEOPLE_AND_BALANCE = _PEOPLE.format(
    balance="CASE WHEN `users`.`id` = %s THEN (SELECT COALESCE(SUM(l.`amount_cents`), 0) FROM `ledger_entries` AS l "
    "WHERE l.`child_id` = `users`.`id`) END"
)


@dataclass(frozen=True)
class Person:
    id: int
    is_parent: bool
    is_active: bool
    family_id: int | None
    parent_id: int | None


@dataclass(frozen=True)
class People:
    """Some users, each family they belong to with its active members, and (when asked) one child's
    balance summed from the ledger."""

    by_id: dict[int, Person]
    balance_cents: int | None = None

    def family_members(self, family_id: int) -> list[int]:
        return [p.id for p in self.by_id.values() if p.family_id == family_id and p.is_active]

    def parents_of(self, child_id: int) -> list[int]:
        """The parents who manage a child: every parent of his family (D11), else his own parent."""
        child = self.by_id.get(child_id)
        if child is None:
            return []
        if child.family_id is None:
            return [child.parent_id] if child.parent_id is not None else []
        return [p.id for p in self.by_id.values() if p.family_id == child.family_id and p.is_active and p.is_parent]

    def child_and_parents(self, child_id: int) -> list[int]:
        return [child_id, *self.parents_of(child_id)]

    def audience_of(self, activity: Activity) -> list[int]:
        """The whole family of the activity; without a family, the people it is about and their parents."""
        if activity.family_id is not None:
            return self.family_members(activity.family_id)
        involved = [p for p in (activity.user_id, activity.target_user_id) if p is not None]
        parents = [self.by_id[p].parent_id for p in involved if p in self.by_id]
        return [*involved, *(p for p in parents if p is not None)]


async def read_people(
    conn: BaseDBAsyncClient,
    first_id: int,
    second_id: int | None = None,
    *,
    family_id: int | None = None,
    balance_of: int | None = None,
) -> People:
    """The users ``first_id`` and ``second_id``, the active members of their families and of ``family_id``,
    and with ``balance_of`` (one of the two) his ledger balance: one statement."""
    second = first_id if second_id is None else second_id
    parameters: list[int | None] = [first_id, second, first_id, second, family_id]
    sql = PEOPLE
    if balance_of is not None:
        sql = PEOPLE_AND_BALANCE
        parameters.insert(0, balance_of)
    rows = await fetch(sql, *parameters, using_db=conn)
    people = {
        row["id"]: Person(row["id"], bool(row["is_parent"]), bool(row["is_active"]), row["family_id"], row["parent_id"])
        for row in rows
    }
    balances = [row["balance"] for row in rows if row["balance"] is not None]
    return People(people, int(balances[0]) if balances else None)
