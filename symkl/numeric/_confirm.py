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

import math
from collections.abc import Mapping
from typing import Any

import mpmath
import numpy as np
import sympy

from ..relations import RelationKind
from ._compile import Backend, evaluate
from ._divergence import diverging_side, slow_tail
from ._judge import as_number, holds, mp_env
from ._mp_sides import ERRORS, side, sides
from ._plan import Plan
from ._sampler import satisfies
from ._ties import GAP_DPS, exact, real_value, resolve

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


def _reproduced(plan: Plan, point: Mapping[sympy.Basic, Any], lhs: Any, rhs: Any) -> bool:
    """Whether both sides come out again at :data:`CROSS_DPS` digits, far closer than their gap.

    mpmath's quadrature can be off by 1e-25 while its own checks pass (a tail like x^−1.4 at 50
    digits): a 50-digit violation of a claim with integrals or series counts only when a second
    evaluation at other nodes moves neither side by a thousandth of the gap, and the gap is
    above :data:`COSTLY_GAP`."""
    with mpmath.workdps(CROSS_DPS):
        try:
            again_lhs, again_rhs, _ = sides(plan, point)
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
            lhs, rhs, env = sides(plan, point)
        except ERRORS:
            return None, None
        verdict = holds(lhs, rhs, kind)
        is_exact = verdict is not None and exact(plan)
        if is_exact:
            verdict = resolve(plan, point, lhs, rhs, kind, bool(verdict))
        genuine = [mpmath.isinf(v) for v, o in zip((lhs, rhs), overflowed, strict=True) if o]
        if verdict and not all(genuine):
            return None, None
        if verdict is not False:
            return verdict, None
        if is_exact:  # already found again at higher precision (no quadrature to cross-check)
            return _off_facts(plan, env) or (False, _example(plan, point, env, lhs, rhs))
        if cross and not _reproduced(plan, point, lhs, rhs):
            return None, None
        if cross and lhs == rhs and not _tied(plan, point):
            return None, None  # rounding, and at more digits the quadrature's error decides
        if cross and any(
            not mpmath.isinf(value) and slow_tail(side, env)
            for value, side in ((lhs, plan.lhs), (rhs, plan.rhs))
        ):
            return None, None  # a finite value both evaluations may get wrong alike
        return _off_facts(plan, env) or (False, _example(plan, point, env, lhs, rhs))


def _tied(plan: Plan, point: Mapping[sympy.Basic, Any]) -> bool:
    """Whether sides tied at 40 and 50 digits are tied at ``GAP_DPS[0]`` digits too: m + 10⁻⁶¹
    is m at 50 digits, and KL(N(m, 1) ‖ N(m + 10⁻⁶¹, 1)) = 5·10⁻¹²³ > 0 was REFUTED by a tie
    that was rounding. A tie at p = q (log(f/f) = 0 at every node) stays; a gap at 100 digits
    is no verdict either way (that quadrature gave −2·10⁻¹⁰⁹ for 5·10⁻¹²³)."""
    with mpmath.workdps(GAP_DPS[0]):
        try:
            lhs, rhs, _ = sides(plan, point)
        except ERRORS:  # no sign of rounding: the tie found twice stands
            return True
        return bool(lhs == rhs)


def _off_facts(plan: Plan, env: Mapping[Any, Any]) -> tuple[None, None] | None:
    """(None, None) when an equality fact fails at the point by more than a 50-digit tie: the
    sampler meets such facts to 1e-9 only, and a violation off them is no counterexample
    (a = 1/b given a·b = 1, at a = b = 0.999999999); else None."""
    for fact in plan.constraints:
        if not isinstance(fact, sympy.Eq) or not fact.free_symbols:
            continue
        try:
            left, right = real_value(side(fact.lhs, env)), real_value(side(fact.rhs, env))
        except ERRORS:
            return None, None
        if left is None or right is None:
            return None, None
        if left != right and not (
            mpmath.isfinite(left)
            and abs(left - right) <= mpmath.mpf(10) ** -30 * (1 + abs(left) + abs(right))
        ):
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


def _infiniteside(example: Mapping[str, Any]) -> bool:
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
    if (
        example is not None
        and _infiniteside(example)
        and not _declared_infinity(plan)
        and not _persists(plan, point, kind, cross)
    ):
        return None, None  # a removable singularity, not a counterexample
    return holds, example


def _declared_infinity(plan: Plan) -> bool:
    """Whether a side is a Piecewise with an infinite branch: its ∞ is the claim's own value
    on that branch (KL(U(0, s) ‖ U(0, r)) written ∞ unless s < r, wrong at s = r alone), not a
    convention at a removable singularity, so it need not persist nearby."""
    return any(
        branch.expr.is_infinite
        for side in (plan.lhs, plan.rhs)
        for piecewise in side.atoms(sympy.Piecewise)
        for branch in piecewise.args
    )


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
