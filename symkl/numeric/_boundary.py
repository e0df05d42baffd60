"""Boundary points implied by a claim's own structure, where random points never land.

A claim can be false on a set of measure zero only: a ``Piecewise`` whose ``Eq(low, 0)`` branch
is wrong, a one-point jump at ``x < 0`` against ``x <= 0``, a ``KroneckerDelta`` off by one. The
switch points of the claim — the conditions of its ``Piecewise`` nodes (and just either side of
an inequality), the arguments of ``KroneckerDelta``, the jumps of ``Heaviside``, ``sign``,
``floor``, ``ceiling`` and ``frac``, the ties of ``Min`` and ``Max`` — are solved for one scalar
variable where that is simple (a polynomial of degree ≤ 2 in it), and the sampler puts a few rows
exactly there, inside the variable's domain and the claim's facts::

    >>> x = sympy.Symbol("x", real=True)
    >>> switches(sympy.Tuple(sympy.Piecewise((1, sympy.Eq(x, 2)), (0, True))), (x,))
    ((((x, 2),), False),)
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy

from .._registry import entropy_closed_form, kl_closed_form
from ..measures import CrossEntropy, Entropy, KLDivergence, Measure, distributions_in
from ._compile import Backend, evaluate
from ._constraints import satisfies
from ._plan import UNIT, Plan

__all__ = [
    "MAX_SWITCHES",
    "boundary_rows",
    "exact_points",
    "rescaled",
    "switch_sizes",
    "switches",
]

#: Switch points tried per claim instance (the first in a fixed order): a handful of rows.
MAX_SWITCHES = 6
#: Ties of a strict claim tried per claim instance (roots of lhs − rhs, equal distributions).
MAX_TIES = 4
#: Rows put exactly on each switch point (completed from different base rows), and on each side.
AT_ROWS, SIDE_ROWS = 3, 1
#: How far (relative) "just either side" of an inequality's boundary is; integers move by 1.
SIDE = 1e-9
#: Rows looked at from each end for one exactly on a switch that depends on other variables.
EXACT_TRIES = 8
#: Largest expression (operations) solved for a variable: bigger ones are skipped, not slow.
MAX_OPS = 60
_ERRORS = (
    NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError, OverflowError,
    AttributeError, sympy.PolynomialError,
)  # fmt: skip
_JUMPS = (sympy.Heaviside, sympy.sign)
_STEPS = (sympy.floor, sympy.ceiling, sympy.frac)
_MEASURES = (Measure,)
_TIES = (sympy.Min, sympy.Max)


def _zeros(pair: sympy.Basic) -> list[tuple[sympy.Expr, bool]]:
    """Expressions whose zeros are switch points, each with whether it separates two sides (an
    inequality or a jump) rather than a single point (an equality, a tie)."""
    found: list[tuple[sympy.Expr, bool]] = []
    for node in sympy.preorder_traversal(pair):
        if isinstance(node, sympy.Piecewise):
            for _, cond in node.args:
                if isinstance(cond, sympy.Basic):
                    for rel in sorted(cond.atoms(sympy.core.relational.Relational), key=str):
                        # Relational atoms of And/Or conditions; Eq, Ne switch at a point only.
                        two_sided = not isinstance(rel, (sympy.Eq, sympy.Ne))
                        found.append((rel.lhs - rel.rhs, two_sided))
        elif isinstance(node, sympy.KroneckerDelta):
            found.append((node.args[0] - node.args[1], False))
        elif isinstance(node, _JUMPS):
            found.append((node.args[0], True))
        elif isinstance(node, _STEPS):
            found += [(node.args[0], True), (node.args[0] - 1, True)]
        elif isinstance(node, (sympy.Min, sympy.Max)):
            found += [(a - b, False) for a, b in itertools.combinations(node.args, 2)]
    return found


def _conjunctions(pair: sympy.Basic) -> list[list[sympy.Expr]]:
    """The equalities of each ``And`` condition of a Piecewise, to be met together: the branch
    of ``And(Eq(a, 0), Eq(b, 0))`` is taken only where both hold."""
    found = []
    for node in pair.atoms(sympy.Piecewise):
        for _, cond in node.args:
            if isinstance(cond, sympy.And):
                eqs = [e for e in cond.args if isinstance(e, sympy.Eq)]
                if len(eqs) > 1:
                    found.append([e.lhs - e.rhs for e in sorted(eqs, key=str)])
    return sorted(found, key=str)


def _roots(zero: sympy.Expr, s: sympy.Symbol) -> list[sympy.Expr]:
    """The roots of ``zero`` in ``s`` when it (or its numerator) is a polynomial of degree ≤ 2."""
    if sympy.count_ops(zero) > MAX_OPS:
        return []
    try:
        for candidate in (zero, sympy.fraction(sympy.together(zero))[0]):
            if candidate.is_polynomial(s):
                poly = sympy.Poly(candidate, s)
                if 1 <= poly.degree() <= 2:
                    return sorted(sympy.roots(poly), key=sympy.default_sort_key)
                return []
    except _ERRORS:
        return []
    return []


#: A switch point: the variables set there (each to an expression in the others), and whether
#: just either side is tried too (one variable, an inequality or a jump).
Assignment = tuple[tuple[sympy.Symbol, sympy.Expr], ...]
Switch = tuple[Assignment, bool]


def _solved(
    zeros: list[sympy.Expr], scalars: tuple[sympy.Symbol, ...], variables: frozenset[sympy.Symbol]
) -> Assignment:
    """One point where every one of ``zeros`` vanishes, solved one variable at a time (each
    later one substituted back into the earlier ones); () when one cannot be solved."""
    assigned: dict[sympy.Symbol, sympy.Expr] = {}
    for zero in zeros:
        zero = zero.xreplace(assigned)
        if zero == 0:
            continue
        for s in sorted(zero.free_symbols & set(scalars) - set(assigned), key=str):
            roots = [r for r in _roots(zero, s) if r.free_symbols <= variables - {s}]
            if roots:
                assigned = {t: v.xreplace({s: roots[0]}) for t, v in assigned.items()}
                assigned[s] = roots[0]
                break
        else:
            return ()
    return tuple(sorted(assigned.items(), key=lambda item: str(item[0])))


@functools.lru_cache(maxsize=256)
def _ties(pair: sympy.Basic, scalars: tuple[sympy.Symbol, ...],
          variables: frozenset[sympy.Symbol]) -> tuple[Switch, ...]:  # fmt: skip
    """Where a strict claim ``lhs > rhs`` may be an equality: the roots of ``lhs − rhs`` in one
    variable, and every two distributions of one family made equal (KL(P ‖ Q) = 0 at P = Q,
    Exponential(λ) against Exponential(3μ) at λ = 3μ). Asked once per claim by the switch scan
    and again at every draw by the rows beside ties (``_beside``): solved once."""
    lhs, rhs = pair.args
    found: list[Switch] = []
    zero = lhs - rhs
    if zero.free_symbols <= variables and not zero.has(sympy.Integral, sympy.Sum, *_MEASURES):
        for s in sorted(zero.free_symbols & set(scalars), key=str):
            found += [(((s, r),), False) for r in _roots(zero, s) if r.free_symbols <= variables]
    family = [d for d in distributions_in(pair) if all(isinstance(a, sympy.Expr) for a in d.args)]
    for left, right in itertools.combinations(family, 2):
        if type(left) is type(right) and left != right and len(left.args) == len(right.args):
            zeros = [a - b for a, b in zip(left.args, right.args, strict=True) if a != b]
            assignment = _solved(zeros, scalars, variables)
            if assignment:
                found.append((assignment, False))
    return tuple(found)


@functools.lru_cache(maxsize=256)
def _cached(
    pair: sympy.Basic,
    scalars: tuple[sympy.Symbol, ...],
    variables: frozenset[sympy.Symbol],
    strict: bool,
) -> tuple[Switch, ...]:
    # Asked at every 50-digit evaluation (exact_points): the scan is done once per claim.
    if not strict and not pair.has(sympy.Piecewise, sympy.KroneckerDelta, *_TIES, *_JUMPS, *_STEPS):
        return ()
    found: dict[Assignment, bool] = {}
    for zero, two_sided in _zeros(pair):
        free = zero.free_symbols
        if not free or not free <= variables:  # bound (an integration variable) or a constant
            continue
        for s in sorted(free & set(scalars), key=str):
            for value in _roots(zero, s):
                if value.has(s) or not value.free_symbols <= variables:
                    continue
                key = ((s, value),)
                found[key] = found.get(key, False) or two_sided
    ordered = sorted(found.items(), key=lambda item: str(item[0]))[:MAX_SWITCHES]
    joint: list[Switch] = []
    for zeros in _conjunctions(pair):
        if all(z.free_symbols <= variables for z in zeros):
            assignment = _solved(zeros, scalars, variables)
            joint += [(assignment, False)] if assignment else []
    ties = _ties(pair, scalars, variables) if strict else []
    return tuple(dict.fromkeys([*ordered, *joint[:MAX_TIES], *ties[:MAX_TIES]]))


def switches(
    pair: sympy.Basic,
    scalars: tuple[sympy.Symbol, ...],
    variables: tuple[sympy.Symbol, ...] | None = None,
    strict: bool = False,
) -> tuple[Switch, ...]:
    """Switch points of ``pair`` (its two sides), each as the scalars set there and whether
    their sides are tried too; with ``strict``, also where the sides may tie (:func:`_ties`).

    Only zeros in the claim's ``variables`` (default: ``scalars``) are solved: a condition on
    an integration variable belongs to the integral, not to the claim's domain."""
    known = frozenset(variables if variables is not None else scalars)
    return _cached(pair, scalars, known, strict)


