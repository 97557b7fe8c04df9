"""Typed settings, read from the environment once.

Every process (web, worker, realtime, CLI) calls :func:`get_settings`; tests build their own
:class:`Settings` and hand it to the app factory instead of patching globals.

:class:`Settings` declares every environment variable the processes read: its name (the field name
in capitals, unless the field gives another), type, default and meaning. ``docs/configuration.md``
shows them as a table generated from this class (``chores settings-doc``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, EnvSettingsSource, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent
DEFAULT_SECRET_KEY = "development-secret-key-change-me-0123456789abcdef"
DEFAULT_DATABASE_URL = f"sqlite://{PROJECT_ROOT / 'var' / 'chores.sqlite3'}"
DEFAULT_CORS_ORIGINS = "http://localhost:8081,http://localhost:8080,http://localhost:3000"
DEFAULT_METRICS_ALLOWED_IPS = "127.0.0.1,::1"
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
# What a VAPID subject may be (RFC 8292 §2.1): a way for push services to reach the operator.
VAPID_SUBJECT_SCHEMES = ("mailto:", "https://")
_ENVIRON: ContextVar[Mapping[str, str] | None] = ContextVar("settings_environ", default=None)
"""The variables :meth:`Settings.from_environ` reads instead of the process environment."""


class SettingsError(ValueError):
    """The environment holds a value the service refuses to start with."""


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _comma_separated(value: Any) -> Any:
    return _split(value) if isinstance(value, str) else value


def _flag(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    lowered = value.strip().lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise ValueError("must be true or false")


CommaList = Annotated[tuple[str, ...], NoDecode, BeforeValidator(_comma_separated)]
"""A comma-separated list in the environment (blanks around items dropped); empty means none."""
Flag = Annotated[bool, BeforeValidator(_flag)]
"""``1``/``true``/``yes``/``on`` or ``0``/``false``/``no``/``off``, in any case."""


def _sample_fraction(value: Any) -> Any:
    lowered = value.strip().lower() if isinstance(value, str) else value
    if lowered in TRUE_WORDS:
        return 1.0
    if lowered in FALSE_WORDS:
        return 0.0
    try:
        fraction = float(lowered)
    except (TypeError, ValueError):
        fraction = -1.0
    if not 0 <= fraction <= 1:
        raise ValueError("must be on, off or a sampling fraction between 0 and 1")
    return fraction


SampleFraction = Annotated[float, BeforeValidator(_sample_fraction)]
"""``on`` (1), ``off`` (0) or a fraction between 0 and 1."""


class _EnvironmentSource(EnvSettingsSource):
    """Environment variables by their exact names (not by field name). An empty one counts as unset and keeps the
    default, except for a list, where it means an empty list (``BACKEND_CORS_ORIGINS=``: no origins)."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]):
        self._environ = environ
        super().__init__(settings_cls)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return self._environ

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        name = variable_name(field_name)
        value = self.env_vars.get(name)
        if value == "" and NoDecode not in field.metadata:
            value = None
        return value, name, False


