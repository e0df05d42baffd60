"""Gumbel and Weibull KLs as nodes evaluated from the doubles' exact values at a checked precision.

Both KLs are D(r, 1) + (e^L − 1 − L) in disguise (D the Bregman divergence of log Γ, r a ratio of
scales or shapes), two parts ≥ 0 that the written-out forms spread over terms ~1 that cancel: at
parameters 1e-9 apart a lambdified value had no correct digit. The nodes print and rewrite (for
the proofs) as the textbook forms and evaluate those forms in mpmath from the exact binary values
of the arguments, the precision raised until two precisions agree
(``_gamma_kl_double._checked_mp``):

* Gumbel(μ, β): log(β₂/β₁) + γ(β₁/β₂ − 1) + (μ₁ − μ₂)/β₂ + e^{(μ₂ − μ₁)/β₂}·Γ(β₁/β₂ + 1) − 1;
* Weibull(λ, k): log(k₁/k₂) + k₂·log(λ₂/λ₁) − γ(k₁ − k₂)/k₁ + (λ₁/λ₂)^{k₂}·Γ(1 + k₂/k₁) − 1.

>>> m1, m2 = sympy.symbols("m1 m2", real=True)
>>> b1, b2 = sympy.symbols("b1 b2", positive=True)
>>> GumbelDivergence(m1, b1, m2, b2).rewrite(sympy.Sum).has(GumbelDivergence)
False
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
import sympy
from mpmath.libmp import prec_to_dps

from ._gamma_kl_double import _checked_mp
from ._near_equal import _elementwise, _LocationScaleDivergence

__all__ = ["GumbelDivergence", "WeibullDivergence"]


def _gumbel_mp(m1: Any, b1: Any, m2: Any, b2: Any) -> Any:
    r = b1 / b2
    tail = mpmath.exp((m2 - m1) / b2) * mpmath.gamma(r + 1)
    return mpmath.log(b2 / b1) + mpmath.euler * (r - 1) + (m1 - m2) / b2 + tail - 1


def _weibull_mp(s1: Any, k1: Any, s2: Any, k2: Any) -> Any:
    power = mpmath.exp(k2 * (mpmath.log(s1) - mpmath.log(s2)) + mpmath.loggamma(1 + k2 / k1))
    logs = mpmath.log(k1 / k2) + k2 * (mpmath.log(s2) - mpmath.log(s1))
    return logs - mpmath.euler * (k1 - k2) / k1 + power - 1


def _checked(plain: Any, positions: tuple[int, ...]) -> Any:
    """The compiled scalar: nan off the domain, else ``plain`` at a checked precision."""

    def scalar(*args: Any) -> Any:
        if isinstance(args[0], mpmath.mpf):
            with mpmath.workprec(2 * mpmath.mp.prec + 160):
                return plain(*args)
        if not all(args[i] > 0 for i in positions) or not all(map(math.isfinite, args)):
            return math.nan
        return _checked_mp(plain, *args)

    return scalar


class _ShapeDivergence(_LocationScaleDivergence):
    _mp: Any

    def _eval_rewrite_as_Sum(self, *args: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        return self._plain()

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        args = [x.evalf(prec_to_dps(prec) + 10) for x in self.args]
        if not all(x.is_Number for x in args):
            return None
        # the parts cancel to ~(relative difference of the arguments)²: twice the bits, and more
        with mpmath.workprec(2 * prec + 160):
            value = type(self)._mp(*(mpmath.mpf(str(x)) for x in args))
        return sympy.Float(mpmath.nstr(value, prec_to_dps(prec) + 5), prec_to_dps(prec))


class GumbelDivergence(_ShapeDivergence):
    """KL(Gumbel(μ₁, β₁) ‖ Gumbel(μ₂, β₂)), printed as its textbook form."""

    _imp_ = staticmethod(_elementwise(_checked(_gumbel_mp, (1, 3))))
    _mp = staticmethod(_gumbel_mp)

    @staticmethod
    def _plain_of(*args: sympy.Expr) -> sympy.Expr:
        m1, b1, m2, b2 = args
        r = b1 / b2
        tail = sympy.exp((m2 - m1) / b2) * sympy.gamma(r + 1)
        return sympy.log(b2 / b1) + sympy.EulerGamma * (r - 1) + (m1 - m2) / b2 + tail - 1


class WeibullDivergence(_ShapeDivergence):
    """KL(Weibull(λ₁, k₁) ‖ Weibull(λ₂, k₂)), printed as its textbook form."""

    _imp_ = staticmethod(_elementwise(_checked(_weibull_mp, (0, 1, 2, 3))))
    _mp = staticmethod(_weibull_mp)

    @staticmethod
    def _plain_of(*args: sympy.Expr) -> sympy.Expr:
        s1, k1, s2, k2 = args
        logs = sympy.log(k1 / k2) + k2 * sympy.log(s2 / s1)
        power = (s1 / s2) ** k2 * sympy.gamma(1 + k2 / k1)
        return logs - sympy.EulerGamma * (k1 - k2) / k1 + power - 1
