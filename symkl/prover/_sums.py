"""Strategies over symbolic sizes: the sum normal form, I(X; Y) ≥ 0 and the log-sum inequality.

The search is here; the certificates (:mod:`._kernel_information`) are re-checked by the kernel
with the same normal form (:mod:`._sum_normal_form`)::

    >>> from sympy import Eq, Symbol
    >>> from symkl import entropy, prove
    >>> from symkl.information import Joint, conditional_entropy, joint_entropy
    >>> m, n = Symbol("m", integer=True, positive=True), Symbol("n", integer=True, positive=True)
    >>> J = Joint.symbolic("p", (m, n))
    >>> prove(Eq(joint_entropy(J), entropy(J.marginal("X")) + conditional_entropy(J, "Y", "X")))
    Proof(verdict=<Verdict.PROVED: 'proved'>, method='sum-normal-form', ...)
"""

from __future__ import annotations

from typing import Any

import sympy

from ..distributions import IndexedDiscrete, UniformDiscrete
from ..joint import ROW_INDEX, IndexedJoint, IndexedMarginal
from ..measures import Measure, distributions_in
from ..relations import Relation, RelationKind
from ._kernel_information import LogSum, SumNormalForm
from ._strategies import Strategy, Success, register_strategy
from ._sum_normal_form import COLUMN, canonical, masses_in

__all__ = ["log_sum_inequality", "mutual_information_log_bound", "sum_normal_form"]


def sum_normal_form(rel: Relation) -> Success | None:
    """lhs − rhs = 0 once both are in the sum normal form (symbolic sizes): normalisation
    Σ p = 1 and marginalisation Σ_j p[i, j] = p(x_i) are among its rewrites."""
    if rel.kind is not RelationKind.EQ:
        return None
    dists = distributions_in(sympy.Tuple(rel.lhs, rel.rhs))
    if not any(isinstance(d, (IndexedJoint, IndexedDiscrete, UniformDiscrete)) for d in dists):
        return None
    if rel.difference.has(sympy.Integral, sympy.Product):
        return None  # not a sum identity: left to the other strategies
    masses, names = masses_in(sympy.Tuple(rel.lhs, rel.rhs))
    if canonical(rel.difference, masses) != 0:
        return None
    return Success("sum-normal-form", ("each probability is in (0, 1]", *names), SumNormalForm())


def _split_constant(
    difference: sympy.Expr, measure: sympy.Expr
) -> tuple[sympy.Expr, sympy.Expr] | None:
    """difference = c·measure + rest with c > 0 and rest ≥ 0 constants, or None."""
    coefficient = difference.coeff(measure)
    rest = sympy.expand(difference - coefficient * measure)
    if coefficient.free_symbols or coefficient.is_positive is not True:
        return None
    if rest.has(Measure) or rest.free_symbols or rest.is_nonnegative is not True:
        return None
    return coefficient, rest


def mutual_information_log_bound(rel: Relation) -> Success | None:
    """c·I(X; Y) + K ≥ 0 (c > 0, K ≥ 0) for an m × n table: the log-sum inequality with
    a = p[i, j], b = p(x_i) p(y_j), both summing to 1. Never proves a strict claim."""
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
    if not (mi.base == sympy.E or (mi.base.is_number and (mi.base - 1).is_positive)):
        return None
    split = _split_constant(rel.difference, mi)
    if split is None:
        return None
    coefficient, rest = split
    coefficient = coefficient / sympy.log(mi.base)  # I_b = I / log b
    joint: IndexedJoint = mi.args[0]
    p, p_x, p_y = _cell(joint)
    m, n = joint.sizes
    limits = ((COLUMN, sympy.S.One, n), (ROW_INDEX, sympy.S.One, m))
    _, names = masses_in(joint)
    return Success(
        "gibbs",
        (
            "each probability is in (0, 1]",
            *names,
            "log-sum inequality: Σ a log(a/b) ≥ (Σ a) log(Σ a / Σ b), from log x ≤ x − 1",
            "a = p[i, j], b = p(x_i) p(y_j), Σ a = Σ b = 1",
        ),
        LogSum((p,), (p_x * p_y,), limits, (), coefficient, rest),
    )


