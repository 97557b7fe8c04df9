"""Reports (contract §9)."""

from __future__ import annotations

from sanic import Blueprint

bp = Blueprint("reports", url_prefix="/api/v1/reports")
