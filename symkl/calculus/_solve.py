"""``sympy.solve`` within bounds: the equations' size and polynomial degree are checked first.

Solving a cubic score equation in closed form (Cardano) or a large transcendental system can take
minutes and gigabytes inside SymPy; such systems are declined with the reason instead::

    >>> t, s = sympy.symbols("t s", positive=True)
    >>> bounded_solve([t**3 - s], [t]).reason
    'the equation is a polynomial of degree 3 in t (closed forms are tried up to degree 2)'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy

from .._guard import OPS_LIMIT  # equations larger than this are not handed to solve

__all__ = ["DEGREE_LIMIT", "TRANSCENDENTAL_OPS_LIMIT", "SolveLimit", "bounded_solve"]

#: Polynomial equations are solved up to this degree in each unknown.
DEGREE_LIMIT = 2
#: Equations that are not polynomial in the unknowns are tried only when this small.
TRANSCENDENTAL_OPS_LIMIT = 60


@dataclass(frozen=True)
class SolveLimit:
    """Why a system was not solved."""

    reason: str


def _check(equation: sympy.Expr, unknowns: Sequence[sympy.Symbol]) -> str | None:
    ops = sympy.count_ops(equation)
    if ops > OPS_LIMIT:
        return f"the equation has {ops} operations (the limit is {OPS_LIMIT})"
    numerator, _ = sympy.fraction(sympy.together(equation))
    try:
        poly = sympy.Poly(numerator, *unknowns)
    except sympy.PolynomialError:
        poly = None
    if poly is None or not poly.gens or any(not g.is_Symbol for g in poly.gens):
        if ops > TRANSCENDENTAL_OPS_LIMIT:
            return (
                f"the equation is not polynomial in {', '.join(map(str, unknowns))} and has "
                f"{ops} operations (the limit is {TRANSCENDENTAL_OPS_LIMIT})"
            )
        return None
    for u in unknowns:
        degree = poly.degree(u) if u in poly.gens else 0
        if degree > DEGREE_LIMIT:
            return (
                f"the equation is a polynomial of degree {degree} in {u} (closed forms are tried "
                f"up to degree {DEGREE_LIMIT})"
            )
    return None


def bounded_solve(
    equations: Sequence[sympy.Expr], unknowns: Sequence[sympy.Symbol]
) -> list[dict[sympy.Symbol, sympy.Expr]] | SolveLimit:
    """Every solution of ``equations = 0`` as dicts, or the reason the system was declined."""
    for equation in equations:
        reason = _check(sympy.sympify(equation), unknowns)
        if reason is not None:
            return SolveLimit(reason)
    try:
        solutions = sympy.solve(list(equations), list(unknowns), dict=True)
    except (NotImplementedError, ValueError, TypeError, RecursionError) as exc:
        return SolveLimit(f"sympy.solve could not solve it ({type(exc).__name__})")
    return [dict(s) for s in solutions]
