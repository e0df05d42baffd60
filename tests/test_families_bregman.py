"""Each exponential family's KL derived a second way: the Bregman divergence of log-normaliser."""

from __future__ import annotations

import mpmath
import pytest
import sympy
from sympy import Symbol, symbols

from symkl._registry import kl_closed_form
from symkl.families import (
    Bernoulli,
    Beta,
    Binomial,
    Cauchy,
    Chi2,
    ContinuousBernoulli,
    Dirichlet,
    Exponential,
    Family,
    Gamma,
    Geometric,
    HalfNormal,
    Laplace,
    LogNormal,
    NegativeBinomial,
    Normal,
    Pareto,
    Poisson,
    Weibull,
)
from symkl.families._bregman import bregman_agrees, bregman_kl, natural_form_holds
from symkl.families._moments import Natural

a1, b1, a2, b2 = symbols("a1 b1 a2 b2", positive=True)
m1, m2 = symbols("m1 m2", real=True)
p, q = symbols("p q", positive=True)
n = Symbol("n", integer=True, nonnegative=True)

PAIRS: dict[str, tuple[Family, Family]] = {
    "Normal": (Normal(m1, a1), Normal(m2, a2)),
    "Laplace": (Laplace(m1, a1), Laplace(m1, a2)),
    "Exponential": (Exponential(a1), Exponential(a2)),
    "Gamma": (Gamma(a1, b1), Gamma(a2, b2)),
    "Beta": (Beta(a1, b1), Beta(a2, b2)),
    "Bernoulli": (Bernoulli(p), Bernoulli(q)),
    "Poisson": (Poisson(a1), Poisson(a2)),
    "Geometric": (Geometric(p), Geometric(q)),
    "HalfNormal": (HalfNormal(a1), HalfNormal(a2)),
    "LogNormal": (LogNormal(m1, a1), LogNormal(m2, a2)),
    "Pareto": (Pareto(a1, b1), Pareto(a1, b2)),
    "Weibull": (Weibull(a1, b1), Weibull(a2, b1)),
    "Chi2": (Chi2(a1), Chi2(a2)),
    "Dirichlet": (Dirichlet([a1, b1, 2]), Dirichlet([a2, b2, 3])),
    "Binomial": (Binomial(n, p), Binomial(n, q)),
    "NegativeBinomial": (NegativeBinomial(a1, p), NegativeBinomial(a1, q)),
}


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_closed_form_equals_the_bregman_form(name: str) -> None:
    """The registered KL minus A(η_q) − A(η_p) − ∇A(η_p)·(η_q − η_p) vanishes identically."""
    first, second = PAIRS[name]
    assert bregman_agrees(first, second)


@pytest.mark.parametrize("name", sorted(set(PAIRS) - {"Dirichlet"}))
def test_declared_natural_form_is_the_density(name: str) -> None:
    """log f − η·T + A is free of the parameters, so the declared A is the log-normaliser."""
    assert natural_form_holds(PAIRS[name][0])


def test_continuous_bernoulli_agrees_numerically() -> None:
    """ContinuousBernoulli: the forms agree to 30 digits at several points (no symbolic proof)."""
    lam, mu = symbols("lam mu", positive=True)
    first, second = ContinuousBernoulli(lam), ContinuousBernoulli(mu)
    closed = kl_closed_form(first, second)
    bregman = bregman_kl(first, second)
    assert closed is not None
    assert bregman is not None
    difference = sympy.lambdify([lam, mu], closed - bregman, "mpmath")
    with mpmath.workdps(40):
        for a, b in [("0.142857", "0.6"), ("0.9", "0.333"), ("0.01", "0.99")]:
            assert abs(difference(mpmath.mpf(a), mpmath.mpf(b))) < mpmath.mpf(10) ** -30


class _WrongExponential(Exponential):
    """An Exponential whose declared log-normaliser is off by a factor in the rate."""

    def natural(self) -> Natural:
        statistics = super().natural().statistics
        return Natural((-self.rate,), lambda eta: -2 * sympy.log(-2 * eta[0]), statistics)


def test_a_wrong_log_normaliser_is_caught() -> None:
    """A mis-declared A fails both the density check and the agreement with the closed form."""
    first, second = _WrongExponential(a1), _WrongExponential(a2)
    assert not natural_form_holds(first)
    assert not bregman_agrees(first, second)


def test_different_fixed_parameters_are_not_one_family() -> None:
    """Pareto with two scales, or a Normal against a Laplace, has no Bregman form."""
    assert bregman_kl(Pareto(a1, b1), Pareto(a2, b2)) is None
    assert bregman_kl(Normal(m1, a1), Laplace(m1, a1)) is None
    assert bregman_kl(Cauchy(0, 1), Cauchy(1, 2)) is None
