"""Regression tests of issue 15's 'also seen' list: large rates, Float 0/1, rejected pairs."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath
import pytest
import sympy
from sympy import N, Rational, oo

import symkl
from symkl.errors import InvalidParameterError, SupportMismatchError
from symkl.families import (
    Bernoulli,
    Categorical,
    Dirichlet,
    Geometric,
    MultivariateNormal,
    Normal,
    Poisson,
)

H, KL, CE = symkl.entropy, symkl.kl_divergence, symkl.cross_entropy


def _poisson_entropy_oracle(lam: int) -> mpmath.mpf:
    """−Σ p_k log p_k summed directly at 40 digits over the mode ± 20 standard deviations."""
    with mpmath.workdps(40):
        lam_mp = mpmath.mpf(lam)
        width = 20 * math.sqrt(lam) + 60
        total = mpmath.mpf(0)
        for k in range(max(0, int(lam - width)), int(lam + width) + 1):
            minus_log_p = lam_mp - k * mpmath.log(lam_mp) + mpmath.loggamma(k + 1)
            total += mpmath.exp(-minus_log_p) * minus_log_p
        return total


def _rel(ours: sympy.Expr, theirs: Any) -> float:
    value = mpmath.mpf(str(N(ours, 30)))
    return float(abs(value - theirs) / abs(theirs))


@pytest.mark.parametrize("lam", [1, 7, 59, 60, 100, 1000, 10_000])
def test_poisson_entropy_is_right_for_large_rates(lam: int) -> None:
    """N(H(Poisson(λ))) matches a direct 40-digit sum (was −360.5 at λ = 100)."""
    h = H(Poisson(lam)).doit()
    assert _rel(h, _poisson_entropy_oracle(lam)) < 1e-13
    assert abs(float(N(h)) - float(_poisson_entropy_oracle(lam))) < 1e-12 * float(N(h))


@pytest.mark.parametrize("lam", [Rational(1, 10**6), sympy.Float(0.37), 10**6, 10**9, 10**12])
def test_poisson_entropy_double_precision_agrees_with_mpmath(lam: sympy.Expr) -> None:
    """The double-precision evaluation agrees with mpmath's (Malmsten integral) to 1e-12."""
    h = H(Poisson(lam)).doit()
    fast = float(N(h))
    precise = float(N(h, 30))
    assert abs(fast - precise) <= 1e-12 * abs(precise)
    if lam == 10**12:  # ½ log(2πeλ) − 1/(12λ) to within 1e-24
        assert abs(precise - 0.5 * math.log(2 * math.pi * math.e * 1e12)) < 1e-12


@pytest.mark.slow
def test_poisson_entropy_at_a_million_against_a_direct_sum() -> None:
    """λ = 1e6: the double-precision value matches the 40-digit direct sum."""
    h = H(Poisson(10**6)).doit()
    assert _rel(h, _poisson_entropy_oracle(10**6)) < 1e-13


def test_poisson_cross_entropy_and_geometric_kl_are_right() -> None:
    """CE(Poisson‖Poisson) and KL(Poisson(80) ‖ Geometric(1/50)) ≈ 1.9193 (was 276.09)."""
    kl = KL(Poisson(80), Geometric(Rational(1, 50))).doit()
    with mpmath.workdps(40):
        expected = (
            -_poisson_entropy_oracle(80)
            - mpmath.log(mpmath.mpf(1) / 50)
            - 80 * mpmath.log(mpmath.mpf(49) / 50)
        )
    assert _rel(kl, expected) < 1e-13
    assert abs(float(N(kl)) - 1.9193) < 1e-4
    ce = CE(Poisson(80), Poisson(90)).doit()
    with mpmath.workdps(40):
        expected = (
            90 - 80 * mpmath.log(90) + (_poisson_entropy_oracle(80) - 80 + 80 * mpmath.log(80))
        )
    assert _rel(ce, expected) < 1e-13


def test_geometric_poisson_kl_evaluates_quickly_and_right() -> None:
    """KL(Geometric(1/20) ‖ Poisson(5)) against a direct 40-digit sum of the definition."""
    kl = KL(Geometric(Rational(1, 20)), Poisson(5)).doit()
    with mpmath.workdps(40):
        p, lam = mpmath.mpf(1) / 20, mpmath.mpf(5)
        expected = mpmath.fsum(
            p * (1 - p) ** k * (mpmath.log(p * (1 - p) ** k) - (k * mpmath.log(lam) - lam
                                                                 - mpmath.loggamma(k + 1)))
            for k in range(3000)
        )  # fmt: skip
    assert _rel(kl, expected) < 1e-13


