"""Tests of symkl.numeric: samplers, spot checks, 0·log 0 = 0 and the array measures."""

from __future__ import annotations

import math
import sys

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from sympy import Eq, Ge, S, Symbol, log

import symkl
from symkl import numeric
from symkl.distributions import Discrete
from symkl.numeric import Backend, evaluate

from strategies import simplex_pairs, simplex_points

n = Symbol("n", integer=True, positive=True)


def _reference_kl(p: list[float], q: list[float]) -> float:
    total = 0.0
    for a, b in zip(p, q, strict=True):
        if a > 0:
            total += math.inf if b == 0 else a * (math.log(a) - math.log(b))
    return total


@given(simplex_points())
def test_entropy_is_non_negative(p: list[float]) -> None:
    """H(p) ≥ 0 on random simplex points, zeros included."""
    assert numeric.entropy(p) >= -1e-12


@given(simplex_pairs())
def test_kl_is_non_negative(pair: tuple[list[float], list[float]]) -> None:
    """KL(p‖q) ≥ 0 on random simplex pairs, ∞ allowed."""
    p, q = pair
    assert numeric.kl_divergence(p, q) >= -1e-12


@given(simplex_pairs(allow_zeros=False))
def test_cross_entropy_is_entropy_plus_kl(pair: tuple[list[float], list[float]]) -> None:
    """H(p, q) = H(p) + KL(p‖q) numerically."""
    p, q = pair
    assert numeric.cross_entropy(p, q) == pytest.approx(
        numeric.entropy(p) + numeric.kl_divergence(p, q), rel=1e-9, abs=1e-12
    )


@given(simplex_pairs())
def test_fast_kl_matches_a_reference_loop(pair: tuple[list[float], list[float]]) -> None:
    """The in-place NumPy KL agrees with a plain loop, including 0·log 0 and q = 0 < p."""
    p, q = pair
    expected = _reference_kl(p, q)
    got = numeric.kl_divergence(p, q)
    if math.isinf(expected):
        assert math.isinf(got)
    else:
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize(
    ("p", "q", "expected"),
    [
        ([1.0, 0.0], [0.5, 0.5], math.log(2)),
        ([0.5, 0.5], [1.0, 0.0], math.inf),
        ([0.0, 1.0], [0.0, 1.0], 0.0),
    ],
)
def test_kl_conventions(p: list[float], q: list[float], expected: float) -> None:
    """0·log 0 = 0 and KL = ∞ where q = 0 < p."""
    assert numeric.kl_divergence(p, q) == pytest.approx(expected)


def test_array_measures_work_along_an_axis() -> None:
    """A batch of distributions gives one value per row."""
    p = np.array([[0.5, 0.5], [1.0, 0.0]])
    assert numeric.entropy(p) == pytest.approx([math.log(2), 0.0])


def test_simplex_points_are_on_the_simplex_and_some_are_sparse() -> None:
    """Rows sum to 1, are non-negative, and some contain exact zeros."""
    points = numeric.simplex_points(np.random.default_rng(1), 6, 500)
    assert np.allclose(points.sum(axis=1), 1.0)
    assert (points >= 0).all()
    assert (points == 0).any(axis=1).sum() > 20


def test_evaluate_uses_zero_times_log_zero() -> None:
    """The interpreter gives −0·log 0 = 0 where lambdify gives nan."""
    p = Symbol("p")
    values = evaluate(-p * log(p), {p: np.array([0.0, 0.5])}, Backend.NUMPY)
    assert values == pytest.approx([0.0, 0.5 * math.log(2)])


def test_spot_check_agrees_on_a_true_claim() -> None:
    """CE = H + KL passes every sample, zeros included."""
    p, q = Discrete.symbolic("p", 4), Discrete.symbolic("q", 4)
    check = symkl.spot_check(
        Eq(symkl.cross_entropy(p, q), symkl.entropy(p) + symkl.kl_divergence(p, q))
    )
    assert check.ok
    assert check.counterexample is None
    assert check.samples == 200
    assert check.max_error < 1e-12


