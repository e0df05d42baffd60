"""Bounds on the SymPy calls that can run away: one limit shared by every strategy and the kernel.

``simplify``, ``factor``, ``solveset`` and ``limit`` are only called on expressions below
:data:`OPS_LIMIT` operations whose integers stay below :data:`DIGITS_LIMIT` digits and whose
integer powers stay below :data:`DEGREE_LIMIT`; otherwise the caller raises :class:`Skipped`,
which the engine records in the proof's detail::

    >>> affordable(sympy.Rational(69314718055994530942, 10**20))
    False
    >>> why_costly(sympy.exp(1250 - sympy.Symbol("mu")))
    'a power of degree 1250 (limit 64)'
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import sympy

__all__ = [
    "DEGREE_LIMIT",
    "DIGITS_LIMIT",
    "OPS_LIMIT",
    "Skipped",
    "affordable",
    "high_degree",
    "huge_number",
    "raise_strategy_errors",
    "reduced_budget",
    "require_affordable",
    "why_costly",
]


def raise_strategy_errors() -> bool:
    """``SYMKL_STRATEGY_ERRORS=raise`` (the test suite): a bug in a strategy propagates."""
    return os.environ.get("SYMKL_STRATEGY_ERRORS", "").lower() == "raise"


#: Expensive SymPy calls (simplify, factor, solveset, limit) only below this operation count.
OPS_LIMIT = 400
#: ... and only when every integer and rational in the expression has at most this many digits
#: (simplify of a log against a 20-digit rational can take gigabytes).
DIGITS_LIMIT = 15
#: ... and every integer power (e^1250 = E^1250 too: a polynomial generator) at most this degree
#: (factor of e^(1250 − μ)/2 − e^(1250 − μ) factored a degree-1250 polynomial for minutes).
DEGREE_LIMIT = 64


#: The share of OPS_LIMIT in force (lowered while facts are tried in encoded form).
_SHARE = [1.0]


@contextlib.contextmanager
def reduced_budget(share: float) -> Iterator[None]:
    """Within the block, expensive calls are allowed only below ``share``·OPS_LIMIT operations."""
    _SHARE.append(share)
    try:
        yield
    finally:
        _SHARE.pop()


class Skipped(Exception):  # noqa: N818 - a control-flow signal, not an error
    """A strategy declined an expression too costly to treat; the message says why."""


def huge_number(expr: sympy.Basic) -> str | None:
    """'a number with 20 digits (limit 15)' when ``expr`` holds one, else None."""
    for atom in expr.atoms(sympy.Rational):
        for part in (atom.p, atom.q):
            digits = len(str(abs(part)))
            if digits > DIGITS_LIMIT:
                return f"a number with {digits} digits (limit {DIGITS_LIMIT})"
    return None


def high_degree(expr: sympy.Basic) -> str | None:
    """'a power of degree 1250 (limit 64)' when an integer power in ``expr`` is above the limit
    (e^(1250 − μ) counts: SymPy's polynomials read e^1250 as E to the power 1250)."""
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.exp):
            exponent = sympy.Add.make_args(node.args[0])
        elif isinstance(node, sympy.Pow):
            exponent = (node.exp,)
        else:
            continue
        for term in exponent:
            if term.is_Integer and abs(int(term)) > DEGREE_LIMIT:
                return f"a power of degree {abs(int(term))} (limit {DEGREE_LIMIT})"
    return None


def why_costly(expr: sympy.Basic) -> str | None:
    """Why ``expr`` is too costly for expensive SymPy calls, or None when it is affordable."""
    huge = huge_number(expr) or high_degree(expr)
    if huge is not None:
        return huge
    limit = int(OPS_LIMIT * _SHARE[-1])
    ops = sympy.count_ops(expr)
    if ops > limit:
        return f"{ops} operations (limit {limit})"
    return None


def affordable(expr: sympy.Basic) -> bool:
    """True when simplify, factor, solveset and limit may be called on ``expr``."""
    return why_costly(expr) is None


def require_affordable(expr: sympy.Basic, what: str) -> None:
    """Raise :class:`Skipped` naming ``what`` when ``expr`` is too costly."""
    reason = why_costly(expr)
    if reason is not None:
        raise Skipped(f"{what} skipped: {reason}")
