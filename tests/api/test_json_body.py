"""The hot reads' JSON bodies are byte for byte what Sanic's generic ``json()`` encoder writes."""

from __future__ import annotations

import random

import pytest
from sanic.helpers import json_dumps

from api.json_body import encode
from models import AssignmentMode, ChoreAssignment
from models.ledger import EntryKind
from tests.factories import auth_headers, make_child, make_household, make_ledger_entry, make_priced_chore

AWKWARD_TEXT = [
    "",
    "plain",
    "Zoë 😀 naïve café",
    'quotes " and \\ backslash / slash',
    "line\nbreak\ttab\r\x00\x01\x1f\x7f",
    "<script>&amp;</script>",
    "\u2028\u2029",
    "日本語",
]
AWKWARD_MONEY_CENTS = [0, 1, 5, 10, 99, 100, 105, 12345, -1, -50, 10**9 + 7, 2**53 + 1, 10**17, -(2**63), 2**63 - 1]


def generic(body: object) -> bytes:
    return json_dumps(body).encode()


@pytest.mark.parametrize("text", AWKWARD_TEXT)
def test_strings_come_out_as_the_generic_encoder_writes_them(text):
    body = {"title": text, "items": [text, {"name": text}]}

    assert encode(body) == generic(body)


@pytest.mark.parametrize("cents", AWKWARD_MONEY_CENTS)
def test_money_comes_out_as_the_generic_encoder_writes_it(cents):
    body = {"reward": cents / 100, "cents": cents, "none": None, "flags": [True, False]}

    assert encode(body) == generic(body)


def test_any_money_amount_comes_out_as_the_generic_encoder_writes_it():
    amounts = [cents / 100 for cents in range(-20_000, 20_000)]
    amounts += [random.Random(16).randint(-(2**63), 2**63 - 1) / 100 for _ in range(20_000)]

    assert encode(amounts) == generic(amounts)


def test_integers_beyond_64_bits_fall_back_to_the_generic_encoder():
    body = {"big": 2**64 + 1}

    assert encode(body) == generic(body)


async def test_the_hot_reads_answer_with_the_generic_encoders_bytes(client, settings):
    """me, balance, available chores and pending approvals, over names and texts in every script."""
    home = await make_household(children=0)
    zoe = await make_child(home.parent, username="Zoë 😀 \"quoted\"")
    child, parent = auth_headers(zoe, settings), auth_headers(home.parent, settings)
    for index, text in enumerate(AWKWARD_TEXT[1:]):
        chore = await make_priced_chore(home.parent, title=text or "x", reward_cents=AWKWARD_MONEY_CENTS[index])
        chore.description = text
        await chore.save()
        await ChoreAssignment.create(chore=chore, assignee=zoe, is_completed=index % 2 == 1)
    await make_priced_chore(home.parent, title="Pool 🧹", assignment_mode=AssignmentMode.UNASSIGNED, reward_cents=105)
    await make_ledger_entry(zoe, EntryKind.ADJUSTMENT, 10**9 + 7, reason="bonus ✨")
    await make_ledger_entry(zoe, EntryKind.PAYOUT, -12345)

    for headers, url in [
        (child, "/api/v1/users/me"),
        (child, "/api/v1/users/me/balance"),
        (child, "/api/v1/chores/available"),
        (parent, "/api/v1/chores/pending-approval"),
    ]:
        response = await client.get(url, headers=headers)

        assert response.status_code == 200, url
        assert response.headers["content-type"] == "application/json"
        assert response.json(), url
        assert response.content == generic(response.json()), url
