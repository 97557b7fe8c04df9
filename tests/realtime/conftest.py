"""Fixtures of the realtime tests: a real Socket.IO server under uvicorn, real clients, Redis db 11."""

from __future__ import annotations

import os

import pytest

from settings import Settings
from tests.conftest import make_settings

REALTIME_REDIS_URL = os.environ.get("TEST_REALTIME_REDIS_URL", "redis://127.0.0.1:6379/11")


@pytest.fixture
def settings() -> Settings:
    return make_settings(redis_url=REALTIME_REDIS_URL)
