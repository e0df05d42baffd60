"""The newer families' KLs and entropies at extreme and nearly equal parameters, against mpmath.

Both numeric paths: ``N(measure.doit())`` and the closed form of symbolic parameters compiled
once (``sympy.lambdify`` and :func:`symkl.numeric.array_function`); the references are the
textbook forms of ``_extreme_cases`` at 50 digits.
"""

from __future__ import annotations

import warnings
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy
from _extreme_cases import EXTREME
from _precision_cases import (
    Case,
    case_id,
    case_parameters,
    compiled_forms,
    reference,
    relative_error,
)
from sympy import N

from symkl.families import Chi2, Gumbel, HalfCauchy, HalfNormal, LogNormal, Pareto, Weibull
from symkl.families._closed import kl_by_moments
from symkl.families._stable_kl import stable_kl

TOL = 1e-12
#: compiled forms still written out (the moment formula): they cancel at nearly equal parameters
OPEN_FAMILIES: set[str] = set()


def _points(lambdified: bool) -> list[Any]:
    out = []
    for case in EXTREME:
        if lambdified and (case.name in OPEN_FAMILIES or "count" in case.domains):
            continue
        out.extend(pytest.param(case, p, id=case_id(case, p)) for p in case.points)
    return out


@pytest.mark.parametrize(("case", "point"), _points(lambdified=False))
def test_doit_matches_mpmath(case: Case, point: tuple[float, ...]) -> None:
    """N(measure(F(float params)).doit()) is within 1e-12 relative of the 50-digit reference."""
    value = float(N(case.build(*case_parameters(case, point)).doit()))
    assert relative_error(value, reference(case, point)) <= TOL


@pytest.mark.parametrize(("case", "point"), _points(lambdified=True))
def test_compiled_matches_mpmath(case: Case, point: tuple[float, ...]) -> None:
    """The compiled closed form keeps 1e-12 relative, nearly equal parameters included."""
    expected = reference(case, point)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        values = [float(np.real(f(*point))) for f in compiled_forms(case)]
    for value in values:
        assert relative_error(value, expected) <= TOL, (value, expected)


PAIRS = [
    (LogNormal, (sympy.Rational(1, 3), 2), (-1, sympy.Rational(5, 2))),
    (HalfNormal, (sympy.Rational(3, 2),), (sympy.Rational(7, 3),)),
    (Chi2, (sympy.Rational(7, 2),), (5,)),
    (Pareto, (3, sympy.Rational(5, 2)), (2, 4)),
    (Gumbel, (sympy.Rational(1, 2), 2), (-1, sympy.Rational(3, 2))),
    (Weibull, (2, sympy.Rational(3, 2)), (sympy.Rational(1, 3), 4)),
]


@pytest.mark.parametrize(("family", "first", "second"), PAIRS, ids=[f[0].__name__ for f in PAIRS])
def test_stable_form_is_the_moment_formula(family: type, first: tuple, second: tuple) -> None:
    """The stable node's value equals the moment formula's at exact parameters (60 digits)."""
    p, q = family(*first), family(*second)
    stable = stable_kl(p, q)
    assert stable is not None
    moments = kl_by_moments(p, q)
    assert moments is not None
    assert abs(N(stable.rewrite(sympy.Sum), 60) - N(moments, 60)) < sympy.Float(10) ** -50


def test_pareto_kl_is_infinite_off_the_support() -> None:
    """KL(Pareto(1, 2) ‖ Pareto(2, 3)) = ∞: p puts mass on [1, 2), where q has none."""
    assert stable_kl(Pareto(1, 2), Pareto(2, 3)) == sympy.oo


def test_other_families_keep_their_route() -> None:
    """Two different families get None (their own route), not a same-family node."""
    assert stable_kl(HalfNormal(1), HalfCauchy(1)) is None
    assert stable_kl(Gumbel(0, 1), Weibull(1, 2)) is None


def test_half_cauchy_form_is_the_defining_integral() -> None:
    """KL(HalfCauchy(2) ‖ HalfCauchy(1/3)) = ∫ p log(p/q) (no moment table: by quadrature)."""
    s1, s2 = mpmath.mpf(2), mpmath.mpf(1) / 3

    def density(s: Any, x: Any) -> Any:
        return 2 / (mpmath.pi * s * (1 + (x / s) ** 2))

    with mpmath.workdps(30):
        expected = mpmath.quad(
            lambda x: density(s1, x) * mpmath.log(density(s1, x) / density(s2, x)),
            [0, 1, 10, mpmath.inf],
        )
    stable = stable_kl(HalfCauchy(2), HalfCauchy(sympy.Rational(1, 3)))
    assert stable is not None
    assert float(N(stable)) == pytest.approx(float(expected), rel=1e-13)


@pytest.mark.parametrize("lam", [0.5001, 0.4999, 0.5 + 1e-6, 0.3, 0.7])
def test_continuous_bernoulli_entropy_near_half_keeps_fourteen_digits(lam: float) -> None:
    """Compiled H(ContinuousBernoulli(λ)) near λ = ½ within 1e-14 (2.2e-13 at 0.5001 before:
    y = ½·logit λ was a difference of two logs ~0.69)."""
    from _precision_cases import _cb_h

    from symkl import entropy
    from symkl.families import ContinuousBernoulli

    t = sympy.Symbol("t", positive=True)
    f = sympy.lambdify(t, entropy(ContinuousBernoulli(t)).doit())
    with mpmath.workdps(50):
        expected = _cb_h(mpmath.mpf(lam))
    assert relative_error(float(f(lam)), expected) <= 1e-14
