"""The adapters to python-socketio's and arq's private parts refuse versions they were not written for."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from realtime import socketio_adapter
from realtime.versions import UnsupportedVersion, require_version
from workers import arq_adapter


def test_the_adapters_were_written_for_the_installed_versions():
    assert socketio_adapter.VERSION == version("python-socketio")
    assert arq_adapter.VERSION == version("arq")


def test_another_version_is_refused_with_an_error_that_says_what_to_do():
    installed = version("arq")

    with pytest.raises(UnsupportedVersion) as refused:
        require_version("arq", ("0.1.",), "workers.arq_adapter")

    message = str(refused.value)
    assert "workers.arq_adapter relies on private parts of arq" in message
    assert "0.1.x" in message
    assert f"arq {installed} is installed" in message
    assert "SUPPORTED_VERSIONS" in message


def test_a_version_prefix_matches_whole_components_only():
    installed = version("python-socketio")
    major_minor = ".".join(installed.split(".")[:2])

    assert require_version("python-socketio", (f"{major_minor}.",), "realtime.socketio_adapter") == installed
    with pytest.raises(UnsupportedVersion):
        require_version("python-socketio", (f"{major_minor}1.",), "realtime.socketio_adapter")

