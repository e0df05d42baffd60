"""Tests of symkl.catalog: discovery, definition order, located errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from symkl.catalog import builtin_catalog_dir, discover, load
from symkl.errors import CatalogError
from symkl.runner import error_result, verify

GOOD = """
import sympy
import symkl
p, q = symkl.Discrete.symbolic("p", 2), symkl.Discrete.symbolic("q", 2)
SECOND = symkl.Claim("b-second", sympy.Ge(symkl.kl_divergence(p, q), 0))
FIRST = symkl.Claim("a-first", sympy.Ge(symkl.entropy(p), 0))
ALIAS = FIRST
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text))
    return path


def test_entries_are_collected_in_definition_order(tmp_path: Path) -> None:
    """Module-level claims come in the order they were written, aliases once."""
    catalog = load([_write(tmp_path, "good.py", GOOD)])
    assert [e.name for e in catalog.entries] == ["b-second", "a-first"]
    assert catalog.errors == []


def test_syntax_error_is_located_and_others_still_load(tmp_path: Path) -> None:
    """A broken module gives file:line; the good module in the same folder still verifies."""
    _write(tmp_path, "good.py", GOOD)
    _write(tmp_path, "broken.py", "import symkl\nx = (\n")
    catalog = load([tmp_path])
    assert [e.name for e in catalog.entries] == ["b-second", "a-first"]
    (error,) = catalog.errors
    assert error.path.endswith("broken.py")
    assert error.line == 2
    assert str(error).startswith(f"{error.path}:2: SyntaxError")
    results = verify(catalog.entries)
    assert all(r.ok for r in results)


def test_malformed_claim_is_located_and_the_rest_of_its_module_loads(tmp_path: Path) -> None:
    """A claim over a non-expression is reported at its line; its neighbours still load."""
    text = (
        GOOD
        + 'BAD = symkl.Claim("bad", "not an expression")\n'
        + 'LAST = symkl.Claim("z", sympy.Ge(symkl.entropy(q), 0))\n'
    )
    catalog = load([_write(tmp_path, "mixed.py", text)])
    assert [e.name for e in catalog.entries] == ["b-second", "a-first", "z"]
    (error,) = catalog.errors
    assert error.line == 8
    assert "got 'not an expression'" in str(error)
    failed = error_result(error)
    assert not failed.ok
    assert failed.kind == "error"


def test_runtime_error_in_module_is_located(tmp_path: Path) -> None:
    """An exception while importing points at the raising line."""
    catalog = load([_write(tmp_path, "boom.py", "x = 1\nraise RuntimeError('boom')\n")])
    (error,) = catalog.errors
    assert (error.line, error.detail) == (2, "RuntimeError: boom")


def test_duplicate_names_are_errors(tmp_path: Path) -> None:
    """Two entries with one name: the second is reported, the first kept."""
    _write(tmp_path, "a.py", GOOD)
    _write(tmp_path, "b.py", GOOD)
    catalog = load([tmp_path])
    assert len(catalog.entries) == 2
    assert [e.detail for e in catalog.errors] == [
        "duplicate entry name 'b-second'",
        "duplicate entry name 'a-first'",
    ]


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    """A path that does not exist is a CatalogError naming it."""
    with pytest.raises(CatalogError, match="no such derivation file or folder"):
        discover([tmp_path / "missing.py"])


def test_private_modules_are_skipped(tmp_path: Path) -> None:
    """_helpers.py in a folder is not collected."""
    _write(tmp_path, "_helpers.py", "raise RuntimeError('imported')\n")
    _write(tmp_path, "good.py", GOOD)
    assert load([tmp_path]).errors == []


def test_builtin_catalog_dir_exists() -> None:
    """The built-in catalog is found in a checkout (derivations/) or a wheel (symkl/_catalog)."""
    assert builtin_catalog_dir().is_dir()
