"""``spot_check``: both sides of a claim at structured and random points, judged with care.

A sample *agrees* when the double-precision sides satisfy the relation with a clear margin. A
strict claim counts equality within tolerance as a violation; a margin within 1e-6 relative (a
near tie) is re-evaluated at 50 digits before it counts; a violation counts only once confirmed at
50 digits with mpmath — an unconfirmed one is a numerical artefact and is not evidence either way.
``Check.samples`` is the number of samples that count as agreement::

    >>> from sympy import Gt
    >>> from symkl import Discrete, kl_divergence
    >>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    >>> spot_check(Gt(kl_divergence(p, q), 0)).counterexample["lhs"]
    0.0
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import sympy

from ..distributions import IndexedDiscrete, Kind
from ..errors import InvalidParameterError
from ..measures import distributions_in
from ..relations import Relation, RelationKind, as_relation
from ._compile import Backend, evaluate
from ._plan import Plan, explicit_instance, integer_limits, plan_for, size_symbols
from ._sampler import draw, satisfies

__all__ = [
    "CONFIRM_DPS",
    "SYMBOLIC_SIZES",
    "Check",
    "confirm",
    "examine",
    "settle",
    "spot_check",
]

#: Digits used to confirm a counterexample or a near tie.
CONFIRM_DPS = 50
#: The sizes a claim over a symbolic n is sampled at.
SYMBOLIC_SIZES = (*range(1, 13), 16, 50)
#: Relative tolerance of the double-precision comparison.
TOLERANCE = 1e-9
#: Relative tolerance when either side is a numeric integral.
QUADRATURE_TOLERANCE = 1e-7
#: Margins (relative) below which an agreeing inequality sample is re-evaluated at 50 digits.
NEAR_TIE = 1e-6
#: Samples re-evaluated at 50 digits per spot check (near ties, then suspected violations).
CONFIRM_BUDGET = 40
_ERRORS = (NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError, OverflowError)


@dataclass(frozen=True)
class Check:
    """Result of :func:`spot_check`: ``ok`` unless a counterexample was confirmed.

    ``samples`` counts the samples that agree (near ties only once confirmed at 50 digits);
    ``exhaustive`` is true when the claim has no variable and no symbolic size, so its single
    point, evaluated at 50 digits, is the whole domain.
    """

    ok: bool
    max_error: float
    counterexample: dict[str, Any] | None
    samples: int = 0
    exhaustive: bool = False


#: Most entries an instance over several symbolic sizes may write out (an m × n table at
#: m = n = 50 would have 2,500 cells, each a term of every sum: slower than the rest together).
MAX_CELLS = 256


#: Unequal small values tried for several symbolic sizes (m ≠ n: an m × n table, p over m
#: outcomes against q over n), besides every size set to one value.
UNEQUAL_SIZES = (1, 2, 3)


def _size_assignments(sizes: set[sympy.Symbol]) -> list[int | dict[sympy.Symbol, int]]:
    """One value for every size (1..12, 16, 50), then, for several sizes, unequal small ones."""
    out: list[int | dict[sympy.Symbol, int]] = [
        k for k in SYMBOLIC_SIZES if len(sizes) == 1 or k ** len(sizes) <= MAX_CELLS
    ]
    if len(sizes) > 1:
        ordered = sorted(sizes, key=str)
        for values in itertools.product(UNEQUAL_SIZES, repeat=len(ordered)):
            if len(set(values)) > 1 and math.prod(values) <= MAX_CELLS:
                out.append(dict(zip(ordered, values, strict=True)))
    return out


def _explicit_instances(rel: Relation) -> list[tuple[dict[str, int] | None, Relation]]:
    """The relation, or one copy per sampled size when it has a symbolic size; a size whose
    instance cannot be written out (a sum SymPy cannot expand) is left out."""
    sizes = size_symbols(rel)
    if not sizes:
        return [(None, rel)]
    out: list[tuple[dict[str, int] | None, Relation]] = []
    for assignment in _size_assignments(sizes):
        # Every size by its own name: a scalar n beside a size m keeps its own value.
        values = assignment if isinstance(assignment, dict) else dict.fromkeys(sizes, assignment)
        label = {str(s): k for s, k in sorted(values.items(), key=lambda item: str(item[0]))}
        try:
            out.append((label, _closed(rel, explicit_instance(rel, assignment))))
        except (RecursionError, *_ERRORS):
            continue
    return out


def _closed(rel: Relation, instance: Relation) -> Relation:
    """The instance with the entries of every ``IndexedDiscrete`` as non-negative symbols.

    A distribution over a symbolic n ranges over the closed simplex (the kernel's boundary rule
    and the oracle judge it there), but its written-out entries p_k are declared positive; the
    sampler keeps declared-positive points off zero, so without this E_p[q] > 0 could never meet
    its disjoint supports.
    """
    pair = sympy.Tuple(rel.lhs, rel.rhs, *rel.where)
    names = {d.name for d in distributions_in(pair) if isinstance(d, IndexedDiscrete)}
    written = sympy.Tuple(instance.lhs, instance.rhs, *instance.where).free_symbols
    closed = {
        s: sympy.Symbol(s.name, nonnegative=True)
        for s in written
        if isinstance(s, sympy.Symbol)
        and s.is_positive
        and s.name.rpartition("_")[0] in names
        and s.name.rpartition("_")[2].isdigit()
    }
    if not closed:
        return instance
    return Relation(
        instance.kind,
        instance.lhs.xreplace(closed),
        instance.rhs.xreplace(closed),
        instance.flipped,
        tuple(f.xreplace(closed) for f in instance.where),
    )


def _compare(kind: RelationKind, lhs: Any, rhs: Any, tol: float) -> tuple[Any, Any, Any, Any]:
    """Per sample: usable, agrees (clear margin), near tie (needs 50 digits), error."""
    lhs, rhs = np.asarray(lhs, dtype=complex), np.asarray(rhs, dtype=complex)
    real = (np.abs(lhs.imag) < 1e-12) & (np.abs(rhs.imag) < 1e-12)
    a, b = lhs.real, rhs.real
    with np.errstate(all="ignore"):
        usable = ~np.isnan(lhs) & ~np.isnan(rhs)
        both_inf = real & np.isinf(a) & np.isinf(b) & (np.sign(a) == np.sign(b))
        scale = 1 + np.abs(lhs) + np.abs(rhs)
        error = np.where(both_inf, 0.0, np.abs(lhs - rhs) / scale)
        error = np.where(np.isnan(error), np.inf, error)
        if kind is RelationKind.EQ:
            return usable, error <= tol, np.zeros_like(usable), error
        usable &= real
        margin = np.where(both_inf, 0.0, (a - b) / scale)
        margin = np.where(np.isnan(margin), -np.inf, margin)
        if kind is RelationKind.GE:
            agrees = both_inf | (margin > NEAR_TIE) | (np.isposinf(a) & ~np.isposinf(b))
        else:
            agrees = (margin > NEAR_TIE) | (np.isposinf(a) & ~np.isposinf(b))
        near = ~agrees & (margin >= -tol)
        error = np.where(agrees | near, 0.0, error)
    return usable, agrees, near, error


def _mp_sides(plan: Plan, point: Mapping[sympy.Basic, Any]) -> tuple[Any, Any, dict[Any, Any]]:
    env: dict[sympy.Basic, Any] = {}
    for s, v in point.items():
        env[s] = mpmath.mpc(v) if isinstance(v, complex) else mpmath.mpf(v)
    for group in plan.simplex:  # renormalise exactly: floats sum to 1 only to 1e-16
        total = mpmath.fsum(env[s] for s in group)
        for s in group:
            env[s] = env[s] / total
    return evaluate(plan.lhs, env, Backend.MPMATH), evaluate(plan.rhs, env, Backend.MPMATH), env


def _holds(lhs: Any, rhs: Any, kind: RelationKind) -> bool | None:
    complex_side = isinstance(lhs, mpmath.mpc) or isinstance(rhs, mpmath.mpc)
    if complex_side and kind is not RelationKind.EQ:
        if mpmath.im(lhs) != 0 or mpmath.im(rhs) != 0:
            return None
        lhs, rhs, complex_side = mpmath.re(lhs), mpmath.re(rhs), False
    if mpmath.isnan(lhs) or mpmath.isnan(rhs):
        return None
    if mpmath.isinf(lhs) or mpmath.isinf(rhs):
        if complex_side:
            return None
        if kind is RelationKind.EQ:
            return bool(lhs == rhs)
        return bool(lhs >= rhs) if kind is RelationKind.GE else bool(lhs > rhs)
    gap = lhs - rhs
    threshold = mpmath.mpf(10) ** (-30) * (1 + abs(lhs) + abs(rhs))
    if kind is RelationKind.EQ:
        return bool(abs(gap) <= threshold)
    if kind is RelationKind.GE:
        return bool(gap >= -threshold)
    return bool(gap > threshold)


def examine(
    plan: Plan, point: Mapping[sympy.Basic, Any], kind: RelationKind
) -> tuple[bool | None, dict[str, Any] | None]:
    """At ``CONFIRM_DPS`` digits: whether the relation holds (None: not reliably evaluable) and,
    when it fails, the counterexample — the claim's variables, ``n`` for a symbolic size, and
    the claim's own ``lhs`` and ``rhs`` (swapped back when the user wrote ≤ or <)."""
    with mpmath.workdps(CONFIRM_DPS):
        try:
            lhs, rhs, env = _mp_sides(plan, point)
        except _ERRORS:
            return None, None
        holds = _holds(lhs, rhs, kind)
        if holds is not False:
            return holds, None
        example: dict[str, Any] = {str(s): _as_number(env[s]) for s in sorted(point, key=str)}
        if isinstance(plan.size_label, dict):
            example.update(plan.size_label)
        elif plan.size_label is not None:
            example["n"] = plan.size_label
        if plan.flipped:  # the claim was written with ≤ or <: report its own sides
            lhs, rhs = rhs, lhs
        example["lhs"] = _as_number(lhs)
        example["rhs"] = _as_number(rhs)
        return False, example


