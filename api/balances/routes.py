"""Children's balances and allowance summaries (U5, U8)."""

from __future__ import annotations

from sanic import Blueprint

bp = Blueprint("balances", url_prefix="/api/v1/users")
