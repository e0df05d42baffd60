"""The engine's array kernels agree with the scalar functions they replace."""

from __future__ import annotations

import math
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy
from sympy.utilities.lambdify import implemented_function

from symkl.numeric import _compile
from symkl.numeric._compile import Backend, _zmul, evaluate
from symkl.numeric._series import compile_series, on_rows
from symkl.numeric._shared import number_prefix, number_subtrees, repeated_subtrees
from symkl.numeric._special import NUMPY_FUNCTIONS

LOGGAMMA = NUMPY_FUNCTIONS["loggamma"]


def _math_lgamma(x: float) -> float:
    try:
        return math.lgamma(x)
    except OverflowError:
        return math.inf


def test_loggamma_matches_math_lgamma_over_many_scales() -> None:
    """The vectorised log Γ equals math.lgamma to a few ulps from 1e-300 to 1e300."""
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.uniform(0, 10, 5000), np.exp(rng.uniform(-690, 690, 5000))])
    expected = np.array([_math_lgamma(v) for v in x.tolist()])
    got = LOGGAMMA(x)
    # Near the zeros of log Γ (x = 1, 2) only the absolute error is small.
    assert np.all(np.abs(got - expected) <= 1e-15 * (1 + np.abs(expected)))


def test_loggamma_special_values_are_math_lgamma_s() -> None:
    """1 and 2 give 0 exactly, tiny x gives −log x, ∞ and overflow give ∞, nan stays nan."""
    x = np.array([1.0, 2.0, 1e-25, np.inf, 1e308, np.nan, 4.999999, 5.0])
    got = LOGGAMMA(x)
    assert got[0] == 0.0
    assert got[1] == 0.0
    assert got[2] == -math.log(1e-25)
    assert np.isposinf(got[3])
    assert np.isposinf(got[4])
    assert np.isnan(got[5])
    assert got[6] == pytest.approx(math.lgamma(4.999999), rel=1e-15)
    assert got[7] == pytest.approx(math.lgamma(5.0), rel=1e-15)


def test_loggamma_off_the_positive_axis_is_complex_as_sympy() -> None:
    """A non-positive argument sends the array to mpmath: log Γ(−1/2) has imaginary part −π."""
    got = LOGGAMMA(np.array([-0.5, 3.0]))
    assert got.dtype.kind == "c"
    assert got[0].imag == pytest.approx(-math.pi)
    assert got[1] == pytest.approx(math.log(2))


def test_loggamma_of_a_scalar_is_a_scalar() -> None:
    """A 0-d argument gives a 0-d answer, as the element-by-element version did."""
    assert np.shape(LOGGAMMA(3.0)) == ()
    assert float(LOGGAMMA(3.0)) == pytest.approx(math.log(2))


def test_zmul_keeps_zero_times_infinity_zero_and_leaves_inputs_alone() -> None:
    """Multiplying into its own product neither changes the inputs nor the 0·∞ = 0 rule."""
    a, b, c = np.array([0.0, 1.0, 2.0]), np.array([np.inf, 2.0, 3.0]), np.array([5.0, 5.0, 5.0])
    saved = [a.copy(), b.copy(), c.copy()]
    with np.errstate(all="ignore"):  # as the compiled code runs it
        got = _zmul(-1, a, b, c)
    assert got.tolist() == [0.0, -10.0, -30.0]
    for before, after in zip(saved, (a, b, c), strict=True):
        assert np.array_equal(before, after)


def test_zmul_widens_to_complex_and_broadcasts() -> None:
    """A complex or a wider factor after the first product still gives the plain product."""
    column, row = np.array([[1.0], [2.0]]), np.array([1.0, 3.0])
    assert _zmul(2.0, column, row).tolist() == [[2.0, 6.0], [4.0, 12.0]]
    assert _zmul(np.array([1.0]), np.array([2.0]), np.array([1j])).tolist() == [2j]
    with np.errstate(all="ignore"):
        assert math.isnan(_zmul(np.array([1.0]), np.array([np.nan]), np.array([3.0]))[0])


