"""The sum normal form: identities between sums over symbolic sizes reduce to cancellation.

Trusted by the kernel (:mod:`._kernel_information`), so every rewrite here is an identity for
positive entries: log rules on positive arguments (never forced), splitting a finite sum over
its terms, pulling out factors free of the index (Σ_a^b c = c·(b − a + 1) holds in SymPy's
convention for every a, b), renaming bound indices, exchanging two finite sums with constant
limits (Fubini), and Σ p = 1 for the indexed vectors and tables (normalised by construction)::

    >>> from sympy import Sum, Symbol
    >>> from symkl import Discrete
    >>> from symkl.prover._sum_normal_form import canonical, masses_in
    >>> n, i = Symbol("n", integer=True, positive=True), Symbol("i", integer=True, positive=True)
    >>> P = Discrete.symbolic("p", n)
    >>> canonical(Sum(P.base[i], (i, 1, n)) - 1, masses_in(P)[0])
    0
"""

from __future__ import annotations

import sympy

from ..distributions import IndexedDiscrete
from ..joint import ROW_INDEX, SUMMED_INDEX, IndexedJoint
from ..measures import Measure, distributions_in, unfold

__all__ = ["COLUMN", "canonical", "masses_in"]

COLUMN = sympy.Symbol("j", integer=True, positive=True)


def _pure(expr: sympy.Expr) -> sympy.Expr:
    """Σ_v p[a, v] and Σ_v p[v, a] with their bound index renamed to k (alpha-equivalence)."""

    def rename(node: sympy.Sum) -> sympy.Expr:
        if len(node.limits) != 1 or not isinstance(node.function, sympy.Indexed):
            return node
        v = node.limits[0][0]
        if v == SUMMED_INDEX or SUMMED_INDEX in node.function.free_symbols:
            return node
        return sympy.Sum(
            node.function.xreplace({v: SUMMED_INDEX}), (SUMMED_INDEX, *node.limits[0][1:])
        )

    result: sympy.Expr = expr.replace(lambda e: isinstance(e, sympy.Sum), rename)
    return result


def _split_one(body: sympy.Expr, limit: tuple[sympy.Basic, ...]) -> sympy.Expr:
    v, lower, upper = limit
    body = sympy.expand(sympy.expand_log(body, deep=True, force=False))
    total = sympy.S.Zero
    for term in sympy.Add.make_args(body):
        outside, inside = term.as_independent(v, as_Add=False)
        if inside == 1:
            total += outside * (upper - lower + 1)
        else:
            total += outside * _pure(sympy.Sum(inside, (v, lower, upper)))
    return total


def _split(node: sympy.Sum) -> sympy.Expr:
    """Σ over a sum of terms = sum of Σ's; factors free of the index move out (innermost
    limit first: SymPy writes Σ_i Σ_j as one Sum with two limits)."""
    limits = node.limits
    if len(limits) == 2:
        (v2, lo2, hi2), (v1, lo1, hi1) = limits
        bounds = lo1.free_symbols | hi1.free_symbols | lo2.free_symbols | hi2.free_symbols
        if not bounds & {v1, v2}:
            # Constant limits: the two finite sums commute (Fubini), so each term sums first
            # over the index that frees a factor, e.g. Σ_j log p(y_j) Σ_i p[i, j].
            body = sympy.expand(sympy.expand_log(node.function, deep=True, force=False))
            total = sympy.S.Zero
            for term in sympy.Add.make_args(body):
                order = limits
                if term.as_independent(v2, as_Add=False)[0] == 1 and (
                    term.as_independent(v1, as_Add=False)[0] != 1
                ):
                    order = (limits[1], limits[0])
                total += _split_one(_split_one(term, order[0]), order[1])
            return total
    result = node.function
    for limit in limits:
        result = _split_one(result, limit)
    return result


