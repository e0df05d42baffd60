"""The engine's shortcuts give the values of the plain computation, bit for bit."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import sympy

from symkl.numeric._compile import Backend, _zmul, evaluate
from symkl.numeric._special import _LANCZOS_CHUNK, NUMPY_FUNCTIONS

LOGGAMMA = NUMPY_FUNCTIONS["loggamma"]


def _mixed_arguments(size: int) -> np.ndarray:
    rng = np.random.default_rng(11)
    x = np.exp(rng.uniform(-50, 50, size))
    x[::97] = rng.uniform(0, 5, x[::97].size)  # both sides of the Horner switch at 5
    x[[3, 500, size - 1]] = [np.nan, np.inf, 1.0]
    return x


def test_loggamma_of_a_long_array_is_its_elements_one_by_one() -> None:
    """Chunking the Lanczos sum does not change any element: a long array (several chunks)
    gives exactly the values of each element evaluated alone."""
    x = _mixed_arguments(2 * _LANCZOS_CHUNK + 123)
    together = LOGGAMMA(x)
    picked = np.r_[0:40, _LANCZOS_CHUNK - 20 : _LANCZOS_CHUNK + 20, x.size - 40 : x.size]
    alone = np.array([LOGGAMMA(np.array([x[i]]))[0] for i in picked])
    assert np.array_equal(together[picked], alone, equal_nan=True)
    assert np.isnan(together[3])
    assert np.isposinf(together[500])
    assert together[-1] == 0.0


def test_gamma_and_factorial_beyond_overflow_are_infinite_as_math_gamma_says() -> None:
    """Γ and factorial skip math.gamma only where it overflows: the values equal the
    element-by-element math.gamma (inf on overflow) everywhere, nan and negatives included."""
    x = np.array([0.5, 3.0, 170.5, 171.7, 199.0, 200.5, 249.0, 251.0, 1e6, np.inf, np.nan, -2.5])

    def by_math(v: float, shift: float) -> float:
        try:
            return math.gamma(v + shift)
        except OverflowError:
            return math.inf
        except ValueError:
            return math.nan

    for name, shift in (("gamma", 0.0), ("factorial", 1.0)):
        with np.errstate(all="ignore"):  # as the engine runs it
            got = NUMPY_FUNCTIONS[name](x)
        expected = np.array([by_math(v, shift) for v in x.tolist()])
        assert np.array_equal(got, expected, equal_nan=True), name
    assert np.isposinf(NUMPY_FUNCTIONS["gamma"](np.float64(300.0)))
    assert NUMPY_FUNCTIONS["gamma"](np.float64(5.0)) == 24.0


def test_negation_equals_the_zero_aware_product_with_minus_one() -> None:
    """−x prints as a plain negation: the same values as _zmul(−1, x) at 0, ±∞, nan and
    complex values, and still 0·log 0 = 0 inside a product."""
    x = sympy.Symbol("x")
    values = np.array([0.0, -0.0, 1.5, -2.0, np.inf, -np.inf, np.nan])
    got = evaluate(-x, {x: values}, Backend.NUMPY)
    expected = _zmul(-1, values)
    assert np.array_equal(got, expected, equal_nan=True)
    assert np.array_equal(np.signbit(got[:6]), np.signbit(expected[:6]))
    assert evaluate(-x, {x: np.array([1 + 2j])}, Backend.NUMPY)[0] == -1 - 2j
    p = sympy.Symbol("p")
    entropy_term = evaluate(-p * sympy.log(p), {p: np.array([0.0, 0.5])}, Backend.NUMPY)
    assert entropy_term[0] == 0.0
    assert entropy_term[1] == -0.5 * math.log(0.5)


def test_mpmath_numbers_are_computed_at_each_precision_they_are_used_at() -> None:
    """1/3 and √2 are computed once per precision: a call at 15 digits does not leave 15-digit
    numbers for a later call at 50 digits (the values match SymPy's at both)."""
    x = sympy.Symbol("x")
    expr = sympy.sqrt(2) * x + x / 3 - sympy.Rational(1, 7) * sympy.sqrt(x)
    for dps in (15, 50, 15, 50):
        with mpmath.workdps(dps):
            got = evaluate(expr, {x: mpmath.mpf(3)}, Backend.MPMATH)
            expected = mpmath.mpf(str(sympy.N(expr.subs(x, 3), dps + 10)))
            assert abs(got - expected) <= mpmath.mpf(10) ** (2 - dps)
    with mpmath.workdps(50):
        assert evaluate(sympy.Rational(1, 3) * x, {x: mpmath.mpf(3)}, Backend.MPMATH) == 1
