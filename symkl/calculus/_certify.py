"""Certified minimisers: a stationary point of an objective that is strictly convex on a box.

On a box (an interval per variable) an objective whose Hessian has positive leading principal
minors everywhere is strictly convex, so a stationary point inside is its unique global minimiser.
Such a minimiser settles a same-argmin claim: if the other objective is lower somewhere (50
digits), the minimisers differ (REFUTED); if the other objective has the same certified
minimiser, they agree (PROVED)::

    >>> from sympy import Interval, log, symbols
    >>> from symkl.calculus._domain import as_domain
    >>> p, q = symbols("p q", positive=True)
    >>> domain = as_domain(Interval.open(0, 1), (p,), [q < 1])
    >>> unique_minimiser(p * log(p / q) + (1 - p) * log((1 - p) / (1 - q)), (p,), domain).point
    {p: q}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy

from ..measures import Measure
from . import _numeric as num
from ._calculus import explicit, smooth
from ._domain import Domain, interval_text, own_interval, positive_on, real_on
from ._solve import SolveLimit, bounded_solve

__all__ = ["Minimiser", "lower_point", "unique_minimiser"]

#: Objectives in more variables than this are not certified (Hessian minors grow fast).
MAX_VARIABLES = 3
#: Candidate points tried when looking for a point where the other objective is lower.
CANDIDATES = 256
#: Random draws of the other symbols (parameters) per search, after their structured values.
CONTEXTS = 6


@dataclass(frozen=True)
class Minimiser:
    """The unique global minimiser of an objective on the domain, and why it is one."""

    point: dict[sympy.Symbol, sympy.Expr]
    reason: str
    assumptions: tuple[str, ...]


def _box(wrt: Sequence[sympy.Symbol], domain: Domain) -> dict[sympy.Symbol, sympy.Interval] | None:
    box = {}
    for w in wrt:
        interval = domain.interval(w) or own_interval(w)
        if interval is None:  # a symbol without assumptions may be complex: no order, no box
            return None
        box[w] = interval
    return box


def _inside(value: sympy.Expr, interval: sympy.Interval, domain: Domain) -> bool:
    """``value`` lies in ``interval`` for every value of its own symbols in the domain."""
    if not value.free_symbols:
        return interval.contains(value) is sympy.true
    lo_ok = interval.start == -sympy.oo or (
        positive_on(value - interval.start, domain)
        or (not interval.left_open and sympy.simplify(value - interval.start).is_nonnegative)
    )
    hi_ok = interval.end == sympy.oo or (
        positive_on(interval.end - value, domain)
        or (not interval.right_open and sympy.simplify(interval.end - value).is_nonnegative)
    )
    return bool(lo_ok and hi_ok)


def unique_minimiser(objective: sympy.Expr, wrt: Sequence[Any], domain: Domain) -> Minimiser | None:
    """The objective's unique minimiser on the domain's box, or None when it is not certified."""
    if not wrt or len(wrt) > MAX_VARIABLES or not all(isinstance(w, sympy.Symbol) for w in wrt):
        return None
    expr = explicit(objective)
    if expr.has(sympy.Sum, sympy.Product, sympy.Indexed, sympy.Integral, Measure):
        return None
    box = _box(wrt, domain)
    # an order needs real values; convexity from the Hessian needs a derivative everywhere
    if box is None or not smooth(expr) or not real_on(expr, domain, ends=False):
        return None
    hessian = sympy.hessian(expr, list(wrt))
    for r in range(1, len(wrt) + 1):
        minor = hessian[:r, :r].det() if r > 1 else hessian[0, 0]
        if not positive_on(sympy.together(minor), domain):
            return None
    solutions = bounded_solve([sympy.diff(expr, w) for w in wrt], list(wrt))
    if isinstance(solutions, SolveLimit):
        return None
    inside = [s for s in solutions
              if all(w in s and _inside(s[w], box[w], domain) for w in wrt)]  # fmt: skip
    if len(inside) != 1:
        return None
    point = {w: inside[0][w] for w in wrt}
    where = ", ".join(f"{w} = {sympy.sstr(v)}" for w, v in point.items())
    reason = (
        f"{where} is a stationary point inside the domain and the objective is strictly convex "
        "there (Hessian leading minors proved positive), so it is the unique minimiser"
    )
    boxes = tuple(f"{w} ∈ {interval_text(i)}" for w, i in box.items())
    return Minimiser(point, reason, tuple(dict.fromkeys((*boxes, *domain.text()))))


def lower_point(
    other: sympy.Expr,
    minimiser: Minimiser,
    sides: tuple[sympy.Expr, sympy.Expr],
    wrt: Sequence[sympy.Symbol],
    domain: Domain,
    seed: int,
) -> dict[str, Any] | None:
    """A point b of the domain where ``other`` is lower than at the certified minimiser a.

    ``sides`` are the claim's own lhs and rhs, reported at a and b (50 digits).
    """
    rng = np.random.default_rng(seed)
    exprs = [explicit(other), *(explicit(s) for s in sides)]
    insts = num.instances(exprs, tuple(wrt), (), domain)
    if len(insts) != 1 or insts[0].size is not None:
        return None
    (inst,) = insts
    # the parameters at their structured values first (0, ±1, the ends of their ranges): a
    # scale w·(t − 1)² is lower than at t = 1 only for w < 0, which random draws may all miss
    for context in num.contexts(inst, rng, CONTEXTS):
        # the minimiser at the drawn parameters, to 60 digits: the 50-digit comparison below is
        # then made at the minimiser itself, not at a rounding of it
        exact = {s: sympy.Float(v, 60) for s, v in context.items()}
        star = {w: minimiser.point[w].xreplace(exact).evalf(60) for w in wrt}
        if any(not v.is_number or not v.is_real for v in star.values()):
            continue
        with mpmath.workdps(60):
            precise = {w: mpmath.mpf(str(v)) for w, v in star.items()}
        a: dict[sympy.Basic, Any] = {**context, **precise}
        env, ok = num.sample(inst, rng, CANDIDATES, fixed=context)
        # and steps from a along each variable: a penalty λθ² moves the minimiser by 10⁻² only,
        # into a basin the random candidates miss, while the other's slope there is not 0
        steps = _steps(a, wrt, domain)
        if steps:
            near, near_ok = num.sample(inst, rng, len(steps[wrt[0]]), fixed={**context, **steps})
            env = {s: np.concatenate([env[s], near[s]]) for s in env}
            ok = np.concatenate([ok, near_ok])
        size = len(ok)
        rounded = {s: np.full(size, float(v)) for s, v in a.items()}
        at_a = num.values(exprs[0], rounded, size)
        at_b = num.values(exprs[0], env, size)
        better = ok & np.isfinite(at_b) & np.isfinite(at_a) & (at_b < at_a - 1e-9 * (1 + abs(at_a)))
        # the steps first (the last rows), then the random candidates
        order = [*(np.flatnonzero(better[CANDIDATES:]) + CANDIDATES), *np.flatnonzero(better)]
        for k in order[:4]:
            b = num.point_at(env, int(k))
            first = num.confirm_values(exprs, a, inst)
            second = num.confirm_values(exprs, b, inst)
            if first is None or second is None:
                continue
            if not (second[0] < first[0] and num.differ(second[0], first[0])):
                continue
            example: dict[str, Any] = {str(s): v for s, v in sorted(context.items(), key=str)}
            example.update({f"{w} (a)": float(a[w]) for w in wrt})
            example.update({f"{w} (b)": b[w] for w in wrt})
            example.update({"lhs(a)": float(first[1]), "lhs(b)": float(second[1]),
                            "rhs(a)": float(first[2]), "rhs(b)": float(second[2])})  # fmt: skip
            return example
    return None


#: Relative steps from a certified minimiser, each way along each variable.
STEPS = tuple(10.0**-k for k in range(1, 9))


def _steps(
    a: dict[sympy.Basic, Any], wrt: Sequence[sympy.Symbol], domain: Domain
) -> dict[sympy.Basic, Any]:
    """Points a ± h·(1 + |a_w|) along each variable w inside its box, as arrays (empty: none)."""
    box = _box(wrt, domain)
    if box is None:
        return {}
    rows: list[dict[sympy.Basic, float]] = []
    centre = {w: float(a[w]) for w in wrt}
    for w in wrt:
        for h in STEPS:
            for sign in (1.0, -1.0):
                value = centre[w] + sign * h * (1 + abs(centre[w]))
                if box[w].contains(sympy.Float(value)) is sympy.true:
                    rows.append({**centre, w: value})
    if not rows:
        return {}
    return {w: np.array([row[w] for row in rows]) for w in wrt}
