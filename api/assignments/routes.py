"""Approving and rejecting assignment rows (contract §5)."""

from __future__ import annotations

from sanic import Blueprint

bp = Blueprint("assignments", url_prefix="/api/v1/assignments")
