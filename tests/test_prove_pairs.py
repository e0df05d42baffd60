"""bench/prove_pairs.py: torch's KL pairs proved against the definition, symbolic parameters."""

from __future__ import annotations

from types import ModuleType

import pytest
import sympy
from sympy import Eq

import symkl
from symkl import Verdict


def _claim(pairs: ModuleType, first: str, second: str | None = None) -> Eq:
    p = pairs.build(first, "1")
    if second is None:
        measure = symkl.entropy(p)
    else:
        measure = symkl.kl_divergence(p, pairs.build(second, "2"))
    return Eq(measure, measure.doit(), evaluate=False)


SAMPLE = [
    ("Normal", "Normal"),
    ("Gamma", "Gamma"),
    ("Poisson", "Poisson"),
    ("Exponential", "Gamma"),
    ("Laplace", "Normal"),
    ("Beta", "Exponential"),
    ("Uniform", "Gumbel"),
    ("Normal", "Exponential"),  # infinite: the Normal puts mass below 0
    ("MultivariateNormal", "MultivariateNormal"),
    ("Independent", "Independent"),
    ("Dirichlet", "Dirichlet"),
    ("Binomial", "Binomial"),  # a symbolic total_count: E[1], E[k] by the binomial theorem
]


@pytest.mark.slow
@pytest.mark.parametrize(("first", "second"), SAMPLE)
def test_torch_pair_proved(pairs: ModuleType, first: str, second: str) -> None:
    """The closed form of a torch pair, symbolic parameters, is PROVED from the definition."""
    proof = symkl.prove(_claim(pairs, first, second), timeout=60)
    assert proof.verdict is Verdict.PROVED, (proof.method, proof.detail)


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["Gumbel", "Independent", "LowRankMultivariateNormal", "Binomial", "NegativeBinomial"]
)
def test_family_entropy_proved(pairs: ModuleType, name: str) -> None:
    """A family's closed-form entropy, symbolic parameters, is PROVED from the definition."""
    proof = symkl.prove(_claim(pairs, name), timeout=60)
    assert proof.verdict is Verdict.PROVED, (proof.method, proof.detail)


def test_every_torch_pair_is_built(pairs: ModuleType) -> None:
    """All 85 non-generic torch pairs get symbolic members, with a closed form each."""
    listed = pairs.torch_pairs()
    assert len(listed) == 85
    for first, second in listed[:3]:
        closed = symkl.kl_divergence(pairs.build(first, "1"), pairs.build(second, "2")).doit()
        assert closed.free_symbols
        assert not closed.has(sympy.Integral)


@pytest.mark.parametrize(("first", "second"), [("Normal", "Normal"), ("Uniform", "Gumbel")])
def test_a_dropped_term_is_not_proved(pairs: ModuleType, first: str, second: str) -> None:
    """A closed form with a constant term dropped (1/2, as the Normal's −1/2) is not PROVED or
    CHECKED."""
    claim = _claim(pairs, first, second)
    wrong = Eq(claim.lhs, claim.rhs + sympy.Rational(1, 2), evaluate=False)
    proof = symkl.prove(wrong, timeout=60)
    assert proof.verdict not in (Verdict.PROVED, Verdict.CHECKED)


def test_a_dropped_component_is_not_proved(pairs: ModuleType) -> None:
    """KL of Independent products with one component's KL dropped is neither PROVED nor CHECKED."""
    p, q = pairs.build("Independent", "1"), pairs.build("Independent", "2")
    first = symkl.kl_divergence(p.components[0], q.components[0]).doit()
    wrong = Eq(symkl.kl_divergence(p, q), first, evaluate=False)
    proof = symkl.prove(wrong, timeout=60)
    assert proof.verdict not in (Verdict.PROVED, Verdict.CHECKED)


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_a_wrong_piece_on_a_condition_is_not_proved(pairs: ModuleType) -> None:
    """KL(Uniform ‖ Pareto) without log α in its finite piece is neither PROVED nor CHECKED."""
    claim = _claim(pairs, "Uniform", "Pareto")
    alpha = next(s for s in claim.rhs.free_symbols if s.name == "alpha2")
    wrong = Eq(claim.lhs, claim.rhs.subs(sympy.log(alpha), 0), evaluate=False)
    assert wrong.rhs != claim.rhs
    proof = symkl.prove(wrong, timeout=60)
    assert proof.verdict not in (Verdict.PROVED, Verdict.CHECKED)


def test_vanishing_where_a_condition_holds_only_there() -> None:
    """|y| − y vanishes where y ≥ c > 0, not where y ≥ −c (y may be negative there)."""
    from symkl.families._prove_equal import _vanishes_where

    y, c = sympy.Symbol("y", real=True), sympy.Symbol("c", positive=True)
    assert _vanishes_where(sympy.Abs(y) - y, sympy.Ge(y, c))
    assert not _vanishes_where(sympy.Abs(y) - y, sympy.Ge(y, -c))
    assert not _vanishes_where(sympy.Abs(y) - y, sympy.Le(y, c))
    assert _vanishes_where(sympy.Abs(y) - y, sympy.And(sympy.Le(y, 2 * c), sympy.Ge(y, c)))