def confirm(
    plan: Plan, point: Mapping[sympy.Basic, Any], kind: RelationKind
) -> dict[str, Any] | None:
    """Re-evaluate at ``CONFIRM_DPS`` digits; the counterexample when the claim really fails."""
    return examine(plan, point, kind)[1]


#: How far inside its domain a counterexample at a zero of a declared-positive probability is
#: moved: ε² stays above the 50-digit tie threshold (1e-30), so a true strict claim such as
#: E_p[q] > 0 over positive p, q is not refuted at a near-disjoint point.
INSIDE = (1e-9, 1e-12, 1e-15)


def settle(
    plan: Plan, point: Mapping[sympy.Basic, Any], kind: RelationKind
) -> tuple[bool | None, dict[str, Any] | None]:
    """:func:`examine`, with a counterexample never outside the claim's domain.

    The samplers try exact zeros on every simplex, but ``Discrete.symbolic(name, k)`` declares
    its probabilities positive: a violation at such a zero counts only when it persists at a
    point moved inside (zeros raised to ε, the group renormalised), which is then reported.
    """
    holds, example = examine(plan, point, kind)
    zeros = {s for s, v in point.items() if v == 0 and s.is_positive}
    if example is None or not zeros:
        return holds, example
    for eps in INSIDE:
        moved = {s: eps if s in zeros else v for s, v in point.items()}
        for group in plan.simplex:
            if zeros & set(group):
                total = sum(moved[s] for s in group)
                moved.update({s: moved[s] / total for s in group})
        if not satisfies(plan.constraints, {s: np.array([v]) for s, v in moved.items()}, 1)[0]:
            continue  # moved out of a fact: not a point of the claim's domain either
        inside = examine(plan, moved, kind)[1]
        if inside is not None:
            return False, inside
    return None, None  # a violation only on the boundary of the domain: no evidence either way


