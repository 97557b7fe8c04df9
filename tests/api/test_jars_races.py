"""Savings jars under concurrent money moves (MariaDB only, where row locks are real): no jar ever goes
below zero, and the jars keep adding up to the ledger."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from models import Jar, JarTransfer, User
from models.ledger import ledger_balance_cents
from tests.api.test_jars import balances, move, set_up
from tests.api.test_ledger import adjust
from tests.conftest import TEST_REDIS_URL
from tests.consistency import assert_consistent
from tests.factories import auth_headers, make_household

pytestmark = pytest.mark.mysql

TIMES = 10


async def test_parallel_transfers_and_payouts_never_take_a_jar_below_zero(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent, co_parent = auth_headers(home.parent, settings), auth_headers(home.co_parent, settings)
    assert (await set_up(client, parent, alice, child_can_transfer=True)).status_code == 200
    await adjust(client, parent, alice, 10)  # spend 7, save 2, give 1
    child = auth_headers(alice, settings)

    responses = await asyncio.gather(
        *(move(client, (parent, co_parent, child)[i % 3], alice, "save", "give", 1) for i in range(TIMES)),
        *(move(client, child, alice, "spend", "save", 1) for _ in range(TIMES)),
        *(client.post("/api/v1/payouts/", json={"child_id": alice.id, "amount": 2}, headers=co_parent)
          for _ in range(TIMES)),
    )

    statuses = Counter(response.status_code for response in responses)
    assert set(statuses) <= {201, 400}, [r.text for r in responses if r.status_code not in (201, 400)]
    jars = await balances(client, parent, alice)
    assert all(balance >= 0 for balance in jars.values()), jars
    held = await Jar.filter(child_id=alice.id).values_list("balance_cents", flat=True)
    assert sum(held) == await ledger_balance_cents(alice.id)
    assert statuses[201] >= 5  # the payouts alone can pay out the 10 in five goes
    await assert_consistent(TEST_REDIS_URL)


async def test_setting_jars_up_while_money_arrives_puts_every_cent_in_a_jar_once(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)

    await asyncio.gather(
        *(adjust(client, parent, alice, 1) for _ in range(TIMES)),
        set_up(client, auth_headers(home.co_parent, settings), alice),
    )

    held = await Jar.filter(child_id=alice.id).values_list("balance_cents", flat=True)
    assert sum(held) == TIMES * 100 == (await User.get(id=alice.id)).balance_cents
    await assert_consistent(TEST_REDIS_URL)


async def test_a_child_emptying_a_jar_from_two_devices_moves_its_money_once(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    await set_up(client, parent, alice, child_can_transfer=True)
    await adjust(client, parent, alice, 10)

    responses = await asyncio.gather(*(move(client, auth_headers(alice, settings), alice, "save", "spend", 2)
                                       for _ in range(TIMES)))

    assert Counter(response.status_code for response in responses) == {201: 1, 400: TIMES - 1}
    assert await JarTransfer.all().count() == 1
    assert await balances(client, parent, alice) == {"spend": 9.0, "save": 0.0, "give": 1.0}
