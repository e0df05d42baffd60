"""z + log Γ(z) + (c − z)·ψ(z) as one node: Gamma-type entropies lambdify without cancelling.

The Gamma entropy α − log β + log Γ(α) + (1 − α)ψ(α) is about 14 at α = 1e12 while log Γ(α) and
(1 − α)ψ(α) are each ±2.7e13: written out, a lambdified (double precision) value keeps three
digits. Gamma, Chi2, Beta and StudentT entropies are sums of this node
G(z, c) = z + log Γ(z) + (c − z)ψ(z), which NumPy evaluates for z ≥ 10 by the Stirling series of the
combination itself, (c − ½) log z + ½ log 2π + ½ − c/(2z) + O(1/z) with no large terms, and mpmath
at the working precision (plus guard digits for the cancellation). Symbolically it is that sum:
``rewrite(Sum)`` (and so the proofs, through ``expand_series``), printing and derivatives say so;
small exact arguments evaluate to SymPy's own log Γ and ψ as before.

The Bregman divergence D of log Γ (:class:`GammaBregman`) is evaluated in double precision as a
sum of parts ≥ 0: below 10 both arguments are shifted up by whole steps (log Γ(z + 1) = log Γ(z) +
log z, ψ(z + 1) = ψ(z) + 1/z: each step adds h₁ ≥ 0, the Bregman divergence of −log), above by the
Stirling series with its x·log x parts paired. The helpers here are shared with the Gamma, Beta
and Dirichlet KLs (:mod:`._gamma_kl_double`).

>>> z = sympy.Symbol("z", positive=True)
>>> GammaCore(z, 1)
z + (1 - z)*polygamma(0, z) + loggamma(z)
>>> GammaCore(sympy.Integer(2), 1)
EulerGamma + 1
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import mpmath
import numpy as np
import sympy
from mpmath.libmp import prec_to_dps

from ._special import _large_number, lg, psi
from ._xlogx import _PrintsPlain

__all__ = ["GammaBregman", "GammaCore"]

#: B_2, B_4, …, B_16: the Stirling series of log Γ and ψ to O(z^−17), below 1e-17 at z ≥ 10
_BERNOULLI = [
    Fraction(1, 6), Fraction(-1, 30), Fraction(1, 42), Fraction(-1, 30),
    Fraction(5, 66), Fraction(-691, 2730), Fraction(7, 6), Fraction(-3617, 510),
]  # fmt: skip
#: The same numbers as floats, converted once (float(Fraction) on every call was a tenth of a
#: Beta KL's spot check).
_BERNOULLI_FLOAT = [float(b) for b in _BERNOULLI]
_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def _digamma_small(z: float) -> float:
    """ψ(z) for 0 < z < 10: ψ(z) = ψ(z + n) − Σ 1/(z + k), the first from the Stirling series."""
    shift = 0.0
    while z < 10:
        shift += 1 / z
        z += 1
    series = sum(b / (2 * k) * z ** (-2 * k) for k, b in enumerate(_BERNOULLI_FLOAT, 1))
    return math.log(z) - 0.5 / z - series - shift


def gamma_core_double(z: float, c: float) -> float:
    """G(z, c) = z + log Γ(z) + (c − z)ψ(z) in double precision, relative error ~1e-15."""
    if not z > 0:
        return math.nan
    if math.isinf(z):
        return math.inf if c > 0.5 else (-math.inf if c < 0.5 else _HALF_LOG_2PI + 0.5)
    if z < 10:
        return z + math.lgamma(z) + (c - z) * _digamma_small(z)
    # log Γ(z) = (z − ½) log z − z + ½ log 2π + S₁, ψ(z) = log z − 1/(2z) − S₂ with
    # S₁ = Σ B₂ₖ/(2k(2k − 1) z^(2k−1)), S₂ = Σ B₂ₖ/(2k z^(2k)): the z·log z and z terms cancel
    terms = list(enumerate(_BERNOULLI_FLOAT, 1))
    s1 = sum(b / (2 * k * (2 * k - 1)) * z ** (1 - 2 * k) for k, b in terms)
    z_s2 = sum(b / (2 * k) * z ** (1 - 2 * k) for k, b in terms)
    return (c - 0.5) * math.log(z) + _HALF_LOG_2PI + 0.5 - c / (2 * z) + s1 - c * z_s2 / z + z_s2


def _gamma_core_mp(z: Any, c: Any) -> Any:
    guard = int(mpmath.log(abs(z) + 2, 2)) + 20  # the parts are ~z log z
    with mpmath.workprec(mpmath.mp.prec + guard):
        z, c = mpmath.mpf(z), mpmath.mpf(c)
        return z + mpmath.loggamma(z) + (c - z) * mpmath.digamma(z)


def _apply(z: Any, c: Any) -> Any:
    if isinstance(z, np.ndarray) or isinstance(c, np.ndarray):
        return np.vectorize(gamma_core_double, otypes=[float])(z, c)
    if isinstance(z, mpmath.mpf) or isinstance(c, mpmath.mpf):
        return _gamma_core_mp(z, c)
    return gamma_core_double(float(z), float(c))


class GammaCore(_PrintsPlain):
    r"""G(z, c) = z + log Γ(z) + (c − z)·ψ(z), for z > 0."""

    nargs = 2
    series_node = True  # expand_series rewrites it to the plain sum
    _imp_ = staticmethod(_apply)

    @classmethod
    def eval(cls, z: sympy.Expr, c: sympy.Expr) -> sympy.Expr | None:
        if z.is_number and c.is_number and not _large_number(z):
            return z + sympy.loggamma(z) + (c - z) * sympy.digamma(z)
        return None

    def _eval_is_real(self) -> bool | None:
        z, c = self.args
        return True if z.is_positive and c.is_real else None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        z, c = self.args
        if argindex == 1:
            return 1 + (c - z) * sympy.polygamma(1, z)
        return psi(z)

    def _plain(self) -> sympy.Expr:
        z, c = self.args
        return z + lg(z) + (c - z) * psi(z)

    def _eval_evalf(self, prec: int) -> sympy.Float | None:
        z, c = (a.evalf(prec_to_dps(prec) + 10) for a in self.args)
        if not (z.is_Number and c.is_Number):
            return None
        with mpmath.workprec(prec + 10):
            value = _gamma_core_mp(mpmath.mpf(str(z)), mpmath.mpf(str(c)))
        return sympy.Float(mpmath.nstr(value, prec_to_dps(prec) + 5), prec_to_dps(prec))


#: Σ_{n≥2} cₙ(−u)ⁿ reaches 1e-17 relative by n = 59 for |u| < ½ (the closed forms lose up to
#: 16× to cancellation at |u| = 0.1 and 6× at ½), n = 21 for |u| < 0.1, n = 9 for |u| < 1e-3
_SERIES_MAX = 0.5
_H_COEFFICIENTS = tuple(1 / n for n in range(2, 60))
_G_COEFFICIENTS = tuple(1 / (n * (n - 1)) for n in range(2, 60))
#: (m = 2k − 1, B₂ₖ/(2k(2k − 1))): the Stirling series of log Γ is Σ cₘ z^−m
_COEFFICIENTS = [(2 * k - 1, b / (2 * k * (2 * k - 1))) for k, b in enumerate(_BERNOULLI_FLOAT, 1)]
#: below this the Stirling series is not accurate: smaller arguments are shifted up to it
STIRLING_MIN = 10.0


def _bregman_series(u: float, coefficients: tuple[float, ...]) -> float:
    """Σ_{n≥2} cₙ(−u)ⁿ in Horner form, for |u| < ½ (the terms of log1p and g past u²)."""
    size = abs(u)
    count = 8 if size < 1e-3 else 20 if size < 0.1 else len(coefficients)
    total, v = 0.0, -u
    for c in reversed(coefficients[:count]):
        total = total * v + c
    return u * u * total


def _g(u: float, ratio: float | None = None) -> float:
    """(1 + u)·log(1 + u) − u ≥ 0 for u ≥ −1 (1 at u = −1), by its series for |u| < ½.

    ``ratio``: 1 + u when the caller has it unrounded (near u = −1 a rounded 1 + u has lost it).

    >>> round(_g(1.0), 12) == round(2 * math.log(2) - 1, 12)
    True
    """
    if abs(u) < _SERIES_MAX:
        return _bregman_series(u, _G_COEFFICIENTS)
    if u <= -1:  # only by rounding: the limit
        return 1.0
    if u < -0.5 and ratio is not None:
        return ratio * math.log(ratio) - u
    return (1 + u) * math.log1p(u) - u


def log_bregman(x: float, y: float, d: float) -> float:
    """h₁ = u − log(1 + u) = (x − y)/y − log(x/y) ≥ 0 for u = d/y, d = x − y: the Bregman
    divergence of −log, by its series for |u| < ½, log1p of the exact-ish u above ½, and
    the log of x/y below (there a rounded 1 + u would have lost the digits of x/y).

    >>> log_bregman(2.0, 1.0, 1.0) == 1 - math.log(2)
    True
    """
    u = d / y
    if abs(u) < _SERIES_MAX:
        return _bregman_series(u, _H_COEFFICIENTS)
    if u > -0.5:
        return u - math.log1p(u)
    return u - math.log(x / y)


def _power_remainder(m: int, rho: float, ratio: float) -> float:
    """(1 + ρ)^(−m) − 1 + m·ρ for ratio = 1 + ρ (given: near ρ = −1 a rounded 1 + ρ has lost the
    digits of x/y), by Σ_{n≥2} C(m + n − 1, n)(−ρ)ⁿ for |ρ| < 0.1."""
    if abs(rho) >= 0.1:
        return ratio**-m - 1 + m * rho
    total, coefficient, n = 0.0, m * (m + 1) / 2, 2
    power = rho * rho
    while True:
        term = coefficient * power
        total += term
        if abs(term) <= 1e-18 * abs(total) or n > 200:
            return total
        coefficient *= (m + n) / (n + 1)
        power *= -rho
        n += 1


def _stirling_remainder(x: float, y: float, d: float) -> float:
    """R(x, y): what the Stirling series adds to D(x, y) beyond y·g(ρ) + h₁(ρ)/2, d = x − y,
    for x, y ≥ 10: Σₘ cₘ·y^−m·((1 + ρ)^−m − 1 + mρ). Its term m is about cₘ·m(m + 1)·z^−m·ρ²
    (z = min(x, y)) and the Gamma-type KLs that sum it are at least ~ρ²/4 however much their
    parts cancel, so the sum stops once cₘ·m(m + 1)·z^−m is below 1e-20."""
    rho, ratio = d / y, x / y
    inv_small = 1 / min(x, y)
    total, scale, bound = 0.0, 1 / y, inv_small
    for m, c in _COEFFICIENTS:
        if abs(c) * m * (m + 1) * bound < 1e-20:
            break
        total += c * scale * _power_remainder(m, rho, ratio)
        scale /= y * y
        bound *= inv_small * inv_small
    return total


def stirling_bregman(x: float, y: float, d: float) -> float:
    """D(x, y) for x, y ≥ 10 as y·g(ρ) + h₁(ρ)/2 + R(x, y), ρ = d/y: the x·log x parts of log Γ
    and ψ paired so that nothing cancels."""
    return y * _g(d / y, x / y) + log_bregman(x, y, d) / 2 + _stirling_remainder(x, y, d)


def shift_steps(z: float) -> int:
    """How many unit steps take z to at least :data:`STIRLING_MIN`.

    >>> shift_steps(0.5), shift_steps(12.0)
    (10, 0)
    """
    return math.ceil(STIRLING_MIN - z) if z < STIRLING_MIN else 0


def shift_sum(x: float, y: float, d: float, steps: int) -> float:
    """D(x, y) − D(x + steps, y + steps) = Σ_{k<steps} h₁(x + k, y + k) ≥ 0 (log Γ(z + 1) =
    log Γ(z) + log z and ψ(z + 1) = ψ(z) + 1/z), the difference d = x − y kept exact."""
    return sum(log_bregman(x + k, y + k, d) for k in range(steps))


def _g_difference(u: float, v: float) -> float:
    """(y′·g(v) − y·g(u))/d for u = d/y, v = d/y′, |v| < |u| < 0.1: the sum over n ≥ 2 of
    (−1)ⁿ(vⁿ⁻¹ − uⁿ⁻¹)/(n(n − 1)), each term a difference of unlike powers, so that the two
    g's, alike to ~y/y′, are never subtracted."""
    total, pu, pv = 0.0, 1.0, 1.0
    for c in _G_COEFFICIENTS[:20]:
        pu, pv = -pu * u, -pv * v
        total += c * (pu - pv)
    return total


