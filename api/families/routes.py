"""Families and invite codes (contract §3)."""

from __future__ import annotations

from sanic import Blueprint

bp = Blueprint("families", url_prefix="/api/v1/families")
