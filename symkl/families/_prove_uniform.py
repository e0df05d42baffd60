"""E[log x] and E[log(1 − x)] under a flat density on [low, high], endpoints 0 and 1 included.

The integral of log over [a, b] is Φ(b) − Φ(a) with Φ an antiderivative SymPy integrates on
y > 0 and that is checked by differentiating it (Φ′ = log y). Φ is continuous on [0, ∞): its
one-sided limit at 0 is taken by SymPy, so the improper integral from 0 converges and its value
at an endpoint a = 0 is that limit (for Φ = y·log y − y, the convention 0·log 0 = 0 proved, not
assumed). log(1 − x) over [low, high] is log y over [1 − high, 1 − low] (y = 1 − x). Each value
holds where the interval lies in the closed half-line: low ≥ 0 for log x, high ≤ 1 for
log(1 − x); the measures that use it say where the support condition holds.

>>> from sympy import S
>>> flat_log_mean(S.Zero, S.One, reflected=False)  # ∫_0^1 log x dx, the endpoint 0 by the limit
-1
"""

from __future__ import annotations

import functools

import sympy

__all__ = ["flat_log_mean"]


@functools.cache
def _antiderivative() -> tuple[sympy.Expr, sympy.Expr, sympy.Dummy] | None:
    """(Φ, Φ(0⁺), y): Φ′ = log y on y > 0, checked; None when SymPy's answer fails the check."""
    y = sympy.Dummy("y", positive=True)
    phi = sympy.integrate(sympy.log(y), y)
    if phi.has(sympy.Integral) or sympy.simplify(sympy.diff(phi, y) - sympy.log(y)) != 0:
        return None
    at_zero = sympy.limit(phi, y, 0, "+")
    if not at_zero.is_finite:
        return None
    return phi, at_zero, y


def _at(end: sympy.Expr) -> sympy.Expr | None:
    """Φ at an endpoint ≥ 0, its limit where the endpoint is 0."""
    found = _antiderivative()
    if found is None:
        return None
    phi, at_zero, y = found
    return sympy.Piecewise((at_zero, sympy.Eq(end, 0)), (phi.xreplace({y: end}), True))


def flat_log_mean(low: sympy.Expr, high: sympy.Expr, *, reflected: bool) -> sympy.Expr | None:
    """E[log x] (E[log(1 − x)] if ``reflected``) for x uniform on [low, high]."""
    a, b = (1 - high, 1 - low) if reflected else (low, high)
    upper, lower = _at(b), _at(a)
    if upper is None or lower is None:
        return None
    return (upper - lower) / (high - low)
