"""Savings jar transfers end to end: the API, the outbox, a real worker, the realtime server, real sockets."""

from __future__ import annotations

from tests.e2e.test_pushes import MARKER, send_marker
from tests.factories import auth_headers

SPEND_AND_SAVE = {"jars": [{"name": "spend", "percent": 50, "is_spend": True}, {"name": "save", "percent": 50}],
                  "child_can_transfer": True}


async def test_a_transfer_reaches_the_child_and_the_parents_but_no_sibling_nor_another_family(
    families, connect, client, settings, worker, publisher
):
    mum, dad, x, y, z, other_parent = [
        await connect(user)
        for user in (families.mum, families.dad, families.x, families.y, families.z, families.other_parent)
    ]
    parent = auth_headers(families.mum, settings)
    assert (await client.put(f"/api/v1/jars/{families.x.id}", json=SPEND_AND_SAVE, headers=parent)).status_code == 200
    await client.post("/api/v1/adjustments/", json={"child_id": families.x.id, "amount": 8, "reason": "Birthday"},
                      headers=parent)

    response = await client.post(f"/api/v1/jars/{families.x.id}/transfers",
                                 json={"from_jar": "spend", "to_jar": "save", "amount": 3},
                                 headers=auth_headers(families.x, settings))

    assert response.status_code == 201, response.text
    for socket in (x, mum, dad):
        [moved] = await socket.wait_for_event("jar_transfer")
        assert moved["data"] == {"transfer_id": response.json()["id"], "child_id": families.x.id, "from_jar": "spend",
                                 "to_jar": "save", "amount": 3, "note": None, "from_balance": 1, "to_balance": 7,
                                 "moved_by_id": families.x.id, "moved_by": families.x.username}
    await send_marker(publisher, (y, families.y), (z, families.z), (other_parent, families.other_parent))
    assert y.received("jar_transfer") == []
    for outsider in (z, other_parent):
        assert [data["data"] for _, data in outsider.events] == [MARKER]