class Settings(BaseSettings):
    """Configuration of every process. ``Settings()`` reads the process environment; keyword
    arguments (by field name) take precedence over it."""

    model_config = SettingsConfigDict(
        frozen=True, case_sensitive=True, alias_generator=str.upper, validate_by_name=True, validate_by_alias=True,
    )

    environment: str = Field(
        "development",
        description="`development`, `test` or `production`. Outside `development` and `test` the built-in "
        "`SECRET_KEY` is refused. `development` also selects readable log lines (JSON lines otherwise); "
        "`GET /` echoes the value.",
    )
    database_url: str = Field(
        DEFAULT_DATABASE_URL, repr=False,
        description="`sqlite://<path>` (local runs, tests) or `mysql://user:password@host:3306/database` "
        "(MySQL 8 / MariaDB through asyncmy). MySQL schemas come from the aerich migrations; SQLite tables are "
        "created from the models. SQLite transactions begin with `BEGIN IMMEDIATE` (`models/sqlite_engine.py`), "
        "so the web and worker processes writing one file wait for each other (5 s busy timeout; "
        "`?busy_timeout=MS` in the URL changes it) instead of failing with \"database is locked\"; a lock held "
        "longer answers 503. On MySQL each process keeps a pool of up to 16 connections; `?maxsize=N` in the URL "
        "changes it.",
    )
    redis_url: str = Field(
        "redis://127.0.0.1:6379/0", repr=False,
        description="Redis for the job queue, rate-limit counters and pub/sub between the processes. "
        "`chores dev` starts an embedded Redis when it is unset.",
    )
    secret_key: str = Field(
        DEFAULT_SECRET_KEY, repr=False, json_schema_extra={"shown_default": "a development value"},
        description="HS256 key that signs access tokens; at least 32 bytes. "
        "Generate one with `python3 -c 'import secrets; print(secrets.token_urlsafe(48))'`. "
        "Changing it logs everybody out.",
    )
    access_token_expire_minutes: int = Field(
        11520, ge=1,
        description="Lifetime of an access token in minutes (11520: 8 days). Tokens cannot be revoked one by one; "
        "`chores disable-user` stops all of an account's tokens at once.",
    )
    cors_origins: CommaList = Field(
        _split(DEFAULT_CORS_ORIGINS), alias="BACKEND_CORS_ORIGINS",
        description="Origins browsers may call the API from (credentials allowed). Empty: no cross-origin access.",
    )
    registration_codes: CommaList = Field(
        ("BETA2024", "FAMILY_TRIAL", "CHORES_BETA"),
        description="Codes a parent needs to register, compared case-insensitively. Empty: parent "
        "self-registration is closed (`chores create-parent` still works).",
    )
    rate_limit_enabled: Flag = Field(True, description="`false` switches every rate limit off (tests, benchmarks).")
    trusted_proxies: CommaList = Field(
        (),
        description="IPs or CIDRs of your reverse proxies. Only requests arriving from them have their "
        "`X-Forwarded-For` believed when finding the client's address (rate limits, logs).",
    )
    bcrypt_rounds: int = Field(
        12, ge=4, le=31,
        description="bcrypt cost for new password hashes. Existing hashes are re-hashed at the new cost at the next "
        "login. Each step doubles the time of a login (about 0.24 s per login per core at 12).",
    )
    port: int = Field(8000, ge=1, description="Port of the web process (`chores web --port` overrides it).")
    realtime_port: int = Field(
        8001, ge=1, description="Port of the realtime (Socket.IO) process; the Procfiles pass it to uvicorn.",
    )
    metrics_auth_token: str | None = Field(
        None, repr=False, description="Bearer token that opens `/metrics` from any address.",
    )
    metrics_allowed_ips: CommaList = Field(
        _split(DEFAULT_METRICS_ALLOWED_IPS),
        description="IPs or CIDRs allowed to read `/metrics` without the token.",
    )
    cooldown_day_seconds: int = Field(
        86400, ge=1,
        description="Length of one \"day\" of a recurring chore's cooldown. Shorten it for demos and end-to-end "
        "tests (e.g. `60`: a one-day cooldown lasts a minute).",
    )
    redemption_hold_hours: int = Field(
        72, ge=1, le=24 * 365,
        description="How long a child's reward request holds its price (and a unit of stock) while it waits for a "
        "parent. A request nobody approved or declined by then is released (status `expired`) by the worker at that "
        "exact time; the every-minute sweep releases any whose job was lost.",
    )
    access_log_sample: SampleFraction = Field(
        1.0, alias="ACCESS_LOG", json_schema_extra={"shown_kind": "`on`, `off` or 0–1", "shown_default": "`on`"},
        description="Web only: the access line per request (logger `api.access`). `on`: every request; `off`: none, "
        "for operators who log at the proxy (errors still write their own error lines); a fraction between 0 and 1 "
        "(e.g. `0.1`): that share of the requests at random, plus every server error (5xx), every request the "
        "client abandoned (499) and every request slower than 1 s.",
    )
    prometheus_multiproc_dir: str | None = Field(
        None,
        description="Web only: directory where the web processes pool their metrics so that `/metrics` counts all "
        "of them (prometheus_client reads it too, so it must be in the environment when the process starts). "
        "`chores web --workers N` (N > 1) uses `$TMPDIR/chores-web-metrics-<port>` when it is unset; set it "
        "yourself to choose the place. Do not give it to the worker.",
    )
    worker_metrics_port: int | None = Field(
        None, ge=1, description="Worker only: when set, the worker serves its own Prometheus metrics on this port.",
    )
    worker_metrics_addr: str = Field("127.0.0.1", description="Worker only: address for the worker's metrics.")
    outbound_allow_private_networks: Flag = Field(
        False,
        description="Requests the server sends to user-given URLs (webhooks, Web Push) may go to private and "
        "loopback addresses (10/8, 172.16/12, 192.168/16, fc00::/7, 127/8, ::1). Off, they are refused before "
        "any connection, whatever the name resolves to; link-local addresses (169.254.169.254) are always refused.",
    )
    outbound_allow_http_loopback: Flag = Field(
        False,
        description="Development: user-given URLs may be plain `http://` to a loopback host (`localhost`, "
        "127.0.0.1, ::1), e.g. a webhook receiver on the developer's machine. Elsewhere only `https://` is taken.",
    )
    webhook_timeout_seconds: int = Field(
        10, ge=1, le=30,
        description="Worker only: how many seconds one webhook request may take (connecting, sending and reading the "
        "answer) before it counts as a failed attempt and is retried later.",
    )
    vapid_private_key: str | None = Field(
        None, repr=False, json_schema_extra={"shown_default": "unset (Web Push off)"},
        description="Web Push: the VAPID private key, base64url of its 32 bytes, as `chores vapid-keys` prints it. "
        "Secret. With `VAPID_PUBLIC_KEY` and `VAPID_SUBJECT`, the worker signs every push with it; unset, Web Push "
        "is off (subscribing answers 409, nothing is sent). Changing it invalidates every subscription.",
    )
    vapid_public_key: str | None = Field(
        None,
        description="Web Push: the public key of `VAPID_PRIVATE_KEY` (base64url, uncompressed P-256 point): the "
        "application server key browsers subscribe with (`GET /api/v1/push/vapid-public-key`). Must match the "
        "private key.",
    )
    vapid_subject: str | None = Field(
        None,
        description="Web Push: how push services can reach the operator, a `mailto:` or `https://` URL "
        "(e.g. `mailto:admin@example.com`); sent in every VAPID token. Required with the keys.",
    )

    app_name: ClassVar[str] = "Chores Tracker API"
    """The display name; fixed, not read from the environment."""

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as error:
            raise SettingsError(describe(error)) from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        environ = _ENVIRON.get()
        return init_settings, _EnvironmentSource(settings_cls, os.environ if environ is None else environ)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        """The settings ``environ`` gives, ignoring the process environment (for a launcher that
        prepares its children's environment)."""
        reading = _ENVIRON.set(environ)
        try:
            return cls()
        finally:
            _ENVIRON.reset(reading)

    @field_validator("registration_codes")
    @classmethod
    def _codes_in_capitals(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(code.upper() for code in codes)

    @field_validator("secret_key")
    @classmethod
    def _long_enough(cls, key: str) -> str:
        if len(key.encode()) < 32:
            raise ValueError("must be at least 32 bytes long")
        return key

    @property
    def web_push_enabled(self) -> bool:
        """Whether VAPID keys are configured (the validator ensures all three settings come together)."""
        return self.vapid_private_key is not None

    @model_validator(mode="after")
    def _vapid_complete_and_matching(self) -> Settings:
        given = [name for name in ("vapid_private_key", "vapid_public_key", "vapid_subject") if getattr(self, name)]
        if not given:
            return self
        if len(given) < 3:
            missing = [variable_name(name) for name in ("vapid_private_key", "vapid_public_key", "vapid_subject")
                       if name not in given]
            raise ValueError(f"Web Push needs VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY and VAPID_SUBJECT together; "
                             f"{' and '.join(missing)} missing (`chores vapid-keys` prints all three)")
        assert self.vapid_private_key and self.vapid_public_key and self.vapid_subject
        try:
            public_key = vapid_application_server_key(self.vapid_private_key)
        except ValueError:
            raise ValueError("VAPID_PRIVATE_KEY is not a VAPID private key (base64url of 32 bytes; "
                             "`chores vapid-keys` prints one)") from None
        if public_key != self.vapid_public_key.rstrip("="):
            raise ValueError("VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY")
        if not self.vapid_subject.startswith(VAPID_SUBJECT_SCHEMES):
            raise ValueError("VAPID_SUBJECT must be a mailto: or https:// URL, e.g. mailto:admin@example.com")
        return self

    @model_validator(mode="after")
    def _no_development_key_in_production(self) -> Settings:
        if self.secret_key == DEFAULT_SECRET_KEY and self.environment not in {"development", "test"}:
            raise ValueError(
                "SECRET_KEY is the built-in development value; set a random one "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))') "
                "or run with ENVIRONMENT=development"
            )
        return self


