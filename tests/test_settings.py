"""Settings read from the real process environment: every kind of value, the defaults, the errors an
operator sees at start, and the generated table in docs/configuration.md."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import pytest

from settings import DEFAULT_SECRET_KEY, PROJECT_ROOT, Settings, SettingsError, vapid_application_server_key
from tests.conftest import free_port

VARIABLES = (
    "ENVIRONMENT", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ACCESS_TOKEN_EXPIRE_MINUTES", "BACKEND_CORS_ORIGINS",
    "REGISTRATION_CODES", "RATE_LIMIT_ENABLED", "TRUSTED_PROXIES", "BCRYPT_ROUNDS", "PORT", "REALTIME_PORT",
    "METRICS_AUTH_TOKEN", "METRICS_ALLOWED_IPS", "COOLDOWN_DAY_SECONDS", "REDEMPTION_HOLD_HOURS", "PROMETHEUS_MULTIPROC_DIR",
    "ACCESS_LOG", "WORKER_METRICS_PORT", "WORKER_METRICS_ADDR", "OUTBOUND_ALLOW_PRIVATE_NETWORKS",
    "OUTBOUND_ALLOW_HTTP_LOOPBACK", "WEBHOOK_TIMEOUT_SECONDS", "VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "VAPID_SUBJECT",
)
A_GOOD_KEY = "a-production-secret-key-of-48-characters-0123456"
APP_PACKAGES = ("api", "models", "workers", "realtime", "migrations")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No setting comes from the shell that runs the tests."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_unset_variables_keep_the_documented_defaults():
    settings = Settings()

    assert settings.environment == "development"
    assert settings.database_url == f"sqlite://{PROJECT_ROOT}/var/chores.sqlite3"
    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert settings.secret_key == DEFAULT_SECRET_KEY
    assert settings.access_token_expire_minutes == 11520
    assert settings.cors_origins == ("http://localhost:8081", "http://localhost:8080", "http://localhost:3000")
    assert settings.registration_codes == ("BETA2024", "FAMILY_TRIAL", "CHORES_BETA")
    assert settings.rate_limit_enabled is True
    assert settings.trusted_proxies == ()
    assert (settings.bcrypt_rounds, settings.port, settings.realtime_port) == (12, 8000, 8001)
    assert settings.metrics_auth_token is None
    assert settings.metrics_allowed_ips == ("127.0.0.1", "::1")
    assert settings.cooldown_day_seconds == 86400
    assert settings.redemption_hold_hours == 72
    assert settings.prometheus_multiproc_dir is None
    assert (settings.worker_metrics_port, settings.worker_metrics_addr) == (None, "127.0.0.1")
    assert settings.app_name == "Chores Tracker API"


def test_text_and_numbers_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("DATABASE_URL", "mysql://chores:pw@db:3306/chores")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/2")
    monkeypatch.setenv("SECRET_KEY", A_GOOD_KEY)
    monkeypatch.setenv("ACCESS_TOKEN_EXPIRE_MINUTES", "60")
    monkeypatch.setenv("BCRYPT_ROUNDS", " 10 ")
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.setenv("REALTIME_PORT", "9001")
    monkeypatch.setenv("METRICS_AUTH_TOKEN", "scrape-token")
    monkeypatch.setenv("COOLDOWN_DAY_SECONDS", "60")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "/run/chores-metrics")
    monkeypatch.setenv("WORKER_METRICS_PORT", "9100")
    monkeypatch.setenv("WORKER_METRICS_ADDR", "0.0.0.0")

    settings = Settings()

    assert (settings.environment, settings.database_url, settings.redis_url, settings.secret_key) == (
        "production", "mysql://chores:pw@db:3306/chores", "redis://cache:6379/2", A_GOOD_KEY)
    assert (settings.access_token_expire_minutes, settings.bcrypt_rounds, settings.port, settings.realtime_port,
            settings.cooldown_day_seconds) == (60, 10, 9000, 9001, 60)
    assert settings.metrics_auth_token == "scrape-token"
    assert settings.prometheus_multiproc_dir == "/run/chores-metrics"
    assert (settings.worker_metrics_port, settings.worker_metrics_addr) == (9100, "0.0.0.0")


def test_lists_are_comma_separated_and_empty_means_none(monkeypatch):
    monkeypatch.setenv("BACKEND_CORS_ORIGINS", " https://a.example , https://b.example,, ")
    monkeypatch.setenv("REGISTRATION_CODES", "beta2024, Family ")
    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.1,192.168.0.0/16")
    monkeypatch.setenv("METRICS_ALLOWED_IPS", "")

    settings = Settings()

    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.registration_codes == ("BETA2024", "FAMILY")
    assert settings.trusted_proxies == ("10.0.0.1", "192.168.0.0/16")
    assert settings.metrics_allowed_ips == ()


@pytest.mark.parametrize(("given", "expected"), [
    ("1", True), ("true", True), ("Yes", True), (" ON ", True), ("0", False), ("FALSE", False), ("no", False),
    ("off", False),
])
def test_booleans_accept_the_usual_words(monkeypatch, given, expected):
    monkeypatch.setenv("RATE_LIMIT_ENABLED", given)

    assert Settings().rate_limit_enabled is expected


def test_an_empty_variable_keeps_its_default(monkeypatch):
    for name in ("ENVIRONMENT", "DATABASE_URL", "SECRET_KEY", "BCRYPT_ROUNDS", "RATE_LIMIT_ENABLED",
                 "METRICS_AUTH_TOKEN", "WORKER_METRICS_PORT"):
        monkeypatch.setenv(name, "")

    assert Settings() == Settings.from_environ({})


def test_names_are_matched_exactly(monkeypatch):
    monkeypatch.setenv("port", "9000")
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example")

    settings = Settings()

    assert settings.port == 8000
    assert settings.cors_origins == ("http://localhost:8081", "http://localhost:8080", "http://localhost:3000")


def test_keyword_arguments_by_field_name_win_over_the_environment(monkeypatch):
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.setenv("BCRYPT_ROUNDS", "not a number")

    settings = Settings(bcrypt_rounds=4, cors_origins=("https://a.example",))

    assert (settings.bcrypt_rounds, settings.port, settings.cors_origins) == (4, 9000, ("https://a.example",))


def test_a_given_environment_replaces_the_process_one(monkeypatch):
    monkeypatch.setenv("PORT", "9000")

    settings = Settings.from_environ({"REALTIME_PORT": "9001", "RATE_LIMIT_ENABLED": "off"})

    assert (settings.port, settings.realtime_port, settings.rate_limit_enabled) == (8000, 9001, False)


@pytest.mark.parametrize(("environ", "message"), [
    ({"BCRYPT_ROUNDS": "lots"}, "BCRYPT_ROUNDS must be an integer, not 'lots'"),
    ({"BCRYPT_ROUNDS": "3"}, "BCRYPT_ROUNDS must be at least 4, not '3'"),
    ({"BCRYPT_ROUNDS": "32"}, "BCRYPT_ROUNDS must be at most 31, not '32'"),
    ({"PORT": "0"}, "PORT must be at least 1, not '0'"),
    ({"WORKER_METRICS_PORT": "ninety"}, "WORKER_METRICS_PORT must be an integer, not 'ninety'"),
    ({"RATE_LIMIT_ENABLED": "maybe"}, "RATE_LIMIT_ENABLED must be true or false, not 'maybe'"),
    ({"COOLDOWN_DAY_SECONDS": "0", "ACCESS_TOKEN_EXPIRE_MINUTES": "1.5"},
     "ACCESS_TOKEN_EXPIRE_MINUTES must be an integer, not '1.5'; COOLDOWN_DAY_SECONDS must be at least 1, not '0'"),
])
def test_a_bad_value_is_named_with_what_is_wrong(monkeypatch, environ, message):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(SettingsError) as refused:
        Settings()

    assert str(refused.value) == message


def test_a_short_secret_is_refused_without_being_echoed(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "hunter2-is-short")

    with pytest.raises(SettingsError) as refused:
        Settings()

    assert str(refused.value) == "SECRET_KEY must be at least 32 bytes long"


@pytest.mark.parametrize("environment", ["production", "staging"])
def test_the_built_in_secret_key_is_refused_outside_development_and_test(monkeypatch, environment):
    monkeypatch.setenv("ENVIRONMENT", environment)

    with pytest.raises(SettingsError, match="^SECRET_KEY is the built-in development value; set a random one"):
        Settings()

    monkeypatch.setenv("SECRET_KEY", A_GOOD_KEY)
    assert Settings().environment == environment


@pytest.mark.parametrize("environment", ["development", "test"])
def test_the_built_in_secret_key_is_fine_for_development_and_tests(monkeypatch, environment):
    monkeypatch.setenv("ENVIRONMENT", environment)

    assert Settings().secret_key == DEFAULT_SECRET_KEY


def _run(command: list[str], **environ: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name not in VARIABLES}
    return subprocess.run(command, cwd=PROJECT_ROOT, env={**env, **environ}, capture_output=True, text=True,
                          timeout=60)


def test_the_realtime_process_stops_with_one_line_on_a_bad_setting():
    port = str(free_port())
    result = _run([sys.executable, "-m", "uvicorn", "realtime.app:app", "--port", port], BCRYPT_ROUNDS="lots")

    assert result.returncode == 1
    assert result.stderr.strip() == "realtime: BCRYPT_ROUNDS must be an integer, not 'lots'"


def test_the_worker_stops_with_one_line_on_a_bad_setting():
    result = _run([sys.executable, "-m", "api.cli", "worker"], WORKER_METRICS_PORT="ninety",
                  REDIS_URL="redis://127.0.0.1:1/0")

    assert result.returncode == 1
    assert result.stderr.strip() == "chores worker: WORKER_METRICS_PORT must be an integer, not 'ninety'"


def test_the_configuration_doc_shows_the_table_the_settings_class_gives():
    from api.cli.settings_doc import CONFIGURATION_DOC, with_current_table

    document = CONFIGURATION_DOC.read_text()

    assert document == with_current_table(document), (
        "docs/configuration.md and settings.Settings disagree; run `chores settings-doc --write`")


def test_the_table_lists_every_variable_with_its_type_and_default():
    from api.cli.settings_doc import settings_table

    rows = {line.split(" | ")[0].strip("|` "): line.split(" | ")[1:3] for line in settings_table().splitlines()[2:]}

    assert set(rows) == set(VARIABLES)
    assert rows["BCRYPT_ROUNDS"] == ["integer, 4–31", "`12`"]
    assert rows["PORT"] == ["integer ≥ 1", "`8000`"]
    assert rows["RATE_LIMIT_ENABLED"] == ["boolean", "`true`"]
    assert rows["TRUSTED_PROXIES"] == ["list", "empty"]
    assert rows["METRICS_ALLOWED_IPS"] == ["list", "`127.0.0.1,::1`"]
    assert rows["DATABASE_URL"] == ["text", "`sqlite://<project>/var/chores.sqlite3`"]
    assert rows["SECRET_KEY"] == ["text", "a development value"]
    assert rows["WORKER_METRICS_PORT"] == ["integer ≥ 1", "unset"]


def test_only_the_settings_module_reads_the_environment():
    readers = []
    for package in APP_PACKAGES:
        for path in (PROJECT_ROOT / package).rglob("*.py"):
            if "migrations/models" in path.as_posix():
                continue
            readers += [f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}" for node in ast.walk(ast.parse(path.read_text()))
                        if _reads_environment(node)]

    assert readers == []


def _reads_environment(node: ast.AST) -> bool:
    """``os.getenv(...)``, ``os.environ.get(...)`` or ``os.environ[...]`` read (writing is fine)."""
    if isinstance(node, ast.Call):
        return ast.unparse(node.func) in {"os.getenv", "os.environ.get"}
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
        return ast.unparse(node.value) == "os.environ"
    return False


def _vapid_pair() -> tuple[str, str]:
    from api.cli.vapid import new_vapid_private_key

    private_key = new_vapid_private_key()
    return private_key, vapid_application_server_key(private_key)


def test_web_push_is_off_until_its_three_settings_are_given(monkeypatch):
    private_key, public_key = _vapid_pair()
    assert Settings().web_push_enabled is False

    monkeypatch.setenv("VAPID_PRIVATE_KEY", private_key)
    monkeypatch.setenv("VAPID_PUBLIC_KEY", public_key)
    monkeypatch.setenv("VAPID_SUBJECT", "mailto:admin@example.com")

    assert Settings().web_push_enabled is True


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"VAPID_PRIVATE_KEY": "private"}, "VAPID_PUBLIC_KEY and VAPID_SUBJECT missing"),
        ({"VAPID_PRIVATE_KEY": "private", "VAPID_PUBLIC_KEY": "other", "VAPID_SUBJECT": "mailto:a@example.com"},
         "VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY"),
        ({"VAPID_PRIVATE_KEY": "bm90IGEga2V5", "VAPID_PUBLIC_KEY": "public", "VAPID_SUBJECT": "mailto:a@example.com"},
         "VAPID_PRIVATE_KEY is not a VAPID private key"),
        ({"VAPID_PRIVATE_KEY": "private", "VAPID_PUBLIC_KEY": "public", "VAPID_SUBJECT": "admin@example.com"},
         "VAPID_SUBJECT must be a mailto: or https:// URL"),
    ],
)
def test_incomplete_or_mismatched_vapid_settings_stop_the_process_without_showing_the_private_key(
    monkeypatch, given, message
):
    private_key, public_key = _vapid_pair()
    values = {"private": private_key, "public": public_key, "other": _vapid_pair()[1]}
    for name, value in given.items():
        monkeypatch.setenv(name, values.get(value, value))

    with pytest.raises(SettingsError) as refused:
        Settings()

    assert message in str(refused.value)
    assert private_key not in str(refused.value)
