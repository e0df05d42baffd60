"""Subtrees that occur more than once in an expression, computed once by the generated code.

Only whole subtrees are shared (never a part of a sum or a product), so every value is computed
by exactly the operations it was before, once instead of several times::

    >>> x, y = sympy.symbols("x y")
    >>> [str(e) for e in repeated_subtrees(sympy.Tuple(sympy.exp(x * y), x * y + 1), {}, False)]
    ['x*y']
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

__all__ = ["repeated_subtrees"]


def repeated_subtrees(
    expr: sympy.Basic, named: Mapping[sympy.Basic, str], lazy: bool
) -> list[sympy.Basic]:
    """The subexpressions of ``expr`` met more than once, each after those inside it.

    ``named`` subtrees (arguments, measures cut out) are values already and are not entered.
    With ``lazy`` (mpmath code, where a ``Piecewise`` runs only its chosen branch) nothing
    inside a ``Piecewise`` is shared: computing it up front could fail where the branch would
    never have run (a pole of Γ in a branch not taken).
    """
    counts: dict[sympy.Basic, int] = {}
    order: list[sympy.Basic] = []
    # Post-order without recursion (deep sums would exceed the recursion limit).
    stack: list[tuple[sympy.Basic, bool]] = [(expr, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
            continue
        if node in named or not node.args:
            continue
        if node in counts:
            counts[node] += 1
            continue
        counts[node] = 1
        stack.append((node, True))
        if lazy and isinstance(node, sympy.Piecewise):
            continue
        stack.extend((a, False) for a in reversed(node.args) if isinstance(a, sympy.Basic))
    return [n for n in order if counts[n] > 1 and isinstance(n, sympy.Expr)]
