"""E[log x] and E[log(1 − x)] under a Uniform with endpoints at 0 or 1: the antiderivative's
limit there, and the Uniform pairs it lets the prover decide (and the wrong ones it does not)."""

from __future__ import annotations

from types import ModuleType

import mpmath
import pytest
import sympy
from sympy import Eq, Piecewise

import symkl
from symkl import Verdict
from symkl.families._prove import family_moments
from symkl.families._prove_uniform import _antiderivative, flat_log_mean
from symkl.relations import as_relation


def _claim(pairs: ModuleType, second: str) -> Eq:
    kl = symkl.kl_divergence(pairs.build("Uniform", "1"), pairs.build(second, "2"))
    return Eq(kl, kl.doit(), evaluate=False)


def test_the_antiderivative_is_checked_and_its_limit_at_zero_is_taken() -> None:
    """Φ = y·log y − y, Φ′ = log y, and Φ(0⁺) = 0 comes from SymPy's limit."""
    found = _antiderivative()
    assert found is not None
    phi, at_zero, y = found
    assert sympy.simplify(sympy.diff(phi, y) - sympy.log(y)) == 0
    assert at_zero == 0


MEANS = [((0, 0.5), False), ((0, 1), False), ((0.2, 0.7), False), ((2, 5), False)]
MEANS += [((0.3, 1), True), ((0, 1), True), ((0.2, 0.7), True), ((-3, -1), True)]


@pytest.mark.parametrize(("bounds", "reflected"), MEANS)
def test_flat_log_mean_matches_quadrature(bounds: tuple[float, float], reflected: bool) -> None:
    """The derived mean equals the integral by quadrature, endpoints 0 and 1 included."""
    low, high = bounds
    value = flat_log_mean(sympy.nsimplify(low), sympy.nsimplify(high), reflected=reflected)
    assert value is not None
    g = (lambda x: mpmath.log(1 - x)) if reflected else mpmath.log
    expected = mpmath.quad(g, [low, high]) / (high - low)
    assert abs(float(value) - float(expected)) < 1e-12


def test_uniform_gamma_is_derived(pairs: ModuleType) -> None:
    """KL(Uniform ‖ Gamma)'s closed form, low = 0 included, is derived by family-moments, the
    endpoint's limit stated."""
    derived = family_moments(as_relation(_claim(pairs, "Gamma")))
    assert derived is not None
    assert derived.method == "antiderivative"
    assert any("0·log 0 = 0 by that limit" in fact for fact in derived.assumptions)


def test_a_wrong_value_at_the_endpoint_is_not_derived(pairs: ModuleType) -> None:
    """low·log low written 1 (not 0) at low = 0 is not derived (the numeric check cannot tell
    it: one point of the parameter space)."""
    claim = _claim(pairs, "Gamma")
    low = pairs.build("Uniform", "1").args[0]
    (piece,) = [p for p in claim.rhs.atoms(Piecewise) if p.args[0][1] == Eq(low, 0)]
    wrong = Piecewise((1, piece.args[0][1]), *piece.args[1:])
    claim_wrong = Eq(claim.lhs, claim.rhs.xreplace({piece: wrong}), evaluate=False)
    assert claim_wrong.rhs != claim.rhs
    assert family_moments(as_relation(claim_wrong)) is None


@pytest.mark.parametrize("second", ["Gamma", pytest.param("Beta", marks=pytest.mark.slow)])
def test_uniform_pairs_with_endpoints_are_proved(pairs: ModuleType, second: str) -> None:
    """KL(Uniform ‖ Gamma) and KL(Uniform ‖ Beta), symbolic parameters, are PROVED."""
    proof = symkl.prove(_claim(pairs, second), timeout=120)
    assert proof.verdict is Verdict.PROVED, (proof.method, proof.detail)


@pytest.mark.parametrize("second", ["Gamma", "Beta"])
def test_a_dropped_term_is_not_proved(pairs: ModuleType, second: str) -> None:
    """The closed form with the −1 of E[log x] (or E[log(1 − x)]) dropped is not PROVED or
    CHECKED."""
    claim = _claim(pairs, second)
    names = ("concentration2", "concentration12")
    shape = next(s for s in claim.rhs.free_symbols if s.name in names)
    wrong = Eq(claim.lhs, claim.rhs + (shape - 1), evaluate=False)
    proof = symkl.prove(wrong, timeout=120)
    assert proof.verdict not in (Verdict.PROVED, Verdict.CHECKED)


def test_vanishing_by_cases_on_a_piecewise_endpoint() -> None:
    """x·log x written 0 at x = 0, against x·log x − x, is decided by cases; off by x it is not."""
    from symkl.families._prove_equal import vanishes

    x = sympy.Symbol("x", real=True)
    xlogx = Piecewise((0, Eq(x, 0)), (x * sympy.log(x), True))
    shifted = Piecewise((0, Eq(x, 0)), (x * sympy.log(x) - x, True))
    assert vanishes(xlogx - shifted - x)
    assert not vanishes(xlogx - shifted - 2 * x)
    assert not vanishes(Piecewise((1, Eq(x, 0)), (x * sympy.log(x), True)) - xlogx)
