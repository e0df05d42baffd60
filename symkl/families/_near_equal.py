"""KL closed forms as nodes that keep their digits when the two distributions nearly agree.

KL(Normal(0, 1) ‖ Normal(0, 1 + 1e-9)) is 1e-18, but written out it is log(σ₂/σ₁) + σ₁²/(2σ₂²) − ½,
whose parts are ~1e-9 and ~½: in double precision no digit is left. Each node here stands for one
such written-out form (it prints as it, ``rewrite(Sum)`` gives it for the proofs, derivatives
follow it) and evaluates it through the relative difference u = (a − b)/b, which is exact in
floating point when a and b are within a factor 2 (Sterbenz), and the one-signed functions

    h(u) = u − log(1 + u) = Σ_{n≥2} (−u)ⁿ/n,
    g(u) = (1 + u)·log(1 + u) − u = Σ_{n≥2} (−u)ⁿ/(n(n − 1))

(their series for |u| < 0.1), so that no large terms cancel:

* Bernoulli a·log(a/b) + (1 − a)·log((1 − a)/(1 − b)) = b·g(u) + (1 − b)·g(v), v = (b − a)/(1 − b);
* Poisson λ₁·log(λ₁/λ₂) + λ₂ − λ₁ = λ₂·g((λ₁ − λ₂)/λ₂);
* Exponential log(λ₁/λ₂) + λ₂/λ₁ − 1 = h((λ₂ − λ₁)/λ₁);
* a Normal scale log(σ₂/σ₁) + σ₁²/(2σ₂²) − ½ = h(d) + d²/2, d = (σ₁ − σ₂)/σ₂;
* log(a/b) = log1p((a − b)/b).

>>> a, b = sympy.symbols("a b", positive=True)
>>> ExponentialDivergence(a, b)
log(a/b) - 1 + b/a
>>> round(float(NormalScaleDivergence(1.0, 1.0 + 1e-9)) * 1e18, 6)  # ≈ (σ₁ − σ₂)²/σ₂²
1.0
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import sympy
from mpmath.libmp import prec_to_dps

from ._xlogx import _WrittenOut, _WrittenOutPair

__all__ = [
    "BernoulliDivergence",
    "CauchyDivergence",
    "ExponentialDivergence",
    "LaplaceDivergence",
    "LogRatio",
    "NormalDivergence",
    "NormalScaleDivergence",
    "PoissonDivergence",
    "near_equal",
]


def near_equal(node: type[sympy.Function], plain: sympy.Expr, *args: sympy.Expr) -> sympy.Expr:
    """``plain`` for numbers (SymPy's evalf already adds digits where parts cancel), else the
    node that stands for it and lambdifies stably (see the module docstring)."""
    if all(sympy.sympify(a).is_number for a in args):
        return plain
    result: sympy.Expr = node(*args)
    return result


def _series(u: Any, weight: Callable[[int], Any], eps: Any) -> Any:
    """Σ_{n≥2} (−u)ⁿ·weight(n) for |u| < 0.1, until a term is below eps of the sum."""
    total, power, n = 0 * u, u * u, 2
    while True:
        term = power * weight(n)
        total += term
        if abs(term) <= eps * abs(total) or n > 400:
            return total
        power, n = -power * u, n + 1


def _lib(x: Any) -> tuple[Any, Any, Any, Any]:
    """(log, log1p, the machine epsilon, one) of mpmath or of floats, after the argument's type."""
    if isinstance(x, (mpmath.mpf, mpmath.mpc)):
        return mpmath.log, mpmath.log1p, mpmath.eps, mpmath.mpf(1)
    return math.log, math.log1p, 2.0**-53, 1.0


def _h(a: Any, b: Any, d: Any) -> Any:
    """x − 1 − log x ≥ 0 for x = a/b, given d = a − b (series in u = d/b near 1)."""
    log, _, eps, one = _lib(a)
    u = d / b
    if abs(u) < 0.1:
        return _series(u, lambda n: one / n, eps)
    return u - (log(a) - log(b))  # far from 1: no cancellation, and 1 + u is not rounded


def _g(a: Any, b: Any, d: Any) -> Any:
    """x·log x − x + 1 ≥ 0 for x = a/b (1 at a = 0), given d = a − b."""
    log, _, eps, one = _lib(a)
    u = d / b
    if abs(u) < 0.1:
        return _series(u, lambda n: one / (n * (n - 1)), eps)
    if a == 0:
        return one
    return a / b * (log(a) - log(b)) - u


def _elementwise(scalar: Callable[..., Any]) -> Callable[..., Any]:
    """NumPy arrays element by element (floats), mpmath numbers and floats as they come."""

    def apply(*args: Any) -> Any:
        if any(isinstance(a, (np.ndarray, np.floating)) for a in args):
            out = np.vectorize(lambda *xs: scalar(*(float(x) for x in xs)), otypes=[float])(*args)
            return out[()] if out.shape == () else out
        if any(isinstance(a, (mpmath.mpf, mpmath.mpc)) for a in args):
            return scalar(*(mpmath.mpf(a) for a in args))
        return scalar(*(float(a) for a in args))

    return apply


def _bernoulli(a: Any, b: Any) -> Any:
    one = _lib(a)[3]
    inf = mpmath.inf if isinstance(one, mpmath.mpf) else math.inf
    if a == b:
        return 0 * one
    if (b == 0 and a > 0) or (b == 1 and a < 1):
        return inf
    if b == 0 or b == 1:  # a = b handled above; outside [0, 1]
        return math.nan
    # b·g(a/b) + (1 − b)·g((1 − a)/(1 − b)); the differences a − b and b − a taken directly (at a
    # = 1e-6 the difference of 1 − a and 1 − b has lost 10 bits)
    return b * _g(a, b, a - b) + (1 - b) * _g(1 - a, 1 - b, b - a)


def _poisson(l1: Any, l2: Any) -> Any:
    return l2 * _g(l1, l2, l1 - l2)


def _exponential(a: Any, b: Any) -> Any:
    return _h(b, a, b - a)


def _normal_scale(s1: Any, s2: Any) -> Any:
    log, _, _, _ = _lib(s1)
    d = (s1 - s2) / s2
    if abs(d) < 0.1:
        return _h(s1, s2, s1 - s2) + d * d / 2
    x = s1 / s2
    return (x - 1) * (x + 1) / 2 - (log(s1) - log(s2))


def _normal(m1: Any, s1: Any, m2: Any, s2: Any) -> Any:
    return _normal_scale(s1, s2) + (m1 - m2) ** 2 / (2 * s2 * s2)


def _laplace(m1: Any, b1: Any, m2: Any, b2: Any) -> Any:
    _, _, eps, one = _lib(b1)
    t = abs(m1 - m2) / b1
    if t < 0.1:  # e^{−t} − 1 + t = Σ_{n≥2} (−t)ⁿ/n!
        weight = _FACTORIALS_MP if isinstance(one, mpmath.mpf) else _FACTORIALS
        tail = _series(t, weight, eps)
    else:
        exp = mpmath.exp if isinstance(one, mpmath.mpf) else math.exp
        tail = exp(-t) - 1 + t
    return _h(b1, b2, b1 - b2) + b1 / b2 * tail


def _cauchy(m1: Any, g1: Any, m2: Any, g2: Any) -> Any:
    _, log1p, _, _ = _lib(g1)
    return log1p(((g1 - g2) ** 2 + (m1 - m2) ** 2) / (4 * g1 * g2))


def _FACTORIALS(n: int) -> float:  # a weight table, named like a constant
    return 1 / math.factorial(n)


def _FACTORIALS_MP(n: int) -> Any:
    return 1 / mpmath.factorial(n)


def _log_ratio(a: Any, b: Any) -> Any:
    log, log1p, _, _ = _lib(a)
    return log1p((a - b) / b) if abs(a - b) < b / 2 else log(a) - log(b)


class _Divergence(_WrittenOutPair):
    """Shared: numbers evaluate to the plain form exactly; symbols keep the node."""

    nargs = 2
    series_node = True  # expand_series rewrites it to the plain form

    @classmethod
    def eval(cls, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr | None:
        if (a - b).is_zero:
            return sympy.S.Zero
        if a.is_number and b.is_number and not (a.has(sympy.Float) or b.has(sympy.Float)):
            return cls._plain_of(a, b)
        return None

    def _eval_is_real(self) -> bool | None:
        return True if all(x.is_positive for x in self.args) else None

    @staticmethod
    def _plain_of(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
        raise NotImplementedError

    def _plain(self) -> sympy.Expr:
        a, b = self.args
        return self._plain_of(a, b)

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        x = sympy.Dummy("x", positive=True)
        args = list(self.args)
        args[argindex - 1] = x
        derivative: sympy.Expr = self._plain_of(*args).diff(x).subs(x, self.args[argindex - 1])
        return derivative


class BernoulliDivergence(_Divergence):
    """a·log(a/b) + (1 − a)·log((1 − a)/(1 − b)): KL(Bernoulli(a) ‖ Bernoulli(b)), 0·log 0 = 0.

    >>> a, b = sympy.symbols("a b", positive=True)
    >>> BernoulliDivergence(a, b)
    a*log(a/b) + (1 - a)*log((1 - a)/(1 - b))
    """

    _imp_ = staticmethod(_elementwise(_bernoulli))

    @classmethod
    def eval(cls, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr | None:
        from ._xlogx import XLog1mRatio, XLogRatio

        if (a - b).is_zero:
            return sympy.S.Zero
        if a.is_number and b.is_number and not (a.has(sympy.Float) or b.has(sympy.Float)):
            # exact numbers: the two terms with their 0·log 0 and ∞ conventions
            total: sympy.Expr = XLogRatio(a, b) + XLog1mRatio(a, b)
            return total
        return None

    @staticmethod
    def _plain_of(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
        return a * sympy.log(a / b) + (1 - a) * sympy.log((1 - a) / (1 - b))


class PoissonDivergence(_Divergence):
    """λ₁·log(λ₁/λ₂) + λ₂ − λ₁: KL(Poisson(λ₁) ‖ Poisson(λ₂))."""

    _imp_ = staticmethod(_elementwise(_poisson))

    @staticmethod
    def _plain_of(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
        return a * sympy.log(a / b) + b - a


class ExponentialDivergence(_Divergence):
    """log(λ₁/λ₂) + λ₂/λ₁ − 1: KL(Exponential(λ₁) ‖ Exponential(λ₂))."""

    _imp_ = staticmethod(_elementwise(_exponential))

    @staticmethod
    def _plain_of(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
        return sympy.log(a / b) + b / a - 1


class NormalScaleDivergence(_Divergence):
    """log(σ₂/σ₁) + σ₁²/(2σ₂²) − ½: KL(Normal(μ, σ₁) ‖ Normal(μ, σ₂))."""

    _imp_ = staticmethod(_elementwise(_normal_scale))

    @staticmethod
    def _plain_of(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
        return sympy.log(b / a) + a**2 / (2 * b**2) - sympy.S.Half


class _LocationScaleDivergence(_WrittenOut):
    """A KL between two location-scale distributions (μ₁, s₁, μ₂, s₂), printed as its plain form."""

    nargs = 4
    series_node = True  # expand_series rewrites it to the plain form

    @classmethod
    def eval(cls, *args: sympy.Expr) -> sympy.Expr | None:
        m1, s1, m2, s2 = args
        if (m1 - m2).is_zero and (s1 - s2).is_zero:
            return sympy.S.Zero
        if all(a.is_number and not a.has(sympy.Float) for a in args):
            return cls._plain_of(*args)
        return None

    @staticmethod
    def _plain_of(*args: sympy.Expr) -> sympy.Expr:
        raise NotImplementedError

    def _plain(self) -> sympy.Expr:
        return self._plain_of(*self.args)

    def _eval_is_real(self) -> bool | None:
        m1, s1, m2, s2 = self.args
        return True if m1.is_real and m2.is_real and s1.is_positive and s2.is_positive else None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        x = sympy.Dummy("x", real=True)
        args = list(self.args)
        args[argindex - 1] = x
        derivative: sympy.Expr = self._plain_of(*args).diff(x).subs(x, self.args[argindex - 1])
        return derivative

    def _eval_evalf(self, prec: int) -> sympy.Expr | None:
        args = [x.evalf(prec + 20) for x in self.args]
        if not all(x.is_Number for x in args):
            return None
        with mpmath.workprec(prec + 20):
            value = type(self)._imp_(*(mpmath.mpf(str(x)) for x in args))
        return sympy.Float(mpmath.nstr(value, prec_to_dps(prec) + 5), prec_to_dps(prec))


class NormalDivergence(_LocationScaleDivergence):
    """log(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²)/(2σ₂²) − ½: KL(Normal(μ₁, σ₁) ‖ Normal(μ₂, σ₂)), printed as
    that textbook form and evaluated as :class:`NormalScaleDivergence` + (μ₁ − μ₂)²/(2σ₂²).

    >>> m1, m2 = sympy.symbols("m1 m2", real=True)
    >>> s1, s2 = sympy.symbols("s1 s2", positive=True)
    >>> NormalDivergence(m1, s1, m2, s2)
    log(s2/s1) - 1/2 + (s1**2 + (m1 - m2)**2)/(2*s2**2)
    """

    _imp_ = staticmethod(_elementwise(_normal))

    @staticmethod
    def _plain_of(*args: sympy.Expr) -> sympy.Expr:
        m1, s1, m2, s2 = args
        return sympy.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - sympy.S.Half


class LaplaceDivergence(_LocationScaleDivergence):
    """log(b₂/b₁) + |μ₁ − μ₂|/b₂ + (b₁/b₂)·e^{−|μ₁ − μ₂|/b₁} − 1: KL(Laplace ‖ Laplace), evaluated
    as h(x) + x·(e^{−t} − 1 + t) with x = b₁/b₂, t = |μ₁ − μ₂|/b₁ (two terms ≥ 0)."""

    _imp_ = staticmethod(_elementwise(_laplace))

    @staticmethod
    def _plain_of(*args: sympy.Expr) -> sympy.Expr:
        m1, b1, m2, b2 = args
        d = sympy.Abs(m1 - m2)
        return sympy.log(b2 / b1) + d / b2 + b1 / b2 * sympy.exp(-d / b1) - 1


class CauchyDivergence(_LocationScaleDivergence):
    """log(((γ₁ + γ₂)² + (μ₁ − μ₂)²)/(4γ₁γ₂)): KL(Cauchy ‖ Cauchy), evaluated as
    log1p(((γ₁ − γ₂)² + (μ₁ − μ₂)²)/(4γ₁γ₂)) (the argument of the log is 1 + that)."""

    _imp_ = staticmethod(_elementwise(_cauchy))

    @staticmethod
    def _plain_of(*args: sympy.Expr) -> sympy.Expr:
        m1, g1, m2, g2 = args
        return sympy.log(((g1 + g2) ** 2 + (m1 - m2) ** 2) / (4 * g1 * g2))


class LogRatio(_Divergence):
    """log(a/b), evaluated as log1p((a − b)/b): exact to an ulp also when a ≈ b."""

    _imp_ = staticmethod(_elementwise(_log_ratio))

    @staticmethod
    def _plain_of(a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
        return sympy.log(a / b)
