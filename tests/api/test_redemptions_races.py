"""Reward requests racing each other and other money moves (MariaDB only, where row locks are real): they never
overdraw a balance nor a stock, and a request is decided once."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from models import EntryKind, LedgerEntry
from models.ledger import ledger_balance_cents
from models.redemptions import Redemption, held_cents
from models.rewards import Reward
from tests.api.test_ledger import adjust
from tests.api.test_redemptions import funded
from tests.api.test_rewards import API, ask, create_reward
from tests.conftest import TEST_REDIS_URL
from tests.consistency import assert_consistent
from tests.factories import auth_headers, make_household

pytestmark = pytest.mark.mysql

TIMES = 10


async def test_parallel_requests_of_one_child_never_hold_more_than_his_balance(client, settings):
    home = await funded(client, settings, money=5)
    [sam] = home.children
    reward = await create_reward(client, auth_headers(home.parent, settings), price=1)

    responses = await asyncio.gather(*(ask(client, settings, sam, reward["id"]) for _ in range(TIMES)))

    assert Counter(r.status_code for r in responses) == {201: 5, 400: TIMES - 5}
    assert await held_cents(sam.id) == 500 == await ledger_balance_cents(sam.id)
    await assert_consistent(TEST_REDIS_URL)


async def test_parallel_requests_of_many_children_never_take_more_than_the_stock(client, settings):
    home = await funded(client, settings, children=6, money=5)
    reward = await create_reward(client, auth_headers(home.parent, settings), price=1, stock=3)

    responses = await asyncio.gather(*(ask(client, settings, child, reward["id"]) for child in home.children))

    assert Counter(r.status_code for r in responses) == {201: 3, 409: 3}
    assert {r.json()["detail"] for r in responses if r.status_code == 409} == {"This reward is out of stock"}
    assert (await Reward.get(id=reward["id"])).stock == 0
    assert await Redemption.filter(reward_id=reward["id"]).count() == 3
    await assert_consistent(TEST_REDIS_URL)


async def test_requests_payouts_and_deductions_racing_never_spend_the_held_money(client, settings):
    home = await funded(client, settings, money=10)
    [sam] = home.children
    parent = auth_headers(home.parent, settings)
    reward = await create_reward(client, parent, price=1)

    requests = [ask(client, settings, sam, reward["id"]) for _ in range(TIMES)]
    payouts = [client.post(f"{API}/payouts", json={"child_id": sam.id, "amount": 1}, headers=parent)
               for _ in range(TIMES // 2)]
    deductions = [client.post(f"{API}/adjustments/", json={"child_id": sam.id, "amount": -1, "reason": "Fine"},
                              headers=parent) for _ in range(TIMES // 2)]
    responses = await asyncio.gather(*requests, *payouts, *deductions)

    assert {r.status_code for r in responses} <= {201, 400}
    assert Counter(r.status_code for r in responses)[201] == TIMES
    assert await ledger_balance_cents(sam.id) - await held_cents(sam.id) == 0
    await assert_consistent(TEST_REDIS_URL)


async def test_parallel_decisions_on_one_request_decide_it_once(client, settings):
    home = await funded(client, settings, money=5)
    reward = await create_reward(client, auth_headers(home.parent, settings), price=2, stock=1)
    request = (await ask(client, settings, home.children[0], reward["id"])).json()

    decisions = [
        client.post(f"{API}/redemptions/{request['id']}/approve", headers=auth_headers(parent, settings))
        if i % 2 else
        client.post(f"{API}/redemptions/{request['id']}/decline", json={"reason": "Not today"},
                    headers=auth_headers(parent, settings))
        for i, parent in enumerate([home.parent, home.co_parent] * (TIMES // 2))
    ]
    responses = await asyncio.gather(*decisions)

    assert Counter(r.status_code for r in responses) == {200: 1, 409: TIMES - 1}
    [winner] = [r.json() for r in responses if r.status_code == 200]
    debits = await LedgerEntry.filter(kind=EntryKind.REDEMPTION).count()
    stock = (await Reward.get(id=reward["id"])).stock
    assert (debits, stock) == ((1, 0) if winner["status"] == "approved" else (0, 1))
    await assert_consistent(TEST_REDIS_URL)


async def test_a_request_racing_a_deduction_of_the_same_money_leaves_one_of_them(client, settings):
    home = await make_household(children=1)
    [sam] = home.children
    parent = auth_headers(home.parent, settings)
    await adjust(client, parent, sam, 3)
    reward = await create_reward(client, parent, price=3)

    for _ in range(TIMES):
        request, deduction = await asyncio.gather(
            ask(client, settings, sam, reward["id"]),
            client.post(f"{API}/adjustments/", json={"child_id": sam.id, "amount": -3, "reason": "Fine"},
                        headers=parent),
        )
        assert sorted([request.status_code, deduction.status_code]) == [201, 400]
        if request.status_code == 201:
            await client.post(f"{API}/redemptions/{request.json()['id']}/decline", json={"reason": "Again"},
                              headers=parent)
        else:
            await adjust(client, parent, sam, 3)
    await assert_consistent(TEST_REDIS_URL)