def _first_slot(expr: sympy.Expr, candidates: set[sympy.Basic]) -> sympy.Basic | None:
    """The index among ``candidates`` that appears first in every 2-index entry, if one does."""
    firsts = {
        e.indices[0]
        for e in expr.atoms(sympy.Indexed)
        if len(e.indices) == 2 and set(e.indices) <= candidates
    }
    return next(iter(firsts)) if len(firsts) == 1 else None


def _order(term: sympy.Expr) -> sympy.Expr:
    """A top-level Σ_a Σ_b g in the order (first index of the table outer, named i, j); a single
    Σ_v g with its index named i."""
    if not isinstance(term, sympy.Sum):
        return term
    g = term.function
    if len(term.limits) == 2:
        (v2, lo2, hi2), (v1, lo1, hi1) = term.limits  # v2 is the inner index
        bounds = lo1.free_symbols | hi1.free_symbols | lo2.free_symbols | hi2.free_symbols
        names = {v1, v2}
        if bounds & names or (g.has(sympy.Sum) and (SUMMED_INDEX in names or not _only_pure(g))):
            return term
        first = _first_slot(g, names)
        if first is None:
            return term
        second = v2 if first == v1 else v1
        limits = {v1: (lo1, hi1), v2: (lo2, hi2)}
        g = g.xreplace({first: ROW_INDEX, second: COLUMN})
        return sympy.Sum(g, (COLUMN, *limits[second]), (ROW_INDEX, *limits[first]))
    if len(term.limits) != 1:
        return term
    v1, lo1, hi1 = term.limits[0]
    if v1 == ROW_INDEX or ROW_INDEX in g.free_symbols:
        return term
    return sympy.Sum(g.xreplace({v1: ROW_INDEX}), (ROW_INDEX, lo1, hi1))


def _only_pure(expr: sympy.Expr) -> bool:
    """Every sum inside is a marginal Σ_k p[·, k] or Σ_k p[k, ·] (bound index k)."""
    return all(
        len(s.limits) == 1
        and s.limits[0][0] == SUMMED_INDEX
        and isinstance(s.function, sympy.Indexed)
        for s in expr.atoms(sympy.Sum)
    )


def canonical(expr: sympy.Expr, masses: dict[sympy.Expr, sympy.Expr]) -> sympy.Expr:
    """``expr`` with measures unfolded and its sums in the normal form described above."""
    e = unfold(expr) if expr.has(Measure) else expr
    for _ in range(2):  # the second pass splits sums that renaming made combinable
        e = e.replace(lambda x: isinstance(x, sympy.Sum), _split)
        e = sympy.expand(e)
        terms = []
        for term in sympy.Add.make_args(e):
            factors = [_order(f).xreplace(masses) for f in sympy.Mul.make_args(term)]
            terms.append(sympy.Mul(*factors))
        e = sympy.expand(sympy.Add(*terms))
    return e


def masses_in(expr: sympy.Basic) -> tuple[dict[sympy.Expr, sympy.Expr], list[str]]:
    """Σ = 1 for every indexed vector and table in ``expr`` (normalised by construction),
    as the sums the normal form writes, with their text."""
    masses: dict[sympy.Expr, sympy.Expr] = {}
    names: list[str] = []
    i, k = ROW_INDEX, SUMMED_INDEX
    for d in distributions_in(expr):
        if isinstance(d, IndexedDiscrete):
            masses[sympy.Sum(d.base[i], (i, 1, d.n))] = sympy.S.One
            names.append(f"Σ {d.name} = 1")
        elif isinstance(d, IndexedJoint):
            m, n = d.sizes
            masses[sympy.Sum(sympy.Sum(d.base[i, k], (k, 1, n)), (i, 1, m))] = sympy.S.One
            masses[sympy.Sum(sympy.Sum(d.base[k, i], (k, 1, m)), (i, 1, n))] = sympy.S.One
            masses[sympy.Sum(d.base[i, COLUMN], (COLUMN, 1, n), (i, 1, m))] = sympy.S.One
            names.append(f"Σ_i Σ_j {d.name}[i, j] = 1")
    return masses, sorted(set(names))
