"""Both sides of a claim at one point, at the working precision (mpmath), remembered.

>>> import mpmath
>>> from sympy import Eq, Symbol
>>> from symkl.relations import as_relation
>>> from symkl.numeric._plan import plan_for
>>> t = Symbol("t", positive=True)
>>> with mpmath.workdps(50):
...     sides(plan_for(as_relation(Eq(t**2, t)), None), {t: 3.0})[:2]
(mpf('9.0'), mpf('3.0'))
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mpmath
import sympy

from ._coincide import family_pairs, same_at
from ._compile import Backend, evaluate
from ._judge import mp_env
from ._mp_memo import memoized
from ._plan import Plan

__all__ = ["ERRORS", "side", "sides"]

#: What a numeric evaluation may raise where it has no value (no evidence either way).
#: A sample that raises one of these gives no evidence (a MemoryError: the worker's ceiling was
#: reached by one evaluation, e.g. mpmath at a point far out; the proof itself goes on).
ERRORS = (
    NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError, OverflowError,
    MemoryError,
)  # fmt: skip


def side(expr: sympy.Expr, env: Mapping[sympy.Basic, Any]) -> Any:
    """One side at the working precision, remembered (:mod:`._mp_memo`): the steps of a
    derivation share their sides and their spot checks draw the same structured points."""
    return memoized(expr, env, lambda at: evaluate(expr, at, Backend.MPMATH))


def sides(plan: Plan, point: Mapping[sympy.Basic, Any]) -> tuple[Any, Any, dict[Any, Any]]:
    """Both sides at the working precision; a left side that is nan (an integral that did not
    settle) leaves the sample unusable whatever the right side is, so that is not evaluated."""
    env = mp_env(plan, point)
    left, right = plan.lhs, plan.rhs
    # Two families that are one distribution at this point (Exponential(½) and Chi2(2)) are
    # written as one, so that a divergence between them is 0 exactly, not a rounded tie.
    aliases = same_at(family_pairs((left, right), plan.scalars), point)
    if aliases:
        left, right = left.xreplace(aliases), right.xreplace(aliases)
    lhs = side(left, env)
    if isinstance(lhs, mpmath.mpf) and mpmath.isnan(lhs):
        return lhs, mpmath.nan, env
    return lhs, side(right, env), env
