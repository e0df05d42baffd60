"""KL between nearly equal parameters and measures at parameters up to 1e12, against mpmath.

Lambdified, a KL of nearly equal distributions used to cancel to no correct digit (KL(Normal(0, 1)
‖ Normal(0, 1 + 1e-9)) is 1e-18, its parts ~½); the stable nodes of ``symkl.families._near_equal``
keep 1e-12 relative. The large-parameter ``.doit()`` calls (timed in ``bench/precision_sweep.py``)
return finite numbers within 1e-12 of the references of ``_near_equal_cases``.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy
from _near_equal_cases import LARGE, NEAR_EQUAL
from _precision_cases import (
    Case,
    case_id,
    case_parameters,
    compiled_forms,
    reference,
    relative_error,
)
from sympy import N

import symkl
from symkl.families import Binomial, NegativeBinomial, Normal
from symkl.families._near_equal import (
    BernoulliDivergence,
    CauchyDivergence,
    ExponentialDivergence,
    LaplaceDivergence,
    LogRatio,
    NormalDivergence,
    NormalScaleDivergence,
    PoissonDivergence,
)

TOL = 1e-12
#: lambdified forms not yet stable at nearly equal parameters (strict xfails; none today)
OPEN_FAMILIES: set[str] = set()
OPEN_POINTS: set[tuple[str, tuple[float, ...]]] = set()


def _open(case: Case, point: tuple[float, ...]) -> bool:
    return case.name in OPEN_FAMILIES or (case.name, point) in OPEN_POINTS


def _points(cases: tuple[Case, ...], lambdified: bool = False) -> list[Any]:
    out = []
    for case in cases:
        for point in case.points:
            if lambdified and "count" in case.domains:
                continue
            marks = [pytest.mark.xfail(strict=True)] if lambdified and _open(case, point) else []
            out.append(pytest.param(case, point, id=case_id(case, point), marks=marks))
    return out


@pytest.mark.parametrize(("case", "point"), _points(NEAR_EQUAL))
def test_near_equal_doit_matches_mpmath(case: Case, point: tuple[float, ...]) -> None:
    """N(KL(F(θ) ‖ F(θ(1 + δ))).doit()) is within 1e-12 relative of the 50-digit value."""
    value = float(N(case.build(*case_parameters(case, point)).doit()))
    assert relative_error(value, reference(case, point)) <= TOL


@pytest.mark.parametrize(("case", "point"), _points(NEAR_EQUAL, lambdified=True))
def test_near_equal_lambdified_matches_mpmath(case: Case, point: tuple[float, ...]) -> None:
    """The compiled KL of symbolic parameters keeps 1e-12 relative at nearly equal parameters."""
    expected = reference(case, point)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        values = [f(*point) for f in compiled_forms(case)]
    for value in values:
        assert relative_error(float(np.real(value)), expected) <= TOL, (value, expected)


@pytest.mark.parametrize(("case", "point"), _points(LARGE))
def test_large_parameters_doit_is_finite_and_precise(case: Case, point: tuple[float, ...]) -> None:
    """Float parameters up to 1e12: .doit() is a finite number within 1e-12 of the reference."""
    value = float(N(case.build(*case_parameters(case, point)).doit()))
    assert math.isfinite(value)
    assert relative_error(value, reference(case, point)) <= TOL


@pytest.mark.parametrize(
    "measure",
    [
        lambda: symkl.entropy(NegativeBinomial(10**12, sympy.Rational(1, 2))),
        lambda: symkl.entropy(Binomial(10**5, sympy.Rational(3, 10))),
        lambda: symkl.entropy(Binomial(10**12, sympy.Rational(1, 2))),
    ],
    ids=["NB(1e12,1/2)", "Binomial(1e5,3/10)", "Binomial(1e12,1/2)"],
)
def test_large_exact_parameters_return_a_finite_number(measure: Any) -> None:
    """Exact parameters up to 1e12 (the slow paths before): .doit() then N() is finite."""
    assert math.isfinite(float(N(measure().doit())))


def test_binomial_entropy_at_a_trillion_trials() -> None:
    """H(Binomial(10¹², ½)) ≈ ½ log(2πe·n/4) (the normal limit; next term O(1/n))."""
    value = float(N(symkl.entropy(Binomial(10**12, 0.5)).doit()))
    assert value == pytest.approx(0.5 * math.log(2 * math.pi * math.e * 2.5e11), rel=1e-12)


NODES = [
    (BernoulliDivergence, (0.3, 0.7)),
    (PoissonDivergence, (2.0, 5.0)),
    (ExponentialDivergence, (2.0, 5.0)),
    (NormalScaleDivergence, (2.0, 5.0)),
    (LogRatio, (2.0, 5.0)),
]


@pytest.mark.parametrize(("node", "point"), NODES, ids=[n.__name__ for n, _ in NODES])
def test_node_is_its_written_out_form(node: Any, point: tuple[float, float]) -> None:
    """Each node rewrites to its plain form, prints as it, and evaluates to it."""
    a, b = sympy.symbols("a b", positive=True)
    expr = node(a, b)
    plain = expr.rewrite(sympy.Sum)
    assert not plain.has(node)
    assert str(expr) == str(plain)
    x, y = (sympy.Rational(v).limit_denominator(100) for v in point)
    assert sympy.simplify(node(x, y) - plain.subs({a: x, b: y})) == 0
    lambdified = sympy.lambdify((a, b), expr)(*point)
    assert lambdified == pytest.approx(float(plain.subs({a: point[0], b: point[1]})), rel=1e-14)
    derivative = sympy.diff(expr, a) - sympy.diff(plain, a)
    assert sympy.simplify(derivative.rewrite(sympy.Sum)) == 0


@pytest.mark.parametrize("node", [NormalDivergence, LaplaceDivergence, CauchyDivergence])
def test_location_scale_node_is_its_written_out_form(node: Any) -> None:
    """The four-argument nodes: rewrite, print and evaluate as the plain KL; 0 for equal pairs."""
    m1, m2 = sympy.symbols("m1 m2", real=True)
    s1, s2 = sympy.symbols("s1 s2", positive=True)
    expr = node(m1, s1, m2, s2)
    plain = expr.rewrite(sympy.Sum)
    assert not plain.has(node)
    assert str(expr) == str(plain)
    point = {m1: 0.5, s1: 2.0, m2: -1.0, s2: 3.0}
    lambdified = sympy.lambdify((m1, s1, m2, s2), expr)(*point.values())
    assert lambdified == pytest.approx(float(plain.subs(point)), rel=1e-14)
    assert float(N(expr.subs(point))) == pytest.approx(float(plain.subs(point)), rel=1e-14)
    assert node(m1, s1, m1, s1) == 0


def test_node_of_equal_arguments_is_zero() -> None:
    """KL(F ‖ F) stays 0 symbolically: a node of two equal arguments is 0 (log 1 for LogRatio)."""
    a = sympy.Symbol("a", positive=True)
    for node, _ in NODES:
        assert node(a, a) == 0


def test_bernoulli_node_boundaries() -> None:
    """Float 0.0 / 1.0 behave as exact 0 / 1: ∞ off the support, finite on it."""
    f = BernoulliDivergence._imp_
    assert f(0.3, 0.0) == math.inf
    assert f(0.3, 1.0) == math.inf
    assert f(0.0, 0.5) == pytest.approx(math.log(2), rel=1e-15)
    assert f(1.0, 0.25) == pytest.approx(math.log(4), rel=1e-15)


def test_normal_kl_of_nearly_equal_scales_is_not_cancelled() -> None:
    """Lambdified KL(Normal(0, 1) ‖ Normal(0, 1 + 1e-9)) ≈ 1e-18 (it was 0 or ±1e-16 before)."""
    s1, s2 = sympy.symbols("s1 s2", positive=True)
    form = symkl.kl_divergence(Normal(0, s1), Normal(0, s2)).doit()
    value = float(sympy.lambdify((s1, s2), form)(1.0, 1.0 + 1e-9))
    with mpmath.workdps(50):
        x = mpmath.mpf(1.0) / mpmath.mpf(1.0 + 1e-9)
        expected = (x**2 - 1) / 2 - mpmath.log(x)
    assert relative_error(value, expected) <= TOL


def test_beta_node_is_the_three_bregman_terms() -> None:
    """BetaDivergence rewrites to D(a₂, a₁) + D(b₂, b₁) − D(a₂ + b₂, a₁ + b₁) and prints as it."""
    from symkl.families._gamma_core import GammaBregman
    from symkl.families._gamma_kl import BetaDivergence

    a1, b1, a2, b2 = sympy.symbols("a1 b1 a2 b2", positive=True)
    expr = BetaDivergence(a1, b1, a2, b2)
    plain = GammaBregman(a2, a1) + GammaBregman(b2, b1) - GammaBregman(a2 + b2, a1 + b1)
    assert str(expr) == str(plain)
    assert sympy.expand(expr.rewrite(sympy.Sum) - plain.rewrite(sympy.Sum)) == 0
    point = (2.0, 3.0, 2.5, 4.0)
    value = sympy.lambdify((a1, b1, a2, b2), expr)(*point)
    at = dict(zip((a1, b1, a2, b2), point, strict=True))
    assert value == pytest.approx(float(plain.subs(at)), rel=1e-13)
    assert BetaDivergence(a1, b1, a1, b1) == 0
