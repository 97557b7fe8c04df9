"""``/api/v1/push``: Web Push subscriptions, notification preferences and the VAPID public key.

Every route is the caller's own business: a user sees and changes only his subscriptions and
preferences, whatever his role. Without VAPID keys configured Web Push is off: the key and
subscribing answer 409.
"""

from __future__ import annotations

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse, empty, json

from api.auth import authenticated
from api.openapi import responds
from api.push import service
from api.push.schemas import (
    PreferencesIn,
    PreferencesOut,
    SubscriptionIn,
    SubscriptionOut,
    SubscriptionPath,
    VapidKeyOut,
    preferences_out,
    subscription_out,
)
from api.ratelimit import rate_limited
from api.validation import validate
from models import User
from models.push_kinds import kinds_for

bp = Blueprint("push", url_prefix="/api/v1/push")


@bp.get("/vapid-public-key")
@responds(VapidKeyOut, errors=[409])
@authenticated
@rate_limited(100)
async def vapid_public_key(request: Request, user: User) -> HTTPResponse:
    """The application server key to subscribe with (409 while Web Push is off)."""
    return json({"public_key": service.vapid_public_key(settings=request.app.ctx.settings)})


@bp.post("/subscriptions")
@responds(SubscriptionOut, status=201, description="A new subscription")
@responds(SubscriptionOut, description="The subscription with this endpoint, its keys renewed", errors=[409])
@authenticated
@validate(json=SubscriptionIn)
@rate_limited(30)
async def subscribe(request: Request, user: User, body: SubscriptionIn) -> HTTPResponse:
    """Subscribe a browser (its PushSubscription JSON); the same endpoint again renews it."""
    subscription, created = await service.subscribe(
        user=user, endpoint=body.endpoint, p256dh=body.keys.p256dh, auth=body.keys.auth,
        settings=request.app.ctx.settings,
    )
    return json(subscription_out(subscription), status=201 if created else 200)


@bp.get("/subscriptions")
@responds(list[SubscriptionOut])
@authenticated
@rate_limited(100)
async def list_subscriptions(request: Request, user: User) -> HTTPResponse:
    """The caller's subscriptions."""
    return json([subscription_out(subscription) for subscription in await service.subscriptions(user=user)])


@bp.delete("/subscriptions/<subscription_id>")
@responds(None, status=204)
@authenticated
@validate(path=SubscriptionPath)
@rate_limited(30)
async def delete_subscription(request: Request, user: User, path: SubscriptionPath) -> HTTPResponse:
    """Unsubscribe one of the caller's browsers (do it at log-out on a shared device)."""
    await service.unsubscribe(user=user, subscription_id=path.subscription_id)
    return empty()


@bp.get("/preferences")
@responds(PreferencesOut)
@authenticated
@rate_limited(100)
async def get_preferences(request: Request, user: User) -> HTTPResponse:
    """The kinds of notification the caller receives, on or off, and his quiet hours."""
    preferences, timezone = await service.preferences(user=user)
    return json(preferences_out(preferences, kinds_for(user.is_parent), timezone))


@bp.put("/preferences")
@responds(PreferencesOut)
@authenticated
@validate(json=PreferencesIn)
@rate_limited(30)
async def update_preferences(request: Request, user: User, body: PreferencesIn) -> HTTPResponse:
    """Turn kinds on or off and set quiet hours (local times in the family's zone; may wrap past midnight)."""
    preferences, timezone = await service.update_preferences(
        user=user, kinds=body.kinds, change_quiet_hours=body.changes_quiet_hours,
        quiet_hours=body.quiet_hours.rule() if body.quiet_hours is not None else None,
    )
    return json(preferences_out(preferences, kinds_for(user.is_parent), timezone))
