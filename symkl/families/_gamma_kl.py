"""The Gamma and Beta KLs in double precision as one sum of nonnegative parts, and the Gamma node.

KL(Gamma(a₁, b₁) ‖ Gamma(a₂, b₂)) is D(a₂, a₁) + a₁·h(b₂/b₁) + (a₂ − a₁)·log(b₁/b₂) for the Bregman
divergence D of log Γ and h(x) = x − 1 − log x. At a₁ = 1e12 with every parameter moved by a
relative δ (the mean stays put) the three parts are ~a₁δ² = 1e-6 each while the KL is ~δ²/4: no
digit survives when they are evaluated one by one. With the Stirling series of log Γ and ψ
(arguments ≥ 10) the a·log a parts combine exactly:

* Gamma: a₁·(b₂/b₁)·g(N/(a₁b₂)) + h₁(ρ)/2 + R(a₂, a₁), with N = a₂b₁ − a₁b₂, ρ = (a₂ − a₁)/a₁,
  g(u) = (1 + u)·log(1 + u) − u and h₁(u) = u − log(1 + u);
* Beta: s₂·KL(Bernoulli(a₂/s₂) ‖ Bernoulli(a₁/s₁)) + (h₁(ρ_a) + h₁(ρ_b) − h₁(ρ_s))/2 + R(a₂, a₁) +
  R(b₂, b₁) − R(s₂, s₁), with s = a + b (the log-sum grouping of the three Bregman parts), the
  Bernoulli KL taken through the same N;

where R(x, y) = Σ_k B₂ₖ/(2k(2k − 1))·y^{1−2k}·((1 + ρ)^{1−2k} − 1 + (2k − 1)ρ) is the Stirling
remainder, summed by its own series near ρ = 0. N is a difference of two products of doubles,
taken exactly (as fractions), so the part that cancels in the plain form is never formed.

>>> a1, b1, a2, b2 = sympy.symbols("a1 b1 a2 b2", positive=True)
>>> GammaDivergence(a1, b1, a2, b2).rewrite(sympy.Sum).has(GammaDivergence)
False
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import mpmath
import sympy
from mpmath.libmp import prec_to_dps

from ._gamma_core import (
    GammaBregman,
    _g,
    _gamma_bregman_mp,
    _stirling_remainder,
    log_bregman,
    shift_steps,
    shift_sum,
)
from ._near_equal import (
    ExponentialDivergence,
    LogRatio,
    _elementwise,
    _LocationScaleDivergence,
)
from ._xlogx import _WrittenOut

__all__ = [
    "BetaDivergence",
    "DirichletDivergence",
    "GammaDivergence",
    "beta_kl_double",
    "dirichlet_kl_double",
    "gamma_kl_double",
]

#: a sum kept in double precision has at least this share of the sum of its parts' sizes
#: (else its parts cancelled by more than 6 bits and mpmath takes over)
_KEPT_SHARE = 1 / 64


def _kept(total: float, parts: list[float]) -> bool:
    """Whether ``total`` (the sum of ``parts``) lost at most 6 bits to cancellation."""
    return total >= _KEPT_SHARE * math.fsum(map(abs, parts))


def _exact_difference(x: float, y: float) -> tuple[float, Fraction]:
    """x − y rounded and exact: after a shift of both by the same steps it is still x − y."""
    exact = Fraction(x) - Fraction(y)
    return float(exact), exact


def gamma_kl_double(a1: float, b1: float, a2: float, b2: float) -> float:
    """KL(Gamma(a₁, b₁) ‖ Gamma(a₂, b₂)) in double precision, relative error ~1e-15.

    Below shape 10 both shapes are shifted up by whole steps (their parts h₁ ≥ 0): the shifted
    KL counts the rate part a·h(b₂/b₁) for the shifted shape, so the rest is either that minus
    the surplus or D(a₂, a₁) + a₁·h(b₂/b₁) − (a₂ − a₁)·log(b₂/b₁) with D shifted; the one that
    cancels less is kept, and if both lose more than 6 bits, mpmath.
    """
    if not all(x > 0 for x in (a1, b1, a2, b2)) or any(map(math.isinf, (a1, b1, a2, b2))):
        return math.nan
    d, d_exact = _exact_difference(a2, a1)
    steps = shift_steps(min(a1, a2))
    # the shifted shapes: their roundings move the KL by ~1e-16 relative, d staying exact
    y, x = a1 + steps, a2 + steps
    n = float(d_exact * Fraction(b1) - Fraction(y) * (Fraction(b2) - Fraction(b1)))  # x·b₁ − y·b₂
    grouped = y * (b2 / b1) * _g(n / (y * b2), x / y * (b1 / b2))
    tail = log_bregman(x, y, d) / 2 + _stirling_remainder(x, y, d)
    if steps == 0:
        return grouped + tail
    shift = shift_sum(a2, a1, d, steps)
    rate = log_bregman(b2, b1, b2 - b1)  # b₂/b₁ − 1 − log(b₂/b₁)
    surplus = (y - a1) * rate
    total = shift + grouped + tail - surplus
    if _kept(total, [shift, grouped, tail, surplus]):
        return total
    ratio_u = (b2 - b1) / b1
    log_ratio = math.log1p(ratio_u) if abs(ratio_u) < 0.5 else math.log(b2 / b1)
    parts = [shift, y * _g(d / y, x / y), tail, a1 * rate, -d * log_ratio]
    total = math.fsum(parts)
    if _kept(total, parts):
        return total
    return _checked_mp(_gamma_kl_plain_mp, a1, b1, a2, b2)


def _simplex_kl(
    alpha: list[float], beta: list[float], diffs: list[Fraction]
) -> tuple[float, list[float]]:
    """Σ D(βᵢ, αᵢ) − D(β₀, α₀) for every αᵢ, βᵢ ≥ 10, β − α = diffs exactly (β, if shifted, is
    rounded), grouped as β₀·KL(Categorical(β/β₀) ‖ Categorical(α/α₀)) + the h₁ halves +
    remainders: (value, parts)."""
    d_float = [float(d) for d in diffs]
    a0_exact, d0_exact = sum(map(Fraction, alpha)), sum(diffs)
    a0, d0 = float(a0_exact), float(d0_exact)
    b0 = float(a0_exact + d0_exact)
    grouped = 0.0
    for a, d in zip(alpha, diffs, strict=True):
        n = float(d * a0_exact - Fraction(a) * d0_exact)  # βᵢα₀ − αᵢβ₀, exact
        grouped += a / a0 * _g(n / (a * b0))
    triples = list(zip(beta, alpha, d_float, strict=True))
    halves = math.fsum(log_bregman(*t) for t in triples) / 2
    remainders = math.fsum(_stirling_remainder(*t) for t in triples)
    parts = [b0 * grouped, halves, -log_bregman(b0, a0, d0) / 2]
    parts += [remainders, -_stirling_remainder(b0, a0, d0)]
    return math.fsum(parts), parts


def dirichlet_kl_double(alpha: list[float], beta: list[float]) -> float:
    """KL(Dirichlet(α) ‖ Dirichlet(β)) = Σ D(βᵢ, αᵢ) − D(β₀, α₀) in double precision, grouped as
    the Beta KL is: β₀·KL(Categorical(β/β₀) ‖ Categorical(α/α₀)) + the h₁ halves + remainders.

    Below 10 each pair αᵢ, βᵢ is shifted up by its own whole steps and α₀, β₀ by their total
    (so that α₀ stays Σ αᵢ): the steps' parts h₁ add to Σ D(βᵢ, αᵢ) and subtract from D(β₀, α₀);
    if that cancels by more than 6 bits, mpmath.
    """
    args = [*alpha, *beta]
    if not all(x > 0 for x in args) or any(map(math.isinf, args)):
        return math.nan
    diffs = [Fraction(b) - Fraction(a) for a, b in zip(alpha, beta, strict=True)]
    steps = [shift_steps(min(a, b)) for a, b in zip(alpha, beta, strict=True)]
    shifted = [a + n for a, n in zip(alpha, steps, strict=True)]
    shifted_beta = [b + n for b, n in zip(beta, steps, strict=True)]
    value, parts = _simplex_kl(shifted, shifted_beta, diffs)
    if not any(steps):
        return value
    own = math.fsum(
        shift_sum(b, a, float(d), n) for a, b, d, n in zip(alpha, beta, diffs, steps, strict=True)
    )
    whole = shift_sum(math.fsum(beta), math.fsum(alpha), float(sum(diffs)), sum(steps))
    parts += [own, -whole]
    total = math.fsum(parts)
    if _kept(total, parts):
        return total
    return _checked_mp(_dirichlet_kl_plain_mp, *args)


def beta_kl_double(a1: float, b1: float, a2: float, b2: float) -> float:
    """KL(Beta(a₁, b₁) ‖ Beta(a₂, b₂)) in double precision, relative error ~1e-15: the
    two-parameter Dirichlet KL (its sum taken as (a₂ − a₁) + (b₂ − b₁), exactly)."""
    return dirichlet_kl_double([a1, b1], [a2, b2])


def _dirichlet_kl_plain_mp(*args: Any) -> Any:
    k = len(args) // 2
    alpha, beta = args[:k], args[k:]
    lg, psi = mpmath.loggamma, mpmath.digamma
    a0, b0 = mpmath.fsum(alpha), mpmath.fsum(beta)
    out = lg(a0) - mpmath.fsum(map(lg, alpha)) - lg(b0) + mpmath.fsum(map(lg, beta))
    return out + mpmath.fsum((a - b) * (psi(a) - psi(a0)) for a, b in zip(alpha, beta, strict=True))


def _gamma_kl_plain_mp(a1: Any, b1: Any, a2: Any, b2: Any) -> Any:
    lg, psi = mpmath.loggamma, mpmath.digamma
    rates = a2 * (mpmath.log(b1) - mpmath.log(b2)) + a1 * (b2 - b1) / b1
    return lg(a2) - lg(a1) - (a2 - a1) * psi(a1) + rates


def _beta_kl_plain_mp(a1: Any, b1: Any, a2: Any, b2: Any) -> Any:
    lg, psi = mpmath.loggamma, mpmath.digamma
    s1, s2 = a1 + b1, a2 + b2
    log_b = lg(a2) + lg(b2) - lg(s2) - lg(a1) - lg(b1) + lg(s1)
    return log_b + (a1 - a2) * psi(a1) + (b1 - b2) * psi(b1) + (s2 - s1) * psi(s1)


def _checked_mp(plain: Any, *args: float) -> float:
    """``plain`` at the doubles ``args`` (taken exactly) in mpmath, the working precision raised
    until two precisions 64 bits apart agree to 1e-17 relative: the parts cancel by an amount
    not known beforehand (a Beta of one tiny and one large parameter, moved by 1e-9, loses ~30
    digits), and the doubles' exact values are all that is cancelled."""
    prec = 2 * int(math.log2(max(args) + 2)) + 80
    with mpmath.workprec(prec):
        previous = plain(*(mpmath.mpf(x) for x in args))
    while prec <= 4000:
        prec += 64
        with mpmath.workprec(prec):
            value = plain(*(mpmath.mpf(x) for x in args))
        if abs(value - previous) <= 1e-17 * abs(value):
            break
        previous = value
    return float(value)


