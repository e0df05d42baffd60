"""E|x − m| for Gumbel, LogNormal, Weibull and Pareto, so KL into a Laplace is in closed form."""

from __future__ import annotations

import mpmath
import pytest
import sympy
from sympy import Integer, Rational

import symkl
from symkl.families import Family, Gumbel, Laplace, LogNormal, Pareto, Weibull
from symkl.families._moments import Phi, PhiKind
from symkl.measures import KLDivergence

CASES: list[tuple[Family, list[sympy.Expr]]] = [
    (Gumbel(Rational(1, 2), Rational(3, 2)), [Integer(-3), Rational(1, 2), Integer(4)]),
    (LogNormal(Rational(1, 3), Rational(4, 5)), [Integer(-1), Rational(7, 10), Integer(5)]),
    (Weibull(Rational(3, 2), Rational(7, 4)), [Integer(-1), Rational(1, 2), Integer(3)]),
    (Weibull(2, Rational(1, 2)), [Integer(1), Integer(9)]),
    (Pareto(Rational(3, 2), Rational(5, 2)), [Integer(1), Integer(2), Integer(7)]),
]


def _quad(d: Family, f: object, kink: float = 1.0) -> mpmath.mpf:
    x = d.variable
    density = sympy.lambdify(x, d.density(x), "mpmath")
    lo = d.bounds()[0]
    start = float(lo) if lo.is_finite else -30.0  # the Gumbel's left tail is e^{−e^{30}} there
    pieces = [start, kink, 1.0, 10.0, 400.0]
    value = mpmath.quad(lambda t: density(t) * f(t), sorted({max(p, start) for p in pieces}))  # type: ignore[operator]
    if isinstance(d, Gumbel):
        return value
    return value + mpmath.quad(lambda t: density(t) * f(t), [400, mpmath.inf])  # type: ignore[operator]


@pytest.mark.parametrize(("index", "m"), [(i, m) for i, (_, ms) in enumerate(CASES) for m in ms])
def test_mean_absolute_deviation_matches_quadrature(index: int, m: sympy.Expr) -> None:
    """The tabulated E|x − m| agrees with mpmath quadrature to 1e-14 relative."""
    d = CASES[index][0]
    value = sympy.N(d.moment(Phi(PhiKind.ABS, m)), 30)
    with mpmath.workdps(30):
        expected = _quad(d, lambda t: abs(t - float(m)), float(m))
    assert abs(float(value) - float(expected)) <= 1e-14 * abs(float(expected))


@pytest.mark.parametrize("d", [Gumbel(0, 1), LogNormal(0, 1), Weibull(1, 2), Pareto(1, 3)])
def test_kl_into_a_laplace_is_closed(d: Family) -> None:
    """KL(F ‖ Laplace(½, 2)) evaluates without an unevaluated KL and matches quadrature."""
    target = Laplace(Rational(1, 2), 2)
    closed = symkl.kl_divergence(d, target).doit()
    assert not closed.has(KLDivergence)
    x = d.variable
    log_p = sympy.lambdify(x, sympy.log(d.density(x)), "mpmath")
    log_q = sympy.lambdify(x, sympy.log(target.density(x)), "mpmath")
    with mpmath.workdps(30):
        expected = _quad(d, lambda t: log_p(t) - log_q(t), 0.5)
    assert float(sympy.N(closed)) == pytest.approx(float(expected), rel=1e-12)


def test_pareto_without_a_mean_is_infinitely_far_from_a_laplace() -> None:
    """For α ≤ 1, E|x − m| = ∞, so KL(Pareto ‖ Laplace) = ∞."""
    assert symkl.kl_divergence(Pareto(1, Rational(1, 2)), Laplace(0, 1)).doit() == sympy.oo
