"""The integral of a pointwise expression in densities whose supports differ.

Inside an integral over p's support, a density q is its pdf where q's support covers the piece of
the interval, 0 where it does not; a log of that 0 makes the piece infinite, so KL(q ‖ p) with q on
(0, 2) and p on (0, 1) is ∞, not −log 2 (as it would be if p's formula were used everywhere)::

    >>> import sympy
    >>> from symkl import Density
    >>> x = sympy.Symbol("x", real=True)
    >>> q = Density(sympy.S.Half, x, (0, 2), name="q")
    >>> p = Density(sympy.S.One, x, (0, 1), name="p")
    >>> integrate_pieces(q * sympy.log(q / p), q, [q, p])  # ∫_0^1 … + ∫_1^2 ∞
    oo

The same module sums an expectation outcome by outcome when 0·∞ must not cancel
(:func:`explicit_expectation`).
"""

from __future__ import annotations

import itertools

import sympy

from . import _conventions
from ._atoms import Distribution, Kind, distributions_in
from .errors import UnsupportedMeasureError

__all__ = ["divides_by", "explicit_expectation", "integrate_pieces"]


def divides_by(f: sympy.Expr, p: Distribution) -> bool:
    """f divides by p somewhere SymPy would cancel it once p·f is expanded: a negative power of p
    in f's sums, products and integer powers (q/p − 1 too), not inside a function such as
    log(q/p), where 0·log(q/0) is the convention's to settle."""
    if isinstance(f, (sympy.Add, sympy.Mul)):
        return any(divides_by(a, p) for a in f.args)
    if isinstance(f, sympy.Pow):
        if f.base == p:
            return bool(f.exp.is_negative)
        return bool(f.exp.is_integer) and divides_by(f.base, p)
    return False


def explicit_expectation(p: Distribution, f: sympy.Expr) -> sympy.Expr:
    """Σ_k p_k f_k over the explicit outcomes of ``p``, a term with p_k = 0 being 0 even when
    f_k = ∞.

    >>> import sympy
    >>> from symkl import Discrete
    >>> p = Discrete([sympy.S.Half, sympy.S.Half])
    >>> q = Discrete([1, 0], name="q")
    >>> explicit_expectation(q, p / q)  # 1·(1/2)/1 + 0·(1/2)/0, the last term 0
    1/2
    """
    size = p.support.size
    if size is None:
        raise UnsupportedMeasureError(
            f"an outcome-by-outcome sum needs explicit outcomes, got {p.name}"
        )
    weighted = sympy.Mul(p, f, evaluate=False)  # unevaluated: p·(q/p) must not cancel yet
    atoms = distributions_in(weighted)
    return sympy.Add(*(_term(weighted, atoms, p.value_at(k), k) for k in range(1, size + 1)))


def _term(
    weighted: sympy.Expr, atoms: list[Distribution], weight: sympy.Expr, k: int
) -> sympy.Expr:
    """The k-th term p_k·f_k. A weight that may be 0 (a plain symbol p in Discrete([p, 1 − p]))
    keeps that case apart: SymPy cancels p·(1/p) to 1, which is only right where p ≠ 0, and at
    p = 0 the convention makes the term 0 (E_p[1/p] is the size of p's support, not 2)."""
    term = _conventions.substitute(weighted, {d: d.value_at(k) for d in atoms})
    if weight.is_zero is not None or term.is_zero:
        return term
    return sympy.Piecewise((term, sympy.Ne(weight, 0)), (sympy.S.Zero, True))


def _relation(value: sympy.Basic) -> bool | None:
    if value is sympy.true:
        return True
    if value is sympy.false:
        return False
    return None


def _cuts(atoms: list[Distribution], lo: sympy.Expr, hi: sympy.Expr) -> list[sympy.Expr] | None:
    """The support bounds of ``atoms`` strictly inside (lo, hi), with lo and hi, in order.

    None when a bound cannot be placed (symbolic): the caller then keeps each density's
    Piecewise form over the whole interval.
    """
    cuts = [lo, hi]
    for d in atoms:
        support = d.support
        for bound in (support.lower, support.upper):
            if bound is None or bound in cuts:
                continue
            inside = _relation(sympy.And(sympy.Lt(lo, bound), sympy.Lt(bound, hi)))
            if inside is None:
                return None
            if inside:
                cuts.append(bound)
    if not all(c.is_number or c.is_infinite for c in cuts):
        return None
    return sorted(cuts, key=lambda c: float(c))


def _on_piece(d: Distribution, a: sympy.Expr, b: sympy.Expr) -> str:
    """'in' when d's support covers [a, b], 'out' when it misses it, '?' when undecidable."""
    lower, upper = d.support.lower, d.support.upper
    if lower is None or upper is None:
        return "?"
    covers = _relation(sympy.And(sympy.Le(lower, a), sympy.Le(b, upper)))
    if covers:
        return "in"
    misses = _relation(sympy.Or(sympy.Le(upper, a), sympy.Ge(lower, b)))
    return "out" if misses else "?"


def integrate_pieces(
    summand: sympy.Expr, over: Distribution, atoms: list[Distribution]
) -> sympy.Expr:
    """∫ summand over ``over``'s support, split where another density's support starts or ends.

    Each density is its pdf on pieces its support covers and 0 on pieces it misses (a Piecewise
    where that is undecidable); a piece whose integrand is ±∞ (a log of 0 weighted by a positive
    density) contributes ±∞.
    """
    support = over.support
    var, lo, hi = support.variable, support.lower, support.upper
    assert var is not None
    assert lo is not None
    assert hi is not None
    continuous = [d for d in atoms if d.kind is Kind.CONTINUOUS and d != over]
    cuts = _cuts(continuous, lo, hi)
    if cuts is None:
        mapping = {d: (d.value_inside(var) if d == over else d.value_at(var)) for d in atoms}
        return sympy.Integral(_conventions.substitute(summand, mapping), (var, lo, hi))
    total: list[sympy.Expr] = []
    for a, b in itertools.pairwise(cuts):
        values: dict[sympy.Basic, sympy.Expr] = {}
        signs: dict[sympy.Basic, sympy.Expr] = {}
        for d in atoms:
            where = "in" if d == over else _on_piece(d, a, b)
            if where == "in":
                values[d] = d.value_inside(var)
                signs[d] = sympy.Dummy(d.name, positive=True)
            elif where == "out":
                values[d] = signs[d] = sympy.S.Zero
            else:
                values[d] = signs[d] = d.value_at(var)
        # With the covering densities as positive symbols, a 0 inside a log shows as ±∞.
        generic = _conventions.substitute(summand, signs)
        if generic in (sympy.oo, sympy.S.NegativeInfinity):
            total.append(generic)
            continue
        term = _conventions.substitute(summand, values)
        if term != 0 and len(cuts) > 2 and var not in term.free_symbols and (b - a).is_finite:
            total.append(term * (b - a))  # a constant on a finite piece: no integral to keep
        elif term != 0:
            total.append(sympy.Integral(term, (var, a, b)))
    return sympy.Add(*total)
