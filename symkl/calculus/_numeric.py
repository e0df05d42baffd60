"""Numbers for the optimisation relations: concrete instances, sampling and 50-digit confirmation.

An objective over a symbolic n (``Sum`` to n, ``IndexedBase`` data, ``Discrete.symbolic(name, n)``)
is checked at a few explicit sizes; everything else is sampled from its domain (the stated
intervals and ``where`` facts, else the symbols' assumptions), with every distribution on its
simplex. The points are the spot check's (:mod:`symkl.numeric`): structured ones first — uniform,
one-hot and near-one-hot points of each simplex, the ends of each interval (approached within
1e-9 when open), 0, ±1, 1e-4, 1e4 — then random ones, log-uniform on half-lines; a point that
violates a fact is never used. One confirmation precision, ``CONFIRM_DPS``, serves both::

    >>> i, n = sympy.symbols("i n", integer=True, positive=True)
    >>> [inst.size for inst in instances([sympy.Sum(sympy.IndexedBase("x")[i], (i, 1, n))], ())]
    [1, 2, 3, 4]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import sympy

from ..distributions import Discrete, Distribution, IndexedDiscrete
from ..measures import distributions_in
from ..numeric import CONFIRM_DPS, SYMBOLIC_SIZES, Backend, evaluate, simplex_points
from ..numeric import Domain as Range
from ..numeric._sampler import close, random_values, structured_simplex, structured_values
from ._calculus import Wrt
from ._domain import Domain, contains

__all__ = [
    "SIZES",
    "Instance",
    "confirm_values",
    "contexts",
    "differ",
    "instances",
    "plan_more",
    "point_at",
    "sample",
    "values",
]

#: The sizes an objective over a symbolic n is checked at: the spot check's first sizes (an
#: optimisation problem is solved afresh at each size, so it stops at 4).
SIZES = SYMBOLIC_SIZES[:4]

#: Structured contexts with every other symbol at its j-th telling value, j < TOGETHER.
TOGETHER = 12
#: Telling values each other symbol also takes alone (the rest at their first), when there are two.
ALONE = 4

#: A sampling range: ("real", lo, hi), ("log", lo, hi), ("int", lo, hi) or ("set", values).
Spec = tuple[Any, ...]


@dataclass
class Instance:
    """One explicit copy of a problem: concrete expressions, variables and sampling plan."""

    size: int | None
    concrete: Callable[[sympy.Expr], sympy.Expr]
    wrt: tuple[sympy.Symbol, ...]
    simplex: list[tuple[sympy.Symbol, ...]] = field(default_factory=list)
    specs: dict[sympy.Symbol, Spec] = field(default_factory=dict)
    dists: list[Discrete] = field(default_factory=list)
    domain: Domain = field(default_factory=Domain)


def _indexed_symbol(node: sympy.Indexed) -> sympy.Expr:
    label = node.base.label
    name = f"{node.base}_{node.indices[0]}"
    if label.is_positive:
        return sympy.Symbol(name, positive=True)
    if label.is_real:
        return sympy.Symbol(name, real=True)
    return sympy.Symbol(name)


def _bounds(exprs: Sequence[sympy.Expr], given: Sequence[Distribution]) -> set[sympy.Symbol]:
    out: set[sympy.Symbol] = set()
    for e in exprs:
        for s in e.atoms(sympy.Sum, sympy.Product):
            for _, _, hi in s.limits:
                out |= {b for b in hi.free_symbols if isinstance(b, sympy.Symbol) and b.is_integer}
        for d in distributions_in(e):
            if isinstance(d, IndexedDiscrete):
                out |= {b for b in d.n.free_symbols if isinstance(b, sympy.Symbol)}
    for d in given:
        if isinstance(d, IndexedDiscrete):
            out |= {b for b in d.n.free_symbols if isinstance(b, sympy.Symbol)}
    return out


def instances(
    exprs: Sequence[sympy.Expr],
    wrt: Sequence[Wrt],
    given: Sequence[Distribution] = (),
    domain: Domain | None = None,
    sizes: Sequence[int] = SIZES,
) -> list[Instance]:
    """Explicit instances of ``exprs``: one per size when they sum to a symbolic n."""
    bounds = _bounds(exprs, given)
    indexed = {
        d
        for e in (*exprs, *given)
        for d in ([e] if isinstance(e, IndexedDiscrete) else distributions_in(e))
        if isinstance(d, IndexedDiscrete)
    }
    has_family = any(isinstance(w, sympy.IndexedBase) for w in wrt)
    out = []
    for size in sizes if (bounds or indexed or has_family) else (None,):
        k = size if size is not None else 0
        mapping: dict[sympy.Basic, sympy.Basic] = {d: Discrete.symbolic(d.name, k) for d in indexed}
        values = {b: sympy.Integer(k) for b in bounds}

        def concrete(e: sympy.Expr, mapping: Any = mapping, values: Any = values) -> sympy.Expr:
            e = e.xreplace(mapping)
            if values:
                e = e.subs(values)
            e = e.replace(lambda s: isinstance(s, (sympy.Sum, sympy.Product)), lambda s: s.doit())
            return e.replace(
                lambda s: isinstance(s, sympy.Indexed) and s.indices[0].is_Integer,
                _indexed_symbol,
            )

        variables: list[sympy.Symbol] = []
        for w in wrt:
            if isinstance(w, sympy.IndexedBase):
                variables += [_indexed_symbol(w[j]) for j in range(1, k + 1)]
            else:
                c = concrete(w)
                if isinstance(c, sympy.Symbol):
                    variables.append(c)
        inst = Instance(size, concrete, tuple(variables), domain=domain or Domain())
        _plan(inst, [concrete(e) for e in exprs], [concrete(d) for d in given])
        out.append(inst)
    return out


def _default_spec(s: sympy.Symbol) -> Spec:
    if s.is_integer:
        return ("int", 1, 6) if s.is_positive else ("int", 0, 6)
    if s.is_positive:
        return ("interval", 0.0, np.inf, True, True)
    if s.is_nonnegative:
        return ("interval", 0.0, np.inf, False, True)
    return ("interval", -np.inf, np.inf, True, True)


def _interval_spec(interval: sympy.Interval) -> Spec:
    lo, hi = float(interval.start), float(interval.end)
    return ("interval", lo, hi, bool(interval.left_open), bool(interval.right_open))


def _spec_for(s: sympy.Symbol, domain: Domain, bare: Mapping[sympy.Symbol, Spec]) -> Spec:
    """A symbol's sampling range: an older tuple spec, its interval, else its assumptions."""
    base = next((b for b in domain.specs if isinstance(b, sympy.IndexedBase)
                 and s.name.startswith(f"{b}_")), None)  # fmt: skip
    spec = domain.specs.get(s) or (domain.specs[base] if base is not None else None)
    interval = domain.interval(s)
    if spec is not None and spec[0] in ("int", "set"):
        return spec
    if interval is not None:
        return _interval_spec(interval)
    if spec is not None:
        return spec
    return bare.get(s, _default_spec(s))


