"""Payouts of a child's balance."""

from __future__ import annotations

from sanic import Blueprint

bp = Blueprint("payouts", url_prefix="/api/v1/payouts")
