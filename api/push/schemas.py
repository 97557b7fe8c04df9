"""Request and response shapes of ``/api/v1/push``: subscriptions, preferences, the VAPID public key."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from typing_extensions import TypedDict

from api.validation import DbInt
from api.wire import LOCAL_TIME, Timestamp, local_time_text, minutes_after_midnight
from models.push import ENDPOINT_MAX_LENGTH, PushPreferences, PushSubscription, check_auth_secret, check_p256dh
from models.push_kinds import KINDS_BY_NAME, PushKind
from models.quiet_hours import QuietHours
from models.timeutil import isoformat_z


class SubscriptionKeysIn(BaseModel):
    p256dh: str = Field(max_length=200, description="The browser's P-256 public key, base64url (65 bytes)")
    auth: str = Field(max_length=100, description="The browser's authentication secret, base64url (16 bytes)")

    @field_validator("p256dh")
    @classmethod
    def _p256dh(cls, value: str) -> str:
        return check_p256dh(value)

    @field_validator("auth")
    @classmethod
    def _auth(cls, value: str) -> str:
        return check_auth_secret(value)


class SubscriptionIn(BaseModel):
    """A browser's ``PushSubscription.toJSON()`` (``expirationTime`` and other fields are ignored)."""

    model_config = ConfigDict(extra="ignore")

    endpoint: str = Field(
        min_length=1, max_length=ENDPOINT_MAX_LENGTH, pattern=r"^[!-~]+$",
        description="The push service URL: https, a public host",
    )
    keys: SubscriptionKeysIn


class SubscriptionPath(BaseModel):
    subscription_id: DbInt


class SubscriptionOut(TypedDict):
    id: int
    endpoint: str
    created_at: Timestamp
    updated_at: Timestamp


class VapidKeyOut(TypedDict):
    """The application server key: pass it (decoded from base64url) as ``applicationServerKey`` to
    ``PushManager.subscribe``."""

    public_key: str


class QuietHoursIn(BaseModel):
    start: str = Field(pattern=LOCAL_TIME, description="Local time (the family's zone) quiet hours begin, HH:MM")
    end: str = Field(pattern=LOCAL_TIME, description="Local time they end (may be past midnight), HH:MM")

    @model_validator(mode="after")
    def _not_empty(self) -> QuietHoursIn:
        if self.start == self.end:
            raise ValueError("quiet hours need an end different from their start")
        return self

    def rule(self) -> QuietHours:
        return QuietHours(minutes_after_midnight(self.start), minutes_after_midnight(self.end))


class PreferencesIn(BaseModel):
    """What to change: kinds named are turned on or off (the others keep their setting); ``quiet_hours``,
    when given, replaces them (null: never quiet)."""

    kinds: dict[str, bool] = Field(default_factory=dict, description="Notification kind -> on/off")
    quiet_hours: QuietHoursIn | None = None

    @field_validator("kinds")
    @classmethod
    def _known(cls, kinds: dict[str, bool]) -> dict[str, bool]:
        unknown = sorted(set(kinds) - KINDS_BY_NAME.keys())
        if unknown:
            raise ValueError(f"unknown notification kinds {unknown}; the kinds are {sorted(KINDS_BY_NAME)}")
        return kinds

    @property
    def changes_quiet_hours(self) -> bool:
        return "quiet_hours" in self.model_fields_set


class QuietHoursOut(TypedDict):
    start: str
    end: str


class PreferencesOut(TypedDict):
    """Every kind the caller can receive, on or off; quiet hours (null: none), read in ``timezone``."""

    kinds: dict[str, bool]
    quiet_hours: QuietHoursOut | None
    timezone: str


def subscription_out(subscription: PushSubscription) -> SubscriptionOut:
    return {
        "id": subscription.id,
        "endpoint": subscription.endpoint,
        "created_at": isoformat_z(subscription.created_at),
        "updated_at": isoformat_z(subscription.updated_at),
    }


def preferences_out(preferences: PushPreferences, kinds: tuple[PushKind, ...], timezone: str) -> PreferencesOut:
    quiet = preferences.quiet_hours
    return {
        "kinds": {kind.name: preferences.wants(kind.name) for kind in kinds},
        "quiet_hours": None if quiet is None else {"start": local_time_text(quiet.start), "end": local_time_text(quiet.end)},
        "timezone": timezone,
    }
