"""Attacks on the coincidence rows, the 50-digit aliasing of coinciding families, the 50-digit
looks at unusable rows and the loggamma series terms: each finding, and what came out right."""

from __future__ import annotations

from typing import Any

import mpmath
import pytest
import sympy

import symkl
from symkl.families import (
    Bernoulli,
    Beta,
    Binomial,
    Cauchy,
    Chi2,
    Exponential,
    Gamma,
    HalfCauchy,
    HalfNormal,
    Kumaraswamy,
    Laplace,
    NegativeBinomial,
    Normal,
    Weibull,
)
from symkl.numeric._coincide import same_at

x = sympy.Symbol("x", real=True)
p, r, s, k, a = sympy.symbols("p r s k a", positive=True)

#: The exact outcomes (binary fractions of the doubles) where densities on (0, 1) are compared.
_PROBES = [sympy.Rational(v) for v in (0.1, 0.3, 0.5, 0.7, 0.9, 0.05, 0.2, 0.85)]


def _wiggle() -> symkl.Density:
    """1 + c·Π(x − xᵢ)(x − t) on (0, 1): a density equal to 1 at every probe, not uniform."""
    w0 = sympy.prod([x - v for v in _PROBES])
    t = sympy.integrate(w0 * x, (x, 0, 1)) / sympy.integrate(w0, (x, 0, 1))
    return symkl.Density(1 + sympy.Rational(26331, 4) * sympy.expand(w0 * (x - t)), x, (0, 1), "q")


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_a_density_equal_to_uniform_only_at_the_probes_is_not_written_as_uniform() -> None:
    """KL(Q ‖ U) ≈ 0.00287 > 0 was REFUTED (lhs 0): Q agrees with U at the eight probes only."""
    uniform, wiggle = symkl.Density(sympy.Integer(1), x, (0, 1), "p"), _wiggle()
    assert same_at([(uniform, wiggle)], {}) == {}
    exact = sympy.Integral(wiggle.value_at(x) * sympy.log(wiggle.value_at(x)), (x, 0, 1))
    assert 0.0028 < float(sympy.N(exact, 20)) < 0.0029  # the true KL(Q ‖ U)
    assert symkl.spot_check(symkl.kl_divergence(wiggle, uniform) > 0).ok


def test_families_with_other_supports_are_not_written_as_one() -> None:
    """HalfNormal/Normal, Exponential/Laplace, HalfCauchy/Cauchy differ off the half line."""
    assert same_at([(HalfNormal(s), Normal(0, s))], {s: 1.0}) == {}
    assert same_at([(Exponential(r), Laplace(0, s))], {r: 1.0, s: 1.0}) == {}
    assert same_at([(HalfCauchy(s), Cauchy(0, s))], {s: 1.0}) == {}


def test_true_coincidences_of_other_families_are_written_as_one() -> None:
    """Weibull(s, 1) is Exponential(1/s); Beta(a, 1) is Kumaraswamy(a, 1)."""
    assert same_at([(Exponential(r), Weibull(s, k))], {r: 0.5, s: 2.0, k: 1.0}) == {
        Weibull(s, k): Exponential(r)
    }
    assert same_at([(Kumaraswamy(a, 1), Beta(a, 1))], {a: 2.0}) == {Beta(a, 1): Kumaraswamy(a, 1)}


def test_a_strict_bound_where_weibull_is_exponential_is_refuted_at_a_genuine_point() -> None:
    """KL₂ > KL fails where Weibull(s, 1) = Exponential(1/s): the point is a real tie."""
    kl = symkl.kl_divergence(Exponential(r), Weibull(s, k))
    check = symkl.spot_check(symkl.kl_divergence(Exponential(r), Weibull(s, k), base=2) > kl)
    assert not check.ok
    assert check.counterexample is not None
    at = check.counterexample
    assert at["k"] == 1.0
    assert at["r"] * at["s"] == 1.0


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_the_non_strict_bound_where_weibull_is_exponential_holds() -> None:
    """KL₂ ≥ KL is true (KL ≥ 0): the aliasing must not refute it at the coincidence."""
    kl = symkl.kl_divergence(Exponential(r), Weibull(s, k))
    assert symkl.spot_check(symkl.kl_divergence(Exponential(r), Weibull(s, k), base=2) >= kl).ok


def test_bernoulli_against_binomial_of_one_trial_refutes_a_strict_bound() -> None:
    """Binomial(1, p) is Bernoulli(p) for every p (not aliased: pmf 0 at 2); KL₂ > KL fails."""
    assert same_at([(Bernoulli(p), Binomial(1, p))], {p: 0.25}) == {}
    for first, second in ((Bernoulli(p), Binomial(1, p)), (Binomial(1, p), Bernoulli(p))):
        check = symkl.spot_check(
            symkl.kl_divergence(first, second, base=2) > symkl.kl_divergence(first, second)
        )
        assert not check.ok
        assert check.counterexample is not None
        assert check.counterexample["lhs"] == 0.0


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_a_true_bound_on_a_singular_beta_integral_is_not_refuted_at_50_digits() -> None:
    """E_Beta(a, b)[log x] < 0: the rows nan in doubles (a tiny, b huge) hold at 50 digits."""
    beta = Beta(a, k)
    check = symkl.spot_check(symkl.expectation(beta, sympy.log(beta.support.variable)) < 0)
    assert check.ok
    assert check.samples >= 100


