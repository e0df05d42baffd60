"""Gamma, Beta and Dirichlet KLs and the Bregman divergence of log Γ in double precision, against
their defining formulas at 120 digits, shapes from 1e-4 to 1e4 (below 10 they are shifted up)."""

from __future__ import annotations

import math
from typing import Any

import mpmath
from hypothesis import given, settings
from hypothesis import strategies as st

from symkl.families._gamma_core import gamma_bregman_double
from symkl.families._gamma_kl import beta_kl_double, dirichlet_kl_double, gamma_kl_double

from strategies import log_uniform_shapes, shape_parameter_pairs

#: relative error allowed against the 120-digit value of the same doubles
TOL = 1e-13
#: below this a value is compared absolutely: ~1e-13 of the smallest parts of the sum
FLOOR = 1e-290


def _breg(x: Any, y: Any) -> Any:
    """log Γ(x) − log Γ(y) − (x − y)ψ(y), the definition."""
    return mpmath.loggamma(x) - mpmath.loggamma(y) - (x - y) * mpmath.digamma(y)


def _gamma_kl(a1: Any, b1: Any, a2: Any, b2: Any) -> Any:
    rate = b2 / b1 - 1 - mpmath.log(b2 / b1)
    return _breg(a2, a1) + a1 * rate + (a2 - a1) * mpmath.log(b1 / b2)


def _dirichlet_kl(alpha: list[Any], beta: list[Any]) -> Any:
    parts = mpmath.fsum(_breg(b, a) for a, b in zip(alpha, beta, strict=True))
    return parts - _breg(mpmath.fsum(beta), mpmath.fsum(alpha))


def _exact(reference: Any, *args: Any) -> float:
    """``reference`` at 120 digits of the doubles' exact values."""
    with mpmath.workdps(120):
        return float(reference(*args))


def _close(value: float, expected: float) -> bool:
    return abs(value - expected) <= TOL * abs(expected) + FLOOR


def _mp(values: list[float]) -> list[Any]:
    with mpmath.workdps(120):
        return [mpmath.mpf(v) for v in values]


@settings(max_examples=300, deadline=None)
@given(shape_parameter_pairs())
def test_gamma_bregman_matches_its_definition(pair: tuple[float, float]) -> None:
    """D(x, y) ≥ 0 agrees with log Γ(x) − log Γ(y) − (x − y)ψ(y) at 120 digits to 1e-13."""
    x, y = pair
    value = gamma_bregman_double(x, y)
    expected = _exact(_breg, *_mp([x, y]))
    assert value >= 0
    assert _close(value, expected), (x, y, value, expected)


@settings(max_examples=200, deadline=None)
@given(shape_parameter_pairs(), shape_parameter_pairs())
def test_gamma_kl_matches_its_definition(shapes: Any, rates: Any) -> None:
    """KL(Gamma ‖ Gamma) in doubles agrees with the Bregman form at 120 digits to 1e-13."""
    (a1, a2), (b1, b2) = shapes, rates
    value = gamma_kl_double(a1, b1, a2, b2)
    expected = _exact(_gamma_kl, *_mp([a1, b1, a2, b2]))
    assert _close(value, expected), (a1, b1, a2, b2, value, expected)


@settings(max_examples=200, deadline=None)
@given(shape_parameter_pairs(), shape_parameter_pairs())
def test_beta_kl_matches_its_definition(first: Any, second: Any) -> None:
    """KL(Beta ‖ Beta) in doubles agrees with D(a₂, a₁) + D(b₂, b₁) − D(s₂, s₁) at 120 digits."""
    (a1, a2), (b1, b2) = first, second
    value = beta_kl_double(a1, b1, a2, b2)
    alpha, beta = _mp([a1, b1]), _mp([a2, b2])
    expected = _exact(_dirichlet_kl, alpha, beta)
    assert _close(value, expected), (a1, b1, a2, b2, value, expected)


@settings(max_examples=100, deadline=None)
@given(st.lists(shape_parameter_pairs(), min_size=2, max_size=5))
def test_dirichlet_kl_matches_its_definition(pairs: list[tuple[float, float]]) -> None:
    """KL(Dirichlet ‖ Dirichlet) in doubles agrees with Σ D(βᵢ, αᵢ) − D(β₀, α₀) at 120 digits."""
    alpha, beta = [a for a, _ in pairs], [b for _, b in pairs]
    value = dirichlet_kl_double(alpha, beta)
    expected = _exact(_dirichlet_kl, _mp(alpha), _mp(beta))
    assert _close(value, expected), (alpha, beta, value, expected)


def test_bregman_near_zero_is_finite_not_a_pole() -> None:
    """D(1e-50, 1) is log Γ(1e-50) + ψ(1)(1 − 1e-50) ≈ 115.13 − 0.58, not an mpmath pole error
    (x − y rounds to −1, and y + (x − y) was 0)."""
    value = gamma_bregman_double(1e-50, 1.0)
    expected = _exact(_breg, *_mp([1e-50, 1.0]))
    assert math.isfinite(value)
    assert _close(value, expected)
    assert _close(gamma_bregman_double(1e-20, 0.5), _exact(_breg, *_mp([1e-20, 0.5])))


def test_bregman_near_equal_above_ten_keeps_its_digits() -> None:
    """At x = y + 1e-9 ≥ 10 the Stirling parts are paired: D ≈ 5.3e-20 to 1e-13, where an
    unpaired difference of the two Stirling sums had the wrong sign."""
    for x, y in [(10.0 + 1e-9, 10.0), (12.345678, 12.345678 * (1 + 1e-8)), (15.0, 15.0 + 3e-7)]:
        value, expected = gamma_bregman_double(x, y), _exact(_breg, *_mp([x, y]))
        assert _close(value, expected), (x, y, value, expected)


@given(log_uniform_shapes)
def test_kls_are_zero_at_equal_parameters(a: float) -> None:
    """Equal parameters give exactly 0, below 10 (shifted) and above."""
    assert gamma_bregman_double(a, a) == 0.0
    assert gamma_kl_double(a, 2.0, a, 2.0) == 0.0
    assert beta_kl_double(a, 3.0, a, 3.0) == 0.0
