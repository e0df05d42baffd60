"""The Gamma, Beta and Dirichlet KLs in double precision as sums of parts that do not cancel.

KL(Gamma(a₁, b₁) ‖ Gamma(a₂, b₂)) is D(a₂, a₁) + a₁·h(b₂/b₁) + (a₂ − a₁)·log(b₁/b₂) for the Bregman
divergence D of log Γ and h(x) = x − 1 − log x. At a₁ = 1e12 with every parameter moved by a
relative δ (the mean stays put) the three parts are ~a₁δ² = 1e-6 each while the KL is ~δ²/4: no
digit survives when they are evaluated one by one. Written with g(u) = (1 + u)·log(1 + u) − u, the
a·log a parts combine exactly:

* Gamma: a₁·(b₂/b₁)·g(N/(a₁b₂)) + E(a₂, a₁), with N = a₂b₁ − a₁b₂;
* Dirichlet (Beta for two): β₀·KL(Categorical(β/β₀) ‖ Categorical(α/α₀)) + Σ E(βᵢ, αᵢ) − E(β₀, α₀),
  the categorical KL taken through Nᵢ = βᵢα₀ − αᵢβ₀;

where E(x, y) = D(x, y) − y·g((x − y)/y) ≥ 0 is the excess (:func:`~._gamma_core.bregman_excess`):
h₁(ρ)/2 + R(x, y) for arguments ≥ 10 (R the Stirling remainder), and below 10 the arguments
shifted up by whole steps. The N are differences of products of doubles, taken exactly (as
fractions), and so are the differences of the parameters, so the parts that cancel in the plain
form are never formed. When the parts left do cancel (by more than 6 bits) the shifted form is
tried grouped at the shifted arguments instead, and then mpmath at a checked precision.

>>> round(beta_kl_double(2.0, 3.0, 2.0, 3.0), 15)
0.0
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import mpmath

from ._gamma_core import (
    _g,
    _stirling_remainder,
    bregman_excess,
    log_bregman,
    shift_steps,
    shift_sum,
)

__all__ = ["beta_kl_double", "dirichlet_kl_double", "gamma_kl_double"]

#: a sum kept in double precision has at least this share of the sum of its parts' sizes
#: (else its parts cancelled by more than 6 bits and another form, or mpmath, takes over)
_KEPT_SHARE = 1 / 64


def _kept(total: float, parts: list[float]) -> bool:
    """Whether ``total`` (the sum of ``parts``) lost at most 6 bits to cancellation."""
    return total >= _KEPT_SHARE * math.fsum(map(abs, parts))


def gamma_kl_double(a1: float, b1: float, a2: float, b2: float) -> float:
    """KL(Gamma(a₁, b₁) ‖ Gamma(a₂, b₂)) in double precision, relative error ~1e-14.

    >>> round(gamma_kl_double(1.0, 1.0, 1.0, 2.0), 12)  # Exp(1) ‖ Exp(2): 1 − log 2
    0.30685281944
    """
    if not all(x > 0 for x in (a1, b1, a2, b2)) or any(map(math.isinf, (a1, b1, a2, b2))):
        return math.nan
    d_exact = Fraction(a2) - Fraction(a1)
    d = float(d_exact)
    n = float(d_exact * Fraction(b1) - Fraction(a1) * (Fraction(b2) - Fraction(b1)))  # a₂b₁ − a₁b₂
    grouped = a1 * (b2 / b1) * _g(n / (a1 * b2), a2 / a1 * (b1 / b2))
    excess, size = bregman_excess(a2, a1, d)
    if excess >= _KEPT_SHARE * size:
        return grouped + excess
    shifted = _gamma_kl_shifted(a1, b1, a2, b2, d_exact)
    return shifted if shifted is not None else _checked_mp(_gamma_kl_plain_mp, a1, b1, a2, b2)


def _gamma_kl_shifted(
    a1: float, b1: float, a2: float, b2: float, d_exact: Fraction
) -> float | None:
    """The Gamma KL with both shapes shifted up to 10 (the steps' parts h₁ ≥ 0): either grouped
    at the shifted shape less the rate part it counts for the surplus shape, or D(a₂, a₁) shifted
    plus the rate parts; whichever cancels less, None if both lose more than 6 bits."""
    steps = shift_steps(min(a1, a2))
    d = float(d_exact)
    y, x = a1 + steps, a2 + steps  # their roundings move the KL by ~1e-16 relative, d exact
    n = float(d_exact * Fraction(b1) - Fraction(y) * (Fraction(b2) - Fraction(b1)))  # x·b₁ − y·b₂
    grouped = y * (b2 / b1) * _g(n / (y * b2), x / y * (b1 / b2))
    tail = log_bregman(x, y, d) / 2 + _stirling_remainder(x, y, d)
    shift = shift_sum(a2, a1, d, steps)
    rate = log_bregman(b2, b1, b2 - b1)  # b₂/b₁ − 1 − log(b₂/b₁)
    parts = [shift, grouped, tail, -(y - a1) * rate]
    total = math.fsum(parts)
    if _kept(total, parts):
        return total
    rate_u = (b2 - b1) / b1
    log_ratio = math.log1p(rate_u) if abs(rate_u) < 0.5 else math.log(b2 / b1)
    parts = [shift, y * _g(d / y, x / y), tail, a1 * rate, -d * log_ratio]
    total = math.fsum(parts)
    return total if _kept(total, parts) else None


def dirichlet_kl_double(alpha: list[float], beta: list[float]) -> float:
    """KL(Dirichlet(α) ‖ Dirichlet(β)) = Σ D(βᵢ, αᵢ) − D(β₀, α₀) in double precision, relative
    error ~1e-14 (see the module docstring).

    >>> round(dirichlet_kl_double([1.0, 1.0], [1.0, 1.0]), 15)
    0.0
    """
    args = [*alpha, *beta]
    if not all(x > 0 for x in args) or any(map(math.isinf, args)):
        return math.nan
    diffs = [Fraction(b) - Fraction(a) for a, b in zip(alpha, beta, strict=True)]
    grouped = _categorical(alpha, diffs)
    excesses = [bregman_excess(b, a, float(d)) for a, b, d in zip(alpha, beta, diffs, strict=True)]
    a0, d0_exact = math.fsum(alpha), sum(diffs, Fraction(0))
    whole, whole_size = bregman_excess(math.fsum(beta), a0, float(d0_exact))
    total = grouped + math.fsum(e for e, _ in excesses) - whole
    if total >= _KEPT_SHARE * (grouped + math.fsum(s for _, s in excesses) + whole_size):
        return total
    shifted = _dirichlet_kl_shifted(alpha, beta, diffs)
    return shifted if shifted is not None else _checked_mp(_dirichlet_kl_plain_mp, *args)


def _categorical(alpha: list[float], diffs: list[Fraction]) -> float:
    """β₀·KL(Categorical(β/β₀) ‖ Categorical(α/α₀)) ≥ 0 for β = α + diffs exactly, through the
    exact Nᵢ = βᵢα₀ − αᵢβ₀ = δᵢα₀ − αᵢδ₀."""
    a0_exact, d0_exact = sum(map(Fraction, alpha), Fraction(0)), sum(diffs, Fraction(0))
    a0, b0 = float(a0_exact), float(a0_exact + d0_exact)
    grouped = 0.0
    for a, d in zip(alpha, diffs, strict=True):
        n = float(d * a0_exact - Fraction(a) * d0_exact)
        grouped += a / a0 * _g(n / (a * b0))
    return b0 * grouped


def _simplex_kl(alpha: list[float], beta: list[float], diffs: list[Fraction]) -> list[float]:
    """The parts of Σ D(βᵢ, αᵢ) − D(β₀, α₀) for every αᵢ, βᵢ ≥ 10, β − α = diffs exactly (β, if
    shifted, is rounded): the categorical KL, the h₁ halves and the Stirling remainders."""
    d_float = [float(d) for d in diffs]
    a0, b0 = math.fsum(alpha), math.fsum(beta)
    d0 = float(sum(diffs, Fraction(0)))
    triples = list(zip(beta, alpha, d_float, strict=True))
    halves = math.fsum(log_bregman(*t) for t in triples) / 2
    remainders = math.fsum(_stirling_remainder(*t) for t in triples)
    parts = [_categorical(alpha, diffs), halves, -log_bregman(b0, a0, d0) / 2]
    return [*parts, remainders, -_stirling_remainder(b0, a0, d0)]


def _dirichlet_kl_shifted(
    alpha: list[float], beta: list[float], diffs: list[Fraction]
) -> float | None:
    """The Dirichlet KL with each pair αᵢ, βᵢ shifted up to 10 by its own whole steps and α₀, β₀
    by their total (so that α₀ stays Σ αᵢ): the steps' parts h₁ add to Σ D(βᵢ, αᵢ) and subtract
    from D(β₀, α₀); None if that cancels by more than 6 bits."""
    steps = [shift_steps(min(a, b)) for a, b in zip(alpha, beta, strict=True)]
    shifted = [a + n for a, n in zip(alpha, steps, strict=True)]
    shifted_beta = [b + n for b, n in zip(beta, steps, strict=True)]
    parts = _simplex_kl(shifted, shifted_beta, diffs)
    own = math.fsum(
        shift_sum(b, a, float(d), n) for a, b, d, n in zip(alpha, beta, diffs, steps, strict=True)
    )
    whole = shift_sum(math.fsum(beta), math.fsum(alpha), float(sum(diffs)), sum(steps))
    parts += [own, -whole]
    total = math.fsum(parts)
    return total if _kept(total, parts) else None


def beta_kl_double(a1: float, b1: float, a2: float, b2: float) -> float:
    """KL(Beta(a₁, b₁) ‖ Beta(a₂, b₂)) in double precision: the two-parameter Dirichlet KL (its
    sums' difference taken as (a₂ − a₁) + (b₂ − b₁), exactly).

    >>> round(beta_kl_double(1.0, 1.0, 2.0, 1.0), 12)  # uniform ‖ density 2x: 1 − log 2
    0.30685281944
    """
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
