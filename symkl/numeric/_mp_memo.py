"""A bounded per-process memo of values at the working precision of mpmath.

One side of a claim at one point is asked for again and again at 50 digits: a derivation's steps
share their sides (step k's right side is step k + 1's left), their spot checks draw the same
structured points, and a counterexample is judged, moved and judged again. Each evaluation can be
an integral or a series costing seconds; the value depends only on the expression, the point and
the precision, so it is kept::

    >>> import mpmath, sympy
    >>> t = sympy.Symbol("t")
    >>> calls = []
    >>> def slow(env):
    ...     calls.append(env[t])
    ...     return env[t] ** 2
    >>> with mpmath.workdps(50):
    ...     [memoized(t**2, {t: mpmath.mpf(3)}, slow) for _ in range(2)]
    [mpf('9.0'), mpf('9.0')]
    >>> len(calls)
    1
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

import mpmath
import sympy

__all__ = ["MEMO_SIZE", "clear", "memoized"]

#: Values kept at most (the least recently used go first): a spot check asks for a few hundred.
MEMO_SIZE = 4096

_memo: OrderedDict[tuple[Any, ...], Any] = OrderedDict()


def clear() -> None:
    """Forget every value (for tests and benchmarks that time cold evaluations)."""
    _memo.clear()


def memoized(
    expr: sympy.Basic,
    env: Mapping[sympy.Basic, Any],
    compute: Callable[[Mapping[sympy.Basic, Any]], Any],
) -> Any:
    """``compute(env)``, the value of ``expr`` at ``env``, computed once per point and precision.

    Only mpmath numbers are kept: they are immutable, and an evaluation is deterministic given
    its expression, its inputs and ``mpmath.mp.prec``. An exception is raised again each time
    (it is not kept: a MemoryError depends on what else the process holds).
    """
    try:
        # The type too: mpc(1) equals mpf(1) but may take another branch (log of a negative).
        key = (expr, mpmath.mp.prec, frozenset((s, type(v), v) for s, v in env.items()))
        hit = _memo.get(key)
    except TypeError:  # an unhashable value (an array): nothing to share
        return compute(env)
    if hit is not None:
        _memo.move_to_end(key)
        return hit
    value = compute(env)
    if isinstance(value, (mpmath.mpf, mpmath.mpc)):
        _memo[key] = value
        if len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return value