def test_a_repeated_subtree_is_computed_once() -> None:
    """f(x) inside exp and beside it: the generated code calls f once per evaluation."""
    calls: list[int] = []

    def counted(v: Any) -> Any:
        calls.append(1)
        return np.asarray(v) * 2.0

    x = sympy.Symbol("x")
    f = implemented_function("f_counted", counted)
    value = evaluate(f(x) + sympy.exp(f(x)), {x: np.array([0.0, 1.0])}, Backend.NUMPY)
    assert len(calls) == 1
    assert np.allclose(value, [1.0, 2.0 + math.exp(2.0)])


def test_mpmath_constants_are_computed_once_per_precision(monkeypatch: pytest.MonkeyPatch) -> None:
    """log 2 and π^(−½) beside exp(x): at three points and one precision, log runs once."""
    calls: list[Any] = []
    log = _compile._NAMESPACES[Backend.MPMATH]["log"]

    def counted(v: Any) -> Any:
        calls.append(v)
        return log(v)

    monkeypatch.setitem(_compile._NAMESPACES[Backend.MPMATH], "log", counted)
    x = sympy.Symbol("x_constants_once")  # a name of its own: compiled code is cached
    expr = sympy.log(2) * sympy.exp(x) / sympy.sqrt(sympy.pi) + x
    with mpmath.workdps(50):
        values = [evaluate(expr, {x: mpmath.mpf(v)}, Backend.MPMATH) for v in (1, 2, 3)]
        expected = [mpmath.log(2) * mpmath.exp(v) / mpmath.sqrt(mpmath.pi) + v for v in (1, 2, 3)]
    assert len(calls) == 1
    assert all(abs(a - b) < mpmath.mpf(10) ** -45 for a, b in zip(values, expected, strict=True))


def test_mpmath_constants_exclude_functions_that_can_fail() -> None:
    """f(2) in a branch not taken is not computed up front, unlike log 2: it may raise."""

    def raises(v: Any) -> Any:
        raise ZeroDivisionError(f"called at {v}")

    x = sympy.Symbol("x_branch_constant")
    f = implemented_function("f_raises", raises)
    expr = sympy.Piecewise((f(2) * x, x < 0), (sympy.log(2) * x, True))
    assert evaluate(expr, {x: mpmath.mpf(1)}, Backend.MPMATH) == mpmath.log(2)


def test_mpmath_constant_that_raises_stays_in_its_branch() -> None:
    """e^(e^(e^10)) (refused by the guarded exp) in a branch not taken does not raise at 50 digits:
    the function falls back to inline code, which never computes it, at every precision."""
    x = sympy.Symbol("x_huge_constant")
    huge = sympy.exp(sympy.exp(sympy.exp(10)))
    expr = sympy.Piecewise((sympy.pi * sympy.sqrt(2) * x, x > 0), (huge * x, True))
    for dps in (50, 15, 50):
        with mpmath.workdps(dps):
            value = evaluate(expr, {x: mpmath.mpf(1) / 3}, Backend.MPMATH)
            assert value == mpmath.pi * mpmath.sqrt(2) * (mpmath.mpf(1) / 3)
    with pytest.raises(OverflowError):
        evaluate(expr, {x: mpmath.mpf(-1)}, Backend.MPMATH)


def test_leading_number_factors_are_one_constant_with_the_same_value() -> None:
    """½·√2·π^(−½)·exp(−x²/2): the leading factors multiplied once, in the same order as inline,
    so the 50-digit value is the same to the last bit."""
    x = sympy.Symbol("x_prefix")
    density = sympy.exp(-(x**2) / 2) / sympy.sqrt(2 * sympy.pi)
    assert str(number_prefix(density)) == "sqrt(2)/(2*sqrt(pi))"
    with mpmath.workdps(50):
        value = evaluate(density, {x: mpmath.mpf("0.3")}, Backend.MPMATH)
        half = mpmath.mpf(1) / mpmath.mpf(2)
        inline = half * mpmath.power(2, half) * mpmath.power(mpmath.pi, -half)
        inline = inline * mpmath.exp(-half * mpmath.mpf("0.3") ** 2)
    assert value == inline


