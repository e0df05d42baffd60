"""Shared fixtures: a small catalog folder (the proof cache is isolated in the root conftest)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

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


@pytest.fixture(scope="module")
def pairs() -> ModuleType:
    """``bench/prove_pairs.py`` as a module: its builders of symbolic torch pairs."""
    path = Path(__file__).resolve().parent.parent / "bench" / "prove_pairs.py"
    spec = importlib.util.spec_from_file_location("prove_pairs", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
