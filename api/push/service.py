"""Use cases of Web Push: a user's subscriptions and preferences (each user manages only his own)."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from api.errors import Conflict, NotFound, Unprocessable
from api.families.service import family_of
from api.validation import outbound_url
from models import User
from models.families import UTC_ZONE
from models.push import MAX_SUBSCRIPTIONS_PER_USER, PushPreferences, PushSubscription, endpoint_digest
from models.push_kinds import kinds_for
from models.quiet_hours import QuietHours
from settings import Settings

WEB_PUSH_OFF = "Web Push is not configured on this server (no VAPID keys)"
NOT_FOUND = "Push subscription not found"


def _require_web_push(settings: Settings) -> None:
    if not settings.web_push_enabled:
        raise Conflict(WEB_PUSH_OFF)


def vapid_public_key(*, settings: Settings) -> str:
    """The application server key browsers subscribe with; 409 while Web Push is off."""
    _require_web_push(settings)
    assert settings.vapid_public_key is not None
    return settings.vapid_public_key.rstrip("=")


async def subscribe(*, user: User, endpoint: str, p256dh: str, auth: str, settings: Settings) -> tuple[PushSubscription, bool]:
    """Store a browser's subscription, or renew the keys of the one with this endpoint; True when it is new.

    A user keeps his ``MAX_SUBSCRIPTIONS_PER_USER`` most recently renewed subscriptions: one more drops the oldest.
    """
    _require_web_push(settings)
    endpoint = outbound_url(endpoint, "endpoint", settings)
    async with in_transaction() as conn:
        subscription, created = await PushSubscription.get_or_create(
            user_id=user.id, endpoint_digest=endpoint_digest(endpoint),
            defaults={"endpoint": endpoint, "p256dh": p256dh, "auth": auth}, using_db=conn,
        )
        if not created:
            subscription.p256dh, subscription.auth = p256dh, auth
            await subscription.save(using_db=conn, update_fields=["p256dh", "auth", "updated_at"])
        kept = PushSubscription.filter(user_id=user.id).order_by("-updated_at", "-id").offset(MAX_SUBSCRIPTIONS_PER_USER)
        extra = list(await kept.using_db(conn).values_list("id", flat=True))
        if extra:
            await PushSubscription.filter(id__in=extra).using_db(conn).delete()
    return subscription, created


async def subscriptions(*, user: User) -> list[PushSubscription]:
    return await PushSubscription.filter(user_id=user.id).order_by("id")


async def unsubscribe(*, user: User, subscription_id: int) -> None:
    """Delete one of the caller's subscriptions; anybody else's is as unknown as an id nobody has (404)."""
    if not await PushSubscription.filter(id=subscription_id, user_id=user.id).delete():
        raise NotFound(NOT_FOUND)


async def preferences(*, user: User) -> tuple[PushPreferences, str]:
    """The caller's preferences (the defaults until he saves some) and the zone his quiet hours are read in."""
    saved = await PushPreferences.get_or_none(user_id=user.id)
    return saved or PushPreferences(user_id=user.id), await _timezone_name(user)


async def update_preferences(
    *, user: User, kinds: dict[str, bool], quiet_hours: QuietHours | None, change_quiet_hours: bool
) -> tuple[PushPreferences, str]:
    """Turn kinds on or off and set or clear quiet hours; 422 for a kind the caller's role never receives."""
    foreign = sorted(set(kinds) - {kind.name for kind in kinds_for(user.is_parent)})
    if foreign:
        role = "parents" if user.is_parent else "children"
        raise Unprocessable(f"{', '.join(foreign)}: not a notification {role} receive")
    async with in_transaction() as conn:
        await PushPreferences.get_or_create(user_id=user.id, using_db=conn)
        saved = await PushPreferences.select_for_update().using_db(conn).get(user_id=user.id)
        saved.choose(kinds)
        if change_quiet_hours:
            saved.quiet_hours = quiet_hours
        await saved.save(using_db=conn)
    return saved, await _timezone_name(user)


async def _timezone_name(user: User) -> str:
    family = await family_of(user)
    return (family.zone if family is not None else UTC_ZONE).key

