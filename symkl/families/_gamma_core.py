"""z + log Γ(z) + (c − z)·ψ(z) as one node: Gamma-type entropies lambdify without cancelling.

The Gamma entropy α − log β + log Γ(α) + (1 − α)ψ(α) is about 14 at α = 1e12 while log Γ(α) and
(1 − α)ψ(α) are each ±2.7e13: written out, a lambdified (double precision) value keeps three
digits. Gamma, Chi2, Beta and StudentT entropies are sums of this node
G(z, c) = z + log Γ(z) + (c − z)ψ(z), which NumPy evaluates for z ≥ 10 by the Stirling series of the
combination itself, (c − ½) log z + ½ log 2π + ½ − c/(2z) + O(1/z) with no large terms, and mpmath
at the working precision (plus guard digits for the cancellation). Symbolically it is that sum:
``rewrite(Sum)`` (and so the proofs, through ``expand_series``), printing and derivatives say so;
small exact arguments evaluate to SymPy's own log Γ and ψ as before.

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


def _bregman_series(rho: float, first_sign: int, weight: Any) -> float:
    """Σ_{n≥2} (−1)^n ρ^n·weight(n), for |ρ| < 0.1 (30 terms reach 1e-32)."""
    total, power = 0.0, rho * rho
    for n in range(2, 32):
        total += first_sign * (-1) ** n * power * weight(n)
        power *= rho
    return total


def gamma_bregman_double(x: float, y: float, d: float | None = None) -> float:
    """D(x, y) = log Γ(x) − log Γ(y) − (x − y)ψ(y) ≥ 0 in double precision, without cancelling.

    ``d``: x − y when the caller knows it better than the rounded x does (x a rounded sum).
    """
    if not (x > 0 and y > 0):
        return math.nan
    d = x - y if d is None else d
    if d == 0:
        return 0.0
    if min(x, y) < 10:
        with mpmath.workdps(40):
            y_mp = mpmath.mpf(y)
            return float(_gamma_bregman_mp(y_mp + mpmath.mpf(d), y_mp))
    # With d = x − y, ρ = d/y and the Stirling series, the d·log y terms cancel exactly:
    # D = y·((1 + ρ)·log1p ρ − ρ) + (ρ − log1p ρ)/2 + d·S₂(y) + S₁(x) − S₁(y)
    rho = d / y
    if abs(rho) < 0.1:
        f1 = _bregman_series(rho, 1, lambda n: 1 / (n * (n - 1)))
        f2 = _bregman_series(rho, 1, lambda n: 1 / n)
    else:
        log1p = math.log1p(rho)
        f1, f2 = (1 + rho) * log1p - rho, rho - log1p
    terms = list(enumerate(_BERNOULLI_FLOAT, 1))

    def s1(z: float) -> float:
        return sum(b / (2 * k * (2 * k - 1)) * z ** (1 - 2 * k) for k, b in terms)

    s2 = sum(b / (2 * k) * y ** (-2 * k) for k, b in terms)
    return y * f1 + f2 / 2 + d * s2 + (s1(x) - s1(y))


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
