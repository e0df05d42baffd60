"""Evaluation under the conventions of information theory.

SymPy evaluates ``0*log(0)`` to ``nan`` and ``log(0)`` to ``zoo``. For probabilities the standard
conventions are 0·log 0 = 0, 0·∞ = 0 (a term weighted by probability zero contributes nothing),
log 0 = −∞ and c/0 = +∞ for c > 0. :func:`substitute` rebuilds an expression bottom-up under them:

    >>> import sympy
    >>> p = sympy.Symbol("p")
    >>> substitute(-p * sympy.log(p), {p: sympy.S.Zero})
    0
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

__all__ = ["substitute"]


def _exact_zero(value: sympy.Basic) -> bool:
    # Structural, not assumption-based: only a literal zero probability triggers a convention.
    return bool(value.is_Number and value == 0)


def substitute(expr: sympy.Expr, mapping: Mapping[sympy.Basic, sympy.Expr]) -> sympy.Expr:
    """``expr`` with ``mapping`` applied, evaluated with 0·log 0 = 0 and log 0 = −∞."""
    cache: dict[sympy.Basic, sympy.Expr] = {}

    def walk(node: sympy.Basic) -> sympy.Expr:
        if node in mapping:
            return mapping[node]
        if node in cache:
            return cache[node]
        if not node.args or (isinstance(node, (sympy.Indexed,)) and node not in mapping):
            result: sympy.Expr = node
            cache[node] = result
            return result
        args = [walk(a) if isinstance(a, sympy.Basic) else a for a in node.args]
        if isinstance(node, sympy.Mul):
            zero = any(_exact_zero(a) for a in args)
            result = sympy.S.Zero if zero else sympy.Mul(*args)
        elif isinstance(node, sympy.log) and _exact_zero(args[0]):
            result = sympy.S.NegativeInfinity
        elif isinstance(node, sympy.Pow) and _exact_zero(args[0]) and args[1].is_extended_negative:
            result = sympy.S.Infinity
        else:
            result = node.func(*args)
        if result is sympy.S.ComplexInfinity:
            result = sympy.S.Infinity
        cache[node] = result
        return result

    return walk(expr)
