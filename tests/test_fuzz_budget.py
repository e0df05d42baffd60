"""The metamorphic fuzzer's oracle runs under CPU budgets: a look that cannot finish is counted
apart (not evaluable, or "undecided"), never as agreement with symkl."""

from __future__ import annotations

from typing import Any

import _oracle
import pytest
import sympy
import test_metamorphic as fuzz

import symkl

n = sympy.Symbol("n", integer=True, positive=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
GIBBS = fuzz.Base("gibbs", sympy.Ge(symkl.kl_divergence(p, q), 0), ())
FALSE = fuzz.Base("strict-gibbs", sympy.Gt(symkl.kl_divergence(p, q), 0), ())


def _spin(*args: Any, **kwargs: Any) -> Any:
    """A look that never ends (as the oracle at exp(−e^(10⁵)) did)."""
    while True:
        pass


def test_a_first_look_over_budget_leaves_the_mutant_uncounted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The oracle's first look spins: judge_mutant returns None and counts it per base."""
    monkeypatch.setattr(fuzz, "ORACLE_LOOK_BUDGET", 0.2)
    monkeypatch.setattr(_oracle, "judge", _spin)
    before = fuzz.ORACLE_OVER_BUDGET["gibbs"]
    assert fuzz.judge_mutant(GIBBS, "identity", GIBBS.relation) is None
    assert fuzz.ORACLE_OVER_BUDGET["gibbs"] == before + 1


def test_a_deciding_look_over_budget_is_undecided_not_agreement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """symkl refutes KL > 0; re-evaluating its counterexample spins: the record says the oracle
    is undecided and names nothing wrong (it is not counted as a confirmed counterexample)."""
    monkeypatch.setattr(fuzz, "ORACLE_VERDICT_BUDGET", 0.2)
    monkeypatch.setattr(_oracle, "evaluate_with_band_at", _spin)
    record = fuzz.judge_mutant(FALSE, "strict", FALSE.relation)
    assert record is not None
    assert record.verdict == "refuted"
    assert record.oracle == "undecided"
    assert record.wrong is None


def test_a_deciding_look_within_budget_still_judges(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same mutant with the oracle's own evaluation: its counterexample is confirmed."""
    record = fuzz.judge_mutant(FALSE, "strict", FALSE.relation)
    assert record is not None
    assert (record.verdict, record.oracle, record.wrong) == ("refuted", "violated", None)


def test_the_summary_counts_undecided_oracles() -> None:
    """summary() reports how many records the oracle left undecided."""
    records = [
        fuzz.Record("b", "op", "m", "refuted", "numeric", "undecided"),
        fuzz.Record("b", "op", "m", "refuted", "numeric", "violated"),
    ]
    data = fuzz.summary(records, 1.0)
    assert (data["oracle_undecided"], data["oracle_violated"]) == (1, 1)
