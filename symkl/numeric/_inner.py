"""Expressions evaluated at many values of one variable per sample, their constant parts once.

An integrand is evaluated at every quadrature node, a summand at every outcome, a series term at
every index: the parts that do not depend on that variable (Γ of a parameter, a Bessel value, a
normalising constant) are computed once per sample by :meth:`Inner.prepare`::

    >>> x, a = sympy.symbols("x a")
    >>> [str(part) for part, _ in compile_inner(x * sympy.gamma(a), frozenset({x}), NUMPY).hoisted]
    ['gamma(a)']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy

from ..distributions import Distribution
from ..measures import Measure
from ._compile import Backend, Evaluator, compile_expr

__all__ = ["Inner", "compile_inner"]

NUMPY = Backend.NUMPY


@dataclass(frozen=True)
class Inner:
    """An expression evaluated at many values of ``varying`` (quadrature nodes, outcomes, terms)
    per sample: its parts that do not depend on them are computed once per sample by
    :meth:`prepare`, not at every node (Γ and Bessel values of parameters, at 50 digits too)."""

    main: Evaluator
    hoisted: tuple[tuple[sympy.Basic, Evaluator], ...]

    def prepare(self, env: Mapping[sympy.Basic, Any]) -> dict[sympy.Basic, Any]:
        """``env`` with the values of the hoisted parts added (keyed by the parts themselves)."""
        out = dict(env)
        out.update({part: f(env) for part, f in self.hoisted})
        return out

    def __call__(self, local: Mapping[sympy.Basic, Any]) -> Any:
        return self.main(local)


def compile_inner(expr: sympy.Basic, varying: frozenset[sympy.Basic], backend: Backend) -> Inner:
    """``expr`` compiled for many values of ``varying`` per sample (see :class:`Inner`)."""
    hoisted: dict[sympy.Basic, None] = {}

    def depends(node: sympy.Basic) -> bool:
        if node in varying:
            return True
        if not node.args or isinstance(node, (Measure, Distribution)):
            return bool(node.free_symbols & varying) or node.has(*varying)
        flags = [depends(a) for a in node.args]
        if any(flags):
            for a, flag in zip(node.args, flags, strict=True):
                if not flag and isinstance(a, sympy.Expr) and a.args and not a.is_number:
                    hoisted[a] = None
        return any(flags)

    if not depends(expr):
        hoisted.clear()
    given = frozenset(hoisted)
    parts = tuple((part, compile_expr(part, backend)) for part in hoisted)
    return Inner(compile_expr(expr, backend, given), parts)
