"""log I_ν(z) as one node, for the expanded log-densities of the outcome quadratures.

A VonMises(μ, κ) density e^{κ cos(x − μ)}/(2π I₀(κ)) is integrated as the exponential of its
expanded logarithm κ·cos(x − μ) − log 2π − log I₀(κ); in double precision I₀(κ) is ∞ beyond
κ ≈ 714, and log ∞ would make every sample there unusable. This node takes the logarithm first
(mpmath for the few samples where NumPy's Bessel function overflows)::

    >>> round(float(LogBesselI(0, 10**4)), 6)
    9994.475904
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
import sympy

from ._special import _besseli

__all__ = ["LogBesselI", "log_bessel"]


def _log_mp(nu: Any, z: Any) -> Any:
    return mpmath.log(mpmath.besseli(nu, z))


def _log_one(nu: float, z: float) -> float:
    try:
        value = mpmath.log(mpmath.besseli(nu, z))
    except (ArithmeticError, ValueError):
        return float("nan")
    return float(value) if isinstance(value, mpmath.mpf) else float("nan")


def _log_besseli(nu: Any, z: Any) -> Any:
    if isinstance(nu, (mpmath.mpf, mpmath.mpc)) or isinstance(z, (mpmath.mpf, mpmath.mpc)):
        return _log_mp(nu, z)
    if np.iscomplexobj(np.asarray(z)) or np.iscomplexobj(np.asarray(nu)):
        return np.log(_besseli(nu, z))
    with np.errstate(all="ignore"):
        direct = np.log(np.asarray(_besseli(nu, z), dtype=float))
    nus, zs, out = np.broadcast_arrays(np.asarray(nu, float), np.asarray(z, float), direct)
    # Overflowed (or a real z < 0 with odd ν, where the log is complex: nan, as before).
    late = np.flatnonzero(np.isposinf(out) & np.isfinite(zs))
    if late.size:
        out = out.copy()
        out.flat[late] = [_log_one(float(nus.flat[i]), float(zs.flat[i])) for i in late]
    return out[()] if out.ndim == 0 else out


class LogBesselI(sympy.Function):
    """log I_ν(z), finite where I_ν(z) overflows a double."""

    nargs = 2
    _imp_ = staticmethod(_log_besseli)

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        result: sympy.Expr = sympy.log(sympy.besseli(*self.args)).evalf(prec)
        return result


def log_bessel(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with every log(besseli(ν, z)) as a :class:`LogBesselI` node."""
    return expr.replace(
        lambda e: isinstance(e, sympy.log) and isinstance(e.args[0], sympy.besseli),
        lambda e: LogBesselI(*e.args[0].args),
    )
