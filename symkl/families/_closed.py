"""Closed-form entropies and KL divergences, registered with :mod:`symkl._registry`.

Where torch differs: KL(Geometric(1) ‖ Geometric(1)) is 0 here (both are the point mass at 0;
torch returns inf), and KL(Binomial(n₁, p) ‖ Binomial(n₂, q)) with n₁ < n₂ is a finite sum (torch
raises NotImplementedError).

Same-family KLs are written in textbook form; cross-family pairs come from the moment tables
(KL(F ‖ G) = −H(F) − Σ c^G_k·E_F[φ_k]) and are ``oo`` where supp F ⊄ supp G — a ``Piecewise``
when that depends on symbolic bounds::

    >>> kl_divergence(Normal(m1, s1), Normal(m2, s2)).doit()
    log(s2/s1) + (s1**2 + (m1 - m2)**2)/(2*s2**2) - 1/2
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import sympy

from .._registry import EntropyRule, KLRule, register_entropy, register_kl
from ._base import Family
from ._continuous import Beta, Exponential, Gamma, Laplace, Normal, Uniform, UnivariateFamily
from ._discrete import Bernoulli, Categorical, CountFamily, Geometric, Poisson
from ._extra import ContinuousBernoulli, Gumbel, HalfNormal, LogNormal, Pareto
from ._moments import times, xlogy
from ._multivariate import Dirichlet, MultivariateNormal
from ._pairs import check_pair
from ._series import PoissonEntropy
from ._special import exact_then_round, lg, psi

__all__ = ["entropy_by_moments", "kl_by_moments", "nested"]

half = sympy.Rational(1, 2)
log = sympy.log


def _entropy(family: type) -> Callable[[EntropyRule], EntropyRule]:
    """Register an entropy rule that evaluates Float parameters through their exact values."""

    def decorate(rule: EntropyRule) -> EntropyRule:
        register_entropy(family)(exact_then_round(rule))
        return rule

    return decorate


def _kl(first: type, second: type) -> Callable[[KLRule], KLRule]:
    """Register a KL rule that evaluates Float parameters through their exact values."""

    def decorate(rule: KLRule) -> KLRule:
        register_kl(first, second)(exact_then_round(rule))
        return rule

    return decorate


# --- entropies ---------------------------------------------------------------------------------


@_entropy(Normal)
def _h_normal(d: Normal) -> sympy.Expr:
    # log σ + ½ log(2πe), not ½ log(2πeσ²): σ² underflows for σ = 1e-300 in double precision
    return log(d.scale) + log(2 * sympy.pi * sympy.E) / 2


@_entropy(Laplace)
def _h_laplace(d: Laplace) -> sympy.Expr:
    return 1 + log(2 * d.scale)


@_entropy(Exponential)
def _h_exponential(d: Exponential) -> sympy.Expr:
    return 1 - log(d.rate)


@_entropy(Gamma)
def _h_gamma(d: Gamma) -> sympy.Expr:
    a, b = d.args
    return a - log(b) + lg(a) + (1 - a) * psi(a)


@_entropy(Beta)
def _h_beta(d: Beta) -> sympy.Expr:
    a, b = d.args
    log_beta = lg(a) + lg(b) - lg(a + b)
    return log_beta - (a - 1) * psi(a) - (b - 1) * psi(b) + (a + b - 2) * psi(a + b)


@_entropy(Uniform)
def _h_uniform(d: Uniform) -> sympy.Expr:
    return log(d.high - d.low)


@_entropy(Bernoulli)
def _h_bernoulli(d: Bernoulli) -> sympy.Expr:
    p = d.probs
    return -xlogy(p, p) - xlogy(1 - p, 1 - p)


@_entropy(Categorical)
def _h_categorical(d: Categorical) -> sympy.Expr:
    return -sympy.Add(*(xlogy(p, p) for p in d.probs))


@_entropy(Poisson)
def _h_poisson(d: Poisson) -> sympy.Expr:
    # λ(1 − log λ) + E[log k!], one node so that it evaluates without cancellation
    return PoissonEntropy(d.rate)


@_entropy(Geometric)
def _h_geometric(d: Geometric) -> sympy.Expr:
    p = d.probs
    return (-xlogy(1 - p, 1 - p) - xlogy(p, p)) / p


@_entropy(Dirichlet)
def _h_dirichlet(d: Dirichlet) -> sympy.Expr:
    alpha = d.concentration
    a0, k = sympy.Add(*alpha), len(alpha)
    log_b = sympy.Add(*map(lg, alpha)) - lg(a0)
    return log_b + (a0 - k) * psi(a0) - sympy.Add(*((a - 1) * psi(a) for a in alpha))


@_entropy(MultivariateNormal)
def _h_mvn(d: MultivariateNormal) -> sympy.Expr:
    return d.dim * (1 + log(2 * sympy.pi)) / 2 + log(d.covariance_matrix.det()) / 2


# --- same-family KL, textbook form -------------------------------------------------------------


@_kl(Normal, Normal)
def _kl_normal(p: Normal, q: Normal) -> sympy.Expr:
    m1, s1 = p.args
    m2, s2 = q.args
    return log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - half


@_kl(Laplace, Laplace)
def _kl_laplace(p: Laplace, q: Laplace) -> sympy.Expr:
    m1, b1 = p.args
    m2, b2 = q.args
    d = sympy.Abs(m1 - m2)
    return log(b2 / b1) + d / b2 + b1 / b2 * sympy.exp(-d / b1) - 1


@_kl(Exponential, Exponential)
def _kl_exponential(p: Exponential, q: Exponential) -> sympy.Expr:
    return log(p.rate / q.rate) + q.rate / p.rate - 1


@_kl(Gamma, Gamma)
def _kl_gamma(p: Gamma, q: Gamma) -> sympy.Expr:
    a1, b1 = p.args
    a2, b2 = q.args
    return (a1 - a2) * psi(a1) - lg(a1) + lg(a2) + a2 * log(b1 / b2) + a1 * (b2 - b1) / b1


@_kl(Beta, Beta)
def _kl_beta(p: Beta, q: Beta) -> sympy.Expr:
    a1, b1 = p.args
    a2, b2 = q.args
    log_b1 = lg(a1) + lg(b1) - lg(a1 + b1)
    log_b2 = lg(a2) + lg(b2) - lg(a2 + b2)
    return (
        log_b2 - log_b1 + (a1 - a2) * psi(a1) + (b1 - b2) * psi(b1)
        + (a2 - a1 + b2 - b1) * psi(a1 + b1)
    )  # fmt: skip


@_kl(Uniform, Uniform)
def _kl_uniform(p: Uniform, q: Uniform) -> sympy.Expr:
    return _infinite_unless(nested(p, q), log((q.high - q.low) / (p.high - p.low)))


@_kl(Bernoulli, Bernoulli)
def _kl_bernoulli(p: Bernoulli, q: Bernoulli) -> sympy.Expr:
    a, b = p.probs, q.probs
    return _infinite_unless(nested(p, q), _xlog_ratio(a, b) + _xlog_ratio(1 - a, 1 - b))


@_kl(Categorical, Categorical)
def _kl_categorical(p: Categorical, q: Categorical) -> sympy.Expr:
    terms = [_xlog_ratio(a, b) for a, b in zip(p.probs, q.probs, strict=True)]
    if any(t is sympy.oo for t in terms):
        return sympy.oo
    return sympy.Add(*terms)


@_kl(Poisson, Poisson)
def _kl_poisson(p: Poisson, q: Poisson) -> sympy.Expr:
    l1, l2 = p.rate, q.rate
    return l1 * log(l1 / l2) + l2 - l1


@_kl(Geometric, Geometric)
def _kl_geometric(p: Geometric, q: Geometric) -> sympy.Expr:
    a, b = p.probs, q.probs
    body = log(a / b) + _xlog_ratio(1 - a, 1 - b) / a
    return _infinite_unless(nested(p, q), body)


@_kl(Dirichlet, Dirichlet)
def _kl_dirichlet(p: Dirichlet, q: Dirichlet) -> sympy.Expr:
    check_pair(p, q)
    alpha, beta = p.concentration, q.concentration
    a0, b0 = sympy.Add(*alpha), sympy.Add(*beta)
    return (
        lg(a0) - sympy.Add(*map(lg, alpha)) - lg(b0) + sympy.Add(*map(lg, beta))
        + sympy.Add(*((a - b) * (psi(a) - psi(a0)) for a, b in zip(alpha, beta, strict=True)))
    )  # fmt: skip


@_kl(MultivariateNormal, MultivariateNormal)
def _kl_mvn(p: MultivariateNormal, q: MultivariateNormal) -> sympy.Expr:
    check_pair(p, q)
    s1, s2 = p.covariance_matrix, q.covariance_matrix
    s2_inv = s2.inv()
    diff = q.loc - p.loc
    quad = (diff.T * s2_inv * diff)[0, 0]
    return ((s2_inv * s1).trace() + quad - p.dim + log(s2.det() / s1.det())) / 2


# --- cross-family pairs from the moment tables -------------------------------------------------


def entropy_by_moments(d: Family) -> sympy.Expr:
    """H = −Σ c_k·E[φ_k] from the family's log-density and moment table."""
    assert isinstance(d, UnivariateFamily)
    total = sympy.S.Zero
    for coefficient, phi in d.log_terms():
        moment = d.moment(phi)
        assert moment is not None
        total -= times(coefficient, moment)
    return total


