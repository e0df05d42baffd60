"""KL(Pareto ‖ ·) by cases on α: finite for α > K, ∞ for α ≤ K (K the top power of x in −log g),
and wrong case boundaries or dropped terms not PROVED or CHECKED."""

from __future__ import annotations

from types import ModuleType

import pytest
import sympy
from sympy import Eq, Piecewise, Symbol

import symkl
from symkl import Verdict
from symkl.families import Exponential, Normal, Pareto
from symkl.families._prove import family_moments
from symkl.families._prove_tail import _diverges, tail_cases
from symkl.relations import as_relation

s, a = Symbol("s", positive=True), Symbol("a", positive=True)


def _claim(pairs: ModuleType, second: str) -> Eq:
    kl = symkl.kl_divergence(pairs.build("Pareto", "1"), pairs.build(second, "2"))
    return Eq(kl, kl.doit(), evaluate=False)


def _rebound(claim: Eq, condition: sympy.Basic) -> Eq:
    """The claim with its finite piece moved to another condition."""
    (value, _), rest = claim.rhs.args[0], claim.rhs.args[1:]
    return Eq(claim.lhs, Piecewise((value, condition), *rest), evaluate=False)


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_divergence_is_derived_for_the_tail_parameter_only() -> None:
    """E[x] diverges under Pareto(s, α) for α ≤ 1 (shown), not for the scale; E[x²] for α ≤ 2."""
    assert _diverges(Pareto(s, a), a, 1)
    assert _diverges(Pareto(s, a), a, 2)
    assert not _diverges(Pareto(s, a), s, 1)


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_the_split_is_at_the_top_power() -> None:
    """Exponential's −log g is linear in x (split at α > 1), the Normal's quadratic (α > 2)."""
    m, r = Symbol("m", real=True), Symbol("r", positive=True)
    exponential = tail_cases(Pareto(s, a), Exponential(r))
    normal = tail_cases(Pareto(s, a), Normal(m, r))
    assert exponential is not None
    assert normal is not None
    assert exponential[:2] == (a, [1])
    assert normal[:2] == (a, [1, 2])


def test_no_split_without_a_power_term() -> None:
    """Pareto ‖ Pareto has no power of x in −log g: nothing to split."""
    assert tail_cases(Pareto(s, a), Pareto(s, 2 * a)) is None


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
@pytest.mark.parametrize(
    "second",
    [
        "Exponential",
        pytest.param("Gamma", marks=pytest.mark.slow),
        pytest.param("Normal", marks=pytest.mark.slow),
    ],
)
def test_pareto_pairs_are_proved(pairs: ModuleType, second: str) -> None:
    """KL(Pareto ‖ Exponential, Gamma, Normal), symbolic parameters, is PROVED by cases."""
    proof = symkl.prove(_claim(pairs, second), timeout=120)
    assert proof.verdict is Verdict.PROVED, (proof.method, proof.detail)
    assert any("is ∞ for" in fact for fact in proof.assumptions)
    assert not any("_delta" in str(fact) for fact in proof.assumptions), proof.assumptions


@pytest.mark.parametrize(
    ("second", "boundary"),
    [
        pytest.param("Exponential", 2, marks=pytest.mark.slow),
        pytest.param("Normal", 1, marks=pytest.mark.slow),
    ],
)
def test_a_wrong_case_boundary_is_not_proved(pairs: ModuleType, second: str, boundary: int) -> None:
    """The finite piece claimed on α > 2 (Exponential: finite from 1) or α > 1 (Normal: ∞ up to
    2) is neither derived nor PROVED nor CHECKED."""
    claim = _claim(pairs, second)
    alpha = next(v for v in claim.rhs.free_symbols if v.name == "alpha1")
    wrong = _rebound(claim, alpha > boundary)
    assert wrong.rhs != claim.rhs
    assert family_moments(as_relation(wrong)) is None
    proof = symkl.prove(wrong, timeout=120)
    assert proof.verdict not in (Verdict.PROVED, Verdict.CHECKED)


@pytest.mark.slow
def test_a_dropped_term_is_not_proved(pairs: ModuleType) -> None:
    """KL(Pareto ‖ Normal) with the −μ·E[x]/σ² term dropped is not PROVED or CHECKED."""
    claim = _claim(pairs, "Normal")
    loc = next(v for v in claim.rhs.free_symbols if v.name == "loc2")
    (value, condition), rest = claim.rhs.args[0], claim.rhs.args[1:]
    # the term linear in loc2: −α·loc2·scale1/(scale2²·(α − 1))
    dropped = sympy.Add(*(t for t in sympy.Add.make_args(value) if sympy.degree(t, loc) != 1))
    assert dropped != value
    wrong = Eq(claim.lhs, Piecewise((dropped, condition), *rest), evaluate=False)
    assert family_moments(as_relation(wrong)) is None
    proof = symkl.prove(wrong, timeout=120)
    assert proof.verdict not in (Verdict.PROVED, Verdict.CHECKED)


def test_a_strict_condition_excludes_its_boundary_only() -> None:
    """A function nonzero at y = 0 only vanishes where y > 0, not where y ≥ 0 or y > −1."""
    from symkl.families._prove_equal import _vanishes_where

    y = Symbol("y", real=True)
    spike = Piecewise((1, Eq(y, 0)), (0, True))
    assert _vanishes_where(spike, y > 0)
    assert not _vanishes_where(spike, y >= 0)
    assert not _vanishes_where(spike, y > -1)