def _excess_by_stirling_at_y(x: float, y: float, d: float) -> tuple[float, float]:
    """E(x, y) for y ≥ 10 from Stirling at y alone, the y·log y parts cancelled exactly:
    log Γ(x) − x·log x + x + ½·log y − ½·log 2π − S₁(y) + d/(2y) + d·S₂(y) (good for x ≪ y)."""
    inv = 1 / y
    s1 = sum(c * inv**m for m, c in _COEFFICIENTS)
    s2 = sum(c * m * inv ** (m + 1) for m, c in _COEFFICIENTS)
    parts = [math.lgamma(x), -x * math.log(x), x, 0.5 * math.log(y), -_HALF_LOG_2PI]
    parts += [-s1, d * (inv / 2 + s2)]
    return math.fsum(parts), math.fsum(map(abs, parts))


def bregman_excess(x: float, y: float, d: float) -> tuple[float, float]:
    """E(x, y) = D(x, y) − y·g(d/y) ≥ 0, d = x − y, and the sum of its parts' sizes.

    y·g(d/y) is the part of D that the Gamma-type KLs group with their other x·log x terms (into
    a Bernoulli or categorical KL), E what is left: h₁/2 + R for x, y ≥ 10, and below 10 the
    shifted steps Σ h₁(x + k, y + k) less y·g(d/y) − y′·g(d/y′) (an integral of the same h₁, so
    the two are of one size and their difference about h₁/2); for x < 10 ≤ y also Stirling at y
    alone, whichever has the smaller parts.

    >>> value, size = bregman_excess(3.0, 1.0, 2.0)
    >>> round(value - (gamma_bregman_double(3.0, 1.0) - _g(2.0)), 12)
    0.0
    """
    steps = shift_steps(min(x, y))
    if steps == 0:
        half, remainder = log_bregman(x, y, d) / 2, _stirling_remainder(x, y, d)
        return half + remainder, half + abs(remainder)
    xs, ys = x + steps, y + steps
    u, v = d / y, d / ys
    if abs(u) < 0.1:
        parts = [shift_sum(x, y, d, steps), d * _g_difference(u, v)]
    else:  # the two g's as parts: their sizes count in the size of E
        parts = [shift_sum(x, y, d, steps), ys * _g(v, xs / ys), -y * _g(u, x / y)]
    parts += [log_bregman(xs, ys, d) / 2, _stirling_remainder(xs, ys, d)]
    shifted = math.fsum(parts), math.fsum(map(abs, parts))
    if y < STIRLING_MIN:
        return shifted
    return min(shifted, _excess_by_stirling_at_y(x, y, d), key=lambda pair: pair[1])


