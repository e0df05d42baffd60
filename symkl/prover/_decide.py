"""The two decision procedures every kernel rule relies on: a zero test and a sign test, each a
fixed list of SymPy steps (no forced rewriting) below a cost limit.

>>> import sympy
>>> p = sympy.Symbol("p", positive=True)
>>> vanishes(sympy.log(p**2) - 2 * sympy.log(p)), nonnegative(p - 1, strict=False)
(True, False)
"""

from __future__ import annotations

import sympy

from .._guard import affordable

__all__ = ["nonnegative", "vanishes"]


def vanishes(expr: sympy.Expr) -> bool:
    """``expr`` is zero: expand + expand_log (unforced), then simplify below the cost limit."""
    if expr.has(sympy.nan, sympy.zoo, sympy.Float):
        return False
    out = sympy.expand(sympy.expand_log(expr, deep=True, force=False))
    if out == 0:
        return True
    if not affordable(out):
        return False
    simpler = sympy.simplify(out)
    return bool(simpler == 0 or sympy.expand(sympy.expand_log(simpler, force=False)) == 0)


def _abstract_rounding(expr: sympy.Expr) -> sympy.Expr:
    """ceil(a) = a + f, floor(a) = a − f, frac(a) = f with a fresh f ∈ [0, 1) each (sound: a
    bound proved for every such f holds for the true fractional part)."""

    def fraction() -> sympy.Expr:
        t = sympy.Dummy("t", nonnegative=True)  # t/(1 + t) runs over [0, 1)
        return t / (1 + t)

    return (
        expr.replace(sympy.ceiling, lambda a: a + fraction())
        .replace(sympy.floor, lambda a: a - fraction())
        .replace(sympy.frac, lambda a: fraction())
    )


def nonnegative(expr: sympy.Expr, strict: bool) -> bool:
    """SymPy shows ``expr`` ≥ 0 (> 0 when strict) from the symbols' assumptions."""
    if expr.has(sympy.nan, sympy.zoo, sympy.Float):
        return False
    attribute = "is_positive" if strict else "is_nonnegative"
    if expr.has(sympy.ceiling, sympy.floor, sympy.frac):
        expr = _abstract_rounding(expr)
    candidates = [expr, sympy.expand(sympy.expand_log(expr, deep=True, force=False))]
    if affordable(expr):
        candidates += [sympy.factor(candidates[-1]), sympy.simplify(expr)]
    return any(getattr(c, attribute) is True for c in candidates)