#: Most sizes added where a claim over one symbolic n switches (``Eq(n, 20)``), and the largest.
SWITCH_SIZES, MAX_SWITCH_SIZE = 3, 64


def switch_sizes(pair: sympy.Basic, sizes: set[sympy.Symbol], known: tuple[int, ...]) -> list[int]:
    """Sizes where a claim over one symbolic n switches (a Piecewise on ``Eq(n, 20)``), and one
    either side, besides the ``known`` ones: a wrong branch at n = 20 is seen there."""
    if len(sizes) != 1:
        return []
    found = switches(pair, tuple(sizes))
    values = [v for assignment, _ in found for _, v in assignment if v.is_Integer]
    ks = dict.fromkeys(int(v) + d for v in values for d in (0, -1, 1))
    return [k for k in ks if 1 <= k <= MAX_SWITCH_SIZE and k not in known][:SWITCH_SIZES]


def _solvable(plan: Plan) -> tuple[sympy.Symbol, ...]:
    # A probability of a simplex is solved for too (the rest of its group is rescaled).
    return (*plan.scalars, *(s for group in plan.simplex if len(group) > 1 for s in group))


def _plan_switches(plan: Plan) -> tuple[Switch, ...]:
    pair = sympy.Tuple(plan.lhs, plan.rhs)
    own = switches(pair, _solvable(plan), tuple(plan.variables), plan.strict)
    hidden = _closed_forms(pair)
    if not hidden.args:
        return own
    # After the claim's own switches, so that they keep their places among MAX_SWITCHES.
    inner = switches(hidden, _solvable(plan), tuple(plan.variables))
    return tuple(dict.fromkeys([*own, *inner[:MAX_SWITCHES]]))


