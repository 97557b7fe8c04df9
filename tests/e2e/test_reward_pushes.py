"""The rewards store's pushes end to end: a request reaches the family's parents, a decision the child and his
parents, over real sockets; siblings and other families hear nothing (checked after a marker, see test_pushes)."""

from __future__ import annotations

from tests.e2e.test_pushes import MARKER, send_marker
from tests.factories import auth_headers

API = "/api/v1"
STORE_EVENTS = {"reward_requested", "reward_decided"}


async def test_a_request_reaches_the_parents_and_its_decision_the_child_and_the_parents_only(
    families, connect, client, settings, worker, publisher
):
    mum, dad, x, y, z, other_parent = [
        await connect(user)
        for user in (families.mum, families.dad, families.x, families.y, families.z, families.other_parent)
    ]
    parent = auth_headers(families.mum, settings)
    await client.post(f"{API}/adjustments/", json={"child_id": families.x.id, "amount": 5, "reason": "Allowance"},
                      headers=parent)
    reward = (await client.post(f"{API}/rewards", json={"title": "Kite", "price": 4}, headers=parent)).json()

    asked = await client.post(f"{API}/redemptions", json={"reward_id": reward["id"]},
                              headers=auth_headers(families.x, settings))

    assert asked.status_code == 201, asked.text
    for socket in (mum, dad):
        [requested] = await socket.wait_for_event("reward_requested")
        assert requested["data"]["redemption_id"] == asked.json()["id"]
        assert (requested["data"]["child_id"], requested["data"]["price"]) == (families.x.id, 4.0)

    approved = await client.post(f"{API}/redemptions/{asked.json()['id']}/approve",
                                 headers=auth_headers(families.dad, settings))

    assert approved.status_code == 200, approved.text
    for socket in (x, mum, dad):
        [decided] = await socket.wait_for_event("reward_decided")
        assert (decided["data"]["status"], decided["data"]["decided_by_id"]) == ("approved", families.dad.id)
        [*_, balance] = await socket.wait_for_event("balance_updated", count=2)
        assert balance["data"] == {"child_id": families.x.id, "balance": 1.0}
    await send_marker(publisher, (x, families.x), (y, families.y), (z, families.z),
                      (other_parent, families.other_parent))
    assert x.received("reward_requested") == []
    assert not {name for name, _ in y.events} & STORE_EVENTS
    for outsider in (z, other_parent):
        assert [data["data"] for _, data in outsider.events] == [MARKER]
