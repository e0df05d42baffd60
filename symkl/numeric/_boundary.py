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
    ((x, 2, False),)
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy

from ._compile import Backend, evaluate
from ._constraints import satisfies
from ._plan import Plan

__all__ = ["MAX_SWITCHES", "boundary_rows", "exact_points", "switches"]

#: Switch points tried per claim instance (the first in a fixed order): a handful of rows.
MAX_SWITCHES = 6
#: Rows put exactly on each switch point (completed from different base rows), and on each side.
AT_ROWS, SIDE_ROWS = 2, 1
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


#: A switch point: the variable, its value there, whether just either side is tried too.
Switch = tuple[sympy.Symbol, sympy.Expr, bool]


@functools.lru_cache(maxsize=256)
def _cached(
    pair: sympy.Basic, scalars: tuple[sympy.Symbol, ...], variables: frozenset[sympy.Symbol]
) -> tuple[Switch, ...]:
    found: dict[tuple[sympy.Symbol, sympy.Expr], bool] = {}
    for zero, two_sided in _zeros(pair):
        free = zero.free_symbols
        if not free or not free <= variables:  # bound (an integration variable) or a constant
            continue
        for s in sorted(free & set(scalars), key=str):
            for value in _roots(zero, s):
                if value.has(s) or not value.free_symbols <= variables:
                    continue
                key = (s, value)
                found[key] = found.get(key, False) or two_sided
    ordered = sorted(found.items(), key=lambda item: (str(item[0][0]), str(item[0][1])))
    return tuple((s, value, sides) for (s, value), sides in ordered[:MAX_SWITCHES])


def switches(
    pair: sympy.Basic,
    scalars: tuple[sympy.Symbol, ...],
    variables: tuple[sympy.Symbol, ...] | None = None,
) -> tuple[Switch, ...]:
    """Switch points of ``pair`` as (scalar, its value there, whether the sides are tried too).

    Only zeros in the claim's ``variables`` (default: ``scalars``) are solved: a condition on
    an integration variable belongs to the integral, not to the claim's domain."""
    if not pair.has(sympy.Piecewise, sympy.KroneckerDelta, sympy.Min, sympy.Max, *_JUMPS, *_STEPS):
        return ()
    return _cached(pair, scalars, frozenset(variables if variables is not None else scalars))


def exact_points(plan: Plan) -> dict[tuple[sympy.Symbol, float], sympy.Expr]:
    """The constant switch points of ``plan`` by (variable, nearest double): a sample there is
    evaluated at 50 digits at the switch itself (x = 1/3, not 0.333…33 where ``Eq(x, 1/3)`` is
    false), as double precision, which rounds ``1/3`` alike on both sides, saw it."""
    found = switches(sympy.Tuple(plan.lhs, plan.rhs), tuple(plan.scalars), tuple(plan.variables))
    out: dict[tuple[sympy.Symbol, float], sympy.Expr] = {}
    for s, value, _ in found:
        if value.is_number and value.is_extended_real and value.is_finite:
            out[(s, float(value))] = value
    return out


def _inside(plan: Plan, s: sympy.Symbol, values: Any) -> Any:
    """Per row: ``values`` is a real number inside the domain of ``s``."""
    domain = plan.scalars[s]
    with np.errstate(invalid="ignore"):
        real = np.isfinite(values) & (np.imag(values) == 0)
    inside = [
        bool(ok) and domain.contains(float(np.real(v))) for ok, v in zip(real, values, strict=True)
    ]
    return np.array(inside, dtype=bool)


def _exact(value: sympy.Expr, row: Mapping[sympy.Basic, Any], s: sympy.Symbol) -> bool:
    """Whether ``s`` is ``value`` exactly at the row's (double) values of the others: a = 3·b
    at b = 1/3 rounded is not on the switch at 50 digits, a = 3 at b = 1 is."""
    if value.is_number:
        return True  # a constant switch is evaluated at itself at 50 digits (:func:`exact_points`)
    point = {v: sympy.Rational(float(np.real(row[v]))) for v in value.free_symbols if v in row}
    try:
        exact = value.xreplace(point)
        return bool(exact.is_Rational and exact == sympy.Rational(float(row[s])))
    except _ERRORS:
        return False


def _chosen(value: sympy.Expr, s: sympy.Symbol, trial: Mapping[sympy.Basic, Any], hits: Any,
            rows: int, exact: bool) -> list[int]:  # fmt: skip
    """Up to ``rows`` of ``hits``: the first and the last (another kind of base row); with
    ``exact``, the first and the last of those whose ``s`` is on the switch exactly."""
    if exact and not value.is_number:
        tried = [int(k) for k in (*hits[:EXACT_TRIES], *hits[::-1][:EXACT_TRIES])]
        hits = np.array([k for k in dict.fromkeys(tried) if _exact(value, _row(trial, k), s)])
        hits.sort()
    if not hits.size:
        return []
    return sorted({int(hits[0]), int(hits[-1])})[:rows]


def _row(env: Mapping[sympy.Basic, Any], k: int) -> dict[sympy.Basic, Any]:
    return {v: np.asarray(column)[k] for v, column in env.items()}


def boundary_rows(plan: Plan, base: Mapping[sympy.Basic, Any]) -> dict[sympy.Basic, Any]:
    """Rows of ``base`` (every variable of ``plan``) moved onto the claim's switch points, a few
    per switch: exactly there and, for an inequality or a jump, just either side; only rows
    inside the variable's domain and the claim's facts are kept."""
    if not base:
        return {}
    found = switches(sympy.Tuple(plan.lhs, plan.rhs), tuple(plan.scalars), tuple(plan.variables))
    size = len(next(iter(base.values())))
    picked: list[dict[sympy.Basic, Any]] = []
    for s, value, sides in found:
        try:
            with np.errstate(all="ignore"):
                at = np.broadcast_to(np.asarray(evaluate(value, base, Backend.NUMPY)), (size,))
        except _ERRORS:
            continue
        columns = [(at, AT_ROWS, True)]
        if sides:
            with np.errstate(all="ignore"):
                step = 1.0 if plan.scalars[s].integer else SIDE * np.maximum(1.0, np.abs(at))
            columns += [(at + step, SIDE_ROWS, False), (at - step, SIDE_ROWS, False)]
        for column, rows, exact in columns:
            keep = _inside(plan, s, column)
            if not keep.any():
                continue
            trial = {**base, s: np.real(column).astype(float)}
            keep &= satisfies(plan.constraints, trial, size)
            chosen = _chosen(value, s, trial, np.flatnonzero(keep), rows, exact)
            picked += [_row(trial, k) for k in chosen]
    if not picked:
        return {}
    return {v: np.array([row[v] for row in picked]) for v in picked[0]}
