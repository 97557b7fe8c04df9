"""Statistics (contract §8)."""

from __future__ import annotations

from sanic import Blueprint

bp = Blueprint("statistics", url_prefix="/api/v1/statistics")
