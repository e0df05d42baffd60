"""Subtrees that occur more than once in an expression, computed once by the generated code.

Only whole subtrees are shared (never a part of a sum or a product), so every value is computed
by exactly the operations it was before, once instead of several times::

    >>> x, y = sympy.symbols("x y")
    >>> [str(e) for e in repeated_subtrees(sympy.Tuple(sympy.exp(x * y), x * y + 1), {}, False)]
    ['x*y']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy

__all__ = ["number_prefix", "number_prologue", "number_subtrees", "repeated_subtrees"]


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


#: Nodes a number subtree may contain: arithmetic, logarithms and exponentials of rationals,
#: floats and constants such as π, which cannot fail (log 0 = −∞, log(−2) and 0^(−1) have mpmath
#: values) and whose value depends only on the working precision. Other functions of numbers
#: are left inline: Γ(0) raises, which must happen only where its branch runs.
_ARITHMETIC = (sympy.Add, sympy.Mul, sympy.Pow, sympy.log, sympy.exp)


def _is_number_tree(node: sympy.Basic) -> bool:
    if isinstance(node, (sympy.Rational, sympy.Float, sympy.NumberSymbol)):
        return True
    return isinstance(node, _ARITHMETIC) and all(_is_number_tree(a) for a in node.args)


def number_prefix(node: sympy.Basic) -> sympy.Basic | None:
    """The leading number factors of a product that has other factors too, as one unevaluated
    product, when there are two or more (½·√2·π^(−½) of a Normal density): multiplied first
    anyway, their product is computed once, by the same operations in the same order.

        >>> x = sympy.Symbol("x")
        >>> number_prefix(sympy.exp(-(x**2) / 2) / sympy.sqrt(2 * sympy.pi))
        sqrt(2)/(2*sqrt(pi))
        >>> number_prefix(sympy.sqrt(2) * x / 3) is None  # the factors are (1/3, x, √2)
        True
    """
    if not isinstance(node, sympy.Mul):
        return None
    count = 0
    while count < len(node.args) and _is_number_tree(node.args[count]):
        count += 1
    if count < 2 or count == len(node.args):
        return None
    return sympy.Mul(*node.args[:count], evaluate=False)


def number_subtrees(expr: sympy.Basic, named: Mapping[sympy.Basic, str]) -> list[sympy.Basic]:
    """The largest subtrees of ``expr`` that are arithmetic, logarithms and exponentials of
    rationals, floats and constants (1/2, √2, 0.3, log 2, π^(−1/2)), integers alone left out
    (they print as Python ints): mpmath code computes them once per precision instead of at
    every call (at every node of a 50-digit quadrature)::

        >>> x = sympy.Symbol("x")
        >>> expr = sympy.sqrt(2) * x + x / 3 + 2 + sympy.log(2) * x / sympy.sqrt(sympy.pi)
        >>> sorted(str(n) for n in number_subtrees(expr, {}))
        ['1/3', '1/sqrt(pi)', 'log(2)', 'sqrt(2)']
    """
    found: list[sympy.Basic] = []
    stack = [expr]
    while stack:
        node = stack.pop()
        if node in named or node in found:
            continue
        if _is_number_tree(node):
            if not isinstance(node, sympy.Integer):
                found.append(node)
            continue
        args = [a for a in node.args if isinstance(a, sympy.Basic)]
        prefix = number_prefix(node)
        if prefix is not None:
            if prefix not in found:
                found.append(prefix)
            args = args[len(prefix.args) :]
        stack.extend(reversed(args))
    return found


def number_prologue(expr: sympy.Basic, printer: Any, signature: str) -> list[str]:
    """Lines of generated mpmath code binding ``_k`` to the numbers of ``expr`` at the working
    precision, computed at the first call at that precision (cached in the function's global
    ``_kcache``); ``printer`` names them ``_k[i]`` from then on. The same values as computed
    inline: the same code at the same precision. Where one of them raises (e^(e^(e^10)) refused
    by the guarded exp, in a Piecewise branch that may never run), the call goes to the inline
    code, the function's global ``_inline`` taking ``signature``: it raises only where it would."""
    constants: list[str] = []
    # All printed before any is named: one number inside another (1/2 in √2) prints in full.
    printed = [(node, printer.doprint(node)) for node in number_subtrees(expr, printer.names)]
    for node, text in printed:
        if not text.startswith("-"):  # as printed inline: a sum would pull out that sign
            printer.names[node] = f"_k[{len(constants)}]"
            constants.append(text)
    if not constants:
        return []
    return [
        "    _k = _kcache.get(mpmath.mp.prec)\n    if _k is None:\n        try:\n"
        f"            _k = ({', '.join(constants)},)\n"
        "        except Exception:\n            _k = ()\n"
        "        _kcache[mpmath.mp.prec] = _k\n"
        f"    if not _k:\n        return _inline({signature})\n"
    ]
