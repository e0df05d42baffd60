"""Adversarial claims about the newer families (Pareto, Kumaraswamy, ContinuousBernoulli, Chi2,
StudentT, VonMises, ...): each was judged wrong once and asserts the right verdict."""

from __future__ import annotations

import warnings

import pytest
from sympy import Eq, Ge, Gt, Lt, Rational, Symbol, besseli, cos, gamma, log, polygamma

import symkl
from symkl import expectation
from symkl.families import ContinuousBernoulli, Gamma, Kumaraswamy, Pareto, VonMises, Weibull

V = symkl.Verdict
# Each run proves (or tries to), then samples with 50-digit confirmations: with the slow tests.
pytestmark = pytest.mark.slow
a, b, s, t = (Symbol(name, positive=True) for name in "abst")
p, q = Symbol("p", positive=True), Symbol("q", positive=True)
k = Symbol("k", positive=True)
mu, nu = Symbol("mu", real=True), Symbol("nu", real=True)


def _proof(claim: object, where: list[object] | None = None) -> symkl.Proof:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a strategy's refusal notes are not the point here
        return symkl.prove(claim, where=where or [], timeout=60)


def _second_moment(d: Pareto) -> object:
    return expectation(d, d.support.variable**2)


def test_strict_pareto_kl_is_refuted_at_equal_shapes() -> None:
    """KL(Pareto(s, a) ‖ Pareto(s, b)) > 0 is false at a = b: the integrand log(f/f) is 0 at
    every node, an exact tie that the 40-digit cross-check once took for a quadrature error."""
    proof = _proof(Gt(symkl.kl_divergence(Pareto(s, a), Pareto(s, b)), 0))
    assert proof.verdict is V.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["a"] == proof.counterexample["b"]
    assert proof.counterexample["lhs"] == 0


def test_strict_continuous_bernoulli_kl_is_refuted_at_p_equal_q() -> None:
    """KL(CB(p) ‖ CB(q)) > 0 is false at p = q (both sides 0 exactly)."""
    claim = Gt(symkl.kl_divergence(ContinuousBernoulli(p), ContinuousBernoulli(q)), 0)
    proof = _proof(claim)
    assert proof.verdict is V.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["p"] == proof.counterexample["q"]


def test_strict_kumaraswamy_entropy_bound_is_refuted_at_the_uniform() -> None:
    """H(Kumaraswamy(a, b)) < 0 is false at a = b = 1 (Uniform(0, 1), entropy 0)."""
    proof = _proof(Lt(symkl.entropy(Kumaraswamy(a, b)), 0))
    assert proof.verdict is V.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["lhs"] == proof.counterexample["rhs"] == 0


def test_pareto_kl_across_scales_is_infinite_below_the_other_scale() -> None:
    """KL(Pareto(s, a) ‖ Pareto(t, a)) = a·log(s/t) only for s ≥ t; for s < t the first puts mass
    where the second has none (KL = ∞). The 40-digit re-check once asked the finite side to
    come out with the same 50 digits, so the ∞ was never confirmed and the claim was CHECKED."""
    kl = symkl.kl_divergence(Pareto(s, a), Pareto(t, a))
    proof = _proof(Eq(kl, a * log(s / t)))
    assert proof.verdict is V.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["s"] < proof.counterexample["t"]
    assert proof.counterexample["lhs"] == float("inf")
    assert _proof(Eq(kl, a * log(s / t)), [s >= t]).verdict is not V.REFUTED


def test_a_tail_beyond_every_node_is_no_counterexample() -> None:
    """E[X²] = a·s²/(a − 2) for a Pareto with a > 2 is true; at a = 2 + 10⁻⁹ the integrand decays
    like x^−(1 + 10⁻⁹) and both quadratures give 3·10⁻⁶ for the true 10: once REFUTED there."""
    d = Pareto(s, a)
    claim = Eq(_second_moment(d), a * s**2 / (a - 2), evaluate=False)
    assert _proof(claim, [a > 2]).verdict is not V.REFUTED