def test_the_kumaraswamy_beta_tie_is_refuted_only_where_they_are_one() -> None:
    """KL₂ > KL between Kumaraswamy(a, b) and Beta(a, b) fails at a = b = 1 (both uniform)."""
    kl = symkl.kl_divergence(Kumaraswamy(a, k), Beta(a, k))
    check = symkl.spot_check(symkl.kl_divergence(Kumaraswamy(a, k), Beta(a, k), base=2) > kl)
    assert not check.ok
    assert check.counterexample is not None
    assert 1.0 in (check.counterexample["a"], check.counterexample["k"])  # one of them is 1


def test_log_binomial_is_rewritten_only_where_its_three_gammas_are_positive() -> None:
    """log C(n, k) → loggamma sum for C(k − ½, k) (= Γ(k + ½)/(k!·Γ(½)) > 0) only; C(k − 3/2, k)
    (negative for k ≥ 1) and C(t, k) for a real t stay as they are."""
    from symkl.numeric._outcomes import _log_gamma

    j = sympy.Symbol("j", integer=True, nonnegative=True)
    t = sympy.Symbol("t", real=True)
    half = sympy.log(sympy.binomial(j - sympy.Rational(1, 2), j))
    rewritten = _log_gamma(half)
    assert rewritten.has(sympy.loggamma)
    for n in range(6):
        exact = sympy.N(half.subs(j, n), 30)
        assert abs(sympy.N(rewritten.subs(j, n), 30) - exact) < 1e-25
    for kept in (sympy.binomial(j - sympy.Rational(3, 2), j), sympy.binomial(t, j)):
        assert _log_gamma(sympy.log(kept)) == sympy.log(kept)


def test_a_negative_binomial_log_coefficient_series_matches_mpmath() -> None:
    """E_NB(5/2, 9/10)[log C(x + 3/2, x)] ≈ 4.1487926127582 (mpmath nsum): equal holds, 1e-12 off
    is refuted."""
    nb = NegativeBinomial(sympy.Rational(5, 2), sympy.Rational(9, 10))
    x_ = nb.support.variable
    lhs = symkl.expectation(nb, sympy.log(sympy.binomial(x_ + sympy.Rational(3, 2), x_)))
    lg = mpmath.loggamma
    with mpmath.workdps(40):
        c, tenth = lg(mpmath.mpf(5) / 2), mpmath.mpf(1) / 10

        def term(n: Any) -> Any:
            log_c = lg(n + mpmath.mpf(5) / 2) - lg(n + 1) - c
            return mpmath.exp(log_c + n * mpmath.log(tenth * 9) + 2.5 * mpmath.log(tenth)) * log_c

        exact = sympy.Float(mpmath.nstr(mpmath.nsum(term, [0, mpmath.inf]), 35), 35)
    assert symkl.spot_check(sympy.Eq(lhs, exact)).ok
    assert not symkl.spot_check(sympy.Eq(lhs, exact + sympy.Rational(1, 10**12))).ok


def test_distributions_agreeing_to_60_digits_are_not_written_as_one() -> None:
    """KL(N(0, 1) ‖ N(10⁻⁶¹, 1)) = 5·10⁻¹²³ > 0 was REFUTED (both sides 0): the two agree to 60
    digits at the probes; Exponential(1) and Gamma(1 + 10⁻¹³⁰, 1) likewise."""
    tiny = sympy.Integer(10) ** -61
    assert same_at([(Normal(0, 1), Normal(tiny, 1))], {}) == {}
    assert same_at([(Exponential(1), Gamma(1 + tiny**2, 1))], {}) == {}
    assert symkl.spot_check(symkl.kl_divergence(Normal(0, 1), Normal(tiny, 1)) > 0).ok
    assert same_at([(Exponential(sympy.Rational(1, 2)), Chi2(2))], {}) == {
        Chi2(2): Exponential(sympy.Rational(1, 2))
    }


def test_a_shift_below_50_digits_is_not_refuted() -> None:
    """A true strict bound whose gap 50 digits cannot see is not REFUTED: m + 10⁻⁶¹ rounds to m
    at 40 and 50 digits, and the tie (KL 0 against 0) was taken for a counterexample."""
    m = sympy.Symbol("m", real=True)
    tiny = sympy.Integer(10) ** -61
    assert symkl.spot_check(symkl.kl_divergence(Normal(m, 1), Normal(m + tiny, 1)) > 0).ok


def test_a_tie_at_p_equal_q_is_still_refuted() -> None:
    """KL(N(m, s) ‖ N(m, 1)) > 0 fails at s = 1, a tie at every precision: still REFUTED."""
    m, s = sympy.Symbol("m", real=True), sympy.Symbol("s", positive=True)
    check = symkl.spot_check(symkl.kl_divergence(Normal(m, s), Normal(m, 1)) > 0)
    assert not check.ok
    assert check.counterexample is not None
    assert check.counterexample["s"] == 1.0
    assert check.counterexample["lhs"] == 0.0
