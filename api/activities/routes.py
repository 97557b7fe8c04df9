"""The activity feed (contract §7)."""

from __future__ import annotations

from sanic import Blueprint

bp = Blueprint("activities", url_prefix="/api/v1/activities")