def test_pareto_second_moment_below_shape_two_is_refuted_where_it_diverges() -> None:
    """Under a > 1 the same claim is false (E[X²] = ∞ for a ≤ 2); the counterexample must be a
    point where it is: a < 2 with lhs = ∞, not a = 2 with the quadrature's finite value."""
    d = Pareto(s, a)
    claim = Eq(_second_moment(d), a * s**2 / (a - 2), evaluate=False)
    proof = _proof(claim, [a > 1])
    assert proof.verdict is V.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["lhs"] == float("inf")
    assert proof.counterexample["a"] <= 2


def test_a_pareto_log_moment_off_by_a_trillionth_is_refuted() -> None:
    """E[log X] = log s + 1/a for Pareto(s, a); plus 10⁻¹² it is false everywhere."""
    d = Pareto(s, a)
    mean_log = expectation(d, log(d.support.variable))
    claim = Eq(mean_log, log(s) + 1 / a + Rational(1, 10**12), evaluate=False)
    assert _proof(claim).verdict is V.REFUTED


def test_a_trillionth_off_on_singular_gamma_shapes_is_not_checked() -> None:
    """E[log X] = ψ(a) for Gamma(a, 1); plus 10⁻¹² under a < ½ every density is singular at 0,
    no 50-digit re-check settles, and the agreement to 10⁻⁷ is no evidence: once CHECKED."""
    d = Gamma(a, 1)
    mean_log = expectation(d, log(d.support.variable))
    claim = Eq(mean_log, polygamma(0, a) + Rational(1, 10**12), evaluate=False)
    proof = _proof(claim, [a < Rational(1, 2)])
    assert proof.verdict not in (V.PROVED, V.CHECKED)
    assert proof.verdict is V.REFUTED or "50 digits" in proof.detail


def test_a_trillionth_off_on_singular_weibull_shapes_is_not_checked() -> None:
    """E[X] = Γ(1 + 1/k) for Weibull(1, k); plus 10⁻¹² under k < ½: once CHECKED."""
    d = Weibull(1, k)
    claim = Eq(
        expectation(d, d.support.variable), gamma(1 + 1 / k) + Rational(1, 10**12), evaluate=False
    )
    assert _proof(claim, [k < Rational(1, 2)]).verdict not in (V.PROVED, V.CHECKED)


def test_the_true_singular_gamma_log_moment_is_not_refuted() -> None:
    """The unperturbed E[log X] = ψ(a) under a < ½ stays unrefuted (proved, or undecided)."""
    d = Gamma(a, 1)
    claim = Eq(expectation(d, log(d.support.variable)), polygamma(0, a), evaluate=False)
    assert _proof(claim, [a < Rational(1, 2)]).verdict is not V.REFUTED


def test_von_mises_kl_between_locations_is_not_refuted() -> None:
    """KL(VonMises(μ, κ) ‖ VonMises(ν, κ)) = κ·I₁(κ)/I₀(κ)·(1 − cos(μ − ν)) on the circle (torch's
    VonMises has a periodic log-density). Each density once had its own window [μ − π, μ + π),
    so the first had mass where the second had none: KL = ∞, and the true closed form was
    REFUTED at μ = −0.5, ν = 10⁴. Every VonMises now lives on the one window [−π, π]."""
    kl = symkl.kl_divergence(VonMises(mu, k), VonMises(nu, k))
    closed = k * besseli(1, k) / besseli(0, k) * (1 - cos(mu - nu))
    assert _proof(Eq(kl, closed)).verdict is not V.REFUTED


def test_von_mises_entropy_bound_false_at_large_concentration_is_refuted() -> None:
    """H(VonMises(μ, κ)) ≥ −3 is false for κ > 2π·e⁷ ≈ 6890 (H ≈ ½·log(2π/κ) + ½). The
    double-precision quadrature of the entropy was NaN from κ ≈ 50 on (the peak of width 1/√κ
    fell between its nodes; I₀(κ) overflows from κ ≈ 714) and mpmath's at κ = 10⁴, so every
    sample that could refute it was unusable and the usable ones (κ < 50) made it CHECKED."""
    proof = _proof(Ge(symkl.entropy(VonMises(mu, k)), -3))
    assert proof.verdict is V.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["k"] > 6890
