"""How far a series must be summed before a tiny, falling tail may end it: each additive part of
the summand is followed in log space, where a mass far out (Poisson with a large rate) does not
underflow, and the sum may end only once no part rises any more::

    >>> lam = sympy.Symbol("lam", positive=True)
    >>> k = sympy.Symbol("k", integer=True, nonnegative=True)
    >>> reach = compile_reach(2 ** -(k + 1) + lam**k * sympy.exp(-lam) / sympy.factorial(k), k)
    >>> int(reach.horizon(1024, {lam: np.array([5000.0])})[0]) > 4500
    True

A part whose log-magnitude cannot be written down (a factor of unknown sign inside a log of
unknown reality) leaves the series without a reach: the callers then keep their own tests.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from ._compile import Backend
from ._inner import Inner, compile_inner
from ._special import NUMPY_FUNCTIONS

__all__ = ["PROBE_LIMIT", "Reach", "compile_reach", "log_magnitude"]

#: How far the parts are followed: past every sampled parameter (≤ 10⁴) and its square.
PROBE_LIMIT = 10**8
#: Ratio of successive probe points: a part that rises anywhere before its peak rises at the
#: probe just before it (a bump of a single part is unimodal in log space).
PROBE_RATIO = 1.05
#: A slope (difference of log-magnitudes of successive terms) above this, relative to the
#: log-magnitude, is a rise rather than rounding.
RISE = 1e-12


class _LogGamma(sympy.Function):
    """log Γ(x) for x > 0 (SymPy's loggamma of k + 1 would become log Γ(k + 1), which
    overflows past k = 170), evaluated by the engine's vectorised log Γ."""

    nargs = 1
    _imp_ = staticmethod(NUMPY_FUNCTIONS["loggamma"])


def _factor_log(factor: sympy.Expr) -> sympy.Expr | None:
    """log |factor| up to a constant, or None when it cannot be written down."""
    base, exponent = factor.as_base_exp()
    if exponent.is_extended_real is not True:
        return None
    if isinstance(base, sympy.exp):
        arg = base.args[0]
        return exponent * (arg if arg.is_extended_real else sympy.re(arg))
    if isinstance(base, sympy.factorial) and base.args[0].is_nonnegative is True:
        return exponent * _LogGamma(base.args[0] + 1)
    if isinstance(base, sympy.gamma) and base.args[0].is_positive is True:
        return exponent * _LogGamma(base.args[0])
    # |b^e| = |b|^e for real e, whatever the sign of b (the principal branch)
    return exponent * sympy.log(sympy.Abs(base))


def log_magnitude(component: sympy.Expr, k: sympy.Symbol) -> sympy.Expr | None:
    """log |component| as a function of ``k``, up to terms free of ``k`` (which do not change
    where it rises or falls); None when a factor's magnitude cannot be written down.

    >>> k = sympy.Symbol("k", integer=True, nonnegative=True)
    >>> log_magnitude(3 * (-2) ** k / sympy.factorial(k), k)
    k*log(2) - _LogGamma(k + 1)
    """
    logs: list[sympy.Expr] = []
    for factor in sympy.Mul.make_args(component):
        if not factor.has(k):
            continue
        part = _factor_log(factor)
        if part is None:
            return None
        logs.append(part)
    return sympy.Add(*logs)


@functools.lru_cache(maxsize=256)
def _probes(at: int) -> Any:
    """Probe points from ``at`` up to PROBE_LIMIT, in steps of 5 %, each with its predecessor."""
    points = {at}
    p = float(at)
    while p < PROBE_LIMIT:
        p = max(p + 1, p * PROBE_RATIO)
        points.add(math.floor(p))
    ahead = np.array(sorted(points), dtype=float)
    return ahead, np.concatenate([ahead - 1, ahead])


@dataclass(frozen=True)
class Reach:
    """The log-magnitudes of a summand's additive parts, compiled for double precision."""

    k: sympy.Symbol
    parts: tuple[Inner, ...]

    def horizon(self, at: int, env: Mapping[sympy.Basic, Any]) -> Any:
        """Per sample (float array of the samples' shape), the last probe index ≥ ``at`` at which
        some part still rises, plus one; ``at`` when none does from ``at`` on (the terms fall
        from there: a tiny tail may end the sum)."""
        ahead, both = _probes(max(int(at), 1))
        shape = np.broadcast_shapes(
            *(np.shape(v) for v in env.values() if isinstance(v, np.ndarray))
        )
        last = np.full(shape, -1.0)
        for part in self.parts:
            local = {s: (v[..., None] if isinstance(v, np.ndarray) else v)
                     for s, v in part.prepare(env).items()}  # fmt: skip
            local[self.k] = both
            with np.errstate(all="ignore"):
                values = np.asarray(part(local))
                if np.iscomplexobj(values):  # not a log-magnitude after all: no information
                    values = np.where(values.imag == 0, values.real, np.nan)
                values = np.broadcast_to(values, (*shape, both.size))
                before, after = values[..., : ahead.size], values[..., ahead.size :]
                slope = after - before
                # −∞ → −∞ (a zero part) is not a rise; +∞ or nan says nothing either way
                rising = np.isfinite(slope) & (slope > RISE * (1 + np.abs(after)))
            index = np.where(rising, ahead, -1.0).max(axis=-1)
            last = np.maximum(last, index)
        return np.where(last < 0, float(at), last + 1)


def compile_reach(summand: sympy.Expr, k: sympy.Symbol) -> Reach | None:
    """The reach of ``summand`` over ``k``, or None when a part's magnitude is out of reach."""
    parts: list[Inner] = []
    for component in sympy.Add.make_args(summand):
        if not component.has(k):
            continue
        logged = log_magnitude(component, k)
        if logged is None:
            return None
        if logged.has(k):
            parts.append(compile_inner(logged, frozenset({k}), Backend.NUMPY))
    return Reach(k, tuple(parts))
