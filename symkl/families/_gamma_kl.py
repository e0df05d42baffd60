"""The Gamma, Beta and Dirichlet KL nodes: printed and proved as sums of the Bregman divergence D
of log Γ, evaluated in double precision by :mod:`._gamma_kl_double` (parts that do not cancel)
and in mpmath with guard digits.

>>> a1, b1, a2, b2 = sympy.symbols("a1 b1 a2 b2", positive=True)
>>> GammaDivergence(a1, b1, a2, b2).rewrite(sympy.Sum).has(GammaDivergence)
False
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy
from mpmath.libmp import prec_to_dps

from ._gamma_core import GammaBregman, _gamma_bregman_mp
from ._gamma_kl_double import (
    _dirichlet_kl_plain_mp,
    beta_kl_double,
    dirichlet_kl_double,
    gamma_kl_double,
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
