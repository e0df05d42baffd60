"""Entropy nodes for ContinuousBernoulli and VonMises whose lambdified values do not cancel.

Written out, the ContinuousBernoulli entropy cancels near λ = ½ (at λ = ½ − 1e-8 a lambdified value
was 5.6e-9 for a true −6.7e-17), and the VonMises entropy overflows (I₀(κ) = ∞ in double precision
for κ > 713). Each node is that closed form symbolically (``rewrite(Sum)``, used by the proofs
through ``expand_series``; printing; derivatives) and evaluates stably:

* ContinuousBernoulli, with y = ½·logit λ: H = S(y) − y·S′(y) for S(y) = log(sinh y / y), by its
  Taylor series −y²/6 + y⁴/60 − … for |y| < ½ and by log1p / expm1 of e^{−2|y|} beyond;
* VonMises: −κ·I₁(κ)/I₀(κ) + log(2π·I₀(κ)) with mpmath's Bessel functions (no overflow).

>>> round(float(ContinuousBernoulliEntropy(sympy.Rational(1, 2) + sympy.Rational(1, 10**8))), 22)
-6.66667e-17
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any, ClassVar

import mpmath
import numpy as np
import sympy
from mpmath.libmp import prec_to_dps

from ._xlogx import _PrintsPlain

__all__ = ["ContinuousBernoulliEntropy", "VonMisesEntropy"]


def _series_coefficients(terms: int) -> list[float]:
    """(1 − 2n)·c_n for log(sinh y / y) = Σ c_n y^{2n}, c_n = 2^{2n} B_{2n}/(2n·(2n)!)."""
    out = []
    for n in range(1, terms + 1):
        b = Fraction(int(sympy.bernoulli(2 * n).p), int(sympy.bernoulli(2 * n).q))
        c = Fraction(2 ** (2 * n)) * b / (2 * n * math.factorial(2 * n))
        out.append(float((1 - 2 * n) * c))
    return out


#: for |y| < ½ the terms fall by at least y²/π² < 0.026 each: 12 terms reach 1e-19
_CB_SERIES = _series_coefficients(12)


def cb_entropy_double(lam: float) -> float:
    """H(ContinuousBernoulli(λ)) in double precision, relative error ~1e-15."""
    if not 0 <= lam <= 1:
        return math.nan
    if lam in (0.0, 1.0):
        return -math.inf  # the density concentrates at an end point
    # y = ½·logit λ = atanh(2λ − 1), with 2λ − 1 exact for λ ≥ ¼ (the difference of the two
    # logs ~0.69 kept only 13 digits of y = 2e-4 at λ = 0.5001)
    y = math.atanh(2 * lam - 1) if lam >= 0.25 else 0.5 * (math.log(lam) - math.log1p(-lam))
    if abs(y) < 0.5:
        y2 = y * y
        total, power = 0.0, y2
        for coefficient in _CB_SERIES:
            total += coefficient * power
            power *= y2
        return total
    a = abs(y)
    e = math.exp(-2 * a)
    # log(sinh a / a) − a·coth a + 1 with the ±a terms cancelled by hand
    return 1 - math.log(2) + math.log1p(-e) - math.log(a) - 2 * a * e / -math.expm1(-2 * a)


def _cb_entropy_mp(lam: Any) -> Any:
    with mpmath.workdps(mpmath.mp.dps + 10):
        lam = mpmath.mpf(lam)
        if lam == mpmath.mpf(1) / 2:
            return mpmath.mpf(0)
        y = (mpmath.log(lam) - mpmath.log1p(-lam)) / 2
        return mpmath.log(mpmath.sinh(y) / y) - y * mpmath.coth(y) + 1


def _vm_entropy_mp(k: Any) -> Any:
    with mpmath.workdps(mpmath.mp.dps + 10):
        k = mpmath.mpf(k)
        i0, i1 = mpmath.besseli(0, k), mpmath.besseli(1, k)
        return -k * i1 / i0 + mpmath.log(2 * mpmath.pi * i0)


def vm_entropy_double(k: float) -> float:
    """H(VonMises(·, κ)) in double precision through mpmath's Bessel functions."""
    if not k >= 0:
        return math.nan
    with mpmath.workdps(20):
        return float(_vm_entropy_mp(k))


def _elementwise(scalar: Any, precise: Any) -> Any:
    def apply(x: Any) -> Any:
        if isinstance(x, np.ndarray):
            return np.vectorize(scalar, otypes=[float])(x)
        if isinstance(x, mpmath.mpf):
            return precise(x)
        return scalar(float(x))

    return staticmethod(apply)


class _EntropyNode(_PrintsPlain):
    nargs = 1
    is_real = True
    series_node = True  # expand_series rewrites it to the closed form

    def _precise(self, x: Any) -> Any:
        raise NotImplementedError

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        x = sympy.Dummy("x", positive=True)
        derivative: sympy.Expr = type(self)(x)._plain().diff(x).subs(x, self.args[0])
        return derivative

    def _eval_evalf(self, prec: int) -> sympy.Float | None:
        x = self.args[0].evalf(prec_to_dps(prec) + 10)
        if not x.is_Number:
            return None
        with mpmath.workprec(prec + 10):
            value = self._precise(mpmath.mpf(str(x)))
        return sympy.Float(mpmath.nstr(value, prec_to_dps(prec) + 5), prec_to_dps(prec))


class ContinuousBernoulliEntropy(_EntropyNode):
    """H(ContinuousBernoulli(λ)), the closed form of the moment formula, evaluated stably."""

    _imp_ = _elementwise(cb_entropy_double, _cb_entropy_mp)
    #: λ ↦ the written-out closed form, set by the family's module (which imports this one).
    written_out: ClassVar[Callable[[sympy.Expr], sympy.Expr]]

    def _plain(self) -> sympy.Expr:
        return ContinuousBernoulliEntropy.written_out(self.args[0])

    def _precise(self, x: Any) -> Any:
        return _cb_entropy_mp(x)


class VonMisesEntropy(_EntropyNode):
    """H(VonMises(·, κ)) = −κ·I₁(κ)/I₀(κ) + log(2π·I₀(κ)), without overflow."""

    _imp_ = _elementwise(vm_entropy_double, _vm_entropy_mp)

    def _plain(self) -> sympy.Expr:
        k = self.args[0]
        i0, i1 = sympy.besseli(0, k), sympy.besseli(1, k)
        return -k * i1 / i0 + sympy.log(2 * sympy.pi * i0)

    def _precise(self, x: Any) -> Any:
        return _vm_entropy_mp(x)
