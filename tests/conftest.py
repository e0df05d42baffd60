"""Shared fixtures: every test runs with its own proof cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep proof caches out of the user's folder and independent between tests."""
    folder = tmp_path_factory.mktemp("symkl-cache")
    monkeypatch.setenv("SYMKL_CACHE_DIR", str(folder))
    return folder
