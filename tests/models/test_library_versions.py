"""Adapter modules (models/tortoise_adapter.py, models/aiosqlite_adapter.py, tests/sanic_adapter.py)
refuse to import on a library version they were not written for."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from models import aiosqlite_adapter, tortoise_adapter
from models.library_versions import UnsupportedLibraryVersion, release, require_version
from tests import sanic_adapter


def test_release_numbers_ignore_pre_release_and_local_parts():
    assert release("1.1.9") == (1, 1, 9)
    assert release("1.2") == (1, 2)
    assert release("2.0.0rc1") == (2, 0, 0)
    assert release("25.12.1+local.3") == (25, 12, 1)


@pytest.mark.parametrize("installed", ["1.1.9", "1.1.10", "1.1.99"])
def test_a_version_in_the_range_is_accepted(installed):
    assert require_version("tortoise-orm", at_least="1.1.9", below="1.2", adapter="x", installed=installed) == installed


@pytest.mark.parametrize("installed", ["1.1.8", "1.2.0", "2.0.0", "0.25.1"])
def test_a_version_outside_the_range_is_a_clear_import_error(installed):
    with pytest.raises(UnsupportedLibraryVersion) as refused:
        require_version("tortoise-orm", at_least="1.1.9", below="1.2", adapter="models.tortoise_adapter",
                        installed=installed)

    assert isinstance(refused.value, ImportError)
    assert str(refused.value).startswith(
        f"models.tortoise_adapter reaches into private parts of tortoise-orm and was written for versions "
        f">=1.1.9,<1.2; {installed} is installed."
    )


def test_a_library_that_is_not_installed_is_named():
    with pytest.raises(UnsupportedLibraryVersion, match="needs no-such-library-here, which is not installed"):
        require_version("no-such-library-here", at_least="1", below="2", adapter="x")


def test_the_tortoise_adapter_checked_the_installed_tortoise():
    assert tortoise_adapter.TORTOISE_VERSION == version("tortoise-orm")
    require_version("tortoise-orm", **tortoise_adapter.SUPPORTED, adapter="check")


def test_the_aiosqlite_adapter_checked_the_installed_aiosqlite():
    assert aiosqlite_adapter.AIOSQLITE_VERSION == version("aiosqlite")
    require_version("aiosqlite", **aiosqlite_adapter.SUPPORTED, adapter="check")


def test_the_sanic_adapter_of_the_tests_checked_the_installed_sanic():
    assert sanic_adapter.SANIC_VERSION == version("sanic")
    require_version("sanic", **sanic_adapter.SUPPORTED, adapter="check")
