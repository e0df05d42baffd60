"""Which source files the proof cache fingerprints: the verdict code, found from its imports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from symkl import _sources, cache


def _names() -> set[str]:
    return {p.as_posix() for p in _sources.verdict_sources()}


def test_the_prover_and_what_it_imports_are_verdict_sources() -> None:
    """The kernel, the numeric check it calls and the measures it reads are all fingerprinted."""
    names = _names()
    assert {"prover/_kernel.py", "numeric/__init__.py", "measures.py", "relations.py"} <= names


def test_the_command_line_reports_and_runner_are_not() -> None:
    """Presenting or scheduling verdicts cannot change one: those files are left out."""
    names = _names()
    assert not {n for n in names if n.split("/")[0] in ("cli", "report", "runner")}
    assert "cache.py" not in names


def test_an_installed_copy_with_the_catalog_inside_has_the_same_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wheel carries the catalog as symkl/_catalog; it is not verdict code (issue 16 item 7)."""
    copy = tmp_path / "symkl"
    shutil.copytree(_sources.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "_catalog").mkdir()
    (copy / "_catalog" / "entries.py").write_text("from symkl.prover import prove\n")
    before = _sources.verdict_sources()
    monkeypatch.setattr(_sources, "PACKAGE", copy)
    assert _sources.verdict_sources() == before


def test_an_import_inside_a_function_is_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module the prover imports only when a function runs still changes the fingerprint."""
    package = tmp_path / "symkl"
    (package / "prover").mkdir(parents=True)
    (package / "prover" / "__init__.py").write_text(
        "def f():\n    from ..helper import g\n    from symkl.other import (\n        h,\n    )\n"
    )
    (package / "helper.py").write_text("")
    (package / "other.py").write_text("")
    (package / "unused.py").write_text("")
    monkeypatch.setattr(_sources, "PACKAGE", package)
    names = {p.as_posix() for p in _sources.verdict_sources()}
    assert names == {"prover/__init__.py", "helper.py", "other.py"}


def test_fingerprint_changes_with_verdict_code_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Editing a verdict source gives a new fingerprint; editing another file does not."""
    package = tmp_path / "symkl"
    (package / "prover").mkdir(parents=True)
    (package / "prover" / "__init__.py").write_text("from .. import kernel\n")
    (package / "kernel.py").write_text("A = 1\n")
    (package / "report.py").write_text("B = 1\n")
    monkeypatch.setattr(_sources, "PACKAGE", package)
    monkeypatch.setattr(cache, "PACKAGE", package)

    def fingerprint() -> str:
        monkeypatch.setattr(cache, "_FINGERPRINT", None)
        return cache._fingerprint()

    first = fingerprint()
    (package / "report.py").write_text("B = 2\n")
    assert fingerprint() == first
    (package / "kernel.py").write_text("A = 2\n")
    assert fingerprint() != first
