"""How two evaluated sides are judged: in double precision per sample, then at 50 digits.

A double-precision infinity is no evidence by itself: e^λ at λ > 710 and log(e^λ) overflow to
∞ although both are finite. A sample with an infinite side therefore never agrees outright; it is
judged at 50 digits, where mpmath does not overflow, and only a side that is infinite there too
(a KL divergence against a zero probability) compares as an infinity::

    >>> import numpy as np
    >>> usable, agrees, near, error = compare(RelationKind.EQ, [np.inf, 1.0], [np.inf, 1.0], 1e-9)
    >>> agrees.tolist(), near.tolist()
    ([False, True], [True, False])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mpmath
import numpy as np
import sympy

from ..relations import RelationKind
from ._boundary import exact_points
from ._compile import Backend, evaluate
from ._plan import Plan

__all__ = ["NEAR_TIE", "as_number", "compare", "holds", "mp_env"]

#: Margins (relative) below which an agreeing inequality sample is re-evaluated at 50 digits.
NEAR_TIE = 1e-6


def compare(kind: RelationKind, lhs: Any, rhs: Any, tol: float) -> tuple[Any, Any, Any, Any]:
    """Per sample: usable, agrees (clear margin), needs 50 digits (a near tie or an infinite
    side that is not plainly a violation), error."""
    lhs, rhs = np.asarray(lhs, dtype=complex), np.asarray(rhs, dtype=complex)
    real = (np.abs(lhs.imag) < 1e-12) & (np.abs(rhs.imag) < 1e-12)
    a, b = lhs.real, rhs.real
    with np.errstate(all="ignore"):
        usable = ~np.isnan(lhs) & ~np.isnan(rhs)
        both_inf = real & np.isinf(a) & np.isinf(b) & (np.sign(a) == np.sign(b))
        # Which of these is an overflow is decided at 50 digits, not here.
        infinite = real & (np.isinf(a) | np.isinf(b))
        scale = 1 + np.abs(lhs) + np.abs(rhs)
        error = np.where(both_inf, 0.0, np.abs(lhs - rhs) / scale)
        error = np.where(np.isnan(error), np.inf, error)
        if kind is RelationKind.EQ:
            return usable, (error <= tol) & ~infinite, both_inf, error
        usable &= real
        margin = np.where(both_inf, 0.0, (a - b) / scale)
        margin = np.where(np.isnan(margin), -np.inf, margin)
        # An infinite side that would satisfy the relation (+∞ on the left, −∞ on the right)
        # is a candidate, like a near tie; one that would violate it is a suspected violation.
        satisfied_by_inf = np.isposinf(a) & ~np.isposinf(b) | np.isneginf(b) & ~np.isneginf(a)
        agrees = (margin > NEAR_TIE) & ~infinite
        near = ~agrees & ((margin >= -tol) | satisfied_by_inf)
        error = np.where(agrees | near, 0.0, error)
    return usable, agrees, near, error


def mp_env(plan: Plan, point: Mapping[sympy.Basic, Any]) -> dict[sympy.Basic, Any]:
    """The sample as mpmath numbers at the working precision, each simplex renormalised; a
    variable at the double nearest a constant switch point of the claim is at that point."""
    env: dict[sympy.Basic, Any] = {}
    exact = exact_points(plan) if plan.variables else {}
    for s, v in point.items():
        env[s] = mpmath.mpc(v) if isinstance(v, complex) else mpmath.mpf(v)
        if isinstance(v, float) and (s, v) in exact:
            env[s] = mpmath.mpf(evaluate(exact[(s, v)], {}, Backend.MPMATH))
    for group in plan.simplex:  # renormalise exactly: floats sum to 1 only to 1e-16
        # A probability at a constant switch point stays there: the others take what is left.
        on = [s for s in group if (s, point.get(s)) in exact]
        rest = [s for s in group if s not in on]
        total = mpmath.fsum(env[s] for s in rest)
        left = 1 - mpmath.fsum(env[s] for s in on)
        if on and rest and total > 0 and left >= 0:
            for s in rest:
                env[s] = env[s] * left / total
            continue
        total = mpmath.fsum(env[s] for s in group)
        for s in group:
            env[s] = env[s] / total
    return env


def holds(lhs: Any, rhs: Any, kind: RelationKind) -> bool | None:
    """Whether the relation holds between two 50-digit values (None: not comparable)."""
    complex_side = isinstance(lhs, mpmath.mpc) or isinstance(rhs, mpmath.mpc)
    if complex_side and kind is not RelationKind.EQ:
        if mpmath.im(lhs) != 0 or mpmath.im(rhs) != 0:
            return None
        lhs, rhs, complex_side = mpmath.re(lhs), mpmath.re(rhs), False
    if mpmath.isnan(lhs) or mpmath.isnan(rhs):
        return None
    if mpmath.isinf(lhs) or mpmath.isinf(rhs):
        if complex_side:
            return None
        if kind is RelationKind.EQ:
            return bool(lhs == rhs)
        return bool(lhs >= rhs) if kind is RelationKind.GE else bool(lhs > rhs)
    gap = lhs - rhs
    threshold = mpmath.mpf(10) ** (-30) * (1 + abs(lhs) + abs(rhs))
    if kind is RelationKind.EQ:
        return bool(abs(gap) <= threshold)
    if kind is RelationKind.GE:
        return bool(gap >= -threshold)
    return bool(gap > threshold)


def as_number(value: Any) -> Any:
    """A JSON-friendly number: float, ±inf, or the string of a complex value."""
    if isinstance(value, mpmath.mpc):
        if mpmath.im(value) != 0:
            return mpmath.nstr(value, 17)
        value = mpmath.re(value)
    return float(value) if not mpmath.isinf(value) else (np.inf if value > 0 else -np.inf)
