"""Rows where a claim's parameters meet: every scalar at 1 or 0 together, and the points where
two of its families are one distribution (Exponential(½) and Chi2(2)). A strict claim between
divergences fails exactly there, on a set no random row meets.

>>> import sympy
>>> from symkl.numeric._plan import POSITIVE, Plan
>>> a = sympy.Symbol("a", positive=True)
>>> canonical_points(Plan(a, a, [], {a: POSITIVE}))
[{a: 1.0}]
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy

from ..measures import distributions_in
from ..relations import Relation
from ._coincide import coincidences, family_pairs
from ._plan import Plan, sampling_domain

__all__ = ["canonical_points", "coinciding_points", "met_rows", "removable_instances"]


#: Values where one family turns into another (Beta(1, 1) and Uniform(−δ, 1 + δ) at δ = 0,
#: Gamma(1, λ) and Exponential(λ), Weibull(1, λ)): every scalar at one of them at once.
_CANONICAL = (1.0, 0.0)
#: Scalars whose every combination of canonical values is tried; past it, the one-off rows.
_CANONICAL_PRODUCT = 4


def canonical_points(plan: Plan) -> list[dict[sympy.Symbol, float]]:
    """Rows with every scalar at 1 or 0 (where its domain has them) together, the equality
    cases of families of different shape (KL(Beta(a, b) ‖ Uniform(−δ₁, 1 + δ₂)) = 0 only at
    a = b = 1, δ₁ = δ₂ = 0), which the aligned structured rows never meet when the scalars'
    domains differ: every combination for up to four such scalars, else all at 1, all at 0 and
    each one alone against the others."""
    choices = {
        s: values
        for s in plan.scalars
        if len(values := [v for v in _CANONICAL if sampling_domain(plan, s).contains(v)]) > 1
    }
    fixed = {
        s: values[0]
        for s in plan.scalars
        if s not in choices
        and (values := [v for v in _CANONICAL if sampling_domain(plan, s).contains(v)])
    }
    if not fixed and not choices:
        return []
    symbols = sorted(choices, key=str)
    if len(symbols) <= _CANONICAL_PRODUCT:
        combos = list(itertools.product(*(choices[s] for s in symbols)))
    else:
        ones, zeros = tuple(1.0 for _ in symbols), tuple(0.0 for _ in symbols)
        flips = [
            tuple(b if j == k else a for j in range(len(symbols)))
            for a, b in ((1.0, 0.0), (0.0, 1.0))
            for k in range(len(symbols))
        ]
        combos = [ones, zeros, *flips]
    return [{**fixed, **dict(zip(symbols, combo, strict=True))} for combo in combos]


def coinciding_points(plan: Plan) -> list[dict[sympy.Symbol, float]]:
    """Where two of the claim's parametric distributions are the same one (see ``_coincide``),
    the scalars they leave free at their first canonical value."""
    domains = {s: sampling_domain(plan, s) for s in plan.scalars}
    points = coincidences(family_pairs((plan.lhs, plan.rhs), plan.scalars), domains)
    if not points:
        return []
    rest = dict(next(iter(canonical_points(plan) or [{}])))
    return [{**rest, **point} for point in points]


#: Rows at a coincidence looked at with 50 digits per spot check, beyond the usual probes.
MET_ROWS = 4


def met_rows(plan: Plan, env: Mapping[sympy.Basic, Any], rows: Any) -> list[int]:
    """Those of ``rows`` that sit exactly on a point where two of the claim's families coincide
    (at most :data:`MET_ROWS`)."""
    points = coinciding_points(plan)
    found: list[int] = []
    for point in points:
        hit = np.ones(len(rows), dtype=bool)
        for s, value in point.items():
            if s not in env:
                hit[:] = False
                break
            hit &= np.asarray(env[s])[rows] == value
        found += [int(k) for k in np.asarray(rows)[hit] if int(k) not in found]
    return found[:MET_ROWS]


def removable_instances(rel: Relation) -> list[tuple[dict[str, float], Relation]]:
    """``rel`` with parameters at their families' removable points (ContinuousBernoulli(λ) at
    λ = ½, where its formulas read 0/0 and no sample has a value): each alone, then all
    together; an instance whose facts are then false is left out. KL(CB(λ) ‖ Exponential(μ)) >
    E_CB(λ)[−log Exponential(μ)] holds for every λ but ½, where the sides are equal."""
    points: dict[sympy.Symbol, sympy.Expr] = {}
    for d in distributions_in(sympy.Tuple(rel.lhs, rel.rhs)):
        points.update(d.removable_points())
    ordered = sorted(points.items(), key=lambda item: str(item[0]))
    choices = [dict([item]) for item in ordered] + ([dict(ordered)] if len(ordered) > 1 else [])
    out: list[tuple[dict[str, float], Relation]] = []
    for values in choices:
        facts = [f.xreplace(values) for f in rel.where]
        if any(f is sympy.false for f in facts):
            continue  # the claim's own facts exclude the point
        lhs, rhs = rel.lhs.xreplace(values), rel.rhs.xreplace(values)
        kept = tuple(f for f in facts if f is not sympy.true)
        label = {str(s): float(v) for s, v in values.items()}
        out.append((label, Relation(rel.kind, lhs, rhs, rel.flipped, kept)))
    return out