def gamma_bregman_double(x: float, y: float, d: float | None = None) -> float:
    """D(x, y) = log Γ(x) − log Γ(y) − (x − y)ψ(y) ≥ 0 in double precision, without cancelling:
    below 10 the arguments are shifted up by whole steps, each step a part h₁ ≥ 0, and the rest
    is the paired Stirling form, so every part is ≥ 0 (the remainder R is far below the rest).

    ``d``: x − y when the caller knows it better than the rounded x does (x a rounded sum).

    >>> round(gamma_bregman_double(1.0, 2.0), 12)  # 0 − 0 − (1 − 2)·ψ(2) = 1 − γ
    0.422784335098
    """
    if not (x > 0 and y > 0):
        return math.nan
    if math.isinf(x) or math.isinf(y):
        return math.inf
    d = x - y if d is None else d
    if d == 0:
        return 0.0
    steps = shift_steps(min(x, y))
    if steps == 0:
        return stirling_bregman(x, y, d)
    # x + steps, not y + steps + d: a rounded d (x and y far apart) would cost x's digits
    return shift_sum(x, y, d, steps) + stirling_bregman(x + steps, y + steps, d)


def _gamma_bregman_mp(x: Any, y: Any) -> Any:
    # The parts are ~x·log x while D may be as small as (x − y)²/y: guard twice the bits of x, y.
    guard = 2 * int(mpmath.log(max(abs(x), abs(y)) + 2, 2)) + 30
    with mpmath.workprec(mpmath.mp.prec + guard):
        x, y = mpmath.mpf(x), mpmath.mpf(y)
        return mpmath.loggamma(x) - mpmath.loggamma(y) - (x - y) * mpmath.digamma(y)


