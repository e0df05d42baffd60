"""Gamma and Beta KL at mixed scales and nearly equal parameters, lambdified, against mpmath.

The points are those where the three Bregman/rate parts of the closed form cancel: all parameters
moved together by 1e-7–1e-9 (the mean stays put), one concentration tiny next to a large one, or
the two concentrations ten orders apart. The references are the textbook forms at 60 digits.
"""

from __future__ import annotations

import warnings
from functools import cache
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy
from _precision_cases import _beta_kl, _gamma_kl, relative_error
from sympy import N

import symkl
from symkl.families import Beta, Gamma
from symkl.families._gamma_kl import GammaDivergence
from symkl.numeric import array_function

TOL = 1e-12

GAMMA_POINTS = [
    (3.6285010823e10, 2.5519751936e8, 63.780516857, 0.30504770354),
    (6.0215864601e10, 6.5846338173e9, 0.0061968191617, 0.023349159488),
    (1e12, 1.0, 1e12 * (1 + 1e-9), 1 + 1e-9),
    (2e3, 5.0, 2e3 * (1 + 1e-7), 5.0 * (1 + 1e-7)),
    (20.0, 1.0, 20.0 * (1 + 1e-8), 1 + 1e-8),
    (5.0, 2.0, 5.0 * (1 + 1e-9), 2.0 * (1 + 1e-9)),
]
BETA_POINTS = [
    (30.473956424678, 0.0010363351496973, 30.47395642358, 0.0010363351496973),
    (0.0022621357564777, 628.57422910683, 0.0022621357562129, 628.574228721),
    (1e10, 1e10, 1e10 * (1 + 1e-9), 1e10 * (1 + 1e-9)),
    (50.0, 1e6, 50.0 * (1 + 1e-8), 1e6 * (1 + 1e-8)),
    (20.0, 30.0, 20.0 * (1 + 1e-9), 30.0 * (1 + 1e-9)),
    (1e12, 10.0, 1e12 * (1 + 1e-9), 10.0),
]
SYMBOLS = sympy.symbols("a1 b1 a2 b2", positive=True)


@cache
def _compiled(family: type) -> tuple[Any, Any]:
    a1, b1, a2, b2 = SYMBOLS
    form = symkl.kl_divergence(family(a1, b1), family(a2, b2)).doit()
    return array_function(SYMBOLS, form), sympy.lambdify(SYMBOLS, form, modules=["scipy", "numpy"])


def _reference(ref: Any, point: tuple[float, ...]) -> Any:
    with mpmath.workdps(60):
        return ref(*(mpmath.mpf(v) for v in point))


CASES = [(Gamma, _gamma_kl, p) for p in GAMMA_POINTS] + [(Beta, _beta_kl, p) for p in BETA_POINTS]
IDS = [f"{f.__name__}{p}" for f, _, p in CASES]


@pytest.mark.parametrize(("family", "ref", "point"), CASES, ids=IDS)
def test_compiled_kl_matches_mpmath(family: type, ref: Any, point: tuple[float, ...]) -> None:
    """Lambdified and array_function KL keep 1e-12 relative where the plain parts cancel."""
    expected = _reference(ref, point)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        values = [float(np.real(f(*point))) for f in _compiled(family)]
    for value in values:
        assert relative_error(value, expected) <= TOL, (value, expected)


@pytest.mark.parametrize(("family", "ref", "point"), CASES, ids=IDS)
def test_doit_kl_matches_mpmath(family: type, ref: Any, point: tuple[float, ...]) -> None:
    """N(KL(F(float params) ‖ F(…)).doit()) keeps 1e-12 relative at the same points."""
    a1, b1, a2, b2 = (sympy.Float(v) for v in point)
    value = float(N(symkl.kl_divergence(family(a1, b1), family(a2, b2)).doit()))
    assert relative_error(value, _reference(ref, point)) <= TOL


def test_gamma_node_is_its_written_out_form() -> None:
    """GammaDivergence prints, rewrites and differentiates as D(a₂, a₁) + the two rate terms."""
    from symkl.families._gamma_core import GammaBregman

    a1, b1, a2, b2 = SYMBOLS
    expr = GammaDivergence(a1, b1, a2, b2)
    textbook = (
        (a1 - a2) * sympy.digamma(a1) - sympy.loggamma(a1) + sympy.loggamma(a2)
        + a2 * sympy.log(b1 / b2) + a1 * (b2 - b1) / b1
    )  # fmt: skip
    plain = expr.rewrite(sympy.Sum)
    assert not plain.has(GammaDivergence, GammaBregman)
    assert sympy.simplify(sympy.expand_log(plain - textbook, force=True)) == 0
    assert sympy.simplify(sympy.diff(expr, b2) - sympy.diff(textbook, b2)) == 0
    assert str(expr) == str(expr._plain())
    assert GammaDivergence(a1, b1, a1, b1) == 0


def test_gamma_node_evaluates_like_its_form() -> None:
    """N() of the node at float arguments equals the textbook form at 50 digits."""
    point = (2.5, 3.0, 4.0, 1.5)
    expr = GammaDivergence(*(sympy.Float(v) for v in point))
    assert float(N(expr)) == pytest.approx(float(_reference(_gamma_kl, point)), rel=1e-15)


def test_gamma_node_rejects_nonpositive_parameters() -> None:
    """Compiled, a nonpositive concentration or rate gives nan (not a number that looks right)."""
    f = GammaDivergence._imp_
    assert np.isnan(f(-1.0, 1.0, 2.0, 1.0))
    assert np.isnan(f(20.0, 0.0, 30.0, 1.0))


def test_dirichlet_node_is_the_textbook_kl() -> None:
    """DirichletDivergence rewrites to the log Γ / ψ form of KL(Dirichlet ‖ Dirichlet) and
    evaluates (compiled and by N()) to it; equal arguments give 0."""
    from symkl.families._gamma_kl import DirichletDivergence

    alpha, beta = sympy.symbols("a0:3", positive=True), sympy.symbols("b0:3", positive=True)
    expr = DirichletDivergence(*alpha, *beta)
    a0, b0 = sum(alpha), sum(beta)
    lg, psi = sympy.loggamma, sympy.digamma
    textbook = (
        lg(a0) - sum(map(lg, alpha)) - lg(b0) + sum(map(lg, beta))
        + sum((a - b) * (psi(a) - psi(a0)) for a, b in zip(alpha, beta, strict=True))
    )  # fmt: skip
    assert sympy.expand(expr.rewrite(sympy.Sum) - textbook) == 0
    point = (1.5, 20.0, 3e4, 2.5, 19.0, 3.1e4)
    at = dict(zip((*alpha, *beta), point, strict=True))
    expected = float(N(textbook.subs({k: sympy.Float(v, 40) for k, v in at.items()}), 30))
    assert sympy.lambdify((*alpha, *beta), expr)(*point) == pytest.approx(expected, rel=1e-13)
    assert float(N(expr.subs(at))) == pytest.approx(expected, rel=1e-13)
    assert DirichletDivergence(*alpha, *alpha) == 0
