"""Divergent integrals, near ties inside integrals and overflowing sides in spot checks."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from sympy import E, Eq, Ge, Integral, Rational, Symbol, exp, log, oo, sin, sqrt

import symkl
from symkl import Discrete, expectation, kl_divergence
from symkl.families import Exponential, Gamma, Pareto
from symkl.numeric import spot_check
from symkl.numeric._divergence import Tail, integral_behaviour
from symkl.numeric._judge import compare
from symkl.relations import RelationKind

x = Symbol("x", positive=True)
a = Symbol("a", positive=True)
t = Symbol("t", positive=True)


def _tail(integrand: object, lo: object, hi: object, value: float | None = None) -> Tail:
    env = {} if value is None else {a: mpmath.mpf(value)}
    return integral_behaviour(integrand, x, lo, hi, env)[0]  # type: ignore[arg-type]


@pytest.mark.parametrize("shape", [0.5, 0.99])
def test_a_power_tail_of_slope_below_one_diverges(shape: float) -> None:
    """∫_1^∞ a·x^(−a) = +∞ for a < 1."""
    assert integral_behaviour(a * x ** (-a), x, 1, oo, {a: mpmath.mpf(shape)}) == (
        Tail.DIVERGES,
        1,
    )


@pytest.mark.parametrize("shape", [1.0 + 1e-9, 1.01, 1.5])
def test_a_slowly_converging_power_tail_converges(shape: float) -> None:
    """∫_1^∞ x^(−a) converges for every a > 1, however close to 1."""
    assert _tail(x ** (-a), 1, oo, shape) is Tail.CONVERGES


def test_an_exact_slope_one_is_not_decided() -> None:
    """1/x diverges, but so looks a density of shape 10⁻³⁰⁰ up to every probe: no evidence
    either way (unknown, not a doubt that would block every claim over such a family)."""
    assert _tail(a * x ** (-a), 1, oo, 1.0) is Tail.UNKNOWN


def test_a_negative_tail_diverges_to_minus_infinity() -> None:
    """∫_1^∞ −x^(−1/2) = −∞."""
    assert integral_behaviour(-(x ** Rational(-1, 2)), x, 1, oo, {}) == (Tail.DIVERGES, -1)


def test_a_singularity_at_zero_diverges() -> None:
    """∫_0^∞ x^(a−2)·e^(−x) = +∞ for a = 1/2 (E[1/X] of Gamma(1/2, 1), up to Γ(a))."""
    assert _tail(x ** (a - 2) * exp(-x), 0, oo, 0.5) is Tail.DIVERGES
    assert _tail(x ** (a - 2) * exp(-x), 0, oo, 1.5) is Tail.CONVERGES


def test_a_huge_scale_is_not_mistaken_for_divergence() -> None:
    """λ·x·e^(−λx) with λ = 1e−300 grows like x up to 10^300 and still converges."""
    assert _tail(a * x * exp(-a * x), 0, oo, 1e-300) is Tail.CONVERGES


@pytest.mark.parametrize(
    ("power", "tail"),
    [(Rational(1, 2), Tail.DOUBTFUL), (2, Tail.CONVERGES), (1, Tail.DOUBTFUL)],
)
def test_log_factors_near_slope_one_are_decided_in_log_scale(power: object, tail: Tail) -> None:
    """1/(x·log² x) converges (u^−2 in u = log x); 1/(x·√log x) and 1/(x·log x) diverge but
    are left as doubts: a slope 1 may be a decay that starts beyond every probe."""
    assert _tail(1 / (x * log(x) ** power), E, oo) is tail
    assert _tail(1 / (x * log(1 / x) ** power), 0, 1 / E) is tail


def test_a_tiny_weibull_shape_is_not_called_divergent() -> None:
    """x·a·x^(a−1)·e^(−x^a) with a = 2·10⁻⁴ looks like x^0 up to 10^6000 yet converges
    (E[X] = Γ(1 + 1/a) ≈ 10^16000); with a = 10⁻³⁰⁰ it looks like 1/x everywhere."""
    weibull = a * x ** (a - 1) * exp(-(x**a))
    assert _tail(x * weibull, 0, oo, 2e-4) is not Tail.DIVERGES
    assert _tail(weibull, 0, oo, 1e-300) is not Tail.DIVERGES


def test_iterated_log_factors_stay_doubtful() -> None:
    """1/(x·log x·log log x) (divergent) is decided neither in x nor in log x: a doubt only."""
    assert _tail(1 / (x * log(x) * log(log(x))), exp(E), oo) is Tail.DOUBTFUL


def test_an_oscillating_tail_is_not_called_divergent() -> None:
    """∫_1^∞ sin(x)/√x converges (conditionally): never a sure divergence."""
    assert _tail(sin(x) / sqrt(x), 1, oo) is not Tail.DIVERGES


def test_a_pareto_mean_for_every_shape_is_refuted_with_an_infinite_side() -> None:
    """E[X] of Pareto(1, a) is +∞ for a ≤ 1, not a/(a − 1)."""
    d = Pareto(1, a)
    check = spot_check(Eq(expectation(d, d.support.variable), a / (a - 1), evaluate=False))
    assert check.counterexample is not None
    assert check.counterexample["lhs"] == math.inf
    assert check.counterexample["a"] <= 1


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_a_pareto_mean_with_shape_above_one_stays_checked() -> None:
    """E[X] = a/(a − 1) for a > 1, where the quadrature near a = 1 does not settle."""
    d = Pareto(1, a)
    claim = Eq(expectation(d, d.support.variable), a / (a - 1), evaluate=False)
    check = spot_check(claim, where=[a > 1])
    assert check.ok
    assert check.doubt is None
    assert check.samples >= 100


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_a_gamma_inverse_mean_diverges_below_shape_one() -> None:
    """E[1/X] of Gamma(a, 1) is +∞ for a ≤ 1 and 1/(a − 1) above."""
    d = Gamma(a, 1)
    claim = Eq(expectation(d, 1 / d.support.variable), 1 / (a - 1), evaluate=False)
    wrong = spot_check(claim)
    assert wrong.counterexample is not None
    assert wrong.counterexample["lhs"] == math.inf
    right = spot_check(claim, where=[a > 1])
    assert right.ok
    assert right.samples >= 100


def test_a_slowly_converging_integral_is_not_refuted() -> None:
    """∫_1^∞ x^(−a) dx = 1/(a − 1) for 1 < a < 11/10, a tail the quadrature finds hard."""
    claim = Eq(Integral(x ** (-a), (x, 1, oo)), 1 / (a - 1))
    check = spot_check(claim, samples=40, where=[a > 1, a < Rational(11, 10)])
    assert check.ok


def test_a_trillionth_off_inside_an_integral_is_refuted() -> None:
    """E[X] of Exponential(λ) is 1/λ, not 1/λ + 10⁻¹²: the worst agreement is re-checked."""
    lam = Symbol("lambda", positive=True)
    d = Exponential(lam)
    claim = Eq(expectation(d, d.support.variable), 1 / lam + Rational(1, 10**12), evaluate=False)
    check = spot_check(claim, samples=40)
    assert check.counterexample is not None
    assert check.counterexample["lhs"] != check.counterexample["rhs"]


def test_an_infinite_side_does_not_agree_in_double_precision() -> None:
    """inf = inf and inf ≥ 1 need 50 digits; −inf ≥ 1 is a suspected violation."""
    usable, agrees, near, _ = compare(RelationKind.EQ, [np.inf], [np.inf], 1e-9)
    assert usable[0]
    assert not agrees[0]
    assert near[0]
    usable, agrees, near, error = compare(RelationKind.GE, [np.inf, -np.inf], [1.0, 1.0], 1e-9)
    assert not agrees.any()
    assert near.tolist() == [True, False]
    assert error[1] > 0


def test_an_overflow_judged_false_at_fifty_digits_is_refuted() -> None:
    """log(e^t) ≥ t + 1 is false although double precision gives ∞ ≥ t + 1 for t > 1000."""
    check = spot_check(Ge(log(exp(t), evaluate=False), t + 1), samples=20, where=[t > 1000])
    assert check.counterexample is not None
    assert check.counterexample["t"] > 1000


@pytest.mark.parametrize("wrong", [False, True])
def test_overflowing_sides_are_no_evidence(wrong: bool) -> None:
    """e^t = e^t + 1 (false) and e^t = e^t (true) for t > 1000: both sides overflow, their
    relative gap (e^−1000 or 0) is below every tolerance, so no sample counts either way."""
    rhs = exp(t) + 1 if wrong else exp(t)
    check = spot_check(Eq(exp(t), rhs, evaluate=False), samples=20, where=[t > 1000])
    assert check.samples == 0


def test_a_genuinely_infinite_divergence_still_agrees() -> None:
    """KL(p ‖ q) ≥ 0 with zeros in q (KL = +∞ there): all samples count."""
    p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    check = spot_check(Ge(kl_divergence(p, q), 0), samples=60)
    assert check.ok
    assert check.samples == 60


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_a_log_power_tail_is_not_checked_where_it_diverges() -> None:
    """∫_e^∞ dx/(x·log^a x) = 1/(a − 1) only for a > 1: below, +∞ or at least a doubt."""
    claim = Eq(Integral(1 / (x * log(x) ** a), (x, E, oo)), 1 / (a - 1))
    check = spot_check(claim, samples=40, where=[a < 2])
    assert check.counterexample is not None or check.doubt is not None


def test_an_undecided_tail_is_reported_as_a_doubt() -> None:
    """∫ dx/(x·log x·(log log x)^a) diverges for a ≤ 1, which no probe decides: a doubt."""
    claim = Eq(Integral(1 / (x * log(x) * log(log(x)) ** a), (x, exp(E), oo)), 1 / (a - 1))
    check = spot_check(claim, samples=40, where=[a < 2])
    assert check.counterexample is None
    assert check.doubt is not None
    assert "may diverge" in check.doubt


def test_a_doubtful_tail_is_named_in_the_proof() -> None:
    """∫ t/(x·log x·log log x) from e^e (divergent, undecidable by the probe) gives no evidence:
    the proof is UNDECIDED and names the integral that may diverge."""
    t = Symbol("t", positive=True)
    claim = Eq(Integral(t / (x * log(x) * log(log(x))), (x, exp(E), oo)), t)
    proof = symkl.prove(claim, timeout=60)
    assert proof.verdict is symkl.Verdict.UNDECIDED
    assert "may diverge at some sample" in proof.detail, proof.detail
