"""Tests of the compiled numeric engine: conventions, special functions, hoisting, fallbacks."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy
from sympy import log

from symkl.numeric import Backend, evaluate
from symkl.numeric._compile import FALLBACKS, compile_expr
from symkl.numeric._inner import compile_inner
from symkl.numeric._outcomes import compile_node
from symkl.numeric._special import NUMPY_FUNCTIONS

x, a, b = sympy.symbols("x a b")
p = sympy.Symbol("p", nonnegative=True)
k = sympy.Symbol("k", integer=True, nonnegative=True)


def test_zero_times_infinity_is_zero_in_both_back_ends() -> None:
    """0·log 0 = 0 and 0·∞ = 0 hold in compiled NumPy and mpmath code alike."""
    expr = p * log(p) + p / x
    values = evaluate(expr, {p: np.array([0.0, 0.5]), x: np.array([0.0, 2.0])}, Backend.NUMPY)
    assert values[0] == 0.0
    assert values[1] == pytest.approx(0.5 * np.log(0.5) + 0.25)
    with mpmath.workdps(50):
        assert evaluate(p * log(p), {p: mpmath.mpf(0)}, Backend.MPMATH) == 0


def test_division_by_zero_is_positive_infinity_and_log_zero_is_minus_infinity() -> None:
    """c/0 = +∞ whatever the sign of the zero, log 0 = −∞."""
    values = evaluate(1 / x + 0 * log(x), {x: np.array([0.0, -0.0])}, Backend.NUMPY)
    assert np.all(np.isposinf(values))
    assert np.isneginf(evaluate(log(x), {x: np.array([0.0])}, Backend.NUMPY))[0]


def test_principal_branches_give_complex_values() -> None:
    """log(−1) = πi and (−8)^(1/3) is complex, as in SymPy, so they are never skipped as nan."""
    values = evaluate(log(x), {x: np.array([-1.0])}, Backend.NUMPY)
    assert values[0] == pytest.approx(np.pi * 1j)
    cube = evaluate(x ** sympy.Rational(1, 3), {x: np.array([-8.0])}, Backend.NUMPY)
    assert cube[0] == pytest.approx(complex(sympy.N((-8) ** sympy.Rational(1, 3))))


@pytest.mark.parametrize(
    ("expr", "reference"),
    [
        (sympy.loggamma(x), mpmath.loggamma),
        (sympy.gamma(x), mpmath.gamma),
        (sympy.digamma(x), mpmath.digamma),
        (sympy.polygamma(1, x), lambda v: mpmath.polygamma(1, v)),
        (sympy.erf(x), mpmath.erf),
        (sympy.besseli(0, x), lambda v: mpmath.besseli(0, v)),
        (sympy.lowergamma(2 * x, x), lambda v: mpmath.gammainc(2 * v, 0, v)),
        (sympy.uppergamma(x, 3 * x), lambda v: mpmath.gammainc(v, 3 * v, mpmath.inf)),
        (
            sympy.betainc_regularized(x, 2 * x, 0, x / (1 + x)),
            lambda v: mpmath.betainc(v, 2 * v, 0, v / (1 + v), regularized=True),
        ),
    ],
)
def test_special_functions_agree_with_mpmath(expr: sympy.Expr, reference: object) -> None:
    """The vectorised special functions agree with mpmath to 1e-11 relative."""
    points = np.array([1e-3, 0.3, 1.0, 2.5, 7.0, 40.0])
    values = evaluate(expr, {x: points}, Backend.NUMPY)
    with mpmath.workdps(30):
        expected = [float(reference(mpmath.mpf(v))) for v in points]  # type: ignore[operator]
    assert values == pytest.approx(expected, rel=1e-11, abs=1e-300)


def test_loggamma_of_a_negative_argument_is_complex() -> None:
    """loggamma(−1/2) follows mpmath's principal branch, not math.lgamma's real part."""
    value = NUMPY_FUNCTIONS["loggamma"](np.array([-0.5]))[0]
    assert value == pytest.approx(complex(mpmath.loggamma(-0.5)))


def test_compiled_once_and_reused() -> None:
    """A second evaluation of the same expression reuses the compiled code."""
    expr = sympy.exp(-a * x) * sympy.loggamma(a + 17)
    first = compile_expr(expr, Backend.NUMPY)
    second = compile_expr(expr, Backend.NUMPY)
    env = {x: np.array([0.0, 1.0]), a: np.array([1.0, 2.0])}
    assert np.array_equal(first(env), second(env))
    from symkl.numeric._compile import _compiled

    hits = _compiled.cache_info().hits
    compile_expr(expr, Backend.NUMPY)
    assert _compiled.cache_info().hits == hits + 1


def test_parts_that_do_not_vary_are_hoisted() -> None:
    """In an integrand, Γ(a) is computed once per sample, not once per node."""
    inner = compile_inner(
        x * sympy.gamma(a) + sympy.besseli(0, a) * x**2, frozenset({x}), Backend.NUMPY
    )
    assert {part for part, _ in inner.hoisted} == {sympy.gamma(a), sympy.besseli(0, a)}
    prepared = inner.prepare({a: np.array([3.0])})
    local = {**prepared, x: np.array([2.0])}
    assert inner(local)[0] == pytest.approx(2 * 2 + float(mpmath.besseli(0, 3)) * 4)


def test_series_settles_sample_by_sample() -> None:
    """A geometric series is summed right at fast and slow rates in one call."""
    rates = np.array([0.5, 0.99, 0.999])
    series = compile_node(sympy.Sum(a**k, (k, 0, sympy.oo)), Backend.NUMPY)
    assert series({a: rates}) == pytest.approx(1 / (1 - rates), rel=1e-12)


def test_unknown_functions_fall_back_or_refuse() -> None:
    """NumPy without Fresnel S goes sample by sample with mpmath (counted); a function nobody
    implements raises NotImplementedError rather than a NameError."""
    before = sum(FALLBACKS.values())
    values = evaluate(sympy.fresnels(x) * x, {x: np.array([0.5, 1.0])}, Backend.NUMPY)
    assert values[1] == pytest.approx(float(mpmath.fresnels(1.0)))
    assert sum(FALLBACKS.values()) == before + 1
    with pytest.raises(NotImplementedError, match="f"):
        evaluate(sympy.Function("f")(x), {x: np.array([0.5])}, Backend.NUMPY)
    with pytest.raises(NotImplementedError, match="Si"):
        evaluate(sympy.Si(x) * x, {x: np.array([0.5])}, Backend.NUMPY)


def test_a_missing_value_is_not_implemented() -> None:
    """A symbol without a value raises NotImplementedError naming it."""
    with pytest.raises(NotImplementedError, match="b"):
        evaluate(a + b, {a: np.array([1.0])}, Backend.NUMPY)
