"""Strategies over symbolic sizes: the sum normal form, I(X; Y) ≥ 0 and the log-sum inequality.

The search is here; the certificates (:mod:`._kernel_information`) are re-checked by the kernel
with the same normal form (:mod:`._sum_normal_form`)::

    >>> prove(Eq(joint_entropy(J), entropy(J.marginal("X")) + conditional_entropy(J, "Y", "X")))
    Proof(verdict=<Verdict.PROVED: 'proved'>, method='sum-normal-form', ...)
"""

from __future__ import annotations

import sympy

from .._indexed_joint import ROW_INDEX, IndexedJoint
from .._uniform import UniformDiscrete
from ..distributions import IndexedDiscrete
from ..measures import Measure, distributions_in
from ._kernel_information import LogSum, SumNormalForm
from ._relation import Relation, RelationKind
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
        certificate = LogSum((a,), (b,), s.limits)
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
