"""Bernoulli and Geometric entropies lambdified: float probs 0.0 / 1.0 behave like exact 0 / 1."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sympy

import symkl
from symkl.families import Bernoulli, Geometric
from symkl.families._xlogx import XLogX
from symkl.numeric import array_function

_P = sympy.Symbol("p", positive=True)


def _plain(form: sympy.Expr) -> object:
    return sympy.lambdify([_P], form, modules="numpy")


def test_bernoulli_entropy_is_zero_at_both_ends() -> None:
    """Plain lambdify and array_function give 0 (not nan, no warning) at p = 0.0 and 1.0."""
    form = symkl.entropy(Bernoulli(_P)).doit()
    points = np.array([0.0, 1.0, 0.5])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plain = _plain(form)(points)  # type: ignore[operator]
        engine = array_function([_P], form)(points)
    for values in (plain, engine):
        assert np.array_equal(np.asarray(values)[:2], [0.0, 0.0])
        assert float(np.asarray(values)[2]) == pytest.approx(np.log(2), rel=1e-15)
    assert symkl.entropy(Bernoulli(0.0)).doit() == 0
    assert symkl.entropy(Bernoulli(1.0)).doit() == 0


def test_geometric_entropy_is_zero_at_probs_one() -> None:
    """H(Geometric(p)) lambdified is 0 at p = 1.0 and matches the series elsewhere."""
    form = symkl.entropy(Geometric(_P)).doit()
    values = np.asarray(_plain(form)(np.array([1.0, 0.25])))  # type: ignore[operator]
    assert values[0] == 0
    q = 0.75
    series = -sum((q**k * 0.25) * np.log(q**k * 0.25) for k in range(400))
    assert float(values[1]) == pytest.approx(series, rel=1e-13)
    assert float(array_function([_P], form)(1.0)) == 0


def test_scalar_float_arguments() -> None:
    """A plain float call (not an array) at the boundary gives 0.0 too."""
    form = symkl.entropy(Bernoulli(_P)).doit()
    assert _plain(form)(1.0) == 0  # type: ignore[operator]
    assert _plain(form)(0.0) == 0  # type: ignore[operator]


def test_node_is_x_log_x_symbolically() -> None:
    """XLogX prints, differentiates and rewrites as x·log x; it is 0 at exact and float zero."""
    node = XLogX(_P)
    assert str(node) == "p*log(p)"
    assert node.diff(_P) == sympy.log(_P) + 1
    assert node.rewrite(sympy.Sum) == _P * sympy.log(_P)
    assert XLogX(0) == 0
    assert XLogX(sympy.Float(0.0)) == 0
    assert XLogX(sympy.Rational(1, 2)) == sympy.log(sympy.Rational(1, 2)) / 2
    assert XLogX(sympy.Symbol("x")).is_real is None  # a negative x would make it complex