def vapid_application_server_key(private_key: str) -> str:
    """The public key of a VAPID private key (base64url of its 32-byte secret): base64url of the uncompressed
    P-256 point, the "application server key" browsers subscribe with. ValueError when it is no such key."""
    from cryptography.hazmat.primitives import serialization
    from py_vapid import Vapid
    from py_vapid.utils import b64urldecode, b64urlencode

    try:
        if len(b64urldecode(private_key.encode())) != 32:
            raise ValueError("not 32 bytes")
        signer = Vapid.from_raw(private_key.encode())
    except (ValueError, TypeError) as exc:
        raise ValueError(f"not a VAPID private key: {exc}") from None
    point = signer.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return b64urlencode(point)


def variable_name(field_name: str) -> str:
    """The environment variable of a :class:`Settings` field."""
    field = Settings.model_fields[field_name]
    return field.alias or field_name.upper()


def describe(error: ValidationError) -> str:
    """One line an operator can act on: each bad variable's name, what is wrong, and the value given
    (unless the variable is a secret)."""
    return "; ".join(_describe_one(detail) for detail in error.errors())


def _describe_one(detail: ErrorDetails) -> str:
    context = detail.get("ctx", {})
    if detail["type"] == "value_error":
        problem = str(context["error"])
    elif detail["type"] in {"int_parsing", "int_type", "int_from_float"}:
        problem = "must be an integer"
    elif detail["type"] == "greater_than_equal":
        problem = f"must be at least {context['ge']}"
    elif detail["type"] == "less_than_equal":
        problem = f"must be at most {context['le']}"
    elif detail["type"] == "extra_forbidden":
        return f"{detail['loc'][0]} is not a setting"
    else:
        problem = "is invalid: " + detail["msg"][:1].lower() + detail["msg"][1:]
    if not detail["loc"]:
        return problem
    field = _field_at(str(detail["loc"][0]))
    name = variable_name(field) if field else str(detail["loc"][0])
    shown = field is not None and Settings.model_fields[field].repr
    return f"{name} {problem}, not {detail['input']!r}" if shown else f"{name} {problem}"


def _field_at(location: str) -> str | None:
    """The field an error's location names: by field name, or by variable name."""
    return next((name for name in Settings.model_fields if location in {name, variable_name(name)}), None)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings()


def settings_or_exit(process: str) -> Settings:
    """:func:`get_settings` for a process's entry point: a bad setting ends the process with one line
    on stderr (``realtime: BCRYPT_ROUNDS must be an integer, not 'lots'``) instead of a traceback."""
    try:
        return get_settings()
    except SettingsError as error:
        raise SystemExit(f"{process}: {error}") from None
