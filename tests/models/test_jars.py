"""Savings jars as an allocation of the ledger (models/jars.py): ``append_entry`` spreads every entry over the
child's jars whatever its kind, from wherever it is appended; a child without jars gets no rows."""

from __future__ import annotations

import asyncio

import pytest
from tortoise.transactions import in_transaction

from models import EntryKind, Jar, JarMovement, LedgerEntry
from models.jars import JarSpec, locked_jars, record_transfer, set_up_jars
from models.ledger import append_entry, locked_balance_cents
from tests.consistency import assert_jars_consistent
from tests.factories import make_household

SPEND_SAVE_GIVE = [JarSpec("spend", 70, is_spend=True), JarSpec("save", 20), JarSpec("give", 10)]


async def child_with_jars(specs=SPEND_SAVE_GIVE, *, cents: int = 0):
    """A child of a new household holding ``cents`` (given before his jars are set up)."""
    home = await make_household(children=1)
    [child] = home.children
    async with in_transaction() as conn:
        if cents:
            await append(child.id, EntryKind.ADJUSTMENT, cents, conn)
        balance = await locked_balance_cents(child.id, using_db=conn)
        await set_up_jars(child.id, specs, child_can_transfer=False, balance_cents=balance, using_db=conn)
    return child


async def append(child_id: int, kind: EntryKind, cents: int, conn=None) -> LedgerEntry:
    if conn is not None:
        return await append_entry(child_id=child_id, kind=kind, amount_cents=cents, actor_id=None, using_db=conn)
    async with in_transaction() as own:
        return await append_entry(child_id=child_id, kind=kind, amount_cents=cents, actor_id=None, using_db=own)


async def held(child_id: int) -> dict[str, int]:
    return {jar.name: jar.balance_cents for jar in await Jar.filter(child_id=child_id).order_by("position")}


async def moves_of(entry: LedgerEntry) -> dict[str, int]:
    return {move.jar.name: move.amount_cents for move in await JarMovement.filter(entry_id=entry.id).prefetch_related("jar")}


@pytest.mark.ledger_left_inconsistent  # a bare allowance or redemption entry, with no period or request behind it
@pytest.mark.parametrize("kind", list(EntryKind))
async def test_append_entry_allocates_every_kind_by_its_sign(db, kind):
    child = await child_with_jars()

    credit = await append(child.id, kind, 1000)
    debit = await append(child.id, kind, -750)

    assert await moves_of(credit) == {"spend": 700, "save": 200, "give": 100}
    assert await moves_of(debit) == {"spend": -700, "save": -50}
    assert await held(child.id) == {"spend": 0, "save": 150, "give": 100}


async def test_the_balance_before_the_jars_goes_into_the_spend_jar_once(db):
    child = await child_with_jars([JarSpec("save", 50), JarSpec("spend", 50, is_spend=True)], cents=333)

    async with in_transaction() as conn:
        await set_up_jars(child.id, [JarSpec("save", 10), JarSpec("spend", 90, is_spend=True)],
                          child_can_transfer=True, balance_cents=await locked_balance_cents(child.id, using_db=conn),
                          using_db=conn)

    assert await held(child.id) == {"save": 0, "spend": 333}
    assert await JarMovement.filter(kind="opening").count() == 1


async def test_a_child_without_jars_gets_no_rows(db):
    home = await make_household(children=1)

    await append(home.children[0].id, EntryKind.REWARD, 500)

    assert await JarMovement.all().count() == await Jar.all().count() == 0


async def test_the_consistency_check_sees_a_jar_that_drifted_from_its_movements(db):
    child = await child_with_jars(cents=100)
    await Jar.filter(child_id=child.id, name="save").update(balance_cents=5)

    with pytest.raises(AssertionError, match=r"\(save\) drifted from its movements"):
        await assert_jars_consistent()

    await Jar.filter(child_id=child.id, name="save").update(balance_cents=0)


@pytest.mark.mysql
async def test_a_debit_reads_the_jars_as_they_are_now_even_in_a_transaction_that_began_before(db):
    """REPEATABLE READ: a transaction reads the rows of its first read; the jars are read with a locking read."""
    child = await child_with_jars(cents=1000)
    snapshot_taken, transfer_done = asyncio.Event(), asyncio.Event()

    async def late_payout() -> LedgerEntry:
        async with in_transaction() as late:
            await Jar.filter(child_id=child.id).using_db(late).count()  # its snapshot: spend holds 1000
            snapshot_taken.set()
            await transfer_done.wait()
            return await append(child.id, EntryKind.PAYOUT, -600, late)

    payout_task = asyncio.create_task(late_payout())
    await snapshot_taken.wait()
    async with in_transaction() as meanwhile:
        await locked_balance_cents(child.id, using_db=meanwhile)
        spend, save, _ = await locked_jars(child.id, using_db=meanwhile)
        await record_transfer(source=spend, target=save, amount_cents=1000, actor_id=child.id, note="",
                              using_db=meanwhile)
    transfer_done.set()
    payout = await payout_task

    assert await moves_of(payout) == {"save": -600}
    assert await held(child.id) == {"spend": 0, "save": 400, "give": 0}
