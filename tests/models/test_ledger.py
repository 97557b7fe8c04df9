"""The money ledger: appends keep the cached balance in step; totals per kind in one query."""

from __future__ import annotations

import pytest
from tortoise.transactions import in_transaction

from models import EntryKind, User
from models.ledger import append_entry, child_ledger_totals, ledger_balance_cents, ledger_totals, locked_balance_cents
from tests.factories import make_household, make_ledger_entry


async def test_appends_move_the_cached_balance_by_the_same_signed_amount(db):
    home = await make_household(children=2)
    alice, bob = home.children

    async with in_transaction() as conn:
        for kind, amount in ((EntryKind.REWARD, 500), (EntryKind.ADJUSTMENT, -125), (EntryKind.PAYOUT, -200)):
            await append_entry(child_id=alice.id, kind=kind, amount_cents=amount, actor_id=home.parent.id, using_db=conn)
        await append_entry(child_id=bob.id, kind=EntryKind.REWARD, amount_cents=40, actor_id=None, using_db=conn)
        assert await locked_balance_cents(alice.id, using_db=conn) == 175

    assert (await User.get(id=alice.id)).balance_cents == await ledger_balance_cents(alice.id) == 175
    totals = await ledger_totals([alice.id, bob.id, home.parent.id])
    assert (totals[alice.id].earned_cents, totals[alice.id].adjustments_cents, totals[alice.id].paid_out_cents) == (
        500, -125, 200)
    assert (totals[alice.id].balance_cents, totals[alice.id].rewards_count, totals[alice.id].adjustments_count) == (
        175, 1, 1)
    assert totals[bob.id].balance_cents == 40
    assert totals[home.parent.id].balance_cents == 0


async def test_a_failed_transaction_leaves_neither_entry_nor_balance(db):
    home = await make_household(children=1)
    [alice] = home.children

    with pytest.raises(RuntimeError):
        async with in_transaction() as conn:
            await append_entry(child_id=alice.id, kind=EntryKind.REWARD, amount_cents=100, actor_id=None, using_db=conn)
            raise RuntimeError("boom")

    assert (await User.get(id=alice.id)).balance_cents == await ledger_balance_cents(alice.id) == 0


async def test_one_childs_totals_are_those_of_the_grouped_query(db):
    home = await make_household(children=2)
    alice, bob = home.children
    for kind, amount in ((EntryKind.REWARD, 300), (EntryKind.REWARD, 200), (EntryKind.ADJUSTMENT, -50),
                         (EntryKind.PAYOUT, -100)):
        await make_ledger_entry(alice, kind, amount)

    grouped = await ledger_totals([alice.id, bob.id])

    assert await child_ledger_totals(alice.id) == grouped[alice.id]
    assert (grouped[alice.id].balance_cents, grouped[alice.id].rewards_count) == (350, 2)
    assert await child_ledger_totals(bob.id) == grouped[bob.id] == type(grouped[bob.id])()
