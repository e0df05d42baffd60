"""The built-in MLE log-likelihoods come from the family classes and equal the textbook forms."""

from __future__ import annotations

import pytest
import sympy

from symkl.families import Bernoulli, Exponential, Family, Normal, Poisson
from symkl.optimize import likelihood
from symkl.optimize._mle import MU, RATE, VAR, K, P, i, iid_log_likelihood, j, n

THETA = sympy.IndexedBase("theta", positive=True)
COUNTS = sympy.IndexedBase("c", positive=True)
log = sympy.log


def _textbook(name: str) -> sympy.Expr:
    """The log-likelihoods as they were written by hand before being derived from the classes."""
    x01 = sympy.IndexedBase("x", nonnegative=True)
    xr = sympy.IndexedBase("x", real=True)
    xn = sympy.IndexedBase("x", nonnegative=True, integer=True)
    xp = sympy.IndexedBase("x", positive=True)
    forms = {
        "bernoulli": sympy.Sum(x01[i] * log(P) + (1 - x01[i]) * log(1 - P), (i, 1, n)),
        "categorical": sympy.Sum(COUNTS[j] * log(THETA[j]), (j, 1, K)),
        "normal": sympy.Sum(
            -((xr[i] - MU) ** 2) / (2 * VAR) - log(2 * sympy.pi * VAR) / 2, (i, 1, n)
        ),
        "poisson": sympy.Sum(xn[i] * log(RATE) - RATE - log(sympy.factorial(xn[i])), (i, 1, n)),
        "exponential": sympy.Sum(log(RATE) - RATE * xp[i], (i, 1, n)),
    }
    return forms[name]


def _same_sum(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Two sums over the same range whose summands expand to the same expression."""
    assert isinstance(a, sympy.Sum)
    assert isinstance(b, sympy.Sum)
    return a.limits == b.limits and sympy.expand(a.function - b.function) == 0


MODELS = ["bernoulli", "categorical", "normal", "poisson", "exponential"]


@pytest.mark.parametrize("name", MODELS)
def test_derived_log_likelihood_equals_the_textbook_form(name: str) -> None:
    """Each built-in model's log-likelihood is identically the hand-written textbook one."""
    assert _same_sum(likelihood(name).log_likelihood, _textbook(name))


def test_a_wrong_textbook_form_is_told_apart() -> None:
    """The comparison fails for a Poisson log-likelihood without its log x! term."""
    xn = sympy.IndexedBase("x", nonnegative=True, integer=True)
    wrong = sympy.Sum(xn[i] * log(RATE) - RATE, (i, 1, n))
    assert not _same_sum(likelihood("poisson").log_likelihood, wrong)


@pytest.mark.parametrize(
    ("family", "points"),
    [
        (Bernoulli(sympy.Rational(1, 3)), [0, 1]),
        (Normal(sympy.Rational(1, 2), 2), [-1, 0, sympy.Rational(3, 2)]),
        (Poisson(3), [0, 1, 4]),
        (Exponential(sympy.Rational(5, 2)), [sympy.Rational(1, 4), 1, 3]),
    ],
)
def test_summand_is_the_log_of_the_family_density(family: Family, points: list[object]) -> None:
    """The summand at an outcome is log of the family's density there."""
    x = sympy.IndexedBase("x", real=True)
    summand = iid_log_likelihood(family, x).function
    for point in points:
        value = summand.xreplace({x[i]: sympy.sympify(point)})
        expected = log(family.density(sympy.sympify(point)))
        assert abs(sympy.N(value - expected, 30)) < 1e-25


def test_parameter_domains_come_from_the_family() -> None:
    """Normal's (μ, σ²) take the domains of Normal's loc (real) and scale (positive)."""
    model = likelihood("normal")
    assert model.domains[MU] == (-sympy.oo, sympy.oo)
    assert model.domains[VAR] == (0, sympy.oo)
    assert likelihood("bernoulli").domains[P] == (0, 1)
