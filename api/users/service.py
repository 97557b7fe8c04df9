"""Use cases of accounts: login, registration, children, password resets, the caller's own profile.

Callers' roles (parent or child) are checked by the routes, as the contract orders them; these
functions check everything about the accounts they touch.
"""

from __future__ import annotations

import re
from collections import defaultdict

from email_validator import EmailNotValidError, validate_email
from tortoise.exceptions import IntegrityError

from api.errors import BadRequest, Forbidden, NotFound, Unauthorized, Unprocessable
from api.metrics import business
from api.security import hash_password, hash_rounds, verify_password
from models import ChoreAssignment, Family, User
from models.access_tokens import create_access_token
from models.users import children_of, users_visible_to
from settings import Settings

MIN_PASSWORD_LENGTH = 8
# The reference's "simple pattern" for parents' e-mail addresses (§11.2), checked before full validation.
SIMPLE_EMAIL = re.compile(r"[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.-]+")
MAX_ID = 2**63 - 1


async def login(*, username: str, password: str, settings: Settings) -> str:
    """Check the credentials and return an access token (same cost for unknown users)."""
    user = await User.get_or_none(username=username)
    ok = await verify_password(password, user.hashed_password if user else None, settings.bcrypt_rounds)
    if user is None or not ok:
        business.USER_LOGIN_FAILURES.inc()
        raise Unauthorized("Incorrect username or password")
    if not user.is_active:
        business.USER_LOGIN_FAILURES.inc()
        raise Unauthorized("User is inactive")
    if hash_rounds(user.hashed_password) != settings.bcrypt_rounds:
        user.hashed_password = await hash_password(password, settings.bcrypt_rounds)
        await user.save(update_fields=["hashed_password"])
    business.USER_LOGINS.labels(role=business.role_label(user.is_parent)).inc()
    return create_access_token(user.id, settings)


async def register(
    *,
    username: str,
    password: str,
    wants_parent: bool,
    email: str | None,
    parent_id: str | None,
    registration_code: str | None,
    caller: User | None,
    settings: Settings,
) -> User:
    """Self-registration (U2): a parent with a registration code, or a child registered by a parent.

    A child needs a parent's token (decision D4): he goes under the caller, or under a co-parent
    named by ``parent_id``, and inherits that parent's family (D13).
    """
    if wants_parent:
        check_registration_code(registration_code, settings)
    email = checked_email(email, required=wants_parent)
    check_password_length(password)
    wanted_parent_id = _parse_parent_id(parent_id)
    parent = None if wants_parent else await _registering_parent(caller, wanted_parent_id)
    return await _create_account(
        username=username, email=email, password=password, is_parent=wants_parent, parent=parent, settings=settings
    )


async def create_user(
    *,
    caller: User,
    username: str,
    password: str,
    is_parent: bool,
    email: str | None,
    parent_id: int | None,
    registration_code: str | None,
    settings: Settings,
) -> User:
    """A parent creates an account (U3): usually a child of his, who inherits the family.

    A new parent gets neither a family nor a parent; a child goes under the caller unless
    ``parent_id`` names a co-parent of the caller's family.
    """
    if is_parent:
        check_registration_code(registration_code, settings)
    check_password_length(password)
    parent = None
    if is_parent:
        email = checked_email(email, required=True)
    else:
        parent = await _parent_for_new_child(caller, parent_id)
    return await _create_account(
        username=username, email=email, password=password, is_parent=is_parent, parent=parent, settings=settings
    )


def check_registration_code(code: str | None, settings: Settings) -> None:
    """Parents need one of the configured codes; compared trimmed and case-insensitively."""
    if not code:
        raise Unprocessable("Registration code is required during beta period")
    cleaned = code.strip().upper()
    if not cleaned:
        raise Unprocessable("Registration code cannot be empty")
    if cleaned not in {valid.upper() for valid in settings.registration_codes}:
        raise Unprocessable("Invalid registration code. Please contact admin for a valid beta code.")


def checked_email(email: str | None, *, required: bool) -> str | None:
    """The normalised address, checked by the reference's simple pattern and a full syntax check."""
    if not email:
        if required:
            raise Unprocessable("Email is required for parent accounts")
        return None
    if not SIMPLE_EMAIL.fullmatch(email):
        raise Unprocessable("Invalid email format")
    try:
        return validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError:
        raise Unprocessable("Invalid email format") from None


