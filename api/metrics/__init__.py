"""Prometheus metrics: HTTP instrumentation, business counters and the ``/metrics`` route.

``setup_metrics(app)`` is called by the app factory. Use cases count business events with the
metrics of :mod:`api.metrics.business`.
"""

from __future__ import annotations

from sanic import Sanic

from api.metrics.exposition import mark_this_process_stopped, remove_dead_process_files
from api.metrics.routes import bp


def setup_metrics(app: Sanic) -> None:
    app.blueprint(bp)
    directory = app.ctx.settings.prometheus_multiproc_dir
    if directory is None:
        return

    @app.main_process_start
    async def clean_metrics_dir(app: Sanic) -> None:
        remove_dead_process_files(directory)

    @app.after_server_stop
    async def forget_live_gauges(app: Sanic) -> None:
        mark_this_process_stopped()