def _plan(inst: Instance, exprs: list[sympy.Expr], given: list[sympy.Basic]) -> None:
    covered: set[sympy.Basic] = set()
    bare: dict[sympy.Symbol, Spec] = {}
    for d in [*(d for e in exprs for d in distributions_in(e)), *given]:
        if not isinstance(d, Discrete):
            continue
        group = d.simplex_symbols()
        if group is not None and not set(group) & covered:
            inst.simplex.append(group)
            covered |= set(group)
        elif group is None:
            inst.dists.append(d)
            bare.update({v: ("interval", 0.0, 1.0, False, False)
                         for v in d.probs if isinstance(v, sympy.Symbol)})  # fmt: skip
    free = set().union(*(e.free_symbols for e in exprs), *(g.free_symbols for g in given))
    free |= set(inst.wrt)
    free |= {s for f in inst.domain.facts for s in f.free_symbols}
    for s in sorted(free - covered, key=str):
        if isinstance(s, sympy.Symbol):
            inst.specs[s] = _spec_for(s, inst.domain, bare)


def plan_more(inst: Instance, exprs: Sequence[sympy.Expr]) -> None:
    """Give a sampling range to every symbol of ``exprs`` the instance has no value for yet
    (e.g. z_0 in an expected gradient z[k − 1] at k = 1)."""
    known = set(inst.specs) | {s for group in inst.simplex for s in group}
    for e in exprs:
        for s in sorted(e.free_symbols - known, key=str):
            if isinstance(s, sympy.Symbol):
                inst.specs[s] = _spec_for(s, inst.domain, {})
                known.add(s)


def _range(spec: Spec) -> Range | None:
    """The spot check's domain for a sampling range (None for a finite set of values)."""
    kind = spec[0]
    if kind == "set":
        return None
    if kind == "interval":
        _, lo, hi, lopen, ropen = spec
        return Range(float(lo), float(hi), bool(lopen), bool(ropen))
    return Range(float(spec[1]), float(spec[2]), False, False, integer=kind == "int")


def _structured(spec: Spec) -> list[float]:
    """The spot check's structured values of a range: its ends (approached when open), 0, ±1,
    1e-4, 1e4 and the other points where claims break."""
    domain = _range(spec)
    if domain is None:
        return [float(v) for v in spec[1]]
    return [float(v.real) for v in structured_values(domain)]


