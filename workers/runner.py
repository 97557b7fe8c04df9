"""The worker process (``chores worker``): a :class:`~workers.arq_adapter.ResilientWorker`."""

from __future__ import annotations

from arq.worker import get_kwargs

from workers.arq_adapter import ResilientWorker


def run(settings_cls: type) -> None:
    """Run a worker configured by an arq ``WorkerSettings`` class until a signal stops it."""
    ResilientWorker(**get_kwargs(settings_cls)).run()
