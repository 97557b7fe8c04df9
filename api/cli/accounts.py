"""Operator commands on accounts: create a parent, reset a password, list, disable and enable users.

Each command is a small async use case (tested on its own) and a sync wrapper that reads the
settings, opens the database and prints the result.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from email_validator import EmailNotValidError, validate_email
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from api.cli.common import CommandError, load_settings, print_table, read_new_password, run_with_database
from api.security import hash_password
from models import Family, User
from models.families import unused_invite_code
from models.money import cents_to_decimal_text
from realtime.publisher import Publisher, PublishError
from settings import Settings

USERNAME_LENGTH = (3, 50)


def _check_username(username: str) -> str:
    low, high = USERNAME_LENGTH
    if not low <= len(username) <= high:
        raise CommandError(f"the username needs {low} to {high} characters")
    return username


def _check_email(email: str) -> str:
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise CommandError(f"invalid e-mail address: {exc}") from None


async def _user_named(username: str) -> User:
    user = await User.get_or_none(username=username)
    if user is None:
        raise CommandError(f"no user is named {username!r}")
    return user


async def create_parent(
    *, username: str, email: str, password: str, family_name: str | None, settings: Settings
) -> User:
    """Create a parent account, in a new family when ``family_name`` is given."""
    username, email = _check_username(username), _check_email(email)
    hashed = await hash_password(password, settings.bcrypt_rounds)
    async with in_transaction() as conn:
        if await User.filter(username=username).using_db(conn).exists():
            raise CommandError(f"the username {username!r} is taken")
        if await User.filter(email=email).using_db(conn).exists():
            raise CommandError(f"the e-mail address {email!r} is taken")
        family = None
        if family_name is not None:
            family = await Family.create(name=family_name, invite_code=await unused_invite_code(conn), using_db=conn)
        return await User.create(
            username=username, email=email, hashed_password=hashed, is_parent=True, family=family, using_db=conn
        )


async def reset_password(*, username: str, password: str, settings: Settings) -> User:
    """Give an account a new password (its existing tokens stay valid until they expire)."""
    user = await _user_named(username)
    user.hashed_password = await hash_password(password, settings.bcrypt_rounds)
    await user.save(update_fields=["hashed_password", "updated_at"])
    return user


async def set_active(*, username: str, active: bool, publisher: Publisher) -> tuple[User, bool]:
    """Disable or enable an account; a disabled one can neither log in nor use its tokens.

    Disabling also has the realtime servers close the account's open sockets; the second value
    says whether they could be told (Redis down: the sockets stay open until they reconnect,
    which is refused).
    """
    user = await _user_named(username)
    user.is_active = active
    await user.save(update_fields=["is_active", "updated_at"])
    if active:
        return user, True
    try:
        await publisher.membership_changed(user.id)
    except PublishError:
        return user, False
    return user, True


async def list_users(*, family_id: int | None = None) -> list[dict[str, Any]]:
    """Every account (or one family's), oldest first, without password material."""
    query = User.all() if family_id is None else User.filter(family_id=family_id)
    rows = await query.order_by("id").values(
        "id", "username", "email", "is_parent", "is_active", "family_id", "parent_id", "balance_cents"
    )
    return [
        {
            **row,
            "role": "parent" if row["is_parent"] else "child",
            "active": "yes" if row["is_active"] else "no",
            "balance": None if row["is_parent"] else cents_to_decimal_text(row["balance_cents"]),
        }
        for row in rows
    ]


async def list_families() -> list[dict[str, Any]]:
    """Every family with its invite code and how many parents and children it has."""
    families = await Family.all().order_by("id").values("id", "name", "invite_code", "invite_code_expires_at")
    counts = (
        await User.filter(family_id__not_isnull=True)
        .annotate(members=Count("id"))
        .group_by("family_id", "is_parent")
        .values("family_id", "is_parent", "members")
    )
    members: dict[tuple[int, bool], int] = {(c["family_id"], bool(c["is_parent"])): c["members"] for c in counts}
    return [
        {**family, "parents": members.get((family["id"], True), 0), "children": members.get((family["id"], False), 0)}
        for family in families
    ]


def cmd_create_parent(args: argparse.Namespace) -> int:
    """Create a parent account (the password is asked for, or read from stdin)."""
    settings = load_settings()
    password = read_new_password()
    user = run_with_database(
        settings,
        lambda: create_parent(
            username=args.username, email=args.email, password=password, family_name=args.family, settings=settings
        ),
    )
    family = f" in family {user.family_id}" if user.family_id else ""
    print(f"created parent {user.username} (id {user.id}){family}")
    return 0


def cmd_reset_password(args: argparse.Namespace) -> int:
    """Set a new password for an account (asked for, or read from stdin)."""
    settings = load_settings()
    password = read_new_password()
    user = run_with_database(
        settings, lambda: reset_password(username=args.username, password=password, settings=settings)
    )
    print(f"new password set for {user.username} (id {user.id})")
    return 0


def cmd_list_users(args: argparse.Namespace) -> int:
    """List accounts: id, name, role, family, parent, active, balance."""
    rows = run_with_database(load_settings(), lambda: list_users(family_id=args.family))
    print_table(rows, ["id", "username", "role", "email", "family_id", "parent_id", "active", "balance"])
    return 0


def cmd_list_families(args: argparse.Namespace) -> int:
    """List families with their invite codes and member counts."""
    rows = run_with_database(load_settings(), list_families)
    print_table(rows, ["id", "name", "invite_code", "invite_code_expires_at", "parents", "children"])
    return 0


def cmd_disable_user(args: argparse.Namespace) -> int:
    """Disable an account: it can no longer log in, its tokens stop working and its sockets close at once."""
    user, told = _set_active(args.username, active=False)
    print(f"disabled {user.username} (id {user.id})")
    if not told:
        print("Redis unreachable: his open sockets close when they reconnect", file=sys.stderr)
    return 0


def cmd_enable_user(args: argparse.Namespace) -> int:
    """Enable a disabled account again."""
    user, _ = _set_active(args.username, active=True)
    print(f"enabled {user.username} (id {user.id})")
    return 0


def _set_active(username: str, *, active: bool) -> tuple[User, bool]:
    settings = load_settings()

    async def work() -> tuple[User, bool]:
        publisher = Publisher(settings.redis_url)
        try:
            return await set_active(username=username, active=active, publisher=publisher)
        finally:
            await publisher.close()

    return run_with_database(settings, work)


def register(commands: argparse._SubParsersAction) -> None:
    create = commands.add_parser("create-parent", help=cmd_create_parent.__doc__)
    create.add_argument("--username", required=True)
    create.add_argument("--email", required=True)
    create.add_argument("--family", metavar="NAME", help="also create a family of this name, with him in it")
    create.set_defaults(func=cmd_create_parent)

    reset = commands.add_parser("reset-password", help=cmd_reset_password.__doc__)
    reset.add_argument("username")
    reset.set_defaults(func=cmd_reset_password)

    users = commands.add_parser("list-users", help=cmd_list_users.__doc__)
    users.add_argument("--family", type=int, metavar="ID", help="only this family's members")
    users.set_defaults(func=cmd_list_users)

    commands.add_parser("list-families", help=cmd_list_families.__doc__).set_defaults(func=cmd_list_families)

    for name, handler in (("disable-user", cmd_disable_user), ("enable-user", cmd_enable_user)):
        command = commands.add_parser(name, help=handler.__doc__)
        command.add_argument("username")
        command.set_defaults(func=handler)