def _gamma_kl_mp(a1: Any, b1: Any, a2: Any, b2: Any) -> Any:
    guard = 2 * int(mpmath.log(max(abs(a1), abs(a2)) + 2, 2)) + 30
    with mpmath.workprec(mpmath.mp.prec + guard):
        a1, b1, a2, b2 = (mpmath.mpf(x) for x in (a1, b1, a2, b2))
        rates = a2 * (mpmath.log(b1) - mpmath.log(b2)) + a1 * (b2 - b1) / b1
        return _gamma_bregman_mp(a2, a1) + rates


def _gamma_kl(a1: Any, b1: Any, a2: Any, b2: Any) -> Any:
    if isinstance(a1, mpmath.mpf):
        return _gamma_kl_mp(a1, b1, a2, b2)
    return gamma_kl_double(a1, b1, a2, b2)


class _ShapeDivergence(_LocationScaleDivergence):
    """A KL between two-parameter shape families (Gamma, Beta): 0 at equal parameters, kept as
    a node for exact numbers too (digamma and log Γ of huge rationals are slow to expand)."""

    def _eval_rewrite_as_Sum(self, *args: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return self._plain().rewrite(sympy.Sum)

    @classmethod
    def eval(cls, *args: sympy.Expr) -> sympy.Expr | None:
        a1, b1, a2, b2 = args
        if (a1 - a2).is_zero and (b1 - b2).is_zero:
            return sympy.S.Zero
        return None


class GammaDivergence(_ShapeDivergence):
    """KL(Gamma(a₁, b₁) ‖ Gamma(a₂, b₂)) = D(a₂, a₁) + a₁·h(b₂/b₁) + (a₂ − a₁)·log(b₁/b₂), for the
    Bregman divergence D of log Γ (:class:`~._gamma_core.GammaBregman`): printed and proved as that
    sum, evaluated as one sum of nonnegative parts (see the module docstring)."""

    _imp_ = staticmethod(_elementwise(_gamma_kl))

    @staticmethod
    def _plain_of(*args: sympy.Expr) -> sympy.Expr:
        a1, b1, a2, b2 = args
        rates = a1 * ExponentialDivergence(b1, b2) + (a2 - a1) * LogRatio(b1, b2)
        total: sympy.Expr = GammaBregman(a2, a1) + rates
        return total


def _dirichlet_kl(*args: Any) -> Any:
    k = len(args) // 2
    if isinstance(args[0], mpmath.mpf):
        guard = 2 * int(mpmath.log(max(abs(x) for x in args) + 2, 2)) + 30
        with mpmath.workprec(mpmath.mp.prec + guard):
            return _dirichlet_kl_plain_mp(*(mpmath.mpf(x) for x in args))
    return dirichlet_kl_double(list(args[:k]), list(args[k:]))


class DirichletDivergence(_WrittenOut):
    """KL(Dirichlet(α) ‖ Dirichlet(β)) = Σᵢ D(βᵢ, αᵢ) − D(β₀, α₀) for the Bregman divergence D of
    log Γ (α₀ = Σ αᵢ): the arguments are α₁…α_k, β₁…β_k; printed and proved as that sum,
    evaluated grouped like the Beta KL (see the module docstring)."""

    series_node = True  # expand_series rewrites it to the plain sum (for the proofs)
    _imp_ = staticmethod(_elementwise(_dirichlet_kl))

    @classmethod
    def eval(cls, *args: sympy.Expr) -> sympy.Expr | None:
        k = len(args) // 2
        if all((a - b).is_zero for a, b in zip(args[:k], args[k:], strict=True)):
            return sympy.S.Zero
        return None

    def _plain(self) -> sympy.Expr:
        k = len(self.args) // 2
        alpha, beta = self.args[:k], self.args[k:]
        parts = sympy.Add(*(GammaBregman(b, a) for a, b in zip(alpha, beta, strict=True)))
        total: sympy.Expr = parts - GammaBregman(sympy.Add(*beta), sympy.Add(*alpha))
        return total

    def _eval_rewrite_as_Sum(self, *args: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return self._plain().rewrite(sympy.Sum)

    def _eval_is_real(self) -> bool | None:
        return True if all(x.is_positive for x in self.args) else None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        x = sympy.Dummy("x", positive=True)
        args = list(self.args)
        args[argindex - 1] = x
        derivative: sympy.Expr = type(self)(*args)._plain().diff(x)
        return derivative.subs(x, self.args[argindex - 1])

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        args = [x.evalf(prec_to_dps(prec) + 10) for x in self.args]
        if not all(x.is_Number for x in args):
            return None
        with mpmath.workprec(prec + 10):
            value = _dirichlet_kl(*(mpmath.mpf(str(x)) for x in args))
        return sympy.Float(mpmath.nstr(value, prec_to_dps(prec) + 5), prec_to_dps(prec))


def _beta(a1: Any, b1: Any, a2: Any, b2: Any) -> Any:
    if isinstance(a1, mpmath.mpf):
        parts = _gamma_bregman_mp(a2, a1) + _gamma_bregman_mp(b2, b1)
        return parts - _gamma_bregman_mp(a2 + b2, a1 + b1)
    return beta_kl_double(a1, b1, a2, b2)


class BetaDivergence(_ShapeDivergence):
    """KL(Beta(a₁, b₁) ‖ Beta(a₂, b₂)) = D(a₂, a₁) + D(b₂, b₁) − D(a₂ + b₂, a₁ + b₁) for the Bregman
    divergence D of log Γ (:class:`~._gamma_core.GammaBregman`), with the third's difference
    taken as (a₂ − a₁) + (b₂ − b₁): at a₂ = a₁(1 + 1e-6) the rounded a₂ + b₂ cost 6 digits."""

    _imp_ = staticmethod(_elementwise(_beta))

    @staticmethod
    def _plain_of(*args: sympy.Expr) -> sympy.Expr:
        a1, b1, a2, b2 = args
        total: sympy.Expr = (
            GammaBregman(a2, a1) + GammaBregman(b2, b1) - GammaBregman(a2 + b2, a1 + b1)
        )
        return total
