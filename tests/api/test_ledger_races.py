"""Reversals racing each other and other money moves (MariaDB only, where row locks are real)."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from models import EntryKind, LedgerEntry, User
from models.ledger import ledger_balance_cents
from tests.api.test_ledger import adjust, earn, reverse
from tests.conftest import TEST_REDIS_URL
from tests.consistency import assert_consistent
from tests.factories import auth_headers, make_household

pytestmark = pytest.mark.mysql

TIMES = 10


async def test_ten_parents_reversing_one_entry_at_once_leave_exactly_one_reversal(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent, co_parent = auth_headers(home.parent, settings), auth_headers(home.co_parent, settings)
    bonus = await adjust(client, parent, alice, 10)

    responses = await asyncio.gather(
        *(reverse(client, parent if i % 2 else co_parent, bonus["id"]) for i in range(TIMES))
    )

    assert Counter(r.status_code for r in responses) == {201: 1, 409: TIMES - 1}
    assert {r.json()["detail"] for r in responses if r.status_code == 409} == {"This entry has already been reversed"}
    assert await LedgerEntry.filter(reverses_id=bonus["id"]).count() == 1
    assert (await User.get(id=alice.id)).balance_cents == 0 == await ledger_balance_cents(alice.id)


async def test_reversals_and_payouts_racing_for_one_balance_never_overdraw_it(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    for _ in range(TIMES):
        await earn(client, settings, parent, alice, 1)
    rewards = await LedgerEntry.filter(kind=EntryKind.REWARD)

    payouts = [client.post("/api/v1/payouts/", json={"child_id": alice.id, "amount": 1}, headers=parent)
               for _ in range(TIMES)]
    responses = await asyncio.gather(*(reverse(client, parent, entry.id) for entry in rewards), *payouts)

    assert {r.status_code for r in responses} <= {201, 400}
    assert Counter(r.status_code for r in responses)[201] == TIMES
    balance = await ledger_balance_cents(alice.id)
    assert balance == 0 == (await User.get(id=alice.id)).balance_cents
    await assert_consistent(TEST_REDIS_URL)
