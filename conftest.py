"""Shared by the tests and by the examples in symkl's docstrings (``--doctest-modules``).

Every test and example gets its own proof cache; examples run in an empty temporary folder
(those that write reports write there); each example imports what it uses.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# A bug inside a prover strategy must fail the tests, not pass as "does not apply".
os.environ.setdefault("SYMKL_STRATEGY_ERRORS", "raise")


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep proof caches out of the user's folder and independent between tests."""
    folder = tmp_path_factory.mktemp("symkl-cache")
    monkeypatch.setenv("SYMKL_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def _doctest_folder(request: pytest.FixtureRequest) -> None:
    """For a docstring example: an empty working folder."""
    if not isinstance(request.node, pytest.DoctestItem):
        return
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.chdir(request.getfixturevalue("tmp_path"))
