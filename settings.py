"""Typed settings, read from the environment once.

Every process (web, worker, realtime, CLI) calls :func:`get_settings`; tests build their own
:class:`Settings` and hand it to the app factory instead of patching globals.
"""

from __future__ import annotations

import dataclasses
import os
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent
DEFAULT_SECRET_KEY = "development-secret-key-change-me-0123456789abcdef"
DEFAULT_DATABASE_URL = f"sqlite://{PROJECT_ROOT / 'var' / 'chores.sqlite3'}"
DEFAULT_CORS_ORIGINS = "http://localhost:8081,http://localhost:8080,http://localhost:3000"
DEFAULT_METRICS_ALLOWED_IPS = "127.0.0.1,::1"


class SettingsError(ValueError):
    """The environment holds a value the service refuses to start with."""


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _bool(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, not {value!r}")


def _int(name: str, value: str, *, minimum: int = 0) -> int:
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, not {value!r}") from None
    if number < minimum:
        raise SettingsError(f"{name} must be at least {minimum}")
    return number


@dataclasses.dataclass(frozen=True)
class Settings:
    """Configuration of every process; see docs in the README's configuration table."""

    environment: str = "development"
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str = "redis://127.0.0.1:6379/0"
    secret_key: str = DEFAULT_SECRET_KEY
    access_token_expire_minutes: int = 11520
    cors_origins: tuple[str, ...] = _split(DEFAULT_CORS_ORIGINS)
    registration_codes: tuple[str, ...] = ("BETA2024", "FAMILY_TRIAL", "CHORES_BETA")
    rate_limit_enabled: bool = True
    trusted_proxies: tuple[str, ...] = ()
    bcrypt_rounds: int = 12
    port: int = 8000
    realtime_port: int = 8001
    metrics_auth_token: str | None = None
    metrics_allowed_ips: tuple[str, ...] = _split(DEFAULT_METRICS_ALLOWED_IPS)
    cooldown_day_seconds: int = 86400
    app_name: str = "Chores Tracker API"

    def __post_init__(self) -> None:
        if self.secret_key == DEFAULT_SECRET_KEY and self.environment not in {"development", "test"}:
            raise SettingsError(
                "SECRET_KEY is the built-in development value; set a random one "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))') "
                "or run with ENVIRONMENT=development"
            )
        if len(self.secret_key.encode()) < 32:
            raise SettingsError("SECRET_KEY must be at least 32 bytes long")
        if not 4 <= self.bcrypt_rounds <= 31:
            raise SettingsError("BCRYPT_ROUNDS must be between 4 and 31")
        if self.cooldown_day_seconds < 1:
            raise SettingsError("COOLDOWN_DAY_SECONDS must be at least 1")

    @classmethod
    def from_env(cls, environ: dict[str, str] | os._Environ[str] = os.environ) -> Settings:
        """Build settings from environment variables; unset ones keep their defaults."""
        values: dict[str, object] = {}
        text = {
            "ENVIRONMENT": "environment",
            "DATABASE_URL": "database_url",
            "REDIS_URL": "redis_url",
            "SECRET_KEY": "secret_key",
            "METRICS_AUTH_TOKEN": "metrics_auth_token",
        }
        for env_name, field in text.items():
            if environ.get(env_name):
                values[field] = environ[env_name]
        lists = {
            "BACKEND_CORS_ORIGINS": "cors_origins",
            "TRUSTED_PROXIES": "trusted_proxies",
            "METRICS_ALLOWED_IPS": "metrics_allowed_ips",
        }
        for env_name, field in lists.items():
            if env_name in environ:
                values[field] = _split(environ[env_name])
        if "REGISTRATION_CODES" in environ:
            values["registration_codes"] = tuple(c.upper() for c in _split(environ["REGISTRATION_CODES"]))
        integers = {
            "ACCESS_TOKEN_EXPIRE_MINUTES": ("access_token_expire_minutes", 1),
            "BCRYPT_ROUNDS": ("bcrypt_rounds", 4),
            "PORT": ("port", 1),
            "REALTIME_PORT": ("realtime_port", 1),
            "COOLDOWN_DAY_SECONDS": ("cooldown_day_seconds", 1),
        }
        for env_name, (field, minimum) in integers.items():
            if environ.get(env_name):
                values[field] = _int(env_name, environ[env_name], minimum=minimum)
        if environ.get("RATE_LIMIT_ENABLED"):
            values["rate_limit_enabled"] = _bool("RATE_LIMIT_ENABLED", environ["RATE_LIMIT_ENABLED"])
        return cls(**values)  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    return Settings.from_env()