def _draw(rng: np.random.Generator, spec: Spec, size: int) -> Any:
    kind = spec[0]
    if kind == "set":
        return rng.choice(np.asarray(spec[1], dtype=float), size)
    if kind == "log":  # an older spec asking for log-uniform values on [lo, hi]
        return np.exp(rng.uniform(np.log(spec[1]), np.log(spec[2]), size))
    domain = _range(spec)
    assert domain is not None
    return np.asarray(random_values(rng, domain, size), dtype=float)


def _fact_mask(fact: sympy.Basic, env: Mapping[sympy.Basic, Any], size: int) -> Any:
    """Where a ``where`` fact holds at the samples (one that cannot be evaluated: nowhere)."""
    known = fact.free_symbols & set(env)
    if not known:  # about symbols this instance does not have (e.g. p[i] >= 0): nothing to test
        return np.ones(size, dtype=bool)
    if not isinstance(fact, sympy.Rel) or not fact.free_symbols <= set(env):
        return np.zeros(size, dtype=bool)  # cannot be evaluated here: use no point it may exclude
    left = np.real_if_close(np.broadcast_to(evaluate(fact.lhs, env, Backend.NUMPY), (size,)))
    right = np.real_if_close(np.broadcast_to(evaluate(fact.rhs, env, Backend.NUMPY), (size,)))
    ops: dict[str, Callable[[Any, Any], Any]] = {
        "<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
        "==": close, "!=": lambda a, b: ~close(a, b),
    }  # fmt: skip
    with np.errstate(invalid="ignore"):
        return ops[fact.rel_op](left, right)


