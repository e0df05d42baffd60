"""The numbers behind a global maximum: ℓ at structured and random points of the domain (or at
sampled data) against ℓ at the estimate, and a higher point confirmed at 50 digits.

The rules of ``_mle_global`` prove a strict local maximum global; when none applies, a point found
here refutes it, and none among the samples only checks it::

    >>> theta = sympy.Symbol("theta", real=True)
    >>> ell = -theta**4 / 4 + theta**3 / 3 + theta**2
    >>> higher_point(ell, [theta], {theta: -1}, {theta: 2})["ℓ"]
    2.6666666666666665
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy
from sympy.calculus.util import continuous_domain

from ..calculus import _numeric as num
from ..calculus._calculus import prepare
from ..calculus._domain import Domain, own_interval
from ._mle import Interval, Model

__all__ = ["DIGITS", "FAILURES", "Global", "higher_point", "interval_of", "near_end", "search"]

#: Significant digits of a confirmed comparison.
DIGITS = 50
#: Random points per parameter tried by the numeric search (after the structured ones).
SAMPLES = 400
#: Samples of data and parameters per data size for a model with data.
DATA_SAMPLES = 256
#: Structured points near an end: end ± 10^-k (finite end) or ±10^k (infinite end), k = 1..STEPS.
STEPS = 8
#: sympy exceptions that mean "not decided" here.
FAILURES = (NotImplementedError, ValueError, TypeError, RecursionError, AttributeError,
            ZeroDivisionError, IndexError, KeyError, sympy.PolynomialError)  # fmt: skip

REALS: Interval = (-sympy.oo, sympy.oo)


@dataclass(frozen=True)
class Global:
    """Why the point is the global maximum (``rule``), or a point where ℓ is higher (``higher``,
    50 digits), or neither; ``why`` says in words what settled it or what is missing."""

    rule: str | None = None
    higher: dict[str, Any] | None = None
    why: str = ""
    #: numbers only: no higher point among the sampled ones (no rule proved it)
    sampled: bool = False


def interval_of(model: Model, w: sympy.Basic) -> Interval:
    """The model's interval for ``w``, else the one its own assumptions give (t > 0: (0, ∞))."""
    if w in model.domains:
        return model.domains[w]
    own = own_interval(w)
    return (own.start, own.end) if own is not None else REALS


def near_end(end: sympy.Expr, inward: int) -> list[sympy.Expr]:
    """Points of the domain approaching ``end`` from inside."""
    if end in (sympy.oo, -sympy.oo):
        return [-inward * sympy.Integer(10) ** k for k in range(1, STEPS + 1)]
    return [end + inward * sympy.Rational(1, 10**k) for k in range(1, STEPS + 1)]


def higher_point(
    ell: sympy.Expr,
    params: Sequence[Any],
    point: Mapping[Any, sympy.Expr],
    other: Mapping[Any, sympy.Expr],
) -> dict[str, Any] | None:
    """The counterexample (both points and ℓ at each) when ℓ(other) > ℓ(point) at 50 digits,
    beyond a relative 10⁻³⁰ (a tie is no counterexample)."""
    claimed = sympy.N(ell.xreplace(dict(point)), DIGITS)
    there = sympy.N(ell.xreplace(dict(other)), DIGITS)
    if not (claimed.is_real and there.is_real):
        return None
    if not there - claimed > 10 ** (-30) * (1 + abs(there) + abs(claimed)):
        return None
    example: dict[str, Any] = {f"{w} (claimed)": float(sympy.N(point[w], DIGITS)) for w in params}
    example["ℓ (claimed)"] = float(claimed)
    example.update({str(w): float(sympy.N(other[w], DIGITS)) for w in params})
    example["ℓ"] = float(there)
    return example


def search(model: Model, point: Mapping[sympy.Expr, sympy.Expr]) -> Global:
    """Numbers: ℓ at structured and random points of the domain (no data) against ℓ at the
    point; a higher one is confirmed at 50 digits."""
    params = model.parameters
    ell = prepare(model.log_likelihood)
    if (model.simplex_size is not None or not all(isinstance(w, sympy.Symbol) for w in params)
            or any(point.get(w) is None for w in params)):  # fmt: skip
        return Global(why="no rule proves that the local maximum is global")
    if ell.has(sympy.Sum, sympy.Indexed) or any(point[w].free_symbols for w in params):
        return _search_data(model, point)
    if not ell.free_symbols <= set(params):
        return Global(why="no rule proves that the local maximum is global")
    rng = np.random.default_rng(0)
    columns = [_candidates(interval_of(model, w), rng) for w in params]
    if len(params) == 1:  # beside the points inside where ℓ is not continuous (ℓ → +∞ at a pole)
        columns[0] = np.concatenate([_beside_gaps(ell, params[0], interval_of(model, params[0])),
                                     columns[0]])  # fmt: skip
    size = max(len(c) for c in columns)
    grid = [np.resize(c, size) for c in columns]
    for column in grid[1:]:
        rng.shuffle(column)
    try:
        f = sympy.lambdify(list(params), ell, "numpy")
        with np.errstate(all="ignore"):
            values = np.asarray(f(*grid), dtype=float) * np.ones(size)
    except FAILURES:
        return Global(why="ℓ could not be evaluated")
    top = float(sympy.N(ell.xreplace(dict(point)), 20))
    for index in np.argsort(-np.nan_to_num(values, nan=-np.inf))[:5]:
        if not np.isfinite(values[index]) or values[index] <= top + 1e-9 * (1 + abs(top)):
            break
        other = {w: sympy.Float(float(g[index]), DIGITS) for w, g in zip(params, grid, strict=True)}
        higher = higher_point(ell, params, point, other)
        if higher is not None:
            return Global(higher=higher, why="a sampled point where ℓ is higher")
    return Global(why=f"ℓ at the estimate is at least ℓ at {size} sampled points", sampled=True)


