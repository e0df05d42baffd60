"""Series without a closed form, as SymPy functions that evaluate fast and stay exact symbolically.

The Poisson entropy λ(1 − log λ) + E[log k!] and the Geometric mean E[log k!] have no closed
form. Kept as a raw ``Sum`` they evaluate term by term (43 s for a Geometric with p = 1/20) and,
in double precision, cancel catastrophically for large λ (λ(1 − log λ) and E[log k!] are both
~1e7 at λ = 1e6 while the entropy is 8.3). Here each is one function node:

* ``rewrite(Sum)`` (and :func:`expand_series`) gives the defining series, which the proofs use;
* ``evalf`` at double precision sums the positive terms of the entropy around the mode in NumPy
  (log-pmf by Loader's saddle-point form, so no term cancels) with an explicit bound on the
  truncated tails, or uses the asymptotic expansion for λ > 1e7; higher precisions use mpmath
  (direct summation, or the Malmsten integral log k! = ∫₀^∞ e^{−t}(k − (1 − e^{−kt})/(1 − e^{−t}))
  dt/t averaged over the distribution);
* ``lambdify`` calls the same double-precision routine, element by element.

>>> PoissonEntropy(100).evalf(8)
3.7206861
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import sympy
from mpmath.libmp import prec_to_dps

from ._base import COUNT

__all__ = [
    "GeometricLogFactorialMean",
    "PoissonEntropy",
    "checked_trapezoid_mp",
    "expand_series",
    "geometric_log_factorial_mean",
    "poisson_entropy",
]

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)
_MAX_TERMS = 2_000_000
#: evalf requests up to this many bits (15 digits plus SymPy's guard bits inside a sum) are
#: answered by the double-precision routines, whose relative error is below 1e-14.
_DOUBLE_BITS = 67


# --- double precision ----------------------------------------------------------------------------


def checked_trapezoid_mp(term: Callable[[Any], Any], lo: int, hi: Any, sd: float, dps: int) -> Any:
    """Σ term(k) over the integers of [lo, hi] by the trapezoid rule of step sd/4 on the term's
    smooth extension to real k, or None when the rule of step sd/2 disagrees beyond
    10^−(dps + 2) relative (a bell of width sd: Poisson summation makes both exact far beyond
    that). Runs at the caller's mpmath precision.

    >>> def gauss(k):
    ...     return mpmath.exp(-((k / 20) ** 2) / 2)
    >>> with mpmath.workdps(30):
    ...     bell = checked_trapezoid_mp(gauss, -400, 400, 20, 20)
    >>> mpmath.nstr(bell / (20 * mpmath.sqrt(2 * mpmath.pi)), 12)  # at 15 digits
    '1.0'
    """

    def rule(h: Any) -> Any:
        terms, k = [], mpmath.mpf(lo)
        while k <= hi + h:
            terms.append(term(k))
            k += h
        return mpmath.fsum(terms) * h

    fine, coarse = rule(mpmath.mpf(sd) / 4), rule(mpmath.mpf(sd) / 2)
    if abs(fine - coarse) > mpmath.mpf(10) ** -(dps + 2) * abs(fine):
        return None
    return fine


def _stirlerr(n: np.ndarray) -> np.ndarray:
    """log n! − (n + ½) log n + n − ½ log 2π for n ≥ 1 (Loader 2000)."""
    out = np.empty_like(n)
    small = n <= 15
    ns = n[small]
    lg = np.array([math.lgamma(v + 1) for v in ns])
    out[small] = lg - (ns + 0.5) * np.log(ns) + ns - _HALF_LOG_2PI
    r = 1 / n[~small]
    r2 = r * r
    out[~small] = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))))
    result: np.ndarray = out
    return result


def _bd0(x: np.ndarray, m: float) -> np.ndarray:
    """x log(x/m) + m − x ≥ 0 without cancellation (Loader 2000)."""
    d = x - m
    out = x * np.log(x / m) + m - x
    near = np.abs(d) < 0.1 * (x + m)
    if np.any(near):
        xn, dn = x[near], d[near]
        v = dn / (xn + m)
        s = dn * v
        ej = 2 * xn * v
        v2 = v * v
        for j in range(1, 30):  # |v| < 0.1: v^(2j) < 1e-58 at the end
            ej = ej * v2
            s = s + ej / (2 * j + 1)
        out[near] = s
    result: np.ndarray = out
    return result


def poisson_entropy(rate: float) -> float:
    """H(Poisson(rate)) in double precision (relative error below 1e-14), or ArithmeticError."""
    lam = float(rate)
    if not lam > 0 or math.isinf(lam):
        return math.nan
    if lam > 1e7:
        # Asymptotic expansion; the first omitted term is O(λ⁻⁴) < 1e-28 here.
        return 0.5 * math.log(2 * math.pi * math.e * lam) - (
            1 / (12 * lam) + 1 / (24 * lam**2) + 19 / (360 * lam**3)
        )
    width = 12 * math.sqrt(lam) + 40
    lo, hi = max(1, math.floor(lam - width)), math.ceil(lam + width)
    k = np.arange(lo, hi + 1, dtype=float)
    minus_log_p = _HALF_LOG_2PI + 0.5 * np.log(k) + _stirlerr(k) + _bd0(k, lam)
    p = np.exp(-minus_log_p)
    total = float(np.sum(p * minus_log_p)) + math.exp(-lam) * lam

    # Tails, bounded with −log p_k ≤ g(k) = λ + k|log λ| + log k! (increasing in k) and the pmf
    # ratio p_{k+1}/p_k = λ/(k+1): geometric series above hi, below lo.
    def g(j: float) -> float:
        return lam + j * abs(math.log(lam)) + math.lgamma(j + 1)

    rho = lam / (hi + 1) * (1 + 2 / hi)
    upper = float(p[-1]) * g(hi) / (1 - rho) if rho < 1 else math.inf
    lower = 0.0
    if lo > 1:
        ratio = lo / lam
        lower = float(p[0]) * g(lo) * ratio / (1 - ratio)
    if upper + lower > 1e-15 * total:
        raise ArithmeticError(f"Poisson entropy at rate {lam}: tail bound {upper + lower:.3g}")
    return total


def geometric_log_factorial_mean(probs: float) -> float:
    """E[log k!] under Geometric(probs) = Σ_{j≥2} (1 − p)^j log j, in double precision."""
    p = float(probs)
    if p == 1:
        return 0.0
    if not 0 < p < 1:
        return math.nan
    q = 1 - p
    terms = math.ceil(40 / -math.log1p(-p)) + 2
    if terms > _MAX_TERMS:
        return float(_geometric_integral(mpmath.mpf(p), 20))
    j = np.arange(2, terms + 1, dtype=float)
    total = float(np.sum(np.exp(j * math.log1p(-p)) * np.log(j)))
    # Σ_{j>J} q^j log j ≤ q^{J+1}[log(J+1)/(1−q) + q/((J+1)(1−q)²)], log concave.
    big_j = terms
    tail = q ** (big_j + 1) * (math.log(big_j + 1) / p + q / ((big_j + 1) * p * p))
    if tail > 1e-15 * total:
        raise ArithmeticError(f"Geometric E[log k!] at probs {p}: tail bound {tail:.3g}")
    return total


# --- arbitrary precision -------------------------------------------------------------------------


def _poisson_log_factorial_integral(lam: mpmath.mpf) -> mpmath.mpf:
    """E[log k!] = ∫₀^∞ e^{−t}/t·(λ − (1 − e^{−λ(1−e^{−t})})/(1 − e^{−t})) dt (Malmsten)."""

    def f(t: mpmath.mpf) -> mpmath.mpf:
        u = -mpmath.expm1(-t)
        return mpmath.exp(-t) / t * (lam - (-mpmath.expm1(-lam * u)) / u)

    points = [mpmath.mpf(0)]
    for s in (1 / lam, 10 / lam, mpmath.mpf(1), mpmath.mpf(10)):
        if s > points[-1]:
            points.append(s)
    return mpmath.quad(f, [*points, mpmath.inf])


def _poisson_entropy_mp(lam: mpmath.mpf, dps: int) -> mpmath.mpf:
    with mpmath.workdps(dps + 10):
        lam = mpmath.mpf(lam)
        if lam <= 1e4:
            width = (3 + dps / 4) * mpmath.sqrt(lam) + 2 * dps + 20
            lo = max(0, int(lam - width))
            hi = int(lam + width) + 1
            log_lam = mpmath.log(lam)
            terms = []
            for k in range(lo, hi + 1):
                minus_log_p = lam - k * log_lam + mpmath.loggamma(k + 1)
                terms.append(mpmath.exp(-minus_log_p) * minus_log_p)
            return mpmath.fsum(terms)
    with mpmath.workdps(dps + 10 + int(mpmath.log10(lam * mpmath.log(lam)))):
        lam = mpmath.mpf(lam)
        return lam * (1 - mpmath.log(lam)) + _poisson_log_factorial_integral(lam)


def _geometric_integral(p: mpmath.mpf, dps: int) -> mpmath.mpf:
    # Σ_j q^j log j with log j = ∫₀^∞ (e^{−t} − e^{−jt})/t dt (Frullani).
    with mpmath.workdps(dps + 10):
        p = mpmath.mpf(p)
        q = 1 - p

        def f(t: mpmath.mpf) -> mpmath.mpf:
            e = mpmath.exp(-t)
            return q * q * e * (-mpmath.expm1(-t)) / (t * p * (1 - q * e))

        return mpmath.quad(f, [0, p, 10 * p, 1, mpmath.inf])


def _geometric_mp(p: mpmath.mpf, dps: int) -> mpmath.mpf:
    with mpmath.workdps(dps + 10):
        p = mpmath.mpf(p)
        if p == 1:
            return mpmath.mpf(0)
        log_q = mpmath.log1p(-p)
        terms = int((dps + 15) * mpmath.log(10) / -log_q) + 2
        if terms > 20_000:
            return _geometric_integral(p, dps)
        return mpmath.fsum(mpmath.exp(j * log_q) * mpmath.log(j) for j in range(2, terms + 1))


# --- the SymPy functions -------------------------------------------------------------------------


def _vectorised(scalar: Any, precise: Any) -> Any:
    # NumPy arrays element by element in double precision; an mpmath number at mpmath's precision.
    def apply(x: Any) -> Any:
        if isinstance(x, np.ndarray):
            return np.vectorize(scalar, otypes=[float])(x)
        if isinstance(x, mpmath.mpf):
            return precise(x, mpmath.mp.dps)
        return scalar(float(x))

    return staticmethod(apply)


class PoissonEntropy(sympy.Function):
    r"""H(Poisson(λ)) = λ(1 − log λ) + Σ_k e^{−λ}λ^k/k!·log k!, evaluated without cancellation."""

    nargs = 1
    is_real = True
    series_node = True  # expand_series rewrites it to its defining Sum
    _imp_ = _vectorised(poisson_entropy, lambda x, dps: _poisson_entropy_mp(x, dps))

    @classmethod
    def eval(cls, rate: sympy.Expr) -> sympy.Expr | None:
        if isinstance(rate, sympy.Float):
            return sympy.Float(poisson_entropy(float(rate)))
        return None

    def _eval_evalf(self, prec: int) -> sympy.Float | None:
        rate = self.args[0].evalf(prec + 20)
        if not rate.is_Number:
            return None
        dps = prec_to_dps(prec)
        if prec <= _DOUBLE_BITS:
            try:
                return sympy.Float(poisson_entropy(float(rate)), dps)
            except ArithmeticError:
                pass
        value = _poisson_entropy_mp(mpmath.mpf(str(rate)), dps)
        return sympy.Float(mpmath.nstr(value, dps + 3), dps)

    def _eval_rewrite_as_Sum(self, rate: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        k = COUNT
        pmf = rate**k * sympy.exp(-rate) / sympy.factorial(k)
        series = sympy.Sum(pmf * sympy.log(sympy.factorial(k)), (k, 0, sympy.oo))
        return rate * (1 - sympy.log(rate)) + series

    def _sympystr(self, printer: Any) -> str:
        return f"PoissonEntropy({printer._print(self.args[0])})"

    def _latex(self, printer: Any, exp: Any = None) -> str:
        lam = printer._print(self.args[0])
        body = (
            rf"\left({lam}\left(1 - \log {lam}\right) + "
            rf"\mathbb{{E}}_{{k \sim \operatorname{{Pois}}({lam})}}\left[\log k!\right]\right)"
        )
        return body if exp is None else rf"{body}^{{{exp}}}"


class GeometricLogFactorialMean(sympy.Function):
    r"""E[log k!] under Geometric(p) = Σ_k p(1 − p)^k log k!, evaluated fast."""

    nargs = 1
    is_real = True
    series_node = True  # expand_series rewrites it to its defining Sum
    _imp_ = _vectorised(geometric_log_factorial_mean, lambda x, dps: _geometric_mp(x, dps))

    @classmethod
    def eval(cls, probs: sympy.Expr) -> sympy.Expr | None:
        if probs.is_zero is False and (probs - 1).is_zero:
            return sympy.S.Zero
        if isinstance(probs, sympy.Float):
            return sympy.Float(geometric_log_factorial_mean(float(probs)))
        return None

    def _eval_evalf(self, prec: int) -> sympy.Float | None:
        probs = self.args[0].evalf(prec + 20)
        if not probs.is_Number:
            return None
        dps = prec_to_dps(prec)
        if prec <= _DOUBLE_BITS:
            try:
                return sympy.Float(geometric_log_factorial_mean(float(probs)), dps)
            except ArithmeticError:
                pass
        value = _geometric_mp(mpmath.mpf(str(probs)), dps)
        return sympy.Float(mpmath.nstr(value, dps + 3), dps)

    def _eval_rewrite_as_Sum(self, probs: sympy.Expr, **kwargs: Any) -> sympy.Expr:
        k = COUNT
        pmf = (1 - probs) ** k * probs
        return sympy.Sum(pmf * sympy.log(sympy.factorial(k)), (k, 0, sympy.oo))

    def _latex(self, printer: Any, exp: Any = None) -> str:
        p = printer._print(self.args[0])
        body = rf"\mathbb{{E}}_{{k \sim \operatorname{{Geom}}({p})}}\left[\log k!\right]"
        return body if exp is None else rf"{body}^{{{exp}}}"


def expand_series(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with every series function replaced by its defining series."""
    return expr.replace(
        lambda e: getattr(e, "series_node", False),
        lambda e: e.rewrite(sympy.Sum),
    )
