"""Identities between sums over symbolic sizes: one normal form, then cancellation.

Every rewrite is an identity for positive entries: log rules on positive arguments, splitting a
finite sum over its terms, pulling out factors free of the index, renaming bound indices,
exchanging two finite sums with constant limits (Fubini), and Σ p = 1 for the tables and
vectors in the claim (their normalisation by construction)::

    >>> prove(Eq(joint_entropy(J), entropy(J.marginal("X")) + conditional_entropy(J, "Y", "X")))
    Proof(verdict=<Verdict.PROVED: 'proved'>, method='sum-normal-form', ...)
"""

from __future__ import annotations

import sympy

from .._indexed_joint import ROW_INDEX, SUMMED_INDEX, IndexedJoint
from ..distributions import IndexedDiscrete
from ..measures import Measure, distributions_in, unfold
from ._relation import Relation, RelationKind
from ._strategies import Strategy, Success, convexity, register_strategy

__all__ = ["canonical", "sum_normal_form"]

_COLUMN = sympy.Symbol("j", integer=True, positive=True)


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
        g = g.xreplace({first: ROW_INDEX, second: _COLUMN})
        return sympy.Sum(g, (_COLUMN, *limits[second]), (ROW_INDEX, *limits[first]))
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


def _masses(rel: Relation) -> tuple[dict[sympy.Expr, sympy.Expr], list[str]]:
    masses: dict[sympy.Expr, sympy.Expr] = {}
    names: list[str] = []
    i, k = ROW_INDEX, SUMMED_INDEX
    for d in distributions_in(sympy.Tuple(rel.lhs, rel.rhs)):
        if isinstance(d, IndexedDiscrete):
            masses[sympy.Sum(d.base[i], (i, 1, d.n))] = sympy.S.One
            names.append(f"Σ {d.name} = 1")
        elif isinstance(d, IndexedJoint):
            m, n = d.sizes
            masses[sympy.Sum(sympy.Sum(d.base[i, k], (k, 1, n)), (i, 1, m))] = sympy.S.One
            masses[sympy.Sum(sympy.Sum(d.base[k, i], (k, 1, m)), (i, 1, n))] = sympy.S.One
            masses[sympy.Sum(d.base[i, _COLUMN], (_COLUMN, 1, n), (i, 1, m))] = sympy.S.One
            names.append(f"Σ_i Σ_j {d.name}[i, j] = 1")
    return masses, sorted(set(names))


def sum_normal_form(rel: Relation) -> Success | None:
    """lhs − rhs = 0 once both are in the sum normal form (symbolic sizes)."""
    if rel.kind is not RelationKind.EQ:
        return None
    dists = distributions_in(sympy.Tuple(rel.lhs, rel.rhs))
    if not any(isinstance(d, IndexedJoint) for d in dists) and not any(
        isinstance(d, IndexedDiscrete) for d in dists
    ):
        return None
    masses, names = _masses(rel)
    difference = canonical(rel.difference, masses)
    if difference != 0:
        return None
    return Success("sum-normal-form", ("each probability is in (0, 1]", *names))


def _log_bound_lemma() -> bool:
    """log x ≤ x − 1 for x > 0, certified by the convexity strategy (minimum 0 at x = 1)."""
    x = sympy.Symbol("x", positive=True)
    return convexity(Relation(RelationKind.GE, x - 1 - sympy.log(x), sympy.S.Zero)) is not None


def mutual_information_log_bound(rel: Relation) -> Success | None:
    """c·I(X; Y) + K ≥ 0 (c > 0, K ≥ 0) for an m × n table: with r = p(x) p(y),
    −I = Σ p log(r/p) ≤ Σ (r − p) = 0 by log x ≤ x − 1 (Gibbs). Never proves a strict claim."""
    from .._information import MutualInformation, _cell

    if rel.kind is not RelationKind.GE:
        return None
    found = [
        a
        for a in rel.difference.atoms(MutualInformation)
        if isinstance(a, MutualInformation) and isinstance(a.args[0], IndexedJoint)
    ]
    if len(found) != 1 or found[0].args[3]:
        return None
    mi = found[0]
    base = mi.base
    if not (base == sympy.E or (base.is_number and (base - 1).is_positive)):
        return None
    coefficient = rel.difference.coeff(mi)
    rest = sympy.expand(rel.difference - coefficient * mi)
    if coefficient.free_symbols or coefficient.is_positive is not True:
        return None
    if rest.has(Measure) or rest.free_symbols or rest.is_nonnegative is not True:
        return None
    joint: IndexedJoint = mi.args[0]
    p, p_x, p_y = _cell(joint)
    m, n = joint.sizes
    j = _COLUMN
    slack = sympy.Sum(sympy.Sum(p_x * p_y - p, (j, 1, n)), (ROW_INDEX, 1, m))
    masses, names = _masses(Relation(RelationKind.EQ, mi, sympy.S.Zero))
    if canonical(slack, masses) != 0 or not _log_bound_lemma():
        return None
    return Success(
        "gibbs",
        (
            "each probability is in (0, 1]",
            *names,
            "log x ≤ x − 1 for x > 0 (convexity), so p log(p(x) p(y) / p) ≤ p(x) p(y) − p",
            "Σ_i Σ_j (p(x_i) p(y_j) − p[i, j]) = 0",
        ),
    )


register_strategy(Strategy("sum-normal-form", sum_normal_form))
register_strategy(Strategy("mutual-information-log-bound", mutual_information_log_bound))
