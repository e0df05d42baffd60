"""Data processing through a general channel: D(pW ‖ qW) ≤ D(p ‖ q), a log-sum gap per output."""

from __future__ import annotations

from sympy import Ge, Le

import symkl
from symkl.information import Joint

P, Q = symkl.Discrete.symbolic("p", 3), symkl.Discrete.symbolic("q", 3)
ROWS = [symkl.Discrete.symbolic(f"w{k}", 2) for k in (1, 2, 3)]
OTHER = [symkl.Discrete.symbolic(f"v{k}", 2) for k in (1, 2, 3)]
# Only the rows a claim uses: a fact about a symbol the claim lacks leaves the sampler no point.
FACTS = [fact for row in ROWS for fact in row.domain_facts()]
BOTH = FACTS + [fact for row in OTHER for fact in row.domain_facts()]


def _out(dist: symkl.Discrete, rows: list[symkl.Discrete]) -> symkl.Discrete:
    return Joint.from_channel(dist, rows).marginal("Y")


def test_data_processing_through_a_channel_is_proved() -> None:
    """Three inputs, two outputs, every entry of W a symbol: PROVED by data processing."""
    claim = Le(symkl.kl_divergence(_out(P, ROWS), _out(Q, ROWS)), symkl.kl_divergence(P, Q))
    proof = symkl.prove(claim, where=FACTS, timeout=60)
    assert proof.verdict is symkl.Verdict.PROVED
    assert proof.method == "data-processing"


def test_rows_must_be_stated_to_sum_to_one() -> None:
    """Without Σ_y W(y|x) = 1 the link to D(p ‖ q) does not hold: not proved."""
    claim = Le(symkl.kl_divergence(_out(P, ROWS), _out(Q, ROWS)), symkl.kl_divergence(P, Q))
    assert symkl.prove(claim, timeout=60).verdict is not symkl.Verdict.PROVED


def test_processing_does_not_increase_divergence() -> None:
    """The reversed inequality is refuted."""
    claim = Ge(symkl.kl_divergence(_out(P, ROWS), _out(Q, ROWS)), symkl.kl_divergence(P, Q))
    assert symkl.prove(claim, where=FACTS, timeout=60).verdict is symkl.Verdict.REFUTED


def test_two_different_channels_are_not_data_processing() -> None:
    """p through W and q through V: the bound fails, and is refuted."""
    claim = Le(symkl.kl_divergence(_out(P, ROWS), _out(Q, OTHER)), symkl.kl_divergence(P, Q))
    assert symkl.prove(claim, where=BOTH, timeout=60).verdict is symkl.Verdict.REFUTED
