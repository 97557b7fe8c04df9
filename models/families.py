"""Families: the unit every query is scoped to."""

from __future__ import annotations

import secrets
import string
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from models.chores import Chore
from models.timeutil import as_utc, utcnow
from models.users import User

INVITE_CODE_ALPHABET = string.ascii_uppercase + string.digits
INVITE_CODE_LENGTH = 8


INVITE_CODE_ATTEMPTS = 10
# The longest IANA name is 32 characters ("America/Argentina/ComodRivadavia").
TIMEZONE_MAX_LENGTH = 64
UTC_ZONE = ZoneInfo("UTC")
# Names the zone database may hold that are no place's zone: the machine's own setting, a placeholder.
NOT_PLACES = frozenset({"localtime", "Factory"})


def new_invite_code() -> str:
    """Eight characters drawn uniformly from A–Z0–9 with a CSPRNG."""
    return "".join(secrets.choice(INVITE_CODE_ALPHABET) for _ in range(INVITE_CODE_LENGTH))


async def unused_invite_code(conn: BaseDBAsyncClient) -> str:
    """A fresh code no family holds (the unique index still guards against a concurrent taker)."""
    for _ in range(INVITE_CODE_ATTEMPTS):
        code = new_invite_code()
        if not await Family.filter(invite_code=code).using_db(conn).exists():
            return code
    raise RuntimeError(f"no unused invite code after {INVITE_CODE_ATTEMPTS} attempts")


@cache
def known_timezones() -> frozenset[str]:
    """The IANA zone names this machine's time zone database knows (read once)."""
    return frozenset(available_timezones()) - NOT_PLACES


def check_timezone(name: str) -> str:
    """``name`` if it is an IANA time zone (``Europe/Berlin``), else ValueError saying so."""
    if name not in known_timezones():
        raise ValueError(f"{name!r} is not an IANA time zone name such as 'Europe/Berlin' or 'America/New_York'")
    return name


class Family(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=255, null=True)
    invite_code = fields.CharField(max_length=INVITE_CODE_LENGTH, unique=True)
    invite_code_expires_at = fields.DatetimeField(null=True)
    # IANA name of the family's time zone (quiet hours and local schedules are read in it); null: UTC.
    timezone = fields.CharField(max_length=TIMEZONE_MAX_LENGTH, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "families"

    @property
    def zone(self) -> ZoneInfo:
        """The family's time zone; UTC until a parent sets one."""
        return zone_named(self.timezone)

    def invite_code_usable(self, now: datetime | None = None) -> bool:
        """A code works while it has no expiry or its expiry is still ahead."""
        if self.invite_code_expires_at is None:
            return True
        return as_utc(self.invite_code_expires_at) > (now or utcnow())


def zone_named(name: str | None) -> ZoneInfo:
    """The zone of a stored name (None: UTC); the name was checked when it was stored."""
    return UTC_ZONE if name is None else ZoneInfo(name)


async def family_zone(family_id: int | None, conn: BaseDBAsyncClient | None = None) -> ZoneInfo:
    """The time zone of a family (by id), UTC for none: where its calendar rules are read."""
    if family_id is None:
        return UTC_ZONE
    family = await Family.get_or_none(id=family_id, using_db=conn)
    return UTC_ZONE if family is None else family.zone


async def move_into_family(user_ids: list[int], family_id: int | None, *, using_db: BaseDBAsyncClient) -> None:
    """Put these users in a family (None: out of any), with their chores, whose family mirrors the creator's."""
    await User.filter(id__in=user_ids).using_db(using_db).update(family_id=family_id)
    await Chore.filter(creator_id__in=user_ids).using_db(using_db).update(family_id=family_id)
