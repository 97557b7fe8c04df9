"""Use cases of savings jars (issue #13, item 4): a child's jars, setting them up, moving money between them.

Jars are an allocation of the ledger (models/jars.py): setting them up and transferring between
them never changes a balance, and every ledger entry is spread over them by ``append_entry``.
Both writes here hold the child's row lock (``locked_balance_cents``), like every money move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from tortoise.transactions import in_transaction

from api.adjustments.service import managed_child
from api.auth import require_parent
from api.errors import BadRequest, Conflict, Forbidden, RequestValidationError
from models import ActivityType, Jar, JarTransfer, User
from models.activities import record_activity, shorten
from models.deadlocks import retry_on_deadlock
from models.events import stage_jar_transfer
from models.jars import (
    JarNotEmpty,
    JarSpec,
    implicit_jar,
    jar_settings_of,
    jars_of,
    locked_jars,
    name_key,
    record_transfer,
    set_up_jars,
)
from models.ledger import ledger_balance_cents, locked_balance_cents
from models.money import cents_to_number, format_dollars, to_cents
from workers import enqueue


@dataclass(frozen=True)
class ChildJars:
    """A child's jars in order (the one implicit jar while they are not set up)."""

    child_id: int
    jars: list[Jar]
    configured: bool
    child_can_transfer: bool


@dataclass(frozen=True)
class Transfer:
    transfer: JarTransfer
    source: Jar
    target: Jar


async def child_jars(*, user: User, child_id: int) -> ChildJars:
    """A managed child's jars for a parent, or the child's own."""
    child = await _visible_child(user, child_id)
    return await _jars_of(child.id)


async def configure_jars(*, user: User, child_id: int, specs: Sequence[JarSpec], child_can_transfer: bool) -> ChildJars:
    """Set a managed child's jars up, or change them; 409 when a jar left out still holds money."""
    require_parent(user, "Only parents can set up savings jars")
    child = await managed_child(user, child_id, refusal="You can only set up jars for your own children")
    await _set_up(child.id, specs, child_can_transfer)
    return await _jars_of(child.id)


@retry_on_deadlock
async def _set_up(child_id: int, specs: Sequence[JarSpec], child_can_transfer: bool) -> None:
    async with in_transaction() as conn:
        balance = await locked_balance_cents(child_id, using_db=conn)
        try:
            await set_up_jars(child_id, specs, child_can_transfer=child_can_transfer, balance_cents=balance,
                              using_db=conn)
        except JarNotEmpty as refused:
            raise Conflict(str(refused)) from None


@retry_on_deadlock
async def transfer(
    *, user: User, child_id: int, from_jar: str, to_jar: str, amount: Decimal, note: str | None
) -> Transfer:
    """Move money between two jars of a child: by a parent who manages him, or by the child himself when
    his parents allow it; never more than the source jar holds."""
    child = await _transferring_child(user, child_id)
    amount_cents = to_cents(amount)
    async with in_transaction() as conn:
        await locked_balance_cents(child.id, using_db=conn)
        jars = await locked_jars(child.id, using_db=conn)
        source, target = _named(jars, from_jar, "from_jar"), _named(jars, to_jar, "to_jar")
        if amount_cents > source.balance_cents:
            raise BadRequest(
                f"Transfer exceeds the balance of the {source.name} jar. Current balance: "
                f"{format_dollars(source.balance_cents)}"
            )
        moved = await record_transfer(source=source, target=target, amount_cents=amount_cents, actor_id=user.id,
                                      note=note or "", using_db=conn)
        await record_activity(
            actor=user,
            activity_type=ActivityType.JAR_TRANSFER,
            description=f"Moved {format_dollars(amount_cents)} from {source.name} to {target.name}"
            + (f": {shorten(note)}" if note else ""),
            target_user_id=child.id,
            data={"transfer_id": moved.id, "child_id": child.id, "from_jar": source.name, "to_jar": target.name,
                  "amount": cents_to_number(amount_cents), "note": note},
            using_db=conn,
        )
        await stage_jar_transfer(conn, transfer=moved, source=source, target=target, actor=user,
                                 family_id=child.family_id)
    await enqueue.publish_events()
    return Transfer(moved, source, target)


async def list_transfers(*, user: User, child_id: int, skip: int, limit: int) -> tuple[list[JarTransfer], dict[int, str]]:
    """A child's transfers, newest first, with the names of his jars (removed ones too) by id."""
    child = await _visible_child(user, child_id)
    transfers = await JarTransfer.filter(child_id=child.id).order_by("-created_at", "-id").offset(skip).limit(limit)
    names = dict(await Jar.filter(child_id=child.id).values_list("id", "name"))
    return transfers, names


async def _visible_child(user: User, child_id: int) -> User:
    if user.is_parent:
        return await managed_child(user, child_id, refusal="You can only view jars of your own children")
    if child_id != user.id:
        raise Forbidden("You can only view your own jars")
    return user


async def _transferring_child(user: User, child_id: int) -> User:
    if user.is_parent:
        return await managed_child(user, child_id, refusal="You can only move money between your own children's jars")
    if child_id != user.id:
        raise Forbidden("You can only move money between your own jars")
    settings = await jar_settings_of(user.id)
    if settings is None or not settings.child_can_transfer:
        raise Forbidden("Your parents have not allowed you to move money between your jars")
    return user


async def _jars_of(child_id: int) -> ChildJars:
    async with in_transaction() as conn:  # one snapshot: the jars add up to the ledger balance
        settings = await jar_settings_of(child_id, using_db=conn)
        if settings is None:
            balance = await ledger_balance_cents(child_id, using_db=conn)
            return ChildJars(child_id, [implicit_jar(balance)], configured=False, child_can_transfer=False)
        return ChildJars(child_id, await jars_of(child_id, using_db=conn), True, settings.child_can_transfer)


def _named(jars: list[Jar], name: str, field: str) -> Jar:
    """The jar called ``name`` (case aside), else a 422 on ``body.<field>`` naming the jars there are."""
    for jar in jars:
        if name_key(jar.name) == name_key(name):
            return jar
    there = ", ".join(jar.name for jar in jars) or "none: no jars are set up for this child yet"
    raise RequestValidationError([{
        "type": "value_error", "loc": ["body", field], "msg": f"Value error, no jar is named {name!r} (jars: {there})",
        "input": name,
    }])
