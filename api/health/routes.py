"""Health, root and readiness routes (contract §10)."""

from __future__ import annotations

from sanic import Blueprint

bp = Blueprint("health")
