"""Rows just beside where an inequality's sides may tie, for facts that leave out the tie itself.

KL(Exponential(s) ‖ Exponential(r)) > 10⁻⁴ is false for s near r. With the fact s ≠ r (or
s > r) the rows on the tie s = r are left out, and random rows never come within 1% of it, so
the claim was CHECKED; H(p) < log 2 − 10⁻¹² with p₁ > ½ likewise, beside p₁ = ½. Each tie of an
inequality (two members of a family made equal, a root of lhs − rhs, p = q for two groups of
one size) and each turn of a fact between variables gets rows 10⁻², 10⁻⁵, 10⁻⁹ and 10⁻¹³
(relative) either side of it, kept where the facts hold::

    >>> tilted(np.array([[0.5, 0.5]]), 0.01, 1.0)
    array([[0.505, 0.495]])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy

from ._boundary import MAX_TIES, Assignment, _inside, _roots, _solvable, _ties, rescaled
from ._compile import Backend, evaluate
from ._constraints import satisfies
from ._plan import Plan

__all__ = ["BESIDE", "beside_ties", "sharp_pairs", "tie_switches", "tilted"]

#: Relative distances from a tie: a margin m above a divergence that grows like the square of
#: the distance fails within √m, a linear one (total variation) within m.
BESIDE = (1e-2, 1e-5, 1e-9, 1e-13)
#: Distances tried beside a family parameter's tie: the closed forms of the families lose their
#: double value 10⁻⁹ from it (log(s/r) + r/s − 1 cancels), and such rows only thinned the rows
#: with a value below the coverage a CHECKED needs (KL(Gumbel(0, s) ‖ Gumbel(0, r)) > 0 with
#: s ≠ r went UNDECIDED); a probability evaluates fine at every distance.
SCALAR_STEPS = 2
#: Rows kept per tie, distance and side (two of the last ones inside the facts).
ROWS = 2
_ERRORS = (NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError, OverflowError,
           AttributeError)  # fmt: skip
_TURNS = (sympy.Gt, sympy.Lt, sympy.Ge, sympy.Le, sympy.Ne)


def tilted(p: Any, step: float, first_sign: float) -> Any:
    """Each row of ``p`` (rows of a simplex) tilted by ``step``: p_k·(1 ± step), signs
    alternating from ``first_sign``, rescaled to sum to 1 (a one-hot p stays as it is)."""
    signs = first_sign * (-1.0) ** np.arange(p.shape[1])
    q = p * (1 + step * signs)
    return q / q.sum(axis=1, keepdims=True)


def tie_switches(plan: Plan) -> list[Assignment]:
    """Where the sides of an inequality may tie (see ``_boundary._ties``), and where a fact
    between variables (s > r, p₁ > ½) turns: a margin above 0 fails just beside either."""
    if not plan.ordered:
        return []
    pair = sympy.Tuple(plan.lhs, plan.rhs)
    variables, solvable = frozenset(plan.variables), _solvable(plan)
    found = [a for a, _ in _ties(pair, solvable, variables)[:MAX_TIES]]
    grouped = {s for group in plan.simplex for s in group}
    for fact in plan.constraints:
        if not isinstance(fact, _TURNS):
            continue
        zero = fact.lhs - fact.rhs
        free = zero.free_symbols
        # a scalar against a constant: its domain's ends are structured values already
        if not free or not free <= variables or (len(free) == 1 and not free & grouped):
            continue
        for s in sorted(free & set(solvable), key=str):
            roots = [v for v in _roots(zero, s) if not v.has(s) and v.free_symbols <= variables]
            if roots:
                found.append(((s, roots[0]),))
                break
    return list(dict.fromkeys(found))[: 2 * MAX_TIES]


def beside_ties(plan: Plan, base: Mapping[sympy.Basic, Any]) -> dict[sympy.Basic, Any]:
    """Rows of ``base`` moved just beside each tie of an inequality ``plan``, inside its facts."""
    if not plan.ordered or not base:
        return {}
    size = len(next(iter(base.values())))
    picked: list[dict[sympy.Basic, Any]] = []
    for trial, keep in [*_beside_switches(plan, base, size), *_beside_groups(plan, base, size)]:
        keep = keep & satisfies(plan.constraints, trial, size)
        for s in plan.variables:
            with np.errstate(invalid="ignore"):
                keep &= np.isfinite(np.real(trial[s]))
        # the last rows of the base are random ones, inside the simplex: a structured one-hot
        # or disjoint pair moved beside a tie would have no value (KL = ∞), not a margin
        hits = np.flatnonzero(keep)
        chosen = sorted({int(hits[-1]), int(hits[(3 * len(hits)) // 4])}) if hits.size else []
        picked += [{v: np.asarray(c)[k] for v, c in trial.items()} for k in chosen[:ROWS]]
    if not picked:
        return {}
    return {v: np.array([row[v] for row in picked]) for v in picked[0]}


def _beside_switches(
    plan: Plan, base: Mapping[sympy.Basic, Any], size: int
) -> list[tuple[dict[sympy.Basic, Any], Any]]:
    """Base rows on each tie, its first variable moved by each distance either side (the rest
    of its group rescaled when it is a probability), with which rows could be moved."""
    out: list[tuple[dict[sympy.Basic, Any], Any]] = []
    for assignment in tie_switches(plan):
        moved = dict(base)
        try:
            with np.errstate(all="ignore"):
                for s, value in assignment:
                    column = np.asarray(evaluate(value, base, Backend.NUMPY))
                    moved[s] = np.broadcast_to(np.real(column), (size,)).astype(float)
        except _ERRORS:
            continue
        s = assignment[0][0]
        if s in plan.scalars and plan.scalars[s].integer:
            continue
        at = moved[s]
        fixed = {t for t, _ in assignment}
        with np.errstate(all="ignore"):  # a tie out of reach at a row (nan) keeps no row
            scale = np.where(at != 0, np.abs(at), 1.0)
            for step in BESIDE if s not in plan.scalars else BESIDE[:SCALAR_STEPS]:
                for side in (1.0, -1.0):
                    trial = {**moved, s: at + side * step * scale}
                    keep = rescaled(plan, trial, fixed)
                    for t in fixed:  # inside its own domain (λ > 0), not only the facts
                        keep &= _inside(plan, t, trial[t])
                    out.append((trial, keep))
    return out


def sharp_pairs(n: int) -> list[tuple[Any, Any]]:
    """Two pair points where bounds between divergences are sharp, so that a constant a little
    off fails there and rarely at random points: q tilted 2% from a p that splits into two
    halves of mass ½ (Pinsker's KL ≥ 2·TV² and TV ≤ √2·Hellinger are sharp only near such a p),
    and q a 1% step from a one-hot p (KL ≥ 2·Hellinger² is sharp only there)."""
    # The uniform p splits into halves when n is even; p = (½, 1/2(n − 1), …) always does.
    halved = np.full(n, 1.0 / n) if n % 2 == 0 else np.array([0.5] + [0.5 / (n - 1)] * (n - 1))
    signs = np.array([(-1.0) ** k for k in range(n)]) if n % 2 == 0 else np.array(
        [1.0] + [-1.0] * (n - 1))  # fmt: skip
    one_hot, step = np.zeros(n), np.zeros(n)
    one_hot[0], step[0], step[1] = 1.0, 0.99, 0.01
    return [(halved, halved * (1 + 0.02 * signs)), (one_hot, step)]


def _beside_groups(
    plan: Plan, base: Mapping[sympy.Basic, Any], size: int
) -> list[tuple[dict[sympy.Basic, Any], Any]]:
    """Base rows with the second of two groups of one size a tilt of the first (p = q is the
    tie of KL, JS, TV and their kind)."""
    out: list[tuple[dict[sympy.Basic, Any], Any]] = []
    met: set[int] = set()
    for a, left in enumerate(plan.simplex):
        for right in plan.simplex[a + 1 :]:
            if len(left) != len(right) or len(left) < 2 or len(left) in met:
                continue
            met.add(len(left))
            # on top of the structured rows, not among them: a pair row there takes the place
            # of an aligned one (p = q), where strict joint convexity fails
            for first, second in sharp_pairs(len(left)):
                trial = {**base}
                trial.update({s: np.full(size, v) for s, v in zip(left, first, strict=True)})
                trial.update({s: np.full(size, v) for s, v in zip(right, second, strict=True)})
                out.append((trial, np.ones(size, dtype=bool)))
            p = np.stack([np.real(np.asarray(base[s], dtype=complex)) for s in left], axis=1)
            for step in BESIDE:
                for sign in (1.0, -1.0):
                    with np.errstate(all="ignore"):
                        q = tilted(p, step, sign)
                    trial = {**base, **{s: q[:, k] for k, s in enumerate(right)}}
                    out.append((trial, np.ones(size, dtype=bool)))
    return out
