"""Shared fixtures: an isolated proof cache for every test, and a small catalog folder."""

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


#: Three entries: a proved claim, a refuted misconception and a proved derivation.
SMALL_CATALOG = """
import sympy
import symkl
from symkl.measures import expectation

n = sympy.Symbol("n", integer=True, positive=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)

CE_SPLIT = symkl.Claim(
    "ce-split",
    sympy.Eq(symkl.cross_entropy(p, q), symkl.entropy(p) + symkl.kl_divergence(p, q)),
    title="Cross-entropy is entropy plus KL",
    source="seed 001",
    why="linearity",
)
SWAPPED = symkl.Claim(
    "swapped",
    sympy.Eq(symkl.cross_entropy(q, p), symkl.entropy(p) + symkl.kl_divergence(p, q)),
    title="Swapped notation",
    expect="refuted",
)
KL_CHAIN = symkl.Derivation(
    "kl-chain",
    symkl.kl_divergence(p, q),
    [
        symkl.Step(expectation(p, -sympy.log(q / p)), why="definition"),
        symkl.Step(symkl.cross_entropy(p, q) - symkl.entropy(p), why="linearity of expectation"),
    ],
    title="KL is CE minus H",
)
"""


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """A folder holding ``claims.py`` with the three entries of SMALL_CATALOG."""
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "claims.py").write_text(SMALL_CATALOG)
    return folder