def test_spot_check_finds_a_confirmed_counterexample() -> None:
    """KL symmetry fails; the counterexample lists the point and both sides."""
    p, q = Discrete.symbolic("p", 2), Discrete.symbolic("q", 2)
    check = symkl.spot_check(Eq(symkl.kl_divergence(p, q), symkl.kl_divergence(q, p)))
    assert not check.ok
    assert check.counterexample is not None
    assert set(check.counterexample) == {"p_1", "p_2", "q_1", "q_2", "lhs", "rhs"}
    assert check.counterexample["p_1"] + check.counterexample["p_2"] == pytest.approx(1.0)


def test_spot_check_samples_symbolic_n() -> None:
    """A claim over a symbolic n is sampled at several sizes; failures report n."""
    p = Discrete.symbolic("p", n)
    check = symkl.spot_check(Ge(symkl.entropy(p), log(n) / 2))
    assert not check.ok
    assert check.counterexample is not None
    assert check.counterexample["n"] >= 2


def test_spot_check_is_reproducible() -> None:
    """The same seed gives the same counterexample."""
    p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    claim = Eq(symkl.kl_divergence(p, q), symkl.kl_divergence(q, p))
    assert symkl.spot_check(claim, seed=3) == symkl.spot_check(claim, seed=3)


def test_spot_check_respects_probability_parameters() -> None:
    """Symbols inside explicit probabilities are drawn in (0, 1), so [a, 1 − a] stays valid."""
    a = Symbol("a", positive=True)
    p = Discrete([a, 1 - a], name="p")
    check = symkl.spot_check(Ge(symkl.entropy(p), 0))
    assert check.ok
    assert check.samples > 100


@settings(max_examples=25, deadline=None)
@given(simplex_pairs(max_size=5, allow_zeros=False))
def test_symbolic_measures_match_numeric_ones(pair: tuple[list[float], list[float]]) -> None:
    """entropy/KL .doit() on float vectors equals the NumPy functions."""
    p, q = pair
    assert float(symkl.kl_divergence(p, q).doit()) == pytest.approx(
        numeric.kl_divergence(p, q), rel=1e-9, abs=1e-12
    )
    assert float(symkl.entropy(p).doit()) == pytest.approx(numeric.entropy(p), rel=1e-9, abs=1e-12)


def test_numeric_integral_of_a_density_claim() -> None:
    """Continuous claims are checked by quadrature over sampled parameters."""
    x = Symbol("x", real=True)
    lam = Symbol("lambda", positive=True)
    f = symkl.Density(lam * sympy.exp(-lam * x), x, (0, sympy.oo), name="f")
    check = symkl.spot_check(Eq(symkl.entropy(f), 1 - log(lam)))
    assert check.ok
    assert check.samples >= 10
    wrong = symkl.spot_check(Eq(symkl.entropy(f), 1 + log(lam)))
    assert not wrong.ok
    assert wrong.counterexample is not None


def test_half_is_exact_in_counterexamples() -> None:
    """Rounded counterexamples stay on the simplex."""
    p = Discrete([S.Half, S.Half], name="p")
    q = Discrete.symbolic("q", 2)
    check = symkl.spot_check(Eq(symkl.kl_divergence(p, q), symkl.kl_divergence(q, p)))
    assert check.counterexample is not None
    assert check.counterexample["q_1"] + check.counterexample["q_2"] == pytest.approx(1.0)


def test_evaluation_without_scipy(monkeypatch: pytest.MonkeyPatch) -> None:
    """scipy is optional: Piecewise and special functions still evaluate over arrays."""
    monkeypatch.setitem(sys.modules, "scipy", None)
    monkeypatch.setitem(sys.modules, "scipy.special", None)
    x = Symbol("x", real=True)
    expr = sympy.Piecewise((2, (x >= 0) & (x <= S.Half)), (0, True)) + sympy.loggamma(x + 1)
    values = evaluate(expr, {x: np.array([0.25, 1.0, 3.0])}, Backend.NUMPY)
    assert values == pytest.approx([2 + math.lgamma(1.25), math.lgamma(2.0), math.lgamma(4.0)])