def check_password_length(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Unprocessable(f"Password must be at least {MIN_PASSWORD_LENGTH} characters long")


def _parse_parent_id(raw: str | None) -> int | None:
    if raw is None or not raw.strip():
        return None
    try:
        value = int(raw)
    except ValueError:
        raise Unprocessable("Parent ID must be a valid integer") from None
    if abs(value) > MAX_ID:
        raise Unprocessable("Parent ID must be a valid integer")
    return value


async def _registering_parent(caller: User | None, parent_id: int | None) -> User:
    """U2's child variant: only a parent's token opens it; without one, the reference's refusals."""
    if caller is not None and caller.is_parent:
        return await _parent_for_new_child(caller, parent_id)
    if parent_id is None:
        raise Unprocessable("Parent ID is required for child accounts")
    if caller is None:
        raise Unauthorized("Not authenticated", headers={"WWW-Authenticate": "Bearer"})
    raise Forbidden("Only parents can create new users")


async def _parent_for_new_child(caller: User, parent_id: int | None) -> User:
    """The caller, or the co-parent of his family that ``parent_id`` names (0 and None mean the caller).

    Anyone else is "not found", whether he exists or not, so ids of other families reveal nothing.
    """
    if not parent_id or parent_id == caller.id:
        return caller
    if caller.family_id is not None:
        co_parent = await User.get_or_none(id=parent_id, is_parent=True, family_id=caller.family_id)
        if co_parent is not None:
            return co_parent
    raise NotFound("Parent user not found")


async def _create_account(
    *, username: str, email: str | None, password: str, is_parent: bool, parent: User | None, settings: Settings
) -> User:
    await _ensure_available(username, email)
    hashed = await hash_password(password, settings.bcrypt_rounds)
    try:
        user = await User.create(
            username=username,
            email=email,
            hashed_password=hashed,
            is_parent=is_parent,
            parent_id=parent.id if parent else None,
            family_id=parent.family_id if parent else None,
        )
    except IntegrityError:
        # A concurrent request took the name or the address between the check and the insert.
        await _ensure_available(username, email)
        raise
    business.USER_REGISTRATIONS.labels(role=business.role_label(is_parent)).inc()
    return user


async def _ensure_available(username: str, email: str | None) -> None:
    if await User.filter(username=username).exists():
        raise BadRequest("Username already taken")
    if email is not None and await User.filter(email=email).exists():
        raise BadRequest("Email already registered")


async def children_with_chores(*, parent: User) -> list[tuple[User, list[ChoreAssignment]]]:
    """The children a parent manages (U6, U7), each with all his assignments, chores loaded.

    Family children come by username, direct children in creation order; the assignments of all
    of them are read in one query.
    """
    children = await children_of(parent).order_by("username" if parent.family_id is not None else "id")
    if not children:
        return []
    assignments = (
        await ChoreAssignment.filter(assignee_id__in=[child.id for child in children])
        .select_related("chore")
        .order_by("id")
    )
    by_child: dict[int, list[ChoreAssignment]] = defaultdict(list)
    for assignment in assignments:
        by_child[assignment.assignee_id].append(assignment)
    return [(child, by_child[child.id]) for child in children]


async def reset_child_password(*, parent: User, child_id: int, password: str, settings: Settings) -> User:
    """Set a new password for a child the parent manages (U9; any parent of the child's family, D11)."""
    child = await User.get_or_none(id=child_id)
    if child is None or parent.in_other_family_than(child):
        raise NotFound("Child not found")
    if child.is_parent:
        raise Forbidden("Cannot reset password for a parent account")
    if not parent.manages(child):
        raise Forbidden("You can only reset passwords for your own children")
    child.hashed_password = await hash_password(password, settings.bcrypt_rounds)
    await child.save(update_fields=["hashed_password", "updated_at"])
    return child


async def list_users(*, parent: User, skip: int, limit: int) -> list[User]:
    """The accounts of the parent's family (U10, decision D4), or himself and his children without one."""
    return await users_visible_to(parent).order_by("id").offset(skip).limit(limit)


async def children_of_parent(*, user: User, parent_id: int) -> list[User]:
    """The children of ``parent_id`` among the accounts the caller may see (U11); empty otherwise."""
    return await users_visible_to(user).filter(parent_id=parent_id, is_parent=False).order_by("id")


async def user_stats(*, user: User) -> tuple[Family | None, int, int]:
    """The caller's family, how many children he sees and how many members his family has (U12)."""
    family = await Family.get_or_none(id=user.family_id) if user.family_id is not None else None
    children_count = await children_of(user).count()
    members_count = await User.filter(family_id=family.id).count() if family is not None else 0
    return family, children_count, members_count