def _as_number(value: Any) -> Any:
    """A JSON-friendly number: float, ±inf, or the string of a complex value."""
    if isinstance(value, mpmath.mpc):
        if mpmath.im(value) != 0:
            return mpmath.nstr(value, 12)
        value = mpmath.re(value)
    return float(value) if not mpmath.isinf(value) else (np.inf if value > 0 else -np.inf)


def _nicer(point: Mapping[sympy.Basic, Any], plan: Plan) -> dict[sympy.Basic, Any]:
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


def _point(env: Mapping[sympy.Basic, Any], k: int) -> dict[sympy.Basic, Any]:
    out: dict[sympy.Basic, Any] = {}
    for s, v in env.items():
        value = np.asarray(v).reshape(-1)[k]
        out[s] = complex(value) if np.iscomplexobj(value) and value.imag != 0 else float(value.real)
    return out


def _tolerance(plan: Plan) -> float:
    pair = sympy.Tuple(plan.lhs, plan.rhs)
    continuous = any(d.kind is Kind.CONTINUOUS for d in distributions_in(pair))
    return QUADRATURE_TOLERANCE if continuous or pair.has(sympy.Integral) else TOLERANCE


def _evaluate_rows(plan: Plan, env: Mapping[sympy.Basic, Any]) -> tuple[Any, Any] | None:
    count = len(next(iter(env.values())))
    try:
        lhs = np.broadcast_to(np.asarray(evaluate(plan.lhs, env, Backend.NUMPY)), (count,))
        rhs = np.broadcast_to(np.asarray(evaluate(plan.rhs, env, Backend.NUMPY)), (count,))
    except _ERRORS:
        return None  # not numerically evaluable here: this instance gives no evidence
    return lhs, rhs