def _apply_bregman(x: Any, y: Any) -> Any:
    if isinstance(x, np.ndarray) or isinstance(y, np.ndarray):
        return np.vectorize(gamma_bregman_double, otypes=[float])(x, y)
    if isinstance(x, mpmath.mpf) or isinstance(y, mpmath.mpf):
        return _gamma_bregman_mp(x, y)
    return gamma_bregman_double(float(x), float(y))


class GammaBregman(_PrintsPlain):
    r"""D(x, y) = log Γ(x) − log Γ(y) − (x − y)·ψ(y): the Bregman divergence of log Γ.

    The Gamma and Beta KLs are sums of it; lambdified, it keeps its digits when x ≈ y (at
    x = 1e12 + 1, y = 1e12 the parts are 2.7e13 and D is 5e-13).

    >>> x, y = sympy.symbols("x y", positive=True)
    >>> GammaBregman(x, y)
    -(x - y)*polygamma(0, y) + loggamma(x) - loggamma(y)
    """

    nargs = 2
    series_node = True  # expand_series rewrites it to the plain difference
    _imp_ = staticmethod(_apply_bregman)

    @classmethod
    def eval(cls, x: sympy.Expr, y: sympy.Expr) -> sympy.Expr | None:
        if (x - y).is_zero:
            return sympy.S.Zero
        if x.is_number and y.is_number and not (_large_number(x) or _large_number(y)):
            return sympy.loggamma(x) - sympy.loggamma(y) - (x - y) * sympy.digamma(y)
        return None

    def _eval_is_real(self) -> bool | None:
        x, y = self.args
        return True if x.is_positive and y.is_positive else None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        x, y = self.args
        if argindex == 1:
            return psi(x) - psi(y)
        return -(x - y) * sympy.polygamma(1, y)

    def _plain(self) -> sympy.Expr:
        x, y = self.args
        return lg(x) - lg(y) - (x - y) * psi(y)

    def _eval_evalf(self, prec: int) -> sympy.Float | None:
        x, y = (a.evalf(prec_to_dps(prec) + 10) for a in self.args)
        if not (x.is_Number and y.is_Number):
            return None
        with mpmath.workprec(prec + 10):
            value = _gamma_bregman_mp(mpmath.mpf(str(x)), mpmath.mpf(str(y)))
        return sympy.Float(mpmath.nstr(value, prec_to_dps(prec) + 5), prec_to_dps(prec))
