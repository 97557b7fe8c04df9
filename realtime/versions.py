"""Refusing to start on a library version our adapters were not written for.

The adapters (``realtime/socketio_adapter.py``, ``workers/arq_adapter.py``) rely on private parts of
their library, which may change in any release without notice. Each one names the versions it was
checked against; importing it with another installed fails at once with a clear error instead of
misbehaving later.
"""

from __future__ import annotations

from importlib.metadata import version


class UnsupportedVersion(RuntimeError):
    """The installed version of a library is not one an adapter was written for."""


def require_version(distribution: str, supported: tuple[str, ...], adapter: str) -> str:
    """The installed version of ``distribution`` if it starts with one of ``supported`` (e.g. "5.18.");
    raises UnsupportedVersion otherwise."""
    installed = version(distribution)
    if not installed.startswith(supported):
        raise UnsupportedVersion(
            f"{adapter} relies on private parts of {distribution} and was written for versions "
            f"{', '.join(prefix + 'x' for prefix in supported)}; {distribution} {installed} is installed. "
            f"Check the adapter against {installed}, then add it to the adapter's SUPPORTED_VERSIONS."
        )
    return installed
