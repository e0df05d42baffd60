"""Judging one sample at 50 digits with mpmath: a suspected violation, a near tie, an infinity.

A violation counts only once confirmed here, at a point inside the claim's domain; a sample whose
integrals did not settle is looked at for divergent ones (:mod:`._divergence`)::

    >>> from sympy import Eq, Symbol
    >>> from symkl.relations import as_relation
    >>> from symkl.numeric._plan import plan_for
    >>> t = Symbol("t", positive=True)
    >>> plan = plan_for(as_relation(Eq(t**2, t)), None)
    >>> examine(plan, {t: 2.0}, RelationKind.EQ)[1]["lhs"]
    4.0
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

import mpmath
import numpy as np
import sympy

from ..measures import distributions_in
from ..relations import RelationKind
from ._coincide import family_pairs, same_at
from ._compile import Backend, evaluate
from ._divergence import diverging_side, slow_tail
from ._judge import as_number, holds, mp_env
from ._mp_memo import memoized
from ._plan import Plan
from ._sampler import satisfies

__all__ = [
    "CONFIRM_DPS",
    "CROSS_DPS",
    "ERRORS",
    "confirm",
    "diverges",
    "examine",
    "nicer",
    "settle",
]

#: Digits used to confirm a counterexample or a near tie.
CONFIRM_DPS = 50
#: Digits of the second evaluation a violation inside an integral or a series must survive (fewer
#: than 50: other quadrature nodes, and a tolerance the 50-digit value already met).
CROSS_DPS = 40
#: Least relative gap of such a violation: both evaluations can share an error near 1e-25 (the
#: tails of a Cauchy KL), far below the 1e-12 gaps this re-check is for.
COSTLY_GAP = mpmath.mpf(10) ** -20
#: Digits of the re-evaluations of a 50-digit tie or violation of a claim without quadrature or
#: series (:func:`_resolve`): a gap two consecutive precisions find alike, to a thousandth of
#: itself, is the claim's own; rounding moves with the precision, however much a side cancels.
GAP_DPS = (100, 150)
#: What a numeric evaluation may raise where it has no value (no evidence either way).
#: A sample that raises one of these gives no evidence (a MemoryError: the worker's ceiling was
#: reached by one evaluation, e.g. mpmath at a point far out; the proof itself goes on).
ERRORS = (
    NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError, OverflowError,
    MemoryError,
)  # fmt: skip


def _example(plan: Plan, point: Mapping[sympy.Basic, Any], env: Mapping[sympy.Basic, Any],
             lhs: Any, rhs: Any) -> dict[str, Any]:  # fmt: skip
    """The counterexample: the claim's variables, ``n`` for a symbolic size, and the claim's own
    ``lhs`` and ``rhs`` (swapped back when the user wrote ≤ or <)."""
    example: dict[str, Any] = {str(s): as_number(env[s]) for s in sorted(point, key=str)}
    if isinstance(plan.size_label, dict):
        example.update(plan.size_label)
    elif plan.size_label is not None:
        example["n"] = plan.size_label
    if plan.flipped:  # the claim was written with ≤ or <: report its own sides
        lhs, rhs = rhs, lhs
    example["lhs"] = as_number(lhs)
    example["rhs"] = as_number(rhs)
    return example


def _side(expr: sympy.Expr, env: Mapping[sympy.Basic, Any]) -> Any:
    """One side at the working precision, remembered (:mod:`._mp_memo`): the steps of a
    derivation share their sides and their spot checks draw the same structured points."""
    return memoized(expr, env, lambda at: evaluate(expr, at, Backend.MPMATH))


def _sides(plan: Plan, point: Mapping[sympy.Basic, Any]) -> tuple[Any, Any, dict[Any, Any]]:
    """Both sides at the working precision; a left side that is nan (an integral that did not
    settle) leaves the sample unusable whatever the right side is, so that is not evaluated."""
    env = mp_env(plan, point)
    left, right = plan.lhs, plan.rhs
    # Two families that are one distribution at this point (Exponential(½) and Chi2(2)) are
    # written as one, so that a divergence between them is 0 exactly, not a rounded tie.
    aliases = same_at(family_pairs((left, right), plan.scalars), point)
    if aliases:
        left, right = left.xreplace(aliases), right.xreplace(aliases)
    lhs = _side(left, env)
    if isinstance(lhs, mpmath.mpf) and mpmath.isnan(lhs):
        return lhs, mpmath.nan, env
    return lhs, _side(right, env), env


def _reproduced(plan: Plan, point: Mapping[sympy.Basic, Any], lhs: Any, rhs: Any) -> bool:
    """Whether both sides come out again at :data:`CROSS_DPS` digits, far closer than their gap.

    mpmath's quadrature can be off by 1e-25 while its own checks pass (a tail like x^−1.4 at 50
    digits): a 50-digit violation of a claim with integrals or series counts only when a second
    evaluation at other nodes moves neither side by a thousandth of the gap, and the gap is
    above :data:`COSTLY_GAP`."""
    with mpmath.workdps(CROSS_DPS):
        try:
            again_lhs, again_rhs, _ = _sides(plan, point)
        except ERRORS:
            return False
        pairs = ((lhs, again_lhs), (rhs, again_rhs))
        if any(mpmath.isnan(v) for pair in pairs for v in pair):
            return False
        if any(mpmath.isinf(v) for pair in pairs for v in pair):
            # The infinite sides must come out the same infinity again; a finite side's last
            # digits differ between 50 and 40 (and cannot close an infinite gap).
            return all(
                first == second if mpmath.isinf(first) or mpmath.isinf(second) else True
                for first, second in pairs
            )
        if lhs == rhs and again_lhs == again_rhs:
            # An exact tie both times (a strict claim at p = q: log(f/f) is 0 at every node), not
            # a quadrature error, which leaves no two integrals exactly equal.
            return True
        drift = sum(abs(first - second) for first, second in pairs)
        gap = abs(lhs - rhs)
        return bool(drift * 1000 < gap and gap > COSTLY_GAP * (1 + abs(lhs) + abs(rhs)))


#: Functions that jump: at a jump (⌈−log₂ ½⌉, an exact integer inside) 50 and 100 digits may
#: round to different sides, so a gap between them is no evidence.
_JUMPS = (
    sympy.floor, sympy.ceiling, sympy.frac, sympy.sign, sympy.Heaviside, sympy.Piecewise,
    sympy.Mod, sympy.KroneckerDelta,
)  # fmt: skip


def _exact(plan: Plan) -> bool:
    """Whether the sides are continuous functions evaluated without quadrature or truncated
    series (no integral, no infinite sum, no distribution over infinitely many outcomes, no
    jump): their 100-digit values are then accurate to about 100 digits."""
    return _exact_sides(plan.lhs, plan.rhs)


@functools.lru_cache(maxsize=1024)  # asked at every 50-digit look at a sample
def _exact_sides(lhs: sympy.Expr, rhs: sympy.Expr) -> bool:
    pair = sympy.Tuple(lhs, rhs)
    if pair.has(sympy.Integral, *_JUMPS):
        return False
    if any(d.support.size is None for d in distributions_in(pair)):
        return False
    return all(
        limits[1].is_finite and limits[2].is_finite
        for total in pair.atoms(sympy.Sum)
        for limits in total.limits
    )


def _real(value: Any) -> Any:
    """A side's value as a finite real mpmath number at the working precision (an exact 0 comes
    back as an int, a side computed through complex numbers as an mpc with imaginary part 0);
    None when it is not one."""
    if isinstance(value, mpmath.mpc):
        if mpmath.im(value) != 0:
            return None
        value = mpmath.re(value)
    if not isinstance(value, (mpmath.mpf, int, float)) or not mpmath.isfinite(value):
        return None
    return mpmath.mpf(value)  # rounded to the working precision, as both sides must be


def _gap_at(plan: Plan, point: Mapping[sympy.Basic, Any], dps: int) -> Any:
    """``lhs − rhs`` at ``dps`` digits; None where a side is not a finite real number."""
    with mpmath.workdps(dps):
        try:
            lhs, rhs, _ = _sides(plan, point)
        except ERRORS:
            return None
        left, right = _real(lhs), _real(rhs)
        return None if left is None or right is None else left - right


def _reproduced_gap(plan: Plan, point: Mapping[sympy.Basic, Any], gap: Any) -> Any:
    """The gap ``lhs − rhs`` that two consecutive precisions of :data:`GAP_DPS` (50 → 100 → 150
    digits) find alike, to a thousandth of itself; None when none does (rounding, which moves
    with the precision). So Σ_{k=1}^{3} 1/k = 11/6 + 10⁻⁴⁰ is refuted, √(y² + e⁻¹⁵⁰) > y holds at
    y = 1e-4 (a margin below 50 digits), and ψ″(u + 1) = ψ″(u) + 2/u³ is not refuted at u = 1e-9,
    where 50 digits lose 27 of theirs to 1/u³."""
    previous = gap
    for dps in GAP_DPS:
        again = _gap_at(plan, point, dps)
        if again is None:
            return None
        if previous != 0 and abs(again - previous) * 1000 <= abs(previous):
            return again
        previous = again
    return None


def _resolve(plan: Plan, point: Mapping[sympy.Basic, Any], lhs: Any, rhs: Any,
             kind: RelationKind, verdict: bool) -> bool | None:  # fmt: skip
    """The 50-digit ``verdict`` of a claim whose sides have no quadrature or series
    (:func:`_exact`), checked where 50 digits may mislead: a violation counts when the same gap
    comes out at higher precision (:func:`_reproduced_gap`), else it is no evidence; a tie (within
    1e-30 relative) with a reproduced gap is decided by that gap, else it stays a tie. Agreements
    with a margin, and equal sides of an equality or a ≥, are left as they are."""
    left, right = _real(lhs), _real(rhs)
    if left is None or right is None:
        return verdict
    gap = left - right
    tie = abs(gap) <= mpmath.mpf(10) ** -30 * (1 + abs(left) + abs(right))
    if (verdict and not tie) or (gap == 0 and kind is not RelationKind.GT):
        return verdict
    found = _reproduced_gap(plan, point, gap)
    if found is not None:
        return False if kind is RelationKind.EQ else bool(found > 0)
    return verdict if tie else None


def examine(
    plan: Plan,
    point: Mapping[sympy.Basic, Any],
    kind: RelationKind,
    cross: bool = False,
    overflowed: tuple[bool, bool] = (False, False),
) -> tuple[bool | None, dict[str, Any] | None]:
    """At ``CONFIRM_DPS`` digits: whether the relation holds (None: not reliably evaluable) and,
    when it fails, the counterexample (see :func:`_example`). With ``cross`` (sides that are
    integrals or series) a violation must also be reproduced at :data:`CROSS_DPS` digits. A side
    flagged in ``overflowed`` (±∞ in double precision) that is finite here makes a holding
    relation None: the comparison cannot resolve e^λ + 1 against e^λ at λ > 5000."""
    with mpmath.workdps(CONFIRM_DPS):
        try:
            lhs, rhs, env = _sides(plan, point)
        except ERRORS:
            return None, None
        verdict = holds(lhs, rhs, kind)
        exact = verdict is not None and _exact(plan)
        if exact:
            verdict = _resolve(plan, point, lhs, rhs, kind, bool(verdict))
        genuine = [mpmath.isinf(v) for v, o in zip((lhs, rhs), overflowed, strict=True) if o]
        if verdict and not all(genuine):
            return None, None
        if verdict is not False:
            return verdict, None
        if exact:  # already found again at higher precision (no quadrature to cross-check)
            return _off_facts(plan, env) or (False, _example(plan, point, env, lhs, rhs))
        if cross and not _reproduced(plan, point, lhs, rhs):
            return None, None
        if cross and any(
            not mpmath.isinf(value) and slow_tail(side, env)
            for value, side in ((lhs, plan.lhs), (rhs, plan.rhs))
        ):
            return None, None  # a finite value both evaluations may get wrong alike
        return _off_facts(plan, env) or (False, _example(plan, point, env, lhs, rhs))


def _off_facts(plan: Plan, env: Mapping[Any, Any]) -> tuple[None, None] | None:
    """(None, None) when an equality fact fails at the point by more than a 50-digit tie: the
    sampler meets such facts to 1e-9 only, and a violation off them is no counterexample
    (a = 1/b given a·b = 1, at a = b = 0.999999999); else None."""
    for fact in plan.constraints:
        if not isinstance(fact, sympy.Eq) or not fact.free_symbols:
            continue
        try:
            left, right = _real(_side(fact.lhs, env)), _real(_side(fact.rhs, env))
        except ERRORS:
            return None, None
        if left is None or right is None:
            return None, None
        if abs(left - right) > mpmath.mpf(10) ** -30 * (1 + abs(left) + abs(right)):
            return None, None
    return None


def diverges(
    plan: Plan, point: Mapping[sympy.Basic, Any], kind: RelationKind
) -> tuple[dict[str, Any] | None, str | None]:
    """At a sample whose integrals did not settle: the counterexample when a side is surely ±∞
    there (its integrals' tails say so) and the relation fails, else why an integral may diverge
    there (None when nothing suggests it)."""
    if any(v == 0 and s.is_positive for s, v in point.items()):
        return None, None  # outside the domain: no evidence either way
    with mpmath.workdps(CONFIRM_DPS):
        try:
            env = mp_env(plan, point)
            lhs, lhs_doubt = diverging_side(plan.lhs, env)
            rhs, rhs_doubt = diverging_side(plan.rhs, env)
            doubt = lhs_doubt or rhs_doubt
            if lhs is None and rhs is None:
                return None, doubt
            lhs = evaluate(plan.lhs, env, Backend.MPMATH) if lhs is None else lhs
            rhs = evaluate(plan.rhs, env, Backend.MPMATH) if rhs is None else rhs
        except ERRORS:
            return None, None
        if holds(lhs, rhs, kind) is False:
            return _example(plan, point, env, lhs, rhs), None
        return None, doubt


def confirm(
    plan: Plan, point: Mapping[sympy.Basic, Any], kind: RelationKind
) -> dict[str, Any] | None:
    """Re-evaluate at ``CONFIRM_DPS`` digits; the counterexample when the claim really fails."""
    return examine(plan, point, kind)[1]


#: How far inside its domain a counterexample at a zero of a declared-positive probability is
#: moved: ε² stays above the 50-digit tie threshold (1e-30), so a true strict claim such as
#: E_p[q] > 0 over positive p, q is not refuted at a near-disjoint point.
INSIDE = (1e-9, 1e-12, 1e-15)


#: Relative move of one variable at a time that a violation with an infinite side must survive.
NEARBY = 1e-6


def _moved(plan: Plan, point: Mapping[sympy.Basic, Any], changes: Mapping[sympy.Basic, Any]
           ) -> dict[sympy.Basic, Any] | None:  # fmt: skip
    """``point`` with ``changes``, each touched simplex renormalised; None outside the facts or
    a variable's own domain."""
    moved = {**point, **changes}
    for group in plan.simplex:
        if set(changes) & set(group):
            total = sum(moved[s] for s in group)
            moved.update({s: moved[s] / total for s in group})
    for s, domain in plan.scalars.items():
        value = moved.get(s)
        if value is not None and not isinstance(value, complex) and not domain.contains(value):
            return None
    if not satisfies(plan.constraints, {s: np.array([v]) for s, v in moved.items()}, 1)[0]:
        return None
    return moved


def _persists(plan: Plan, point: Mapping[sympy.Basic, Any], kind: RelationKind,
              cross: bool) -> bool:  # fmt: skip
    """Whether a violation with an infinite side is still a violation with one variable moved by
    :data:`NEARBY` (relative, so zeros stay zeros and one-hot points stay one-hot).

    An infinite side can come from the conventions c/0 = +∞ and 0·∞ = 0 at a removable
    singularity: p/(2p − 1)·(log(1 − p) − log p) is 0/0 at p = ½ and tends to −½ there, yet the
    conventions make it +∞. A true divergence (E[X] of Pareto(1, a) at a ≤ 1) persists nearby.
    A point with nothing to move (all zeros, integers) keeps its violation."""
    movable = [
        s
        for s, v in sorted(point.items(), key=lambda item: str(item[0]))
        if v != 0 and not (s in plan.scalars and plan.scalars[s].integer)
    ]
    if not movable:
        return True
    for s in movable:
        for factor in (1 + NEARBY, 1 - NEARBY):
            moved = _moved(plan, point, {s: point[s] * factor})
            if moved is not None and examine(plan, moved, kind, cross)[1] is not None:
                return True
    return False


def _infinite_side(example: Mapping[str, Any]) -> bool:
    return any(
        isinstance(example[side], float) and math.isinf(example[side]) for side in ("lhs", "rhs")
    )


def settle(
    plan: Plan,
    point: Mapping[sympy.Basic, Any],
    kind: RelationKind,
    cross: bool = False,
    overflowed: tuple[bool, bool] = (False, False),
) -> tuple[bool | None, dict[str, Any] | None]:
    """:func:`examine`, with a counterexample never outside the claim's domain and never at a
    removable singularity.

    The samplers try exact zeros on every simplex, but ``Discrete.symbolic(name, k)`` declares
    its probabilities positive: a violation at such a zero counts only when it persists at a
    point moved inside (zeros raised to ε, the group renormalised), which is then reported. A
    violation with an infinite side counts only when it persists with a variable moved slightly
    (:func:`_persists`); else the sample is no evidence either way.
    """
    holds, example = examine(plan, point, kind, cross, overflowed)
    zeros = {s for s, v in point.items() if v == 0 and s.is_positive}
    if example is not None and zeros:
        holds, example = None, None
        for eps in INSIDE:
            moved = _moved(plan, point, dict.fromkeys(zeros, eps))
            if moved is None:
                continue  # moved out of a fact: not a point of the claim's domain either
            inside = examine(plan, moved, kind, cross)[1]
            if inside is not None:
                holds, example, point = False, inside, moved
                break
    if example is not None and _infinite_side(example) and not _persists(plan, point, kind, cross):
        return None, None  # a removable singularity, not a counterexample
    return holds, example


def nicer(point: Mapping[sympy.Basic, Any], plan: Plan) -> dict[sympy.Basic, Any]:
    """Round a counterexample to three significant digits, keeping simplex points on the simplex."""
    rounded: dict[sympy.Basic, Any] = {}
    for s, v in point.items():
        rounded[s] = complex(f"{v:.3g}") if isinstance(v, complex) else float(f"{v:.3g}")
    for group in plan.simplex:
        total = sum(rounded[s] for s in group)
        if total <= 0:
            return dict(point)
        for s in group:
            rounded[s] = rounded[s] / total
    one_row = {s: np.array([v]) for s, v in rounded.items()}
    if not satisfies(plan.constraints, one_row, 1)[0]:
        return dict(point)
    for s, domain in plan.scalars.items():
        if not (isinstance(rounded[s], complex) or domain.contains(rounded[s])):
            return dict(point)
    return rounded