def test_a_number_prefix_met_twice_is_one_constant() -> None:
    """Two Normal densities in x and y share their leading factor: one constant, not two."""
    x, y = sympy.symbols("x y")
    front = 1 / sympy.sqrt(2 * sympy.pi)
    found = number_subtrees(front * sympy.exp(-(x**2) / 2) + front * sympy.exp(-(y**2) / 2), {})
    assert [str(n) for n in found] == ["sqrt(2)/(2*sqrt(pi))", "-1/2"]


def test_mpmath_code_shares_nothing_out_of_a_piecewise_branch() -> None:
    """A branch not taken is never run at 50 digits, even when the same call appears twice."""

    def only_positive(v: Any) -> Any:
        if v <= 0:
            raise ZeroDivisionError(f"called at {v}")
        return v

    x = sympy.Symbol("x")
    f = implemented_function("f_positive", only_positive)
    expr = sympy.Piecewise((f(x), x > 0), (0, True)) + sympy.Piecewise((f(x), x > 0), (1, True))
    assert repeated_subtrees(expr, {}, lazy=True) == []
    assert evaluate(expr, {x: mpmath.mpf(-1)}, Backend.MPMATH) == 1


def test_on_rows_computes_only_the_rows_asked_for() -> None:
    """The function sees the chosen rows only; the others come back nan."""
    x = sympy.Symbol("x")
    seen: list[Any] = []

    def f(env: Any) -> Any:
        seen.append(env[x])
        return env[x] * 10

    got = on_rows(f, {x: np.array([1.0, 2.0, 3.0])}, np.array([True, False, True]))
    assert seen[0].tolist() == [1.0, 3.0]
    assert np.array_equal(got, [10.0, np.nan, 30.0], equal_nan=True)
    assert np.isnan(on_rows(f, {x: np.array([1.0])}, np.array([False])))


def test_a_slow_series_joins_blocks_and_sums_as_before() -> None:
    """Σ a^k for a near 1 needs many blocks: the joined blocks give the closed form, and a
    series that never settles within the term budget is nan, not a truncated sum."""
    k, a = sympy.Symbol("k", integer=True), sympy.Symbol("a")
    series = compile_series(sympy.Sum(a**k, (k, 0, sympy.oo)), Backend.NUMPY)
    rates = np.array([0.5, 0.999, 0.9999999])
    with np.errstate(all="ignore"):
        got = series({a: rates})
    assert got[0] == pytest.approx(2.0, rel=1e-15)
    assert got[1] == pytest.approx(1000.0, rel=1e-12)
    assert np.isnan(got[2])


def test_besseli_of_order_one_matches_mpmath_up_to_its_overflow() -> None:
    """I₁ over arrays: a few ulps from mpmath, odd in x, finite just below its overflow
    (where I₀ has overflowed already) and nan beyond it (an overflowed finite value is no
    infinity); complex x still goes to mpmath."""
    besseli = NUMPY_FUNCTIONS["besseli"]
    rng = np.random.default_rng(3)
    x = np.concatenate([np.exp(rng.uniform(-20, 6.5, 300)), [-2.5, 713.0, 800.0, -800.0]])
    with np.errstate(all="ignore"):
        got = besseli(1, x)
    expected = np.array([float(mpmath.besseli(1, v)) for v in x.tolist()])
    finite = np.isfinite(expected)
    assert np.all(np.abs(got[finite] - expected[finite]) <= 4e-15 * np.abs(expected[finite]))
    assert np.isfinite(got[-3])
    assert np.isnan(got[-2])
    assert np.isnan(got[-1])
    assert complex(besseli(1, np.array([1 + 1j]))[0]) == pytest.approx(
        complex(mpmath.besseli(1, 1 + 1j))
    )