@functools.lru_cache(maxsize=256)
def _closed_forms(pair: sympy.Basic) -> sympy.Tuple:
    """The tabled closed forms of the entropies and divergences in ``pair`` that hold a
    Piecewise: the switch of KL(Uniform(0, s) ‖ Uniform(0, r)), ∞ unless r ≥ s, is inside the
    measure, and the unevaluated claim shows none (with the fact s < 1.001·r it was CHECKED equal
    to log(r/s)). Tables only: no integral is attempted."""
    found = []
    for node in sorted(pair.atoms(Entropy, KLDivergence, CrossEntropy), key=sympy.default_sort_key):
        try:
            if isinstance(node, Entropy):
                closed = entropy_closed_form(node.dist)
            else:  # a cross-entropy's switch is its KL's: H(p, q) = H(p) + KL(p ‖ q)
                closed = kl_closed_form(node.p, node.q)
        except _ERRORS:
            continue
        if closed is not None and closed.has(sympy.Piecewise):
            found.append(closed)
    return sympy.Tuple(*found)


def exact_points(plan: Plan) -> dict[tuple[sympy.Symbol, float], sympy.Expr]:
    """The constant switch points of ``plan`` by (variable, nearest double): a sample there is
    evaluated at 50 digits at the switch itself (x = 1/3, not 0.333…33 where ``Eq(x, 1/3)`` is
    false), as double precision, which rounds ``1/3`` alike on both sides, saw it."""
    out: dict[tuple[sympy.Symbol, float], sympy.Expr] = {}
    for assignment, _ in _plan_switches(plan):
        for s, value in assignment:
            if value.is_number and value.is_extended_real and value.is_finite:
                out[(s, float(value))] = value
    return out


def _inside(plan: Plan, s: sympy.Symbol, values: Any) -> Any:
    """Per row: ``values`` is a real number inside the domain of ``s`` (a probability of a
    simplex: [0, 1])."""
    domain = plan.scalars.get(s, UNIT)
    with np.errstate(invalid="ignore"):
        real = np.isfinite(values) & (np.imag(values) == 0)
    inside = [
        bool(ok) and domain.contains(float(np.real(v))) for ok, v in zip(real, values, strict=True)
    ]
    return np.array(inside, dtype=bool)


def _exact(assignment: Assignment, row: Mapping[sympy.Basic, Any]) -> bool:
    """Whether each variable set is its value exactly at the row's (double) values of the
    others: a = 3·b at b = 1/3 rounded is not on the switch at 50 digits, a = 3 at b = 1 is."""
    for s, value in assignment:
        if value.is_number:
            continue  # a constant switch is evaluated at itself at 50 digits (exact_points)
        point = {v: sympy.Rational(float(np.real(row[v]))) for v in value.free_symbols if v in row}
        try:
            exact = value.xreplace(point)
            if not (exact.is_Rational and exact == sympy.Rational(float(row[s]))):
                return False
        except _ERRORS:
            return False
    return True


