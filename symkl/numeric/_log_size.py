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
    """log |expr|, a sum over the factors of ``expr`` (each a power's exponent times the log of
    its base, an exponential's real exponent). Of a sum, log Σ|terms| (an upper bound: what is
    singular stays singular, and log p − log q at p = q is not rounding noise); of a cosh, its
    exact log (cosh 800 is ∞ in doubles). A ``Tuple`` maps to the tuple of each entry's."""
    if isinstance(expr, sympy.Tuple):
        return sympy.Tuple(*(log_size(e) for e in expr))
    if expr.is_zero:  # KL(p ‖ p)'s integrand, cancelled to 0 (log 0 would be SymPy's zoo)
        return sympy.S.NegativeInfinity
    if isinstance(expr, sympy.Mul):
        return sympy.Add(*(log_size(a) for a in expr.args))
    if isinstance(expr, sympy.Add):
        return functools.reduce(LogAddExp, (log_size(a) for a in expr.args))
    if isinstance(expr, sympy.Abs):
        return log_size(expr.args[0])
    if isinstance(expr, sympy.exp):
        return sympy.re(expr.args[0])
    if isinstance(expr, sympy.Piecewise):
        return sympy.Piecewise(*((log_size(e), c) for e, c in expr.args))
    if isinstance(expr, (sympy.cosh, sympy.sech)) and expr.args[0].is_extended_real:
        z = expr.args[0]
        log_cosh = LogAddExp(z, -z) - sympy.log(2)
        return log_cosh if isinstance(expr, sympy.cosh) else -log_cosh
    # |b^e| = |b|^e for real b and e (b < 0 too: the principal branch adds a phase only)
    if isinstance(expr, sympy.Pow) and expr.exp.is_extended_real and expr.base.is_extended_real:
        return expr.exp * log_size(expr.base)
    return sympy.log(sympy.Abs(expr))
