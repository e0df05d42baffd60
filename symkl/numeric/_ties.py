"""A 50-digit tie or violation of a claim without quadrature or series, evaluated again at 100
and 150 digits: a gap two precisions find alike is the claim's own, rounding is not.

>>> real_value(mpmath.mpc(2, 0))
mpf('2.0')
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import mpmath
import sympy

from ..measures import distributions_in
from ..relations import RelationKind
from ._mp_sides import ERRORS, sides
from ._plan import Plan

__all__ = ["GAP_DPS", "exact", "real_value", "reproduced_gap", "resolve"]

#: Digits of the re-evaluations of a 50-digit tie or violation of a claim without quadrature or
#: series (:func:`_resolve`): a gap two consecutive precisions find alike, to a thousandth of
#: itself, is the claim's own; rounding moves with the precision, however much a side cancels.
GAP_DPS = (100, 150)


#: Functions that jump: at a jump (⌈−log₂ ½⌉, an exact integer inside) 50 and 100 digits may
#: round to different sides, so a gap between them is no evidence.
_JUMPS = (
    sympy.floor, sympy.ceiling, sympy.frac, sympy.sign, sympy.Heaviside, sympy.Piecewise,
    sympy.Mod, sympy.KroneckerDelta,
)  # fmt: skip


def exact(plan: Plan) -> bool:
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


def real_value(value: Any) -> Any:
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
            lhs, rhs, _ = sides(plan, point)
        except ERRORS:
            return None
        left, right = real_value(lhs), real_value(rhs)
        return None if left is None or right is None else left - right


def reproduced_gap(plan: Plan, point: Mapping[sympy.Basic, Any], gap: Any) -> Any:
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


def resolve(plan: Plan, point: Mapping[sympy.Basic, Any], lhs: Any, rhs: Any,
             kind: RelationKind, verdict: bool) -> bool | None:  # fmt: skip
    """The 50-digit ``verdict`` of a claim whose sides have no quadrature or series
    (:func:`exact`), checked where 50 digits may mislead: a violation counts when the same gap
    comes out at higher precision (:func:`reproduced_gap`), else it is no evidence; a tie (within
    1e-30 relative) with a reproduced gap is decided by that gap, else it stays a tie. Agreements
    with a margin, and equal sides of an equality or a ≥, are left as they are."""
    left, right = real_value(lhs), real_value(rhs)
    if left is None or right is None:
        return verdict
    gap = left - right
    # an infinite side ties nothing finite (|∞ − 1| ≤ 10⁻³⁰·∞ holds)
    tie = mpmath.isfinite(gap) and abs(gap) <= mpmath.mpf(10) ** -30 * (1 + abs(left) + abs(right))
    if (verdict and not tie) or (gap == 0 and kind is not RelationKind.GT):
        return verdict
    found = reproduced_gap(plan, point, gap)
    if found is not None:
        return False if kind is RelationKind.EQ else bool(found > 0)
    return verdict if tie else None
