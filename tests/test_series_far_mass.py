"""Infinite sums whose mass lies far out (Poisson with a large rate): right, or nan, never 0."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy
from sympy import Eq, Sum, Symbol, exp, factorial, log, oo

import symkl
from symkl.families._series import PoissonEntropy
from symkl.numeric import Backend, evaluate
from symkl.numeric._series import log_space

lam = Symbol("lam", positive=True)
k = Symbol("k", integer=True, nonnegative=True)
LOG_FACTORIAL_MEAN = Sum(lam**k * exp(-lam) * log(factorial(k)) / factorial(k), (k, 0, oo))


def _reference(rate: float) -> float:
    """E[log k!] under Poisson(rate) at 30 digits, summed around the mass in log space."""
    with mpmath.workdps(30):
        r = mpmath.mpf(rate)
        lo, hi = (
            max(0, int(rate - 40 * math.sqrt(rate) - 50)),
            int(rate + 40 * math.sqrt(rate) + 50),
        )
        terms = (
            mpmath.exp(j * mpmath.log(r) - r - mpmath.loggamma(j + 1)) * mpmath.loggamma(j + 1)
            for j in range(lo, hi)
        )
        return float(mpmath.fsum(terms))


@pytest.mark.parametrize("rate", [0.5, 5.0, 100.0, 3000.0, 1e4, 5e4])
def test_a_far_mass_is_summed_in_double_precision(rate: float) -> None:
    """λᵏe^(−λ)/k! is summed in log space: right where λᵏ and k! overflow (λ = 100) or the first
    4,096 terms underflow to 0 (λ ≥ 3,000)."""
    value = float(evaluate(LOG_FACTORIAL_MEAN, {lam: np.array([rate])}, Backend.NUMPY)[0])
    assert value == pytest.approx(_reference(rate), rel=1e-10)


def test_a_mass_beyond_the_last_term_is_nan_not_zero() -> None:
    """At λ = 10⁵ the mass is past the last summed term: the value is nan (unusable), never 0."""
    value = evaluate(LOG_FACTORIAL_MEAN, {lam: np.array([1e5])}, Backend.NUMPY)
    assert np.isnan(value).all()


def test_rising_tiny_terms_do_not_end_a_50_digit_sum() -> None:
    """At 50 digits e^(−10⁴)·10⁴ᵏ/k! is tiny but rising: the sum is not ended there as ≈ 0."""
    with mpmath.workdps(50):
        value = evaluate(LOG_FACTORIAL_MEAN, {lam: mpmath.mpf(10**4)}, Backend.MPMATH)
    assert mpmath.isnan(value) or abs(value - _reference(1e4)) < 1e-6 * _reference(1e4)


@pytest.mark.slow
def test_the_bare_poisson_entropy_series_is_not_refuted() -> None:
    """λ − λ log λ + Σ λᵏe^(−λ) log k!/k! = H(Poisson(λ)) is true: never REFUTED at λ = 10⁴."""
    claim = Eq(lam - lam * log(lam) + LOG_FACTORIAL_MEAN, PoissonEntropy(lam))
    assert symkl.prove(claim).verdict is not symkl.Verdict.REFUTED


def test_log_space_only_touches_positive_factors() -> None:
    """A factor of unknown sign keeps its form; positive powers, e^x and k! go to log space."""
    t = Symbol("t", real=True)
    assert log_space(t**k * exp(-lam)) == t**k * exp(-lam)
    rewritten = log_space(lam**k * exp(-lam) / factorial(k))
    assert isinstance(rewritten, sympy.exp)
    at_three = rewritten.subs(k, 3).replace(
        lambda e: e.func.__name__ == "_LogGamma", lambda e: sympy.loggamma(e.args[0])
    )
    assert sympy.simplify(at_three - lam**3 * exp(-lam) / 6) == 0


def _no_probe(*args: object) -> None:
    raise AssertionError("a series whose terms are all 0 by its form was probed for a far mass")


def test_a_summand_zero_at_equal_parameters_is_not_probed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Σ pᵏ(1 − p)·k·log(p/q) is 0 term by term where p = q (a KL between equal distributions):
    that sample is 0 at once, without ~8,000 probes for a mass far out; p ≠ q is summed."""
    import symkl.numeric._series as series

    p, q = sympy.symbols("p q", positive=True)
    summand = p**k * (1 - p) * k * log(p / q)
    monkeypatch.setattr(series, "_empty_beyond", _no_probe)
    at = {p: np.array([0.3]), q: np.array([0.3])}
    values = evaluate(Sum(summand, (k, 0, oo)), at, Backend.NUMPY)
    assert values.tolist() == [0.0]
    at = {p: np.array([0.3]), q: np.array([0.6])}
    values = evaluate(Sum(summand, (k, 0, oo)), at, Backend.NUMPY)
    assert values[0] == pytest.approx(0.3 / 0.7 * math.log(0.5), rel=1e-12)


def test_equal_parameters_alone_do_not_end_a_far_mass() -> None:
    """λ = μ in λᵏe^(−μ)·log k!/k! (mass near k = 10⁴, its first terms 0): the summand is not 0
    with λ and μ made one, so the mass far out is still found and summed, not taken as 0."""
    mu = Symbol("mu", positive=True)
    series = Sum(lam**k * exp(-mu) * log(factorial(k)) / factorial(k), (k, 0, oo))
    at = {lam: np.array([1e4]), mu: np.array([1e4])}
    value = float(evaluate(series, at, Backend.NUMPY)[0])
    assert value == pytest.approx(_reference(1e4), rel=1e-10)


@pytest.mark.parametrize("rate", [5000.0, 7000.0])
def test_terms_zero_in_double_precision_are_summed_at_fifty_digits(rate: float) -> None:
    """KL(Poisson(a) ‖ Poisson(b)) at a = b·(1 + 10⁻¹³) is b·10⁻²⁶/2: the double log ratio
    k·log a − k·log b − a + b rounds to 0 at some k beside the mode, and those terms were
    left out of the 50-digit sum, which came out ±1.08·10⁻¹² (a true KL ≥ 0 was refuted)."""
    from symkl.families import Poisson

    a, b = sympy.symbols("a b", positive=True)
    kl = symkl.kl_divergence(Poisson(a), Poisson(b))
    with mpmath.workdps(50):
        env = {a: mpmath.mpf(rate) * (1 + mpmath.mpf(10) ** -13), b: mpmath.mpf(rate)}
        exact = env[a] * mpmath.log(env[a] / env[b]) - env[a] + env[b]
        value = evaluate(kl, env, Backend.MPMATH)
        # the sum's terms are ~10⁻¹⁶: its absolute error stays below 10⁻⁴⁰ (50 digits − SLACK)
        assert abs(value - exact) < mpmath.mpf(10) ** -40