def _beside_gaps(ell: sympy.Expr, w: sympy.Symbol, interval: Interval) -> Any:
    """Points 10⁻¹ … 10⁻⁸ either side of each point of the open interval where ℓ is not
    continuous: −log((θ − 3)²) → +∞ at θ = 3, 0.004 from which no random point fell."""
    lo, hi = interval
    domain = sympy.Interval.open(lo, hi)
    try:
        gaps = domain - continuous_domain(ell, w, domain)
    except FAILURES:
        return np.zeros(0)
    if not isinstance(gaps, sympy.FiniteSet):
        return np.zeros(0)
    centres = [float(g) for g in gaps if g.is_real]
    near = [c + side * 10.0**-k * (1 + abs(c)) for c in centres for k in range(1, 9)
            for side in (1, -1)]  # fmt: skip
    return np.array([x for x in near if float(lo) < x < float(hi)], dtype=float)


def _candidates(interval: Interval, rng: np.random.Generator) -> Any:
    lo, hi = (float(e) for e in interval)
    ends = ((interval[0], 1), (interval[1], -1))
    inner = [x for end, way in ends for x in map(float, near_end(end, way)) if lo < x < hi]
    if np.isfinite(lo) and np.isfinite(hi):
        drawn = rng.uniform(lo, hi, SAMPLES)
    elif np.isfinite(lo):
        drawn = lo + rng.exponential(3.0, SAMPLES)
    elif np.isfinite(hi):
        drawn = hi - rng.exponential(3.0, SAMPLES)
    else:
        drawn = rng.normal(0.0, 5.0, SAMPLES)
    return np.concatenate([np.asarray(inner, dtype=float), drawn])


def _search_data(model: Model, point: Mapping[sympy.Expr, sympy.Expr]) -> Global:
    """Numbers with data: at sampled data (n = 1, 2, ...) and parameters, ℓ against ℓ at the
    estimate for the same data; a higher value, with the estimate inside the domain for those
    data (the claim's assumption), is confirmed at 50 digits."""
    params = model.parameters
    ell = model.log_likelihood
    claimed = ell.xreplace(dict(point))
    intervals = {w: sympy.Interval.open(*interval_of(model, w)) for w in params}
    domain = Domain(intervals=intervals, specs=dict(model.data))
    rng = np.random.default_rng(0)
    compared = 0
    for inst in num.instances([ell, claimed, *point.values()], params, (), domain):
        exprs = [inst.concrete(e) for e in (ell, claimed)]
        estimates = [inst.concrete(point[w]) for w in params]
        env, valid = num.sample(inst, rng, DATA_SAMPLES)
        here, there = (num.values(e, env, DATA_SAMPLES) for e in exprs)
        ok = valid & np.isfinite(here) & np.isfinite(there)
        for w, estimate in zip(params, estimates, strict=True):
            value = num.values(estimate, env, DATA_SAMPLES)
            with np.errstate(invalid="ignore"):
                ok &= (value > float(intervals[w].start)) & (value < float(intervals[w].end))
        compared += int(np.count_nonzero(ok))
        for index in np.flatnonzero(ok & (here > there + 1e-9 * (1 + np.abs(there))))[:3]:
            at = num.point_at(env, int(index))
            own = set().union(*(e.free_symbols for e in (*exprs, *estimates)))
            at = {v: x for v, x in at.items() if v in own}
            confirmed = num.confirm_values([*exprs, *estimates], at, inst)
            if confirmed is None or not (confirmed[0] > confirmed[1]):
                continue
            if not num.differ(confirmed[0], confirmed[1]) or not all(
                intervals[w].start < x < intervals[w].end
                for w, x in zip(params, confirmed[2:], strict=True)
            ):
                continue
            example: dict[str, Any] = {str(v): x for v, x in sorted(at.items(), key=str)}
            example.update(
                {f"{w} (claimed)": float(x) for w, x in zip(params, confirmed[2:], strict=True)}
            )
            example.update({"n": inst.size, "ℓ (claimed)": float(confirmed[1])})
            example["ℓ"] = float(confirmed[0])
            return Global(higher=example, why="sampled data and parameters where ℓ is higher")
    if not compared:
        return Global(why="no rule proves that the local maximum is global")
    return Global(
        why=f"ℓ at the estimate is at least ℓ at {compared} sampled data and parameters",
        sampled=True,
    )
