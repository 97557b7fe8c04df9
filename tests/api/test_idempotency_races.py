"""One Idempotency-Key sent by many requests at once (MariaDB only, where the unique row races for real)."""

from __future__ import annotations

import asyncio

import pytest

from models import EntryKind, LedgerEntry, User
from models.idempotency import IdempotencyKey
from models.ledger import ledger_balance_cents
from tests.api.test_idempotency import keyed
from tests.api.test_ledger import adjust
from tests.factories import auth_headers, make_household

pytestmark = pytest.mark.mysql

TIMES = 10


async def test_ten_payouts_sent_at_once_with_one_key_pay_once(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    await adjust(client, parent, alice, 10)

    responses = await asyncio.gather(*(
        client.post("/api/v1/payouts/", json={"child_id": alice.id, "amount": 3}, headers=keyed(parent, "storm"))
        for _ in range(TIMES)
    ))

    statuses = [response.status_code for response in responses]
    assert set(statuses) <= {201, 409} and 201 in statuses
    assert len({response.content for response in responses if response.status_code == 201}) == 1
    assert {response.json()["detail"] for response in responses if response.status_code == 409} <= {
        "A request with this Idempotency-Key is still being processed"}
    assert await LedgerEntry.filter(kind=EntryKind.PAYOUT).count() == 1
    assert await ledger_balance_cents(alice.id) == 700 == (await User.get(id=alice.id)).balance_cents
    assert await IdempotencyKey.all().count() == 1


async def test_ten_reversals_of_one_entry_with_one_key_reverse_it_once_and_never_conflict_on_the_entry(client, settings):
    home = await make_household(children=1)
    [alice] = home.children
    parent = auth_headers(home.parent, settings)
    bonus = await adjust(client, parent, alice, 10)

    responses = await asyncio.gather(*(
        client.post(f"/api/v1/ledger/{bonus['id']}/reverse", json={"reason": "Oops"}, headers=keyed(parent, "undo"))
        for _ in range(TIMES)
    ))

    assert {response.status_code for response in responses} <= {201, 409}
    assert "This entry has already been reversed" not in {r.json()["detail"] for r in responses if r.status_code == 409}
    assert await LedgerEntry.filter(reverses_id=bonus["id"]).count() == 1
