"""The double-precision nodes reach the ends of a long piece, and an integral whose nodes saw
nothing has no double value."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy import Integral, Symbol, exp, log, oo, pi, sqrt

import symkl
from symkl._quadrature import nodes_and_weights
from symkl.families import Normal
from symkl.numeric import Backend, evaluate

x = Symbol("x", positive=True)
C = Symbol("C", positive=True)


@pytest.mark.parametrize("length", [1.0, 1e10, 1e20, 1e100])
def test_nodes_near_an_end_keep_their_offset(length: float) -> None:
    """The first and last nodes of (0, L) lie within L·10⁻³⁷ of the ends (as centre + half·tanh
    they rounded onto an end below ulp(L/2), 8192 at L = 10²⁰, and were dropped)."""
    nodes, weights = nodes_and_weights(0.0, length)
    inside = nodes[weights > 0]
    assert inside.min() < length * 1e-37
    assert np.all(np.diff(nodes) >= 0)
    assert abs(weights.sum() / length - 1) < 1e-12  # ∫ 1 over (0, L)


@pytest.mark.parametrize("upper", [1e10, 1e15, 1e18, 1e20, 1e30, 1e100, 1e300])
def test_mass_at_the_start_of_a_long_piece_is_right_or_unusable(upper: float) -> None:
    """∫ e^(−x) over (0, C) is 1 − e^(−C) = 1, or nan: it came out 0.99999958 at C = 10¹⁰ and 0
    from C = 10¹⁸ on, at both step sizes."""
    value = float(evaluate(Integral(exp(-x), (x, 0, C)), {C: np.array([upper])}, Backend.NUMPY)[0])
    assert np.isnan(value) or abs(value - 1) <= 1e-9


@pytest.mark.parametrize("scale", [1.0, 0.1, 0.01])
def test_mass_beyond_the_nodes_reach_is_never_zero(scale: float) -> None:
    """A LogNormal(μ, s) density over (0, ∞) integrates to 1 or nan for μ = 0…105: its mode e^μ
    beyond 4·10¹⁸, the reach of the nodes, gave 0 at both step sizes."""
    mu, s = Symbol("mu", real=True), Symbol("s", positive=True)
    density = exp(-((log(x) - mu) ** 2) / (2 * s**2)) / (x * s * sqrt(2 * pi))
    means = np.arange(0.0, 110.0, 5.0)
    env = {mu: means, s: np.full_like(means, scale)}
    values = evaluate(Integral(density, (x, 0, oo)), env, Backend.NUMPY)
    assert np.all(np.isnan(values) | (np.abs(values - 1) <= 1e-9)), values


def test_a_false_bound_on_unseen_mass_has_no_sample() -> None:
    """∫ LogNormal(μ, 1) density ≤ ½ for μ in (100, 300): every double sample agreed (0 ≤ ½)."""
    mu = Symbol("mu", real=True)
    density = exp(-((log(x) - mu) ** 2) / 2) / (x * sqrt(2 * pi))
    claim = sympy.Le(Integral(density, (x, 0, oo)), sympy.Rational(1, 2))
    check = symkl.spot_check(claim, where=[sympy.Gt(mu, 100), sympy.Lt(mu, 300)])
    assert not check.ok or check.samples == 0, check


def test_a_divergence_that_vanishes_keeps_its_value() -> None:
    """KL(N(μ, 2) ‖ N(μ, 2)) is 0 at every node, but the density's own mass is seen: the value
    stays 0 (the p = q point every strict claim needs)."""
    mu = Symbol("mu", real=True)
    kl = symkl.kl_divergence(Normal(mu, 2), Normal(mu, 2))
    values = evaluate(kl, {mu: np.array([0.0, 5.0, -30.0])}, Backend.NUMPY)
    assert np.all(values == 0), values
