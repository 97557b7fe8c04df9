"""Manual reward adjustments (contract §6)."""

from __future__ import annotations

from sanic import Blueprint

bp = Blueprint("adjustments", url_prefix="/api/v1/adjustments")
