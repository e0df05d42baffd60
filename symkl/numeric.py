"""Numeric spot checks, samplers and fast array versions of the measures.

:func:`spot_check` evaluates both sides of a claim at random points — on the simplex (including
sparse points with exact zeros) and in each parameter's domain — with 0·log 0 = 0. A disagreement
counts only after it is re-evaluated with mpmath at 50 digits::

    >>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    >>> spot_check(Eq(kl_divergence(p, q), kl_divergence(q, p))).ok
    False
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mpmath
import numpy as np
import numpy.typing as npt
import sympy

from ._evaluate import Backend, evaluate
from .distributions import Discrete, IndexedDiscrete, Kind
from .measures import distributions_in
from .prover._relation import Relation, RelationKind, as_relation

__all__ = [
    "Check",
    "cross_entropy",
    "entropy",
    "kl_divergence",
    "simplex_points",
    "spot_check",
]

#: Digits used to confirm a counterexample.
CONFIRM_DPS = 50
#: The symbolic sizes a claim over a symbolic n is sampled at.
SYMBOLIC_SIZES = (1, 2, 3, 4, 5, 8)
#: Relative tolerance of the double-precision comparison.
TOLERANCE = 1e-9
#: Relative tolerance when either side is a numeric integral.
QUADRATURE_TOLERANCE = 1e-7


@dataclass(frozen=True)
class Check:
    """Result of :func:`spot_check`: ``ok`` when every usable sample agreed."""

    ok: bool
    max_error: float
    counterexample: dict[str, Any] | None
    samples: int = 0


def simplex_points(
    rng: np.random.Generator, n: int, size: int, sparse_fraction: float = 0.2
) -> npt.NDArray[np.float64]:
    """``size`` points on the n-simplex: Dirichlet(1), Dirichlet(0.1) (near-zeros), exact zeros."""
    dense = rng.dirichlet(np.ones(n), size=size)
    peaked = rng.dirichlet(np.full(n, 0.1), size=size)
    use_peaked = rng.random(size) < 0.3
    points = np.where(use_peaked[:, None], peaked, dense)
    if n > 1:
        sparse = rng.random(size) < sparse_fraction
        mask = (rng.random((size, n)) < 0.4) & sparse[:, None]
        mask[np.arange(size), rng.integers(0, n, size)] = False  # keep one outcome alive
        points = np.where(mask, 0.0, points)
        points = points / points.sum(axis=1, keepdims=True)
    return points


def _symbol_range(symbol: sympy.Symbol, domains: Mapping[sympy.Symbol, tuple[float, float]]) -> Any:
    if symbol in domains:
        return domains[symbol]
    if symbol.is_integer:
        return ("int", 1, 6) if symbol.is_positive else ("int", -5, 5)
    if symbol.is_positive:
        return ("log", 0.2, 5.0)
    if symbol.is_nonnegative:
        return (0.0, 10.0)
    return (-5.0, 5.0)


def _draw(rng: np.random.Generator, spec: Any, size: int) -> npt.NDArray[np.float64]:
    if spec[0] == "int":
        return rng.integers(spec[1], spec[2] + 1, size).astype(float)
    if spec[0] == "log":
        return np.exp(rng.uniform(np.log(spec[1]), np.log(spec[2]), size))
    lo, hi = spec
    return rng.uniform(lo + 1e-3 * (hi - lo), hi - 1e-3 * (hi - lo), size)


#: Assumptions carried from an IndexedBase to the symbols of its written-out entries.
_ENTRY_ASSUMPTIONS = ("positive", "nonnegative", "real", "integer")


def size_symbols(rel: Relation) -> set[sympy.Symbol]:
    """The symbolic sizes of a relation: the n of indexed distributions and the symbolic upper
    limits of sums and products (a sample of n observations x[1..n])."""
    pair = sympy.Tuple(rel.lhs, rel.rhs)
    sizes = {d.n for d in distributions_in(pair) if isinstance(d, IndexedDiscrete)}
    for node in pair.atoms(sympy.Sum, sympy.Product):
        for _, _, upper in node.limits:
            if isinstance(upper, sympy.Symbol) and upper.is_integer:
                sizes.add(upper)
    return {s for s in sizes if isinstance(s, sympy.Symbol)}


def _entry_symbol(entry: sympy.Indexed) -> sympy.Symbol:
    facts = entry.base.assumptions0
    kwargs = {k: True for k in _ENTRY_ASSUMPTIONS if facts.get(k)}
    index = "_".join(str(i) for i in entry.indices)
    return sympy.Symbol(f"{entry.base}_{index}", **kwargs)


def explicit_instance(rel: Relation, size: int) -> Relation:
    """The relation with every symbolic size set to ``size``: sums and products written out,
    indexed entries p[k] / x[k] turned into symbols p_k / x_k."""
    dists = distributions_in(sympy.Tuple(rel.lhs, rel.rhs))
    indexed = [d for d in dists if isinstance(d, IndexedDiscrete)]
    mapping: dict[sympy.Basic, sympy.Basic] = {d: Discrete.symbolic(d.name, size) for d in indexed}
    values = {n: sympy.Integer(size) for n in size_symbols(rel)}

    def concrete(e: sympy.Expr) -> sympy.Expr:
        e = e.xreplace(mapping).subs(values)
        e = e.replace(lambda s: isinstance(s, (sympy.Sum, sympy.Product)), lambda s: s.doit())
        return e.replace(lambda s: isinstance(s, sympy.Indexed), _entry_symbol)

    return rel.with_sides(concrete(rel.lhs), concrete(rel.rhs))


def _explicit_instances(rel: Relation) -> list[tuple[int | None, Relation]]:
    """The relation, or one copy per sampled size when it has a symbolic size."""
    if not size_symbols(rel):
        return [(None, rel)]
    return [(k, explicit_instance(rel, k)) for k in SYMBOLIC_SIZES]


@dataclass
class _Plan:
    lhs: sympy.Expr
    rhs: sympy.Expr
    simplex: list[tuple[sympy.Symbol, ...]]
    scalars: dict[sympy.Symbol, Any]
    constraints: list[Discrete]
    size_label: int | None
    flipped: bool = False


def _plan(rel: Relation, size_label: int | None) -> _Plan:
    lhs, rhs = rel.lhs, rel.rhs
    dists = distributions_in(sympy.Tuple(rel.lhs, rel.rhs))
    simplex: list[tuple[sympy.Symbol, ...]] = []
    constraints: list[Discrete] = []
    domains: dict[sympy.Symbol, tuple[float, float]] = {}
    covered: set[sympy.Basic] = set()
    for d in dists:
        if isinstance(d, Discrete):
            group = d.simplex_symbols()
            if group is not None and not (set(group) & covered):
                simplex.append(group)
                covered |= set(group)
                continue
            constraints.append(d)
        domains.update(d.parameter_domains())
    free = (lhs.free_symbols | rhs.free_symbols) - covered
    scalars = {
        s: _symbol_range(s, domains) for s in sorted(free, key=str) if isinstance(s, sympy.Symbol)
    }
    return _Plan(lhs, rhs, simplex, scalars, constraints, size_label, rel.flipped)


def _sample(plan: _Plan, rng: np.random.Generator, size: int) -> tuple[dict[sympy.Basic, Any], Any]:
    env: dict[sympy.Basic, Any] = {}
    for group in plan.simplex:
        points = simplex_points(rng, len(group), size)
        for k, s in enumerate(group):
            env[s] = points[:, k]
    for s, spec in plan.scalars.items():
        env[s] = _draw(rng, spec, size)
    valid = np.ones(size, dtype=bool)
    for d in plan.constraints:
        values = [np.broadcast_to(evaluate(v, env, Backend.NUMPY), (size,)) for v in d.probs]
        total = np.sum(values, axis=0)
        valid &= np.all([(v >= 0) & (v <= 1) for v in values], axis=0)
        valid &= np.abs(total - 1) < 1e-9
    return env, valid


def _compare(kind: RelationKind, lhs: Any, rhs: Any, tol: float) -> tuple[Any, Any, Any]:
    """Per sample: usable, agrees, error. Equalities compare complex values; inequalities need
    both sides real."""
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
            agrees = error <= tol
        else:
            usable &= real
            strict = kind is RelationKind.GT
            agrees = both_inf | ((a > b - tol * scale) if strict else (a >= b - tol * scale))
            error = np.where(agrees, 0.0, error)
    return usable, agrees, error


def _mp_value(v: float) -> Any:
    return mpmath.mpf(v)


def confirm(
    plan: _Plan, point: Mapping[sympy.Basic, float], kind: RelationKind
) -> dict[str, Any] | None:
    """Re-evaluate at ``CONFIRM_DPS`` digits; the counterexample when the claim really fails."""
    with mpmath.workdps(CONFIRM_DPS):
        env: dict[sympy.Basic, Any] = {s: _mp_value(v) for s, v in point.items()}
        for group in plan.simplex:  # renormalise exactly: floats sum to 1 only to 1e-16
            total = mpmath.fsum(env[s] for s in group)
            for s in group:
                env[s] = env[s] / total
        try:
            lhs = evaluate(plan.lhs, env, Backend.MPMATH)
            rhs = evaluate(plan.rhs, env, Backend.MPMATH)
        except (ValueError, ZeroDivisionError, TypeError, NotImplementedError):
            return None
        complex_side = isinstance(lhs, mpmath.mpc) or isinstance(rhs, mpmath.mpc)
        if complex_side and kind is not RelationKind.EQ:
            return None
        if mpmath.isnan(lhs) or mpmath.isnan(rhs):
            return None
        both_infinite = mpmath.isinf(lhs) and mpmath.isinf(rhs)
        if both_infinite and (complex_side or mpmath.sign(lhs) == mpmath.sign(rhs)):
            return None
        gap = lhs - rhs
        threshold = mpmath.mpf(10) ** (-30) * (1 + abs(lhs) + abs(rhs))
        if kind is RelationKind.EQ:
            fails = abs(gap) > threshold
        elif kind is RelationKind.GE:
            fails = gap < -threshold
        else:
            fails = gap <= threshold
        if not fails:
            return None
        example: dict[str, Any] = {str(s): float(env[s]) for s in sorted(point, key=str)}
        if plan.size_label is not None:
            example["n"] = plan.size_label
        if plan.flipped:  # the claim was written with ≤ or <: report its own sides
            lhs, rhs = rhs, lhs
        example["lhs"] = _as_float(lhs)
        example["rhs"] = _as_float(rhs)
        return example


def _as_float(value: Any) -> Any:
    """A JSON-friendly number: float, ±inf, or the string of a complex value."""
    if isinstance(value, mpmath.mpc):
        return mpmath.nstr(value, 12)
    return float(value) if not mpmath.isinf(value) else (np.inf if value > 0 else -np.inf)


def _nicer(point: Mapping[sympy.Basic, float], plan: _Plan) -> dict[sympy.Basic, float]:
    """Round a counterexample to three significant digits, keeping simplex points on the simplex."""
    rounded = {s: float(f"{v:.3g}") for s, v in point.items()}
    for group in plan.simplex:
        total = sum(rounded[s] for s in group)
        if total <= 0:
            return dict(point)
        for s in group:
            rounded[s] = rounded[s] / total
    return rounded


def spot_check(claim: object, samples: int = 200, seed: int = 0) -> Check:
    """Evaluate both sides of ``claim`` at random points; see the module docstring."""
    rel = as_relation(claim)
    rng = np.random.default_rng(seed)
    instances = _explicit_instances(rel)
    per_instance = max(4, samples // len(instances))
    max_error = 0.0
    used = 0
    for size_label, instance in instances:
        plan = _plan(instance, size_label)
        count = per_instance
        if plan.lhs.has(sympy.Integral, sympy.Sum) or plan.rhs.has(sympy.Integral, sympy.Sum):
            count = min(count, 12)  # each sample is an adaptive quadrature or series
        env, valid = _sample(plan, rng, count)
        if not plan.simplex and not plan.scalars:
            count = 1
            env = {}
            valid = np.ones(1, dtype=bool)
        try:
            lhs = evaluate(plan.lhs, env, Backend.NUMPY)
            rhs = evaluate(plan.rhs, env, Backend.NUMPY)
        except (NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError):
            continue  # not numerically evaluable here: this instance gives no evidence
        lhs = np.broadcast_to(np.asarray(lhs), (count,))
        rhs = np.broadcast_to(np.asarray(rhs), (count,))
        continuous = any(
            d.kind is Kind.CONTINUOUS for d in distributions_in(sympy.Tuple(plan.lhs, plan.rhs))
        )
        tol = QUADRATURE_TOLERANCE if continuous or plan.lhs.has(sympy.Integral) else TOLERANCE
        usable, agrees, error = _compare(rel.kind, lhs, rhs, tol)
        usable &= valid
        used += int(usable.sum())
        if usable.any():
            max_error = max(max_error, float(np.max(np.where(usable, error, 0.0))))
        for k in np.flatnonzero(usable & ~agrees):
            point = {
                s: float(np.asarray(v).reshape(-1)[k] if np.ndim(v) else v) for s, v in env.items()
            }
            for candidate in (_nicer(point, plan), point):
                example = confirm(plan, candidate, rel.kind)
                if example is not None:
                    return Check(False, max_error, example, used)
    return Check(True, max_error, None, used)


# --- fast array measures --------------------------------------------------------------------


def kl_divergence(p: npt.ArrayLike, q: npt.ArrayLike, axis: int = -1) -> Any:
    """Σ p·log(p/q) along ``axis`` with 0·log 0 = 0 and ∞ where q = 0 < p.

    >>> kl_divergence([0.5, 0.5], [0.9, 0.1])
    0.5108256237659907
    """
    p_arr = np.asarray(p, dtype=float)
    q_arr = np.asarray(q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # In place, one temporary: as cheap as the naive sum(p*log(p/q)). Where p/q = 0 the log
        # is skipped and the 0 stays, which is 0·log 0 = 0 without a second pass.
        terms = np.divide(p_arr, q_arr)
        np.log(terms, out=terms, where=terms > 0)
        np.multiply(terms, p_arr, out=terms)
        total = terms.sum(axis=axis)
        if not np.all(np.isfinite(total)):
            # Rare paths: p = q = 0 gives nan (counts as 0); p/q can overflow for tiny q.
            np.copyto(terms, 0.0, where=p_arr == 0)
            overflow = np.isinf(terms) & (q_arr > 0)
            if overflow.any():
                exact = p_arr * (np.log(p_arr) - np.log(q_arr))
                np.copyto(terms, exact, where=overflow)
            total = terms.sum(axis=axis)
    return float(total) if np.ndim(total) == 0 else total


def cross_entropy(p: npt.ArrayLike, q: npt.ArrayLike, axis: int = -1) -> Any:
    """−Σ p·log q along ``axis`` with 0·log 0 = 0."""
    p_arr = np.asarray(p, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        terms = np.log(np.asarray(q, dtype=float))
        np.multiply(terms, p_arr, out=terms)
        np.copyto(terms, 0.0, where=p_arr == 0)
        total = -terms.sum(axis=axis)
    return float(total) if np.ndim(total) == 0 else total


def entropy(p: npt.ArrayLike, axis: int = -1) -> Any:
    """−Σ p·log p along ``axis`` with 0·log 0 = 0."""
    return cross_entropy(p, p, axis=axis)
