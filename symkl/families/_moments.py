"""Log-densities as combinations of basis functions, and the expectations of those functions.

Every univariate family here has log f(x) = Σ_k c_k·φ_k(x) on its support, with φ_k drawn from a
small basis (1, x, x², log x, log(1 − x), |x − m|, log k!, (log x)², e^{−(x − m)/c}, (x/c)^j,
log(1 + ((x − m)/c)²), and the binomial coefficients log C(n, k) and log C(k + r − 1, k)). Then

    H(F) = −Σ_k c^F_k·E_F[φ_k],     KL(F ‖ G) = −H(F) − Σ_k c^G_k·E_F[φ_k]   (supp F ⊆ supp G),

so one table of expectations per family gives every entropy and every KL whose log-density basis
it covers. The tables give the closed forms; :mod:`._prove` re-derives each expectation by
integration or summation to prove them::

    >>> from sympy import Symbol
    >>> x = Symbol("x", real=True)
    >>> Phi(PhiKind.X2).at(x)
    x**2
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import sympy

__all__ = ["LogTerms", "Natural", "Phi", "PhiKind", "times", "xlogy"]


class PhiKind(enum.Enum):
    """The basis functions of log-densities."""

    ONE = "1"
    X = "x"
    X2 = "x^2"
    LOG = "log x"
    LOG1M = "log(1 - x)"
    ABS = "|x - m|"
    LOGFACT = "log k!"
    LOG2 = "(log x)^2"
    EXPNEG = "exp(-(x - m)/c)"
    POW = "(x/c)^j"
    LOGQUAD = "log(1 + ((x - m)/c)^2)"
    LOGCHOOSE = "log C(n, k)"
    LOGMULTICHOOSE = "log C(k + r - 1, k)"


@dataclass(frozen=True)
class Phi:
    """One basis function; ``shift`` is the m of |x − m|, e^{−(x − m)/c} and log(1 + ((x − m)/c)²),
    ``scale`` the c."""

    kind: PhiKind
    shift: sympy.Expr = sympy.S.Zero
    scale: sympy.Expr = sympy.S.One

    def at(self, x: sympy.Expr) -> sympy.Expr:
        kind = self.kind
        if kind is PhiKind.ONE:
            return sympy.S.One
        if kind is PhiKind.X:
            return x
        if kind is PhiKind.X2:
            return x**2
        if kind is PhiKind.LOG:
            return sympy.log(x)
        if kind is PhiKind.LOG1M:
            return sympy.log(1 - x)
        if kind is PhiKind.ABS:
            return sympy.Abs(x - self.shift)
        if kind is PhiKind.LOG2:
            return sympy.log(x) ** 2
        if kind is PhiKind.EXPNEG:
            return sympy.exp(-(x - self.shift) / self.scale)
        if kind is PhiKind.POW:  # the exponent j is carried in ``shift``
            return (x / self.scale) ** self.shift
        if kind is PhiKind.LOGQUAD:  # the heavy tails of Cauchy and Student's t
            return sympy.log(1 + ((x - self.shift) / self.scale) ** 2)
        if kind is PhiKind.LOGCHOOSE:  # Binomial's log C(n, k), n carried in ``shift``
            return sympy.log(sympy.binomial(self.shift, x))
        if kind is PhiKind.LOGMULTICHOOSE:  # NegativeBinomial's, r carried in ``shift``
            return sympy.log(sympy.binomial(x + self.shift - 1, x))
        return sympy.log(sympy.factorial(x))


#: log f(x) = Σ coefficient·φ(x)
LogTerms = list[tuple[sympy.Expr, Phi]]


@dataclass(frozen=True)
class Natural:
    """An exponential family's form f(x) = h(x)·exp(η·T(x) − A(η)).

    ``eta`` are the natural parameters of this member, ``statistics`` the T_i (for scalar
    families), ``log_normaliser`` builds A from symbols standing for η, and ``fixed`` are the
    parameters held fixed (Pareto's scale, Weibull's concentration): two members with different
    fixed parameters are not in one exponential family.
    """

    eta: tuple[sympy.Expr, ...]
    log_normaliser: Callable[[Sequence[sympy.Expr]], sympy.Expr]
    statistics: tuple[Phi, ...] = ()
    fixed: tuple[sympy.Expr, ...] = field(default=())


def times(coefficient: sympy.Expr, moment: sympy.Expr) -> sympy.Expr:
    """coefficient·moment with 0·∞ = 0: a basis function of zero mean weight contributes nothing."""
    # .is_zero, not == 0: Float(0.0) == 0 is False in SymPy, and 0.0 must act as the exact 0.
    if sympy.sympify(moment).is_zero or sympy.sympify(coefficient).is_zero:
        return sympy.S.Zero
    return coefficient * moment


def xlogy(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    """a·log b with 0·log 0 = 0 (for zeros SymPy can decide, Float 0.0 included)."""
    a, b = sympy.sympify(a), sympy.sympify(b)
    if a.is_zero:
        return sympy.S.Zero
    if b.is_zero:
        return sympy.S.NegativeInfinity if a.is_positive else sympy.nan
    return a * sympy.log(b)
