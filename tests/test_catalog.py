"""The whole built-in catalog: every entry gets the verdict it expects."""

from __future__ import annotations

import pytest
from _catalog_run import CATALOG, catalog_results

from symkl.catalog import Entry
from symkl.citations import lookup
from symkl.prover import Verdict
from symkl.runner import EntryResult

SEEDS = ("000_a763d7db240be4c5.txt", "001_8d6328440cde4c6b.txt", "002_5e987451e931c6e2.txt")


def test_catalog_loads_without_errors() -> None:
    """Every module in derivations/ imports and every entry is well formed."""
    assert [str(e) for e in CATALOG.errors] == []


def test_catalog_is_large_enough() -> None:
    """At least 40 claims and derivations."""
    assert len(CATALOG.entries) >= 40


@pytest.mark.parametrize("seed", SEEDS)
def test_every_seed_is_cited(seed: str) -> None:
    """Each seed document is the source of several entries."""
    cited = [lookup(e.source) for e in CATALOG.entries]
    assert sum(any(w.seed == seed for w in s.works) for s in cited if s is not None) >= 3


def test_every_entry_cites_a_source() -> None:
    """No entry without a source."""
    assert [e.name for e in CATALOG.entries if not e.source.strip()] == []


def test_misconceptions_are_refuted_not_dropped() -> None:
    """The catalog keeps wrong claims, each expected to be refuted."""
    refuted = {e.name for e in CATALOG.entries if e.expect is Verdict.REFUTED}
    assert {"swapped-notation-ce", "kl-is-symmetric", "forward-kl-is-mode-seeking"} <= refuted


def _results() -> dict[str, EntryResult]:
    """Every entry's result, from the one verification of the catalog shared with test_report."""
    return {r.name: r for r in catalog_results()}


@pytest.mark.slow
@pytest.mark.parametrize("entry", CATALOG.entries, ids=[e.name for e in CATALOG.entries])
def test_entry_gets_its_expected_verdict(entry: Entry) -> None:
    """The prover's verdict on each entry is the one the catalog expects."""
    result = _results()[entry.name]
    steps = [(s.verdict.value, s.method) for s in result.steps]
    assert result.verdict is entry.expect, steps
    if result.verdict is Verdict.REFUTED:
        assert any(s.counterexample for s in result.steps)
    if result.verdict is Verdict.PROVED:
        assert all(s.method and s.assumptions is not None for s in result.steps)
