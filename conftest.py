"""Shared by the tests and by the examples in symkl's docstrings (``--doctest-modules``).

Every test and example gets its own proof cache; examples run in an empty temporary folder
(those that write reports write there) with the names docstrings use without importing them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

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


def _names() -> dict[str, Any]:
    import numpy
    import sympy

    import symkl
    from symkl.catalog import Catalog, load
    from symkl.relations import as_relation
    from symkl.runner import verify_catalog

    p, q = symkl.Discrete.symbolic("p", 3), symkl.Discrete.symbolic("q", 3)
    names: dict[str, Any] = {name: getattr(symkl, name) for name in symkl.__all__}
    names.update(
        sympy=sympy, symkl=symkl, Path=Path, Catalog=Catalog, load=load,
        verify_catalog=verify_catalog, as_relation=as_relation, p=p, q=q,
        Eq=sympy.Eq, Ge=sympy.Ge, Le=sympy.Le, Gt=sympy.Gt, Lt=sympy.Lt, S=sympy.S,
        Symbol=sympy.Symbol, Integer=sympy.Integer, Rational=sympy.Rational, log=sympy.log,
        eye=sympy.eye, numpy=numpy, np=numpy,
        x=sympy.Symbol("x", real=True), t=sympy.Symbol("t", real=True),
        k=sympy.Symbol("k", integer=True, positive=True),
        n=sympy.Symbol("n", integer=True, positive=True),
    )  # fmt: skip
    return names


@pytest.fixture(autouse=True)
def _doctest_names(request: pytest.FixtureRequest) -> None:
    """For a docstring example: its common names, and an empty working folder."""
    if not isinstance(request.node, pytest.DoctestItem):
        return
    namespace = request.getfixturevalue("doctest_namespace")
    for name, value in _names().items():
        namespace.setdefault(name, value)
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.chdir(request.getfixturevalue("tmp_path"))