@_entropy(HalfNormal)
def _h_half_normal(d: HalfNormal) -> sympy.Expr:
    return log(d.scale) + log(sympy.pi / 2) / 2 + half


@_entropy(LogNormal)
def _h_log_normal(d: LogNormal) -> sympy.Expr:
    return d.loc + log(d.scale) + log(2 * sympy.pi * sympy.E) / 2


@_entropy(Gumbel)
def _h_gumbel(d: Gumbel) -> sympy.Expr:
    return log(d.scale) + sympy.EulerGamma + 1


@_entropy(Pareto)
def _h_pareto(d: Pareto) -> sympy.Expr:
    return log(d.scale / d.alpha) + 1 / d.alpha + 1


@_entropy(ContinuousBernoulli)
def _h_continuous_bernoulli(d: ContinuousBernoulli) -> sympy.Expr:
    return entropy_by_moments(d)


def _xlog_ratio(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    """a·log(a/b) with 0·log(0/b) = 0 and a·log(a/0) = ∞ for a > 0."""
    a, b = sympy.sympify(a), sympy.sympify(b)
    if a.is_zero:
        return sympy.S.Zero
    if b.is_zero:
        return sympy.oo
    return a * log(a / b)


def nested(p: Family, q: Family) -> sympy.Boolean:
    """supp p ⊆ supp q, as a condition on the parameters (True / False when decided)."""
    lo_p, hi_p = p.bounds()
    lo_q, hi_q = q.bounds()
    return sympy.And(sympy.Ge(lo_p, lo_q), sympy.Le(hi_p, hi_q))


def _infinite_unless(condition: sympy.Boolean, value: sympy.Expr) -> sympy.Expr:
    if condition is sympy.true:
        return value
    if condition is sympy.false:
        return sympy.oo
    return sympy.Piecewise((value, condition), (sympy.oo, True))


def kl_by_moments(p: Family, q: Family) -> sympy.Expr | None:
    """KL(p ‖ q) = −H(p) − Σ c^q_k·E_p[φ_k] from p's moment table; None if one is missing."""
    from .._registry import entropy_closed_form

    condition = nested(p, q)
    if condition is sympy.false:
        return sympy.oo
    if not isinstance(p, (UnivariateFamily, CountFamily)):
        return None
    if not isinstance(q, (UnivariateFamily, CountFamily)):
        return None
    h = entropy_closed_form(p)
    if h is None:
        return None
    total = -h
    finite: sympy.Boolean = sympy.true
    for coefficient, phi in q.log_terms():
        moment = p.moment(phi)
        if moment is None:
            # No tabulated E_p[φ]: the KL stays unevaluated rather than handed to
            # sympy.integrate, which runs for minutes on these integrands (Gumbel ‖ Laplace).
            from ..measures import KLDivergence

            return KLDivergence(p, q)
        if not sympy.sympify(coefficient).is_zero and isinstance(p, UnivariateFamily):
            # A divergent E_p[x] or E_p[x²] enters −log q with positive weight (log q falls like
            # −x or −x² at ∞), so KL = ∞ there.
            finite = sympy.And(finite, p.finite_when(phi))
        total -= times(coefficient, moment)
    return _infinite_unless(sympy.And(condition, finite), total)


_UNIVARIATE: tuple[type[Family], ...] = (
    Normal, Laplace, Exponential, Gamma, Beta, Uniform,
    HalfNormal, LogNormal, Gumbel, Pareto, ContinuousBernoulli,
)  # fmt: skip
_COUNTS: tuple[type[Family], ...] = (Bernoulli, Poisson, Geometric)

for _group in (_UNIVARIATE, _COUNTS):
    for _first, _second in itertools.permutations(_group, 2):
        _kl(_first, _second)(kl_by_moments)
for _family in (HalfNormal, LogNormal, Gumbel, Pareto, ContinuousBernoulli):
    _kl(_family, _family)(kl_by_moments)  # same family, by the same moment formula