def sample(
    inst: Instance,
    rng: np.random.Generator,
    size: int,
    fixed: Mapping[sympy.Basic, Any] | None = None,
) -> tuple[dict[sympy.Basic, Any], Any]:
    """``size`` points, structured ones first (``fixed`` symbols held, at a value or one per
    point): arrays and a valid mask."""
    env: dict[sympy.Basic, Any] = {}
    for group in inst.simplex:
        points = simplex_points(rng, len(group), size, sparse_fraction=0.2)
        corners = structured_simplex(len(group))
        take = min(len(corners), max(size // 4, 0))
        points[:take] = corners[:take]
        for j, s in enumerate(group):
            env[s] = points[:, j]
    for position, (s, spec) in enumerate(inst.specs.items()):
        drawn = _draw(rng, spec, size)
        special = _structured(spec)
        take = min(size // 2, 3 * len(special))
        for row in range(take):  # cycle through each symbol's special values, out of step
            drawn[row] = special[(row + position) % len(special)]
        env[s] = drawn
    for s, value in (fixed or {}).items():
        env[s] = np.full(size, value)
    valid = np.ones(size, dtype=bool)
    for d in inst.dists:
        probs = [np.broadcast_to(evaluate(v, env, Backend.NUMPY), (size,)) for v in d.probs]
        valid &= np.all([(v >= 0) & (v <= 1) for v in probs], axis=0)
        valid &= close(np.sum(probs, axis=0), 1.0)
    for fact in inst.domain.facts:
        valid &= _fact_mask(fact, env, size)
    return env, valid


#: Symbols that take their values together (a simplex, or one symbol), and those values.
Axis = tuple[tuple[sympy.Symbol, ...], list[tuple[float, ...]]]


def _context_axes(inst: Instance) -> list[Axis]:
    """The symbols held fixed while the variables move (a fixed distribution's simplex is one
    axis), each with its structured values, most telling first."""
    wrt = set(inst.wrt)
    axes: list[Axis] = []
    for group in inst.simplex:
        if not set(group) & wrt:
            corners = [tuple(float(v) for v in row) for row in structured_simplex(len(group))]
            axes.append((group, corners))
    for s, spec in inst.specs.items():
        special: list[tuple[float, ...]] = [(v,) for v in _structured(spec)] if s not in wrt else []
        if special:
            axes.append(((s,), special))
    return axes


def _structured_contexts(inst: Instance) -> list[dict[sympy.Basic, float]]:
    """The other symbols at their telling values: all together at the j-th, then (with two or
    more) each alone at its first few with the rest at their first. Deduplicated."""
    axes = _context_axes(inst)
    if not axes:
        return []
    rows = [[vals[j % len(vals)] for _, vals in axes] for j in range(TOGETHER)]
    for i, (_, vals) in enumerate(axes if len(axes) > 1 else []):
        for j in range(1, min(ALONE, len(vals) - 1) + 1):
            rows.append([vals[j] if k == i else other[0] for k, (_, other) in enumerate(axes)])
    symbols = [s for group, _ in axes for s in group]
    unique = dict.fromkeys(tuple(v for part in row for v in part) for row in rows)
    return [dict(zip(symbols, row, strict=True)) for row in unique]


def _context_valid(inst: Instance, found: list[dict[sympy.Basic, float]]) -> list[bool]:
    """Whether each context satisfies the facts and distributions about its own symbols alone
    (one that also involves a variable is left to the candidates)."""
    if not found:
        return []
    size = len(found)
    env = {s: np.array([c[s] for c in found], dtype=float) for s in found[0]}
    valid = np.all([np.isfinite(v) for v in env.values()], axis=0) if env else np.ones(size, bool)
    for d in inst.dists:
        probs = [v for v in d.probs if isinstance(v, sympy.Expr)]
        if not all(v.free_symbols <= set(env) for v in probs):
            continue
        at = [np.broadcast_to(evaluate(v, env, Backend.NUMPY), (size,)) for v in probs]
        valid &= np.all([(v >= 0) & (v <= 1) for v in at], axis=0)
        valid &= close(np.sum(at, axis=0), 1.0)
    for fact in inst.domain.facts:
        if fact.free_symbols <= set(env):
            valid &= _fact_mask(fact, env, size)
    return [bool(v) for v in valid]


def contexts(
    inst: Instance, rng: np.random.Generator, count: int
) -> Iterator[dict[sympy.Basic, float]]:
    """Values of the symbols other than the variables (parameters, fixed distributions) to
    compare optima at: structured ones first, then ``count`` random draws.

    The structured ones are the spot check's — 0, ±1, the ends of each range and of the
    ``where`` facts, tiny and huge magnitudes, one-hot and uniform distributions — because a
    parameter's sign or zero is where minimisers part (w·(t − 1)² has none for w < 0), and a
    few random draws of a symbol on the whole real line meet no sign reliably. A context that
    violates a fact about its own symbols is left out. Each random one is drawn only when asked
    for, so the candidates drawn in between keep their place in ``rng``'s stream.
    """
    structured = _structured_contexts(inst)
    yield from (c for c, ok in zip(structured, _context_valid(inst, structured), strict=True) if ok)
    wrt = set(inst.wrt)
    for _ in range(count):
        env, _ = sample(inst, rng, 1)
        drawn = {s: float(v[0]) for s, v in env.items() if s not in wrt}
        if all(_context_valid(inst, [drawn])):
            yield drawn


def values(expr: sympy.Expr, env: Mapping[sympy.Basic, Any], size: int) -> Any:
    """``expr`` at every sample; nan where it is complex or undefined (or a symbol has no value)."""
    if any(isinstance(s, sympy.Symbol) and s not in env for s in expr.free_symbols):
        return np.full(size, np.nan)
    try:
        out = np.asarray(evaluate(expr, env, Backend.NUMPY))
    except (ValueError, TypeError, ZeroDivisionError, NotImplementedError, OverflowError):
        return np.full(size, np.nan)
    out = np.broadcast_to(out, (size,)).astype(complex)
    with np.errstate(invalid="ignore"):
        return np.where(np.abs(out.imag) < 1e-12, out.real, np.nan)


def confirm_values(
    exprs: Sequence[sympy.Expr], point: Mapping[sympy.Basic, float], inst: Instance
) -> list[Any] | None:
    """``exprs`` at ``point`` with ``CONFIRM_DPS`` digits (simplex points renormalised exactly);
    None when the point is outside the domain or a value is not a finite real number."""
    if not contains(inst.domain, point, frozenset(s for g in inst.simplex for s in g)):
        return None
    with mpmath.workdps(CONFIRM_DPS):
        env: dict[sympy.Basic, Any] = {s: mpmath.mpf(v) for s, v in point.items()}
        for group in inst.simplex:
            total = mpmath.fsum(env[s] for s in group)
            for s in group:
                env[s] = env[s] / total
        try:
            if any(isinstance(s, sympy.Symbol) and s not in env
                   for e in exprs for s in e.free_symbols):  # fmt: skip
                return None
            out = [evaluate(e, env, Backend.MPMATH) for e in exprs]
        except (ValueError, ZeroDivisionError, TypeError, NotImplementedError, OverflowError):
            return None
        if any(isinstance(v, mpmath.mpc) or not mpmath.isfinite(v) for v in out):
            return None
        return out


def differ(a: Any, b: Any) -> bool:
    """Two 50-digit values differ beyond rounding."""
    return bool(abs(a - b) > mpmath.mpf(10) ** (-30) * (1 + abs(a) + abs(b)))


def point_at(env: Mapping[sympy.Basic, Any], k: int) -> dict[sympy.Basic, float]:
    return {s: float(np.asarray(v).reshape(-1)[k] if np.ndim(v) else v) for s, v in env.items()}
