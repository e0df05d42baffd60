"""KL(ContinuousBernoulli(λ₁) ‖ ContinuousBernoulli(λ₂)) as a node: printed and proved as the
moment formula, evaluated as the Bregman divergence of log(sinh y / y) at a checked precision.

It sits above the family class (its plain form is the class's moment formula) and below the
closed-form table that builds it.

>>> l1, l2 = sympy.symbols("l1 l2", positive=True)
>>> ContinuousBernoulliDivergence(l1, l1)
0
"""

from __future__ import annotations

import math
from typing import Any

import mpmath
import sympy

from ._extra import ContinuousBernoulli
from ._forms import kl_by_moments
from ._gamma_kl_double import _checked_mp
from ._near_equal import _Divergence
from ._near_equal import _elementwise as _elementwise_pair
from ._stable import ContinuousBernoulliEntropy

__all__ = ["ContinuousBernoulliDivergence"]


def _cb_kl_mp(l1: Any, l2: Any) -> Any:
    """S(y₂) − S(y₁) − (y₂ − y₁)·S′(y₁), S(y) = log(sinh y / y), y = ½·logit λ: the Bregman
    divergence of ContinuousBernoulli's log-normaliser in its natural parameter."""

    def s_and_slope(lam: Any) -> tuple[Any, Any, Any]:
        y = (mpmath.log(lam) - mpmath.log1p(-lam)) / 2
        if y == 0:
            return y, mpmath.mpf(0), mpmath.mpf(0)
        return y, mpmath.log(mpmath.sinh(y) / y), mpmath.coth(y) - 1 / y

    (y1, s1, slope), (y2, s2, _) = s_and_slope(l1), s_and_slope(l2)
    return s2 - s1 - (y2 - y1) * slope


def _cb_kl(l1: Any, l2: Any) -> Any:
    if isinstance(l1, mpmath.mpf):
        with mpmath.workprec(2 * mpmath.mp.prec + 60):
            return _cb_kl_mp(mpmath.mpf(l1), mpmath.mpf(l2))
    if not (0 < l1 < 1 and 0 < l2 < 1):
        return math.nan
    return _checked_mp(_cb_kl_mp, l1, l2)


class ContinuousBernoulliDivergence(_Divergence):
    """KL(ContinuousBernoulli(λ₁) ‖ ContinuousBernoulli(λ₂)): printed and proved as the moment
    formula, evaluated as the Bregman divergence of log(sinh y / y) at a checked precision (the
    written-out form divides by 2λ − 1 and cancels near λ = ½).

    >>> l1, l2 = sympy.symbols("l1 l2", positive=True)
    >>> ContinuousBernoulliDivergence(l1, l1)
    0
    """

    _imp_ = staticmethod(_elementwise_pair(_cb_kl))

    @staticmethod
    def _plain_of(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
        form = kl_by_moments(ContinuousBernoulli(a), ContinuousBernoulli(b))
        assert form is not None
        # the entropy of the first written out too: a proof rewrites this node to its plain form
        # in one pass, and an entropy node left inside it would stay unexpanded
        return form.replace(
            lambda e: isinstance(e, ContinuousBernoulliEntropy),
            lambda e: ContinuousBernoulliEntropy.written_out(e.args[0]),
        )
