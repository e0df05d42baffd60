"""Which sampled rows meet a plan's constraints (facts, a Discrete's sum, ``Eq(p, q)``).

Equalities hold to :data:`FACT_TOLERANCE` (relative); a row whose sides are not real fails::

    >>> import numpy as np, sympy
    >>> t = sympy.Symbol("t", real=True)
    >>> satisfies([sympy.Gt(t, 0)], {t: np.array([-1.0, 2.0])}, 2).tolist()
    [False, True]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy

from ..distributions import Discrete
from ._compile import Backend, evaluate

__all__ = ["FACT_TOLERANCE", "close", "satisfies"]

#: Equality facts hold to this relative tolerance at sampled points: a point on the simplex
#: sums to 1 only to rounding, and an exact comparison would drop nearly every sample. The one
#: tolerance of spot checks, optimisation checks and the optimisation domain's ``contains``.
FACT_TOLERANCE = 1e-9


def close(left: Any, right: Any) -> Any:
    """Where two arrays are equal within :data:`FACT_TOLERANCE` (relative)."""
    return np.abs(left - right) <= FACT_TOLERANCE * (1 + np.abs(left) + np.abs(right))


def satisfies(constraints: list[sympy.Basic], env: Mapping[sympy.Basic, Any], size: int) -> Any:
    """Per row: every constraint holds (equalities within :data:`FACT_TOLERANCE`)."""
    valid = np.ones(size, dtype=bool)
    for fact in constraints:
        between = _between_distributions(fact, env, size)
        if between is not None:
            valid &= between
            continue
        if not isinstance(fact, sympy.Rel):
            try:
                truth = evaluate(sympy.Piecewise((1, fact), (0, True)), env, Backend.NUMPY)
            except (NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError):
                return np.zeros(size, dtype=bool)
            valid &= np.broadcast_to(np.asarray(truth) == 1, (size,))
            continue
        try:
            a = np.asarray(evaluate(fact.lhs, env, Backend.NUMPY))
            b = np.asarray(evaluate(fact.rhs, env, Backend.NUMPY))
        except (NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError):
            return np.zeros(size, dtype=bool)
        with np.errstate(invalid="ignore"):
            real = (np.imag(a) == 0) & (np.imag(b) == 0)
            a, b = np.real(a), np.real(b)
            if isinstance(fact, sympy.Eq):
                ok = real & close(a, b)
            elif isinstance(fact, sympy.Ne):
                ok = ~real | (a != b)
            elif isinstance(fact, sympy.Gt):
                ok = real & (a > b)
            elif isinstance(fact, sympy.Ge):
                ok = real & (a >= b)
            elif isinstance(fact, sympy.Lt):
                ok = real & (a < b)
            else:
                ok = real & (a <= b)
        valid &= np.broadcast_to(ok, (size,))
    return valid


def _between_distributions(
    fact: sympy.Basic, env: Mapping[sympy.Basic, Any], size: int
) -> Any | None:
    """Per row, ``Eq(p, q)`` / ``Ne(p, q)`` between two explicit distributions: every outcome
    equal / some outcome different (None when ``fact`` is not such a fact)."""
    if not isinstance(fact, (sympy.Eq, sympy.Ne)):
        return None
    left, right = fact.args
    if not (isinstance(left, Discrete) and isinstance(right, Discrete)):
        return None
    if len(left.probs) != len(right.probs):  # different outcome spaces: never the same
        return np.full(size, isinstance(fact, sympy.Ne))
    same = np.ones(size, dtype=bool)
    try:
        for a, b in zip(left.probs, right.probs, strict=True):
            va = np.asarray(evaluate(sympy.sympify(a), env, Backend.NUMPY))
            vb = np.asarray(evaluate(sympy.sympify(b), env, Backend.NUMPY))
            same &= np.broadcast_to(close(va, vb), (size,))
    except (NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError):
        return np.zeros(size, dtype=bool)
    # A row whose outcomes agree to FACT_TOLERANCE is taken as p = q: it leaves Ne's domain
    # (fewer samples, never a counterexample outside the fact).
    return same if isinstance(fact, sympy.Eq) else ~same
