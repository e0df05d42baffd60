"""log |f| written so that no factor of f underflows or overflows on its own: the end-loss check
of the double-precision quadrature reads |f| near an end or cut in this form, where e^(−m²)/|x|
at m = 30 is 0 in doubles but its logarithm is −900 − log|x|::

    >>> x, m = sympy.Symbol("x", real=True), sympy.Symbol("m", positive=True)
    >>> log_size(sympy.exp(-((x - m) ** 2)) / sympy.Abs(x))
    -(-m + x)**2 - log(Abs(x))
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
import sympy

__all__ = ["LogAddExp", "log_size"]


def _logaddexp(a: Any, b: Any) -> Any:
    # a constant may come as a SymPy number; a log of a negative base as log|b| + iπ
    return np.logaddexp(*(np.real(np.asarray(v, dtype=complex)) for v in (a, b)))


class LogAddExp(sympy.Function):
    """log(e^a + e^b), finite where e^a or e^b is 0 or ∞ in doubles (evaluated in doubles)."""

    nargs = 2
    _imp_ = staticmethod(_logaddexp)


def log_size(expr: sympy.Basic) -> sympy.Basic:
    """log |expr|, or an upper bound on it: a sum over the factors of ``expr`` (each a power's
    exponent times the log of its base, an exponential's real exponent). Of a sum, log Σ|terms|
    (what is singular stays singular, and log p − log q at p = q is not rounding noise); of a
    cosh, its exact log (cosh 800 is ∞ in doubles). A ``Tuple`` maps to each entry's."""
    if isinstance(expr, sympy.Tuple):
        return sympy.Tuple(*(log_size(e) for e in expr))
    return _bound(expr, upper=True)


def _bound(expr: sympy.Basic, upper: bool) -> sympy.Basic:
    """log |expr| exactly, or an ``upper`` (else a lower) bound on it: a sum's log Σ|terms| is an
    upper bound only, so under a negative power it is not used (1/(eˣ − 1) at x → 0 read as
    1/2, and e^(−m²)/(eˣ − 1) = ∞ as a finite number)."""
    if expr.is_zero:  # KL(p ‖ p)'s integrand, cancelled to 0 (log 0 would be SymPy's zoo)
        return sympy.S.NegativeInfinity
    if isinstance(expr, sympy.Mul):
        return sympy.Add(*(_bound(a, upper) for a in expr.args))
    if isinstance(expr, sympy.Add) and upper:
        return functools.reduce(LogAddExp, (_bound(a, upper) for a in expr.args))
    if isinstance(expr, sympy.Abs):
        return _bound(expr.args[0], upper)
    if isinstance(expr, sympy.exp):
        return sympy.re(expr.args[0])
    if isinstance(expr, sympy.Piecewise):
        return sympy.Piecewise(*((_bound(e, upper), c) for e, c in expr.args))
    if isinstance(expr, (sympy.cosh, sympy.sech)) and expr.args[0].is_extended_real:
        z = expr.args[0]
        log_cosh = LogAddExp(z, -z) - sympy.log(2)
        return log_cosh if isinstance(expr, sympy.cosh) else -log_cosh
    # |b^e| = |b|^e for real b and e (b < 0 too: the principal branch adds a phase only)
    if isinstance(expr, sympy.Pow) and expr.exp.is_extended_real and expr.base.is_extended_real:
        if expr.exp.is_nonnegative:
            return expr.exp * _bound(expr.base, upper)
        if expr.exp.is_negative:
            return expr.exp * _bound(expr.base, not upper)
    return sympy.log(sympy.Abs(expr))
