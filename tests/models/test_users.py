"""Users: the caller lookup every authenticated request makes."""

from __future__ import annotations

from models import EntryKind, User
from models.tortoise_adapter import columns_of
from models.users import user_by_id
from tests.factories import make_child, make_family, make_ledger_entry, make_parent


async def test_user_by_id_reads_the_same_user_as_the_orm(db):
    parent = await make_parent(family=await make_family())
    child = await make_child(parent)
    await make_ledger_entry(child, EntryKind.ADJUSTMENT, 250)

    for user in (parent, child):
        found = await user_by_id(user.id)
        expected = await User.get(id=user.id)
        assert {column: getattr(found, column) for column in columns_of(User)} == {
            column: getattr(expected, column) for column in columns_of(User)
        }


async def test_user_by_id_gives_none_for_an_unknown_id(db):
    assert await user_by_id(424242) is None


async def test_a_user_read_by_id_can_be_saved(db):
    child = await make_child(await make_parent(family=await make_family()))

    found = await user_by_id(child.id)
    found.is_active = False
    await found.save(update_fields=["is_active"])

    assert (await User.get(id=child.id)).is_active is False
