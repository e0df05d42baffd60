"""Numbers for the optimisation relations: concrete instances, sampling and 50-digit confirmation.

An objective over a symbolic n (``Sum`` to n, ``IndexedBase`` data, ``Discrete.symbolic(name, n)``)
is checked at a few explicit sizes; everything else is sampled from its domain, with every
distribution on its simplex, as in :mod:`symkl.numeric`::

    >>> [inst.size for inst in instances([sympy.Sum(x[i], (i, 1, n))], ())]
    [1, 2, 3, 4]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import sympy

from ._evaluate import Backend, evaluate
from ._optimize_calculus import Wrt
from .distributions import Discrete, Distribution, IndexedDiscrete
from .measures import distributions_in
from .numeric import simplex_points

__all__ = ["CONFIRM_DPS", "SIZES", "Instance", "confirm_values", "instances", "sample", "values"]

#: The sizes an objective over a symbolic n is checked at.
SIZES = (1, 2, 3, 4)
#: Digits used to confirm a counterexample.
CONFIRM_DPS = 50

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
    domains: Mapping[sympy.Basic, Spec] | None = None,
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
        inst = Instance(size, concrete, tuple(variables))
        _plan(inst, [concrete(e) for e in exprs], [concrete(d) for d in given], domains or {})
        out.append(inst)
    return out


def _default_spec(s: sympy.Symbol) -> Spec:
    if s.is_integer:
        return ("int", 1, 6) if s.is_positive else ("int", 0, 6)
    if s.is_positive:
        return ("log", 0.2, 5.0)
    if s.is_nonnegative:
        return ("real", 0.0, 5.0)
    return ("real", -2.0, 2.0)


def _plan(
    inst: Instance,
    exprs: list[sympy.Expr],
    given: list[sympy.Basic],
    domains: Mapping[sympy.Basic, Spec],
) -> None:
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
            bare.update({v: ("real", 0.0, 1.0) for v in d.probs if isinstance(v, sympy.Symbol)})
    free = set().union(*(e.free_symbols for e in exprs), *(g.free_symbols for g in given))
    free |= set(inst.wrt)
    for s in sorted(free - covered, key=str):
        if not isinstance(s, sympy.Symbol):
            continue
        spec = domains.get(s)
        if spec is None:
            base = next(
                (
                    b
                    for b in domains
                    if isinstance(b, sympy.IndexedBase) and s.name.startswith(f"{b}_")
                ),
                None,
            )
            spec = domains[base] if base is not None else bare.get(s, _default_spec(s))
        inst.specs[s] = spec


def _draw(rng: np.random.Generator, spec: Spec, size: int) -> Any:
    kind = spec[0]
    if kind == "int":
        return rng.integers(spec[1], spec[2] + 1, size).astype(float)
    if kind == "set":
        return rng.choice(np.asarray(spec[1], dtype=float), size)
    if kind == "log":
        return np.exp(rng.uniform(np.log(spec[1]), np.log(spec[2]), size))
    lo, hi = spec[1], spec[2]
    return rng.uniform(lo + 1e-3 * (hi - lo), hi - 1e-3 * (hi - lo), size)


def sample(
    inst: Instance,
    rng: np.random.Generator,
    size: int,
    fixed: Mapping[sympy.Basic, float] | None = None,
) -> tuple[dict[sympy.Basic, Any], Any]:
    """``size`` random points (``fixed`` symbols held): an environment of arrays, a valid mask."""
    env: dict[sympy.Basic, Any] = {}
    for group in inst.simplex:
        points = simplex_points(rng, len(group), size, sparse_fraction=0.0)
        for j, s in enumerate(group):
            env[s] = points[:, j]
    for s, spec in inst.specs.items():
        env[s] = _draw(rng, spec, size)
    for s, value in (fixed or {}).items():
        env[s] = np.full(size, value)
    valid = np.ones(size, dtype=bool)
    for d in inst.dists:
        probs = [np.broadcast_to(evaluate(v, env, Backend.NUMPY), (size,)) for v in d.probs]
        valid &= np.all([(v >= 0) & (v <= 1) for v in probs], axis=0)
        valid &= np.abs(np.sum(probs, axis=0) - 1) < 1e-9
    return env, valid


def values(expr: sympy.Expr, env: Mapping[sympy.Basic, Any], size: int) -> Any:
    """``expr`` at every sample; nan where it is complex or undefined."""
    out = np.asarray(evaluate(expr, env, Backend.NUMPY))
    out = np.broadcast_to(out, (size,)).astype(complex)
    with np.errstate(invalid="ignore"):
        return np.where(np.abs(out.imag) < 1e-12, out.real, np.nan)


def confirm_values(
    exprs: Sequence[sympy.Expr], point: Mapping[sympy.Basic, float], inst: Instance
) -> list[Any] | None:
    """``exprs`` at ``point`` with ``CONFIRM_DPS`` digits (simplex points renormalised exactly)."""
    with mpmath.workdps(CONFIRM_DPS):
        env: dict[sympy.Basic, Any] = {s: mpmath.mpf(v) for s, v in point.items()}
        for group in inst.simplex:
            total = mpmath.fsum(env[s] for s in group)
            for s in group:
                env[s] = env[s] / total
        try:
            out = [evaluate(e, env, Backend.MPMATH) for e in exprs]
        except (ValueError, ZeroDivisionError, TypeError, NotImplementedError):
            return None
        if any(isinstance(v, mpmath.mpc) or not mpmath.isfinite(v) for v in out):
            return None
        return out


def differ(a: Any, b: Any) -> bool:
    """Two 50-digit values differ beyond rounding."""
    return bool(abs(a - b) > mpmath.mpf(10) ** (-30) * (1 + abs(a) + abs(b)))


def point_at(env: Mapping[sympy.Basic, Any], k: int) -> dict[sympy.Basic, float]:
    return {s: float(np.asarray(v).reshape(-1)[k] if np.ndim(v) else v) for s, v in env.items()}