@pytest.mark.parametrize("probs", [sympy.Float(1e-9), sympy.Float(1e-4), Rational(1, 3)])
def test_geometric_log_factorial_mean_fast_and_precise_paths_agree(probs: sympy.Expr) -> None:
    """E[log k!] under a Geometric: double precision equals 30-digit evaluation."""
    from symkl.families._series import GeometricLogFactorialMean

    value = GeometricLogFactorialMean(sympy.Rational(probs))
    assert abs(float(N(value)) - float(N(value, 30))) <= 1e-12 * float(N(value, 30))


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        (H(Bernoulli(0.0)), 0),
        (H(Bernoulli(1.0)), 0),
        (KL(Bernoulli(0.3), Bernoulli(0.0)), oo),
        (KL(Bernoulli(0.0), Bernoulli(1.0)), oo),
        (KL(Bernoulli(1.0), Bernoulli(0.0)), oo),
        (H(Categorical([0.0, 0.5, 0.5])), sympy.log(2)),
        (KL(Geometric(1.0), Bernoulli(0.3)), -sympy.log(Rational(7, 10))),
        (H(Geometric(1.0)), 0),
        (KL(Categorical([0.0, 1.0]), Categorical([0.5, 0.5])), sympy.log(2)),
    ],
)
def test_float_zero_and_one_act_as_exact(measure: sympy.Expr, expected: sympy.Expr) -> None:
    """Float 0.0 / 1.0 parameters give what exact 0 / 1 give, never nan or a wrong oo."""
    value = measure.doit()
    if expected is oo:
        assert value is oo
    else:
        assert abs(float(N(value)) - float(N(expected))) < 1e-14


def test_float_and_exact_boundaries_agree() -> None:
    """Each boundary case gives the same value with exact and Float parameters."""
    for exact, floating in [
        (KL(Bernoulli(Rational(3, 10)), Bernoulli(0)), KL(Bernoulli(0.3), Bernoulli(0.0))),
        (KL(Geometric(1), Bernoulli(Rational(3, 10))), KL(Geometric(1.0), Bernoulli(0.3))),
    ]:
        a, b = exact.doit(), floating.doit()
        assert (a is oo and b is oo) or abs(float(N(a)) - float(N(b))) < 1e-14


n = sympy.Symbol("n", integer=True, positive=True)


@pytest.mark.parametrize(
    ("build", "fragments"),
    [
        (lambda: KL(Dirichlet([1, 2]), Dirichlet([1, 2, 3])), ["simplex of 2", "simplex of 3"]),
        (lambda: KL(Poisson(2), symkl.Discrete.symbolic("q", n)), ["Poisson(2)", "1..n"]),
        (lambda: KL(symkl.Discrete.symbolic("q", n), Poisson(2)), ["1..n", "0, 1, …"]),
        (
            lambda: KL(MultivariateNormal([0], [[1]]), Normal(0, 1)),
            ["vectors of length 1", "the real line"],
        ),
        (
            lambda: KL(
                MultivariateNormal([0, 0], [[1, 0], [0, 1]]), MultivariateNormal([0], [[1]])
            ),
            ["vectors of length 2", "vectors of length 1"],
        ),
        (
            lambda: CE(
                MultivariateNormal([0, 0], [[1, 0], [0, 1]]), MultivariateNormal([0], [[1]])
            ),
            ["vectors of length 2", "vectors of length 1"],
        ),
    ],
)
def test_incomparable_pairs_are_rejected_naming_shapes(
    build: Callable[[], sympy.Expr], fragments: list[str]
) -> None:
    """Pairs over different outcome spaces raise SupportMismatchError naming both shapes."""
    with pytest.raises(SupportMismatchError) as info:
        build().doit()
    assert isinstance(info.value, ValueError)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_nan_covariance_is_rejected() -> None:
    """A covariance with a nan entry is an InvalidParameterError naming it."""
    with pytest.raises(InvalidParameterError, match="must be finite, got \\[\\[nan\\]\\]"):
        MultivariateNormal([0], [[float("nan")]])
