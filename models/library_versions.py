"""The check every adapter module runs at import: is the installed library one it was written for?

An adapter reaches into a library's private parts, which may change in any release. Rather than
fail later in some request with an AttributeError, it refuses to import on a version outside the
range it was checked against, naming the range and what to do.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, version

RELEASE = re.compile(r"\d+(\.\d+)*")


class UnsupportedLibraryVersion(ImportError):
    """The installed library is outside the versions an adapter module was written for."""


def release(text: str) -> tuple[int, ...]:
    """``"1.1.9"`` → ``(1, 1, 9)``; pre-release and local parts (``rc1``, ``+local``) are ignored."""
    match = RELEASE.match(text)
    if match is None:
        raise UnsupportedLibraryVersion(f"{text!r} is not a version number")
    return tuple(int(number) for number in match.group(0).split("."))


def require_version(distribution: str, *, at_least: str, below: str, adapter: str, installed: str | None = None) -> str:
    """The installed version of ``distribution``, or UnsupportedLibraryVersion when it is outside
    ``[at_least, below)``. ``installed`` is read from the environment unless given."""
    if installed is None:
        try:
            installed = version(distribution)
        except PackageNotFoundError:
            raise UnsupportedLibraryVersion(f"{adapter} needs {distribution}, which is not installed") from None
    if not release(at_least) <= release(installed) < release(below):
        raise UnsupportedLibraryVersion(
            f"{adapter} reaches into private parts of {distribution} and was written for versions "
            f">={at_least},<{below}; {installed} is installed. Install a version in that range, or check "
            f"each internal the module lists against {installed} and widen its range."
        )
    return installed
