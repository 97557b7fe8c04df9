"""Chores (contract §4)."""

from __future__ import annotations

from sanic import Blueprint

bp = Blueprint("chores", url_prefix="/api/v1/chores")