def _costly(plan: Plan) -> bool:
    pair = sympy.Tuple(plan.lhs, plan.rhs)
    return pair.has(sympy.Integral, sympy.Sum) or _tolerance(plan) != TOLERANCE


def _instance(
    plan: Plan, kind: RelationKind, rng: np.random.Generator, wanted: int, budget: int
) -> tuple[int, float, dict[str, Any] | None]:
    """Agreeing samples, max error and maybe a counterexample for one explicit instance.

    Rows that cannot be evaluated (a quadrature that did not settle) are topped up with fresh
    random rows, twice at most, so that a claim keeps its evidence where part of its domain is
    numerically out of reach.
    """
    used, max_error = 0, 0.0
    tolerance = _tolerance(plan)
    for round_ in range(3):
        env = draw(
            plan, rng, wanted if round_ == 0 else 2 * (wanted - used), structured=round_ == 0
        )
        if not env or not len(next(iter(env.values()))):
            break
        sides = _evaluate_rows(plan, env)
        if sides is None:
            break
        usable, agrees, near, error = _compare(kind, *sides, tolerance)
        agreeing = usable & agrees
        if agreeing.any():
            max_error = max(max_error, float(np.max(np.where(agreeing, error, 0.0))))
        used += int(agreeing.sum())
        # Most suspicious first: violations by size, then near ties by margin.
        violated = np.flatnonzero(usable & ~agrees & ~near)
        suspects = [int(k) for k in violated[np.argsort(-error[violated])]]
        suspects += [int(k) for k in np.flatnonzero(usable & near)]
        if kind is RelationKind.EQ and agreeing.any() and round_ == 0 and not _costly(plan):
            # The worst agreement at 50 digits: a gap below the double tolerance shows there.
            suspects.append(int(np.argmax(np.where(agreeing, error, -1.0))))
        for k in suspects[:budget]:
            point = _point(env, k)
            nicer = _nicer(point, plan)
            if nicer != point:
                example = settle(plan, nicer, kind)[1]
                if example is not None:
                    return used, max_error, example
            holds, example = settle(plan, point, kind)
            if example is not None:
                return used, max_error, example
            if holds and not agreeing[k]:
                used += 1  # a near tie (or a double-precision artefact) that holds at 50 digits
        budget = max(0, budget - len(suspects))
        if used >= wanted or not plan.variables:
            break
    return min(used, wanted), max_error, None


def spot_check(claim: object, samples: int = 200, seed: int = 0, where: object = ()) -> Check:
    """Evaluate both sides of ``claim`` at structured and random points inside its facts."""
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 1:
        raise InvalidParameterError(f"samples must be a positive integer, got {samples!r}")
    rel = as_relation(claim, where)
    integer_limits(rel)  # a malformed sum is an error here, not a silently skipped instance
    rng = np.random.default_rng(seed)
    instances = _explicit_instances(rel)
    if not instances:  # no size could be written out: no evidence either way
        return Check(True, 0.0, None, 0)
    # The requested samples shared out exactly (the first sizes take the remainder), so that a
    # true claim whose every sample is usable reports exactly ``samples``.
    shares = [
        samples // len(instances) + (k < samples % len(instances)) for k in range(len(instances))
    ]
    budget = max(2, CONFIRM_BUDGET // len(instances))
    max_error, used = 0.0, 0
    exhaustive = False
    for (size_label, instance), per_instance in zip(instances, shares, strict=True):
        if per_instance == 0:
            continue
        plan = plan_for(instance, size_label)
        if not plan.variables:  # one point is the whole domain: judge it at 50 digits
            verdict, example = examine(plan, {}, rel.kind)
            if example is not None:
                return Check(False, max_error, example, used)
            used += verdict is True
            exhaustive = verdict is True and size_label is None
            continue
        agreed, error, example = _instance(plan, rel.kind, rng, per_instance, budget)
        max_error = max(max_error, error)
        used += agreed
        if example is not None:
            return Check(False, max_error, example, used)
    return Check(True, max_error, None, used, exhaustive)
