"""Series with a mass far beyond a settled head, and series that cancel: summed right, or nan
(unusable), never a wrong number that checks a false claim or refutes a true one."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
from sympy import Eq, Sum, Symbol, binomial, exp, factorial, oo

from symkl.numeric import Backend, evaluate, spot_check
from symkl.numeric._series_mp import MAX_DPS

lam = Symbol("lam", positive=True)
k = Symbol("k", integer=True, nonnegative=True)
POISSON = exp(-lam) * lam**k / factorial(k)
HEAD_AND_MASS = Sum(2 ** -(k + 1) + POISSON, (k, 0, oo))
ALTERNATING = Sum((-lam) ** k / factorial(k), (k, 0, oo))


def _double(expr: object, *rates: float) -> np.ndarray:
    return np.asarray(evaluate(expr, {lam: np.array(rates)}, Backend.NUMPY), dtype=float)


def _digits50(expr: object, rate: float) -> object:
    with mpmath.workdps(50):
        return evaluate(expr, {lam: mpmath.mpf(rate)}, Backend.MPMATH)


def test_a_poisson_mass_past_a_settled_head_is_summed_in_double() -> None:
    """Σ (2^−(k+1) + Poisson(λ)(k)) = 2: the head settles by k = 1,024, the mass comes later."""
    assert _double(HEAD_AND_MASS, 3.0, 100.0, 1000.0, 5000.0, 2e4) == pytest.approx(2.0)


def test_a_mass_past_the_last_double_term_is_nan() -> None:
    """At λ = 10⁵ the mass lies past the last summed term: nan, not the head's 1."""
    assert np.isnan(_double(HEAD_AND_MASS, 1e5)).all()


def test_tiny_rising_terms_do_not_end_a_double_sum() -> None:
    """Σ k·Poisson(λ)(k) = λ at λ = 5,000 (the first terms are subnormal and rising)."""
    assert _double(Sum(k * POISSON, (k, 0, oo)), 5000.0, 2e4) == pytest.approx([5000.0, 2e4])


@pytest.mark.parametrize("rate", [1000.0, 5000.0])
def test_a_far_mass_at_50_digits_is_summed(rate: float) -> None:
    """At 50 digits: 2, whether the mass is within the terms summed one by one (λ = 1,000) or
    beyond them, summed over the terms that matter only (λ = 5,000)."""
    assert abs(_digits50(HEAD_AND_MASS, rate) - 2) < mpmath.mpf(10) ** -40


def test_a_mass_out_of_reach_at_50_digits_is_nan() -> None:
    """At λ = 10⁵ the mass lies past every term looked at: nan, never the head's 1."""
    assert mpmath.isnan(_digits50(HEAD_AND_MASS, 1e5))


@pytest.mark.parametrize("rate", [3.0, 56.7, 150.0])
def test_an_alternating_series_gets_the_digits_it_cancels(rate: float) -> None:
    """Σ (−λ)ᵏ/k! = e^(−λ) to 40 digits at 50, though terms reach e^λ (λ = 150: 130 digits)."""
    value = _digits50(ALTERNATING, rate)
    with mpmath.workdps(50):
        assert abs(value / mpmath.exp(-mpmath.mpf(rate)) - 1) < mpmath.mpf(10) ** -40


@pytest.mark.parametrize(("power", "usable"), [(300, True), (500, False)])
def test_cancellation_beyond_the_working_limit_is_nan(power: int, usable: bool) -> None:
    """Σₙ₌₀¹ ((−1)ⁿ·10ᵖ + 1) = 2: exact with p = 300 cancelled digits, nan (not a number) with
    p = 500, beyond MAX_DPS."""
    n = Symbol("n", integer=True, nonnegative=True)
    assert (power + 60 <= MAX_DPS) is usable
    with mpmath.workdps(50):
        value = evaluate(Sum((-1) ** n * 10**power + 1, (n, 0, 1)), {}, Backend.MPMATH)
    assert (value == 2) if usable else mpmath.isnan(value)


def test_a_cancelled_double_sum_is_unusable() -> None:
    """In double precision Σ (−λ)ᵏ/k! is e^(−λ) at λ = 3 and nan at λ = 56.7 (all digits lost)."""
    small, lost = _double(ALTERNATING, 3.0, 56.7)
    assert small == pytest.approx(math.exp(-3.0), rel=1e-12)
    assert np.isnan(lost)


def test_a_sum_that_cancels_to_zero_stays_usable() -> None:
    """Σₖ (−1)ᵏ C(10, k) = 0: within 10⁻⁴⁰ at 50 digits (not nan for lack of relative digits:
    its terms are small), and Σ (Poisson(λ) − Poisson(2λ))(k) is 0 in double, usable."""
    n = Symbol("n", integer=True, nonnegative=True)
    with mpmath.workdps(50):
        value = evaluate(Sum((-1) ** n * binomial(10, n), (n, 0, 10)), {}, Backend.MPMATH)
        assert abs(value) < mpmath.mpf(10) ** -40
    difference = Sum(POISSON - POISSON.subs(lam, 2 * lam), (k, 0, oo))
    assert _double(difference, 0.5, 7.0) == pytest.approx(0.0, abs=1e-12)


def test_a_false_far_mass_claim_is_refuted() -> None:
    """Σ (2^−(k+1) + Poisson(λ)(k)) = 1 for λ > 5,000 is false (it is 2): refuted, at 50 digits."""
    check = spot_check(Eq(HEAD_AND_MASS, 1), samples=12, where=[lam > 5000])
    assert not check.ok
    assert check.counterexample is not None
    assert check.counterexample["lhs"] == pytest.approx(2.0)


def test_the_true_far_mass_claim_is_not_refuted() -> None:
    """Σ (2^−(k+1) + Poisson(λ)(k)) = 2 is true: samples agree, none refutes it."""
    check = spot_check(Eq(HEAD_AND_MASS, 2), samples=12, where=[lam > 500])
    assert check.ok
    assert check.samples > 0


def test_a_cancelling_true_claim_is_not_refuted() -> None:
    """Σ (−λ)ᵏ/k! = e^(−λ) over 20 < λ < 200: every double sum cancels; none refutes it."""
    check = spot_check(Eq(ALTERNATING, exp(-lam)), samples=12, where=[lam > 20, lam < 200])
    assert check.ok


def test_a_cancelling_false_claim_is_not_checked() -> None:
    """Σ (−λ)ᵏ/k! = 2e^(−λ) for λ > 40 is false, but only many digits show it: never CHECKED."""
    check = spot_check(Eq(ALTERNATING, 2 * exp(-lam)), samples=12, where=[lam > 40])
    assert check.samples == 0 or not check.ok
