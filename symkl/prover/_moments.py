"""Strategies for integrals against a general density f (an undefined function, its facts in
``where``): linearity of expectation with stated moments, and Gibbs' inequality against an
explicit density. The kernel re-checks both (:mod:`._kernel_integrals`).

    >>> from sympy import Eq, Function, Integral, Symbol, oo
    >>> from symkl import prove
    >>> x, f = Symbol("x", real=True), Function("f")
    >>> facts = [f(x) >= 0, Eq(Integral(f(x), (x, 0, oo)), 1), Eq(Integral(x*f(x), (x, 0, oo)), 2)]
    >>> prove(Eq(Integral((x + 1) * f(x), (x, 0, oo)), 3), where=facts).method
    'linearity-of-expectation'
"""

from __future__ import annotations

import sympy
from sympy.core.function import AppliedUndef

from .._decoding import sstr  # the user's p in the text, not the encoded d/(1 + d)
from ..relations import Relation, RelationKind
from ._kernel_integrals import (
    VARIABLE,
    DensityGibbs,
    MomentLinear,
    coefficient_of,
    decompose,
    density_facts,
    moment_facts,
)
from ._strategies import Strategy, Success, register_strategy

__all__ = ["density_gibbs", "moment_linearity"]

_T = VARIABLE


def _general(rel: Relation) -> bool:
    d = rel.difference
    return bool(d.has(sympy.Integral) and any(i.has(AppliedUndef) for i in d.atoms(sympy.Integral)))


def _solve(expr: sympy.Expr, rel: Relation) -> tuple[MomentLinear, sympy.Expr] | None:
    """Coefficients a_j with Σ c_k g_k = Σ a_j w_j pointwise, and c₀ + Σ a_j v_j (the value of
    ``expr`` by linearity); None when the stated moments do not span the integrands."""
    shape = decompose(expr)
    if isinstance(shape, str):
        return None
    constant, parts, interval = shape
    facts = [m for m in moment_facts(rel.where) if m[1] == interval]
    if not facts:
        return None
    chosen = _span(parts, facts, interval)
    if chosen is None:
        return None
    known = {w for w, _, _ in facts}
    finite = []
    for _, g in parts:
        alone = _span([(sympy.S.One, g)], facts, interval) if g not in known else None
        if alone is not None:
            finite.append((g, alone))
    value = constant + sympy.Add(*(a * v for a, (_, _, v) in zip(chosen, facts, strict=True)))
    return MomentLinear(chosen, tuple(finite)), sympy.expand(value)


def _span(
    parts: list[tuple[sympy.Expr, sympy.Expr]],
    facts: list[tuple[sympy.Expr, tuple[sympy.Expr, sympy.Expr], sympy.Expr]],
    interval: tuple[sympy.Expr, sympy.Expr],
) -> tuple[sympy.Expr, ...] | None:
    """a_j with Σ c_k g_k = Σ a_j w_j at every point, or None."""
    unknowns = [sympy.Dummy(f"a{j}") for j in range(len(facts))]
    x = sympy.Dummy("x", positive=True) if interval[0] == 0 else sympy.Dummy("x", real=True)
    undefined = {a for _, g in parts for a in g.atoms(AppliedUndef)}
    undefined |= {a for w, _, _ in facts for a in w.atoms(AppliedUndef)}
    values = {a: sympy.Dummy("u", positive=True) for a in undefined}
    logs = {sympy.log(u): sympy.Dummy("L") for u in values.values()}
    difference = sympy.Add(*(c * g for c, g in parts)) - sympy.Add(
        *(a * w for a, (w, _, _) in zip(unknowns, facts, strict=True))
    )
    pointwise = difference.xreplace(values).xreplace({_T: x})
    expanded = sympy.expand(sympy.expand_log(pointwise, deep=True, force=False)).xreplace(logs)
    generators = [x, *values.values(), *logs.values()]
    try:
        equations = sympy.Poly(expanded, *generators).coeffs()
        solutions = sympy.solve(equations, unknowns, dict=True)
    except (sympy.PolynomialError, NotImplementedError, ValueError):
        return None
    if not solutions:
        return None
    free = dict.fromkeys(unknowns, sympy.S.Zero)  # an undetermined coefficient: any value works
    chosen = tuple(sympy.sympify(solutions[0].get(a, a)).xreplace(free) for a in unknowns)
    pointwise_symbols = {x, *values.values(), *logs.values()}
    return None if any(a.free_symbols & pointwise_symbols for a in chosen) else chosen


def moment_linearity(rel: Relation) -> Success | None:
    """lhs − rhs = 0 by linearity of the integral and the stated moments of the density."""
    if rel.kind is not RelationKind.EQ or not _general(rel):
        return None
    solved = _solve(rel.difference, rel)
    if solved is None or sympy.expand(solved[1]) != 0:
        return None
    facts = tuple(str(f) for f in rel.where if isinstance(f, sympy.Eq))
    signs = tuple(f"{g}(x) ≥ 0" for g in density_facts(rel.where))
    return Success("linearity-of-expectation", (*signs, *facts), solved[0])


def _kl_integrand(integrand: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(f(t), g) when the integrand is f(t)·log(f(t)/g), else None."""
    for factor in sympy.Mul.make_args(integrand):
        if isinstance(factor, AppliedUndef):
            rest = sympy.Mul(*(a for a in sympy.Mul.make_args(integrand) if a is not factor))
            if isinstance(rest, sympy.log):
                reference = sympy.simplify(factor / rest.args[0])
                if not reference.has(AppliedUndef):
                    return factor, reference
    return None


def density_gibbs(rel: Relation) -> Success | None:
    """lhs − rhs = c·∫ f log(f/g) + rest ≥ 0: Gibbs' inequality against an explicit density g."""
    if rel.kind is not RelationKind.GE or not _general(rel):
        return None
    d = rel.difference
    for integral in sorted(d.atoms(sympy.Integral), key=sympy.default_sort_key):
        if len(integral.limits) != 1 or len(integral.limits[0]) != 3:
            continue
        t, lo, hi = integral.limits[0]
        found = _kl_integrand(integral.function)
        if found is None:
            continue
        density, reference = found
        coefficient = coefficient_of(d, integral)
        if coefficient is None or coefficient.is_positive is not True:
            continue
        atoms = {i: sympy.Dummy("J") for i in d.atoms(sympy.Integral)}
        back = {v: k for k, v in atoms.items()}
        remainder = sympy.expand((d - coefficient * integral).xreplace(atoms)).xreplace(back)
        link: MomentLinear | None = None
        if remainder.has(sympy.Integral):
            solved = _solve(remainder, rel)
            if solved is None:
                continue
            link, remainder = solved
        cert = DensityGibbs(density, reference, t, (lo, hi), coefficient, remainder, link)
        return Success(
            "gibbs",
            (
                f"{sstr(density)} ≥ 0 and ∫ {sstr(density)} = 1",
                f"{sstr(reference)} > 0 is a density",
                "f log(f/g) ≥ f − g pointwise",
            ),
            cert,
        )
    return None


register_strategy(
    Strategy("linearity-of-expectation", moment_linearity, frozenset({RelationKind.EQ}))
)
register_strategy(Strategy("density-gibbs", density_gibbs, frozenset({RelationKind.GE})))
