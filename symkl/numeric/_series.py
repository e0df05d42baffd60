"""Sums over an index, vectorised over samples: finite ones in one call, infinite ones block by
block until the tail is below the precision, each sample leaving once its own tail is::

    >>> k, a = sympy.Symbol("k", integer=True), sympy.Symbol("a")
    >>> float(compile_series(sympy.Sum(a**k, (k, 0, sympy.oo)), Backend.NUMPY)({a: 0.5}))
    2.0
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Mapping
from typing import Any

import mpmath
import numpy as np
import sympy

from ._compile import Backend, Evaluator
from ._inner import Inner, compile_inner
from ._series_mp import SERIES_BLOCK, mp_finite, mp_infinite
from ._series_reach import PROBE_LIMIT, Reach, _LogGamma, compile_reach

__all__ = ["compile_series", "expand", "log_space", "on_rows", "shape_of"]

#: The most terms of an infinite series summed before giving up (blocks of SERIES_BLOCK).
SERIES_MAX_TERMS = 1 << 16
#: Terms (samples × indices) evaluated in one call at most, once several blocks are joined.
CHUNK_TERMS = 1 << 17
#: Σ|t| / (1 + |Σt|) above which a double-precision sum is unusable: its rounding (Σ|t|·1e-16)
#: would come near the comparison's 1e-9 (Σ (−λ)ᵏ/k! at λ = 56.7 keeps no digit at all). A sum
#: that is exactly 0 (Σ (pₖ − qₖ)) keeps its absolute accuracy and stays usable.
CANCELLED = 1e6


def shape_of(env: Mapping[sympy.Basic, Any]) -> tuple[int, ...]:
    """The broadcast shape of the array values of ``env`` (the samples)."""
    shapes = [np.shape(v) for v in env.values() if isinstance(v, np.ndarray)]
    return tuple(np.broadcast_shapes(*shapes)) if shapes else ()


def expand(env: Mapping[sympy.Basic, Any]) -> dict[sympy.Basic, Any]:
    """Every array value gets a new last axis, for the outcomes, nodes or terms."""
    return {s: (v[..., None] if isinstance(v, np.ndarray) else v) for s, v in env.items()}


def on_rows(f: Evaluator, env: Mapping[sympy.Basic, Any], rows: Any) -> Any:
    """``f(env)`` where ``rows`` (a mask of the samples) holds, nan elsewhere, computed for
    those samples only (a value whose distribution's mass already failed is never used)."""
    shape = shape_of(env)
    rows = np.asarray(rows)
    if not shape or rows.shape != shape or rows.all():
        return f(env)
    picked = np.flatnonzero(rows.reshape(-1))
    if not picked.size:
        return np.nan
    sub = {s: np.broadcast_to(v, shape).reshape(-1)[picked] if isinstance(v, np.ndarray) else v
           for s, v in env.items()}  # fmt: skip
    part = np.asarray(f(sub))
    if part.shape not in ((), picked.shape):
        return f(env)
    out = np.full(rows.size, np.nan, dtype=np.result_type(part.dtype, float))
    out[picked] = part
    return out.reshape(shape)


def compile_series(node: sympy.Sum, backend: Backend) -> Evaluator:
    """A Sum with numeric bounds: explicit when finite, else summed until the tail vanishes."""
    (k, lo, hi), *rest = node.limits
    if rest or not (lo.is_number and hi.is_number):
        raise NotImplementedError(f"cannot evaluate {node} numerically")
    # each part on its own in log space: a sum of a head and a Poisson mass too
    parts = [log_space(part) for part in sympy.Add.make_args(node.function)]
    summand = sympy.Add(*parts) if backend is Backend.NUMPY else node.function
    term = compile_inner(summand, frozenset({k}), backend)
    start = int(lo)
    if hi.is_finite and lo.is_finite:
        count = int(hi) - start + 1
        if count > SERIES_MAX_TERMS:
            raise NotImplementedError(f"too many terms in {node}")
        if count == 0:
            return lambda env: 0.0 if backend is Backend.NUMPY else mpmath.mpf(0)
        # SymPy's (Karr's) convention, as Sum.doit: Σ_{a}^{b} = −Σ_{b+1}^{a−1} for b < a − 1
        # (Σ_{k=5}^{0} k is −10, not an empty 0)
        sign = 1 if count > 0 else -1
        if count < 0:
            start, count = int(hi) + 1, -count
        if backend is Backend.MPMATH:
            return lambda env: sign * mp_finite(term, k, start, count, env)
        return lambda env: sign * _block_sum(term, k, start, count, env)
    reach = compile_reach(node.function, k)
    if backend is Backend.MPMATH:  # the parts in double precision find a mass far out

        @functools.cache
        def doubles() -> tuple[Inner, ...]:  # compiled only for a sample with a far mass
            return tuple(compile_inner(p, frozenset({k}), Backend.NUMPY) for p in parts)

        return lambda env: mp_infinite(term, k, start, env, reach, doubles)
    zero = _ZeroWhenEqual(node.function, k)
    return lambda env: _np_infinite(term, k, start, env, reach, zero)


def log_space(term: sympy.Expr) -> sympy.Expr:
    """The summand with its positive factors multiplied in log space, for double precision:
    λᵏ·e^(−λ)/k! is exp(k·log λ − λ − log Γ(k + 1)) (λᵏ and k! overflow long before their
    ratio does), and log k! is log Γ(k + 1). Exact where applied: only factors known positive.

    >>> lam = sympy.Symbol("lam", positive=True)
    >>> k = sympy.Symbol("k", integer=True, nonnegative=True)
    >>> log_space(lam**k * sympy.exp(-lam) / sympy.factorial(k))
    exp(k*log(lam) - lam - _LogGamma(k + 1))
    """
    term = term.replace(
        lambda e: (
            isinstance(e, sympy.log)
            and isinstance(e.args[0], sympy.factorial)
            and e.args[0].args[0].is_nonnegative is True
        ),
        lambda e: _LogGamma(e.args[0].args[0] + 1),
    )
    kept: list[sympy.Expr] = []
    logs: list[sympy.Expr] = []
    for factor in sympy.Mul.make_args(term):
        base, exponent = factor.as_base_exp()
        if isinstance(base, sympy.exp):
            logs.append(exponent * base.args[0])
        elif isinstance(base, sympy.factorial) and base.args[0].is_nonnegative is True:
            logs.append(exponent * _LogGamma(base.args[0] + 1))
        elif isinstance(base, sympy.gamma) and base.args[0].is_positive is True:
            logs.append(exponent * _LogGamma(base.args[0]))
        elif base.is_positive is True and not exponent.is_Integer:
            logs.append(exponent * sympy.log(base))
        else:
            kept.append(factor)
    if len(logs) < 2:  # nothing to gain: a lone power or exponential keeps its own form
        return term
    return sympy.Mul(*kept) * sympy.exp(sympy.Add(*logs))


# A series whose terms are all 0 so far is probed up to PROBE_LIMIT for a mass beyond the
# underflow (Poisson with a rate of 10⁴ starts at k ≈ 9,000) when its summand has no reach.
def _probe_points() -> Any:
    """k = 0, 8, 16, … up to SERIES_MAX_TERMS, then steps of √k / 2 up to PROBE_LIMIT: a bump
    of width √k (a Poisson or binomial mass) is always met."""
    points = [float(k) for k in range(0, SERIES_MAX_TERMS, 8)]
    k = float(SERIES_MAX_TERMS)
    while k < PROBE_LIMIT:
        points.append(k)
        k += max(8.0, math.sqrt(k) / 2)
    return np.array(points)


_PROBES = _probe_points()


class _ZeroWhenEqual:
    """Per sample, whether the summand is identically 0 once the parameters that are equal in
    that sample are made one symbol (KL(NB(r, p) ‖ NB(r, q)) at p = q: its terms carry the factor
    log(p/q)). SymPy's own evaluation must give exactly 0 after the substitution (nothing forced):
    then every term is 0, and the series is 0 with no mass far out to probe for.

    >>> k, p, q = sympy.symbols("k p q", positive=True)
    >>> zero = _ZeroWhenEqual(k * sympy.log(p / q) * p**k, k)
    >>> zero({p: np.array([0.5, 0.5]), q: np.array([0.5, 0.25])}, 2).tolist()
    [True, False]
    """

    def __init__(self, summand: sympy.Expr, k: sympy.Symbol) -> None:
        self.summand = summand
        self.symbols = sorted(summand.free_symbols - {k}, key=sympy.default_sort_key)
        self.cache: dict[tuple[bool, ...], bool] = {}

    def _zero_for(self, pattern: tuple[bool, ...], pairs: list[tuple[int, int]]) -> bool:
        if pattern not in self.cache:
            rep = list(range(len(self.symbols)))  # union–find: each symbol to its first equal

            def root(i: int) -> int:
                while rep[i] != i:
                    i = rep[i]
                return i

            for equal, (i, j) in zip(pattern, pairs, strict=True):
                if equal:
                    rep[max(root(i), root(j))] = min(root(i), root(j))
            swap = {s: self.symbols[root(i)] for i, s in enumerate(self.symbols) if root(i) != i}
            self.cache[pattern] = bool(swap) and self.summand.subs(swap) == 0
        return self.cache[pattern]

    def __call__(self, env: Mapping[sympy.Basic, Any], rows: int) -> Any:
        if not all(s in env for s in self.symbols) or len(self.symbols) < 2:
            return np.zeros(rows, dtype=bool)
        values = [np.broadcast_to(np.asarray(env[s]), (rows,)) for s in self.symbols]
        pairs = [(i, j) for i in range(len(values)) for j in range(i + 1, len(values))]
        equal = np.stack([values[i] == values[j] for i, j in pairs], axis=-1)
        patterns, inverse = np.unique(equal, axis=0, return_inverse=True)
        zero = np.array([self._zero_for(tuple(map(bool, p)), pairs) for p in patterns])
        return zero[inverse.reshape(rows)]


def _empty_beyond(term: Inner, k: sympy.Symbol, start: int, env: Mapping[sympy.Basic, Any]) -> Any:
    """Per sample, whether every probed term from k = start on is exactly 0 (a nan term is not
    0: that sample stays unsettled). A nonzero term beyond SERIES_MAX_TERMS leaves the sum nan."""
    local = expand(term.prepare(env))
    probes = _PROBES[start <= _PROBES]
    if not probes.size:
        return np.ones(shape_of(env), dtype=bool)
    local[k] = probes
    values = np.broadcast_to(np.asarray(term(local)), (*shape_of(env), probes.size))
    return np.all(values == 0, axis=-1)


def _np_infinite(
    term: Inner,
    k: sympy.Symbol,
    start: int,
    env: Mapping[sympy.Basic, Any],
    reach: Reach | None,
    zero: _ZeroWhenEqual | None = None,
) -> Any:
    """The series for every sample, block after block; a sample leaves once its tail is below
    double precision and no part of its summand rises further on (so slowly converging samples
    do not make the others pay, and a mass far out is not cut off after a settled head).

    Several blocks are evaluated in one call once few samples remain (a slow tail would
    otherwise cost a call per block); the blocks are then judged one by one as before."""
    shape = shape_of(env)
    rows = int(np.prod(shape)) if shape else 1
    flat = {s: np.broadcast_to(v, shape).reshape(rows) if isinstance(v, np.ndarray) else v
            for s, v in env.items()}  # fmt: skip
    total, previous, size = np.zeros(rows), np.full(rows, np.nan), np.zeros(rows)
    last = np.zeros(rows)
    ahead = np.zeros(rows, dtype=bool)  # a probe met a nonzero term further on
    horizon = np.full(rows, float(start))  # where no part of the summand rises any more
    active = np.arange(rows)
    done = 0
    blocks = 1
    while done < SERIES_MAX_TERMS and active.size:
        # More blocks per call as samples leave (a sample settles at its second block at best).
        room = max(1, CHUNK_TERMS // (active.size * SERIES_BLOCK))
        blocks = min(2 * blocks, room, (SERIES_MAX_TERMS - done) // SERIES_BLOCK)
        local = {s: v[active] if isinstance(v, np.ndarray) else v for s, v in flat.items()}
        sums, tails, sizes = _block_sums(term, k, start + done, blocks, local)
        live = np.ones(active.size, dtype=bool)
        for j in range(blocks):
            at = active[live]
            value = np.broadcast_to(sums[..., j], active.shape)[live]
            tail = np.broadcast_to(tails[..., j], active.shape)[live]
            total = total.astype(np.result_type(total, value))
            total[at] += value
            size[at] += np.broadcast_to(sizes[..., j], active.shape)[live]
            last[at] = np.abs(value)
            done += SERIES_BLOCK
            with np.errstate(invalid="ignore"):
                settled = (np.abs(tail) <= 1e-17 * (1 + np.abs(total[at]))) & (
                    np.abs(value) <= previous[at] + 1e-300
                )
            if reach is not None and settled.any():
                settled = _within_reach(reach, start + done, flat, at, settled, horizon)
                # a part still rising past the last summed term: its mass is out of reach
                total[at[horizon[at] > start + SERIES_MAX_TERMS]] = np.nan
            # Terms that underflow to 0 before the mass (Poisson with a large rate) must not end
            # the sum: a zero total needs several empty blocks and no nonzero term further on.
            empty = (total[at] == 0) & settled
            # a sample whose probe found a mass further on is not probed again: it sums on
            empty &= ~ahead[at]
            if empty.any():
                far = np.zeros(at.size, dtype=bool)
                if zero is not None:  # terms all 0 by the summand's form: nothing to probe
                    rows_of = {s: v[at[empty]] if isinstance(v, np.ndarray) else v
                               for s, v in flat.items()}  # fmt: skip
                    far[empty] = zero(rows_of, int(empty.sum()))
                probe = empty & ~far
                if probe.any() and done >= 8 * SERIES_BLOCK:
                    probed = {s: v[at[probe]] if isinstance(v, np.ndarray) else v
                              for s, v in flat.items()}  # fmt: skip
                    far[probe] = np.broadcast_to(
                        _empty_beyond(term, k, start + done, probed), (int(probe.sum()),)
                    )
                    ahead[at[probe & ~far]] = True
                settled &= ~empty | far
            settled &= ~(ahead[at] & (total[at] == 0))
            previous[at] = np.abs(value)
            live[live] = ~(settled | np.isnan(total[at]))
            if not live.any():
                break
        active = active[live]
    with np.errstate(invalid="ignore"):
        unsettled = np.zeros(rows, dtype=bool)
        # A total still 0 at the last term was kept going by a probe: its mass lies beyond.
        unsettled[active] = ~(last[active] <= 1e-17 * (1 + np.abs(total[active]))) | (
            total[active] == 0
        )
        unsettled |= ~(size <= CANCELLED * (1 + np.abs(total)))
    result = np.where(unsettled, np.nan, total).reshape(shape)
    return result[()] if result.shape == () else result


def _within_reach(reach: Reach, here: int, flat: Mapping[sympy.Basic, Any], at: Any,
                  settled: Any, horizon: Any) -> Any:  # fmt: skip
    """``settled`` where no part of the summand rises from ``here`` on; ``horizon`` (per row,
    updated) is where the last rise ends. Only candidates past their horizon are probed again."""
    due = settled & (horizon[at] <= here)
    if due.any():
        rows = at[due]
        probed = {s: v[rows] if isinstance(v, np.ndarray) else v for s, v in flat.items()}
        # parts that cannot be followed here leave the tail test alone to decide, as before
        with contextlib.suppress(TypeError, ValueError, OverflowError, ZeroDivisionError):
            horizon[rows] = np.broadcast_to(reach.horizon(here, probed), rows.shape)
    return settled & (horizon[at] <= here)


def _block_sums(term: Inner, k: sympy.Symbol, start: int, blocks: int,
                env: Mapping[sympy.Basic, Any]) -> tuple[Any, Any, Any]:  # fmt: skip
    """The sums, final terms and sums of magnitudes of ``blocks`` consecutive blocks from
    k = start, per sample: arrays with a last axis of length ``blocks`` (each block summed on its
    own, as one would)."""
    count = blocks * SERIES_BLOCK
    local = expand(term.prepare(env))
    local[k] = np.arange(start, start + count, dtype=float)
    values = np.broadcast_to(np.asarray(term(local)), (*shape_of(env), count))
    values = values.reshape(*values.shape[:-1], blocks, SERIES_BLOCK)
    return np.sum(values, axis=-1), values[..., -1], np.sum(np.abs(values), axis=-1)


def _block_sum(term: Inner, k: sympy.Symbol, start: int, count: int,
               env: Mapping[sympy.Basic, Any]) -> Any:  # fmt: skip
    """Σ term over k = start..start+count−1 in double precision; nan where it cancelled."""
    local = expand(term.prepare(env))
    local[k] = np.arange(start, start + count, dtype=float)
    values = np.broadcast_to(np.asarray(term(local)), (*shape_of(env), count))
    total = np.sum(values, axis=-1)
    with np.errstate(invalid="ignore"):
        cancelled = ~(np.sum(np.abs(values), axis=-1) <= CANCELLED * (1 + np.abs(total)))
    return np.where(cancelled, np.nan, total)
