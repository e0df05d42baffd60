"""The committed coverage table (docs/coverage.md) says what symkl computes today."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

# about 20 s: every torch pair and family pair is asked of the registry (once, for both tests)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def coverage() -> ModuleType:
    spec = importlib.util.spec_from_file_location("coverage_table", ROOT / "bench" / "coverage.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # Both tests ask the registry about the same pairs (a stale yes/no changes no pair): once.
    side = module.symkl_side
    answers: dict[tuple[tuple[str, str], ...], dict[str, Any]] = {}

    def symkl_side(torch_pairs: list[tuple[str, str]]) -> dict[str, Any]:
        key = tuple(torch_pairs)
        if key not in answers:
            answers[key] = side(torch_pairs)
        return answers[key]

    module.symkl_side = symkl_side
    return module


def test_committed_table_is_current(coverage: ModuleType) -> None:
    """Every yes/no in the table (torch pairs, extra pairs, entropies) matches symkl now."""
    assert coverage.check(ROOT / "docs" / "coverage.md") == []


def test_a_stale_table_is_caught(coverage: ModuleType, tmp_path: Path) -> None:
    """A table that claims a pair symkl does not cover (or drops an extra pair) fails the check."""
    text = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    stale = text.replace("| Normal | Normal | yes |", "| Normal | Normal | no |", 1)
    first_extra = next(line for line in text.splitlines() if line.startswith("- "))
    stale = stale.replace(first_extra + "\n", "", 1)
    path = tmp_path / "coverage.md"
    path.write_text(stale, encoding="utf-8")
    problems = coverage.check(path)
    assert any("Normal" in p for p in problems)
    assert any("extra pairs" in p for p in problems)