def _pair(term: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """a·log(a/b) as (a, b)."""
    logs = [f for f in sympy.Mul.make_args(term) if isinstance(f, sympy.log)]
    if len(logs) != 1:
        return None
    a = sympy.Mul(*(f for f in sympy.Mul.make_args(term) if f is not logs[0]))
    if a == 1:
        return None
    return a, a / logs[0].args[0]


def _linked_here(rel: Relation, cert: LogSum) -> bool:
    """The strategy's own guess at the kernel's link (cheap; the kernel decides)."""
    big_a, big_b = sympy.Sum(cert.a[0], *cert.inner), sympy.Sum(cert.b[0], *cert.inner)
    gap = sympy.Sum(cert.a[0] * sympy.log(cert.a[0] / cert.b[0]), *cert.inner)
    gap -= big_a * sympy.log(big_a / big_b)
    claimed = sympy.Sum(gap, *cert.outer) if cert.outer else gap
    return bool(canonical(rel.difference - claimed, {}) == 0)


def log_sum_inequality(rel: Relation) -> Success | None:
    """Σ_i a_i log(a_i / b_i) ≥ (Σ a) log(Σ a / Σ b) for positive a, b (non-normalised), and
    k·(that gap) + rest ≥ 0. The sum is read off the claim; the kernel re-checks it all."""
    if rel.kind is not RelationKind.GE or rel.difference.has(Measure):
        return None
    for s in sorted(rel.difference.atoms(sympy.Sum), key=sympy.default_sort_key):
        if s.function.has(sympy.Sum):
            continue
        pair = _pair(s.function)
        if pair is None:
            continue
        a, b = pair
        splits: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = [(s.limits, ())]
        if len(s.limits) == 2:  # Σ_j Σ_i: the log-sum inequality for each j (data processing)
            splits = [((s.limits[0],), (s.limits[1],)), ((s.limits[1],), (s.limits[0],))]
        for inner, outer in splits:
            certificate = LogSum((a,), (b,), inner, outer)
            if _linked_here(rel, certificate):
                break
        else:
            continue
        return Success(
            "log-sum",
            (
                "every a and b is positive",
                "log-sum inequality (Cover & Thomas 2.7.1), from log x ≤ x − 1",
            ),
            certificate,
        )
    return None


register_strategy(Strategy("sum-normal-form", sum_normal_form))
register_strategy(Strategy("mutual-information-log-bound", mutual_information_log_bound))
register_strategy(Strategy("log-sum", log_sum_inequality))


def data_processing(rel: Relation) -> Success | None:
    """c·(D(p ‖ q) − D(p_Y ‖ q_Y)) + rest ≥ 0 for m × n tables p, q (and likewise for X):
    marginalising is a channel, and the gap is Σ_j of log-sum gaps over i. ≥ only."""
    from .._information import TableKL
    from ..measures import KLDivergence

    if rel.kind is not RelationKind.GE:
        return None
    tables = [t for t in rel.difference.atoms(TableKL) if isinstance(t, TableKL)]
    if len(tables) != 1 or not isinstance(tables[0].p, IndexedJoint):
        return None
    whole = tables[0]
    coefficient = rel.difference.coeff(whole)
    rest = sympy.expand(rel.difference - coefficient * whole)
    if coefficient.free_symbols or coefficient.is_positive is not True:
        return None
    others = [m for m in rest.atoms(KLDivergence) if not isinstance(m, TableKL)]
    if len(others) != 1 or not isinstance(others[0].p, IndexedMarginal):
        return None
    part = others[0]
    if sympy.expand(rest + coefficient * part).has(Measure) or part.base != whole.base:
        return None
    residue = sympy.expand(rest + coefficient * part)
    if residue.free_symbols or residue.is_nonnegative is not True:
        return None
    p, q = whole.p, whole.q
    m, n = p.sizes
    a, b = p.entry(ROW_INDEX, COLUMN), q.entry(ROW_INDEX, COLUMN)
    rows, columns = (ROW_INDEX, sympy.S.One, m), (COLUMN, sympy.S.One, n)
    # p_Y sums the rows out (inner over i, outer over j); p_X the columns.
    inner, outer = (rows, columns) if part.p.axis == 1 else (columns, rows)
    factor = coefficient / sympy.log(whole.base)
    return Success(
        "data-processing",
        (
            "each probability is in (0, 1]",
            "marginalising is a channel: D(p ‖ q) − D(p_Y ‖ q_Y) = Σ_j (Σ_i p log(p/q) − "
            "p(y_j) log(p(y_j)/q(y_j)))",
            "each bracket ≥ 0 by the log-sum inequality",
        ),
        LogSum((a,), (b,), (inner,), (outer,), factor, residue),
    )


register_strategy(Strategy("data-processing", data_processing))


def conditional_kl_bound(rel: Relation) -> Success | None:
    """c·D(p(y | x) ‖ q(y | x)) + rest ≥ 0 for m × n tables: for each x, the log-sum inequality
    over y with a = p[x, y], b = q[x, y] (Σ_y a = p(x), Σ_y b = q(x)). ≥ only (p = q)."""
    from .._information import ConditionalKL

    if rel.kind is not RelationKind.GE:
        return None
    found = [c for c in rel.difference.atoms(ConditionalKL) if isinstance(c, ConditionalKL)]
    if len(found) != 1 or not isinstance(found[0].p, IndexedJoint):
        return None
    measure = found[0]
    if not (measure.base == sympy.E or (measure.base.is_number and (measure.base - 1).is_positive)):
        return None
    split = _split_constant(rel.difference, measure)
    if split is None:
        return None
    coefficient, rest = split
    p, q = measure.p, measure.q
    m, n = p.sizes
    a, b = p.entry(ROW_INDEX, COLUMN), q.entry(ROW_INDEX, COLUMN)
    rows, columns = (ROW_INDEX, sympy.S.One, m), (COLUMN, sympy.S.One, n)
    # Given X (rows): for each row the log-sum inequality over the columns; given Y, the reverse.
    inner, outer = (columns, rows) if p.axis(measure.args[3][0]) == 0 else (rows, columns)
    return Success(
        "log-sum",
        (
            "each probability is in (0, 1]",
            "D(p(y | x) ‖ q(y | x)) = Σ_x (Σ_y p log(p/q) − p(x) log(p(x)/q(x)))",
            "each bracket ≥ 0 by the log-sum inequality",
        ),
        LogSum((a,), (b,), (inner,), (outer,), coefficient / sympy.log(measure.base), rest),
    )


register_strategy(Strategy("conditional-kl-log-sum", conditional_kl_bound))
