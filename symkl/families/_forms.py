"""Small pieces the families' closed forms share: 0·log 0 conventions and support nesting.

>>> xlog_ratio(0, 0)
0
"""

from __future__ import annotations

import sympy

from .._registry import entropy_closed_form
from ._base import Family
from ._moments import times

__all__ = ["entropy_by_moments", "infinite_unless", "kl_by_moments", "nested", "xlog_ratio"]


def xlog_ratio(a: sympy.Expr | int, b: sympy.Expr | int) -> sympy.Expr:
    """a·log(a/b) with 0·log(0/b) = 0 and a·log(a/0) = ∞ for a > 0."""
    a, b = sympy.sympify(a), sympy.sympify(b)
    if a.is_zero:
        return sympy.S.Zero
    if b.is_zero:
        return sympy.oo
    return a * sympy.log(a / b)


def nested(p: Family, q: Family) -> sympy.Boolean:
    """supp p ⊆ supp q, as a condition on the parameters (True / False when decided)."""
    lo_p, hi_p = p.bounds()
    lo_q, hi_q = q.bounds()
    return sympy.And(sympy.Ge(lo_p, lo_q), sympy.Le(hi_p, hi_q))


def infinite_unless(condition: sympy.Boolean, value: sympy.Expr) -> sympy.Expr:
    """``value`` where ``condition`` holds, ∞ elsewhere (a Piecewise when undecided)."""
    if condition is sympy.true:
        return value
    if condition is sympy.false:
        return sympy.oo
    result: sympy.Expr = sympy.Piecewise((value, condition), (sympy.oo, True))
    return result


def entropy_by_moments(d: Family) -> sympy.Expr:
    """H = −Σ c_k·E[φ_k] from the family's log-density and moment table."""
    total = sympy.S.Zero
    for coefficient, phi in d.log_terms():
        moment = d.moment(phi)
        assert moment is not None
        total -= times(coefficient, moment)
    return total


def kl_by_moments(p: Family, q: Family) -> sympy.Expr | None:
    """KL(p ‖ q) = −H(p) − Σ c^q_k·E_p[φ_k] from p's moment table; None if one is missing."""
    condition = nested(p, q)
    if condition is sympy.false:
        return sympy.oo
    if p.moment_group is None or q.moment_group is None:
        return None
    h = entropy_closed_form(p)
    if h is None:
        return None
    total = -h
    finite: sympy.Boolean = sympy.true
    for coefficient, phi in q.log_terms():
        moment = p.moment(phi)
        if moment is None:
            # No tabulated E_p[φ]: the KL stays unevaluated rather than handed to
            # sympy.integrate, which runs for minutes on these integrands.
            from ..measures import KLDivergence

            return KLDivergence(p, q)
        if not sympy.sympify(coefficient).is_zero:
            # A divergent E_p[x] or E_p[x²] enters −log q with positive weight (log q falls like
            # −x or −x² at ∞), so KL = ∞ there.
            finite = sympy.And(finite, p.finite_when(phi))
        total -= times(coefficient, moment)
    return infinite_unless(sympy.And(condition, finite), total)