def _chosen(
    assignment: Assignment, trial: Mapping[sympy.Basic, Any], hits: Any, rows: int, exact: bool
) -> list[int]:
    """Up to ``rows`` of ``hits``: the first, the middle and the last (other kinds of base row:
    the first is often an extreme such as a shape of 1e-9, where an integral does not settle);
    with ``exact``, among those on the switch exactly."""
    if exact and not all(value.is_number for _, value in assignment):
        middle = len(hits) // 2
        tried = {int(k) for k in (*hits[:EXACT_TRIES], *hits[middle : middle + EXACT_TRIES])}
        tried |= {int(k) for k in hits[-EXACT_TRIES:]}
        hits = np.array(sorted(k for k in tried if _exact(assignment, _row(trial, k))), dtype=int)
    if not hits.size:
        return []
    ends = (hits[0], hits[-1], hits[len(hits) // 2]) if rows > 1 else (hits[0],)
    return sorted({int(k) for k in ends})


def _row(env: Mapping[sympy.Basic, Any], k: int) -> dict[sympy.Basic, Any]:
    return {v: np.asarray(column)[k] for v, column in env.items()}


def _columns(plan: Plan, base: Mapping[sympy.Basic, Any], switch: Switch, size: int
             ) -> list[tuple[dict[sympy.Basic, Any], int, bool]]:  # fmt: skip
    """The base rows moved onto ``switch`` (and either side of it), with how many of each to
    keep and whether they must be on it exactly; [] when it cannot be evaluated."""
    assignment, sides = switch
    moved = dict(base)
    with np.errstate(all="ignore"):
        try:
            for s, value in assignment:
                column = np.asarray(evaluate(value, base, Backend.NUMPY))
                moved[s] = np.broadcast_to(column, (size,))
        except _ERRORS:
            return []
    out = [(moved, AT_ROWS, True)]
    if sides:
        ((s, _),) = assignment
        at = moved[s]
        with np.errstate(all="ignore"):
            step = 1.0 if plan.scalars.get(s, UNIT).integer else SIDE * np.maximum(1.0, np.abs(at))
        out += [
            ({**moved, s: at + step}, SIDE_ROWS, False),
            ({**moved, s: at - step}, SIDE_ROWS, False),
        ]
    return out


def rescaled(plan: Plan, trial: dict[sympy.Basic, Any], fixed: set[sympy.Symbol]) -> Any:
    """The other probabilities of each simplex with a probability set on a switch, rescaled in
    ``trial`` to sum to what is left of 1; per row, whether that was possible."""
    size = len(next(iter(trial.values())))
    ok = np.ones(size, dtype=bool)
    for group in plan.simplex:
        on = [s for s in group if s in fixed]
        if not on:
            continue
        rest = [s for s in group if s not in fixed]
        left = 1.0 - sum((trial[s] for s in on), np.zeros(size))
        total = sum((trial[s] for s in rest), np.zeros(size))
        with np.errstate(all="ignore"):
            scale = np.where(total > 0, left / total, np.nan)
        for s in rest:
            trial[s] = trial[s] * scale
        ok &= (left >= 0) & (np.isfinite(scale) if rest else np.abs(left) == 0)
    return ok


def boundary_rows(plan: Plan, base: Mapping[sympy.Basic, Any]) -> dict[sympy.Basic, Any]:
    """Rows of ``base`` (every variable of ``plan``) moved onto the claim's switch points, a few
    per switch: exactly there and, for an inequality or a jump, just either side; only rows
    inside each variable's domain and the claim's facts are kept."""
    if not base:
        return {}
    size = len(next(iter(base.values())))
    picked: list[dict[sympy.Basic, Any]] = []
    for switch in _plan_switches(plan):
        for trial, rows, exact in _columns(plan, base, switch, size):
            keep = np.ones(size, dtype=bool)
            for s, _ in switch[0]:
                keep &= _inside(plan, s, trial[s])
                trial[s] = np.real(trial[s]).astype(float)
            keep &= rescaled(plan, trial, {s for s, _ in switch[0]})
            if not keep.any():
                continue
            keep &= satisfies(plan.constraints, trial, size)
            picked += [
                _row(trial, k) for k in _chosen(switch[0], trial, np.flatnonzero(keep), rows, exact)
            ]
    if not picked:
        return {}
    return {v: np.array([row[v] for row in picked]) for v in picked[0]}
