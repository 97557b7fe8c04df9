"""What ``/metrics`` returns: this process's metrics, or every web process's in multiprocess mode.

Multiprocess mode is on when ``PROMETHEUS_MULTIPROC_DIR`` (``Settings.prometheus_multiproc_dir``)
names a writable directory before the process starts (set it for the whole process tree, e.g. in the
Procfile): each worker writes its samples to files there and every scrape sums them, so the numbers
are right whichever worker answers. Gauges that describe the data (pending approvals, active users
and families) are read from the database at scrape time, which is right across processes by
construction.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from tortoise.exceptions import BaseORMException
from tortoise.functions import Count

from models import ChoreAssignment, User

log = logging.getLogger(__name__)

GAUGE_QUERY_TIMEOUT_SECONDS = 2.0


def remove_dead_process_files(directory: str) -> None:
    """Delete the sample files of processes that no longer run.

    Called once when a server starts, before its workers exist. Unlike wiping the directory,
    it leaves alone the files of processes still running, such as another server started on the
    same host with the same directory.
    """
    for path in Path(directory).glob("*.db"):
        pid = path.stem.rsplit("_", 1)[-1]
        if pid.isdigit() and not _process_running(int(pid)):
            path.unlink(missing_ok=True)


def _process_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mark_this_process_stopped() -> None:
    """Drop this worker's live gauges (in-flight requests); its counters keep counting in the totals."""
    multiprocess.mark_process_dead(os.getpid())


class _Snapshot:
    """Metric families read before the scrape (prometheus collectors cannot await)."""

    def __init__(self, families: Iterable[GaugeMetricFamily]):
        self._families = list(families)

    def collect(self) -> list[GaugeMetricFamily]:
        return self._families


def _process_metrics(multiprocess_dir: str | None) -> Collector:
    if multiprocess_dir is None:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


async def _database_gauges() -> list[GaugeMetricFamily]:
    pending = await ChoreAssignment.filter(is_completed=True, is_approved=False).count()
    active_users = await User.filter(is_active=True).count()
    row = (
        await User.filter(is_active=True, family_id__isnull=False)
        .annotate(families=Count("family_id", distinct=True))
        .first()
        .values("families")
    )
    return [
        GaugeMetricFamily("pending_approvals_count", "Completed assignments waiting for approval", value=pending),
        GaugeMetricFamily("active_users_count", "Active user accounts", value=active_users),
        GaugeMetricFamily(
            "families_active_count", "Families with at least one active member", value=(row or {}).get("families") or 0
        ),
    ]


async def render(multiprocess_dir: str | None) -> bytes:
    """The Prometheus text exposition (format 0.0.4) of every metric; ``multiprocess_dir`` is the
    processes' shared directory in multiprocess mode, else None."""
    try:
        gauges = await asyncio.wait_for(_database_gauges(), GAUGE_QUERY_TIMEOUT_SECONDS)
    except (TimeoutError, BaseORMException, OSError) as exc:
        log.warning("metrics: database gauges skipped: %s", type(exc).__name__)
        gauges = []
    return generate_latest(_process_metrics(multiprocess_dir)) + generate_latest(_Snapshot(gauges))
