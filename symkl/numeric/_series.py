"""Sums over an index, vectorised over samples: finite ones in one call, infinite ones block by
block until the tail is below the precision, each sample leaving once its own tail is::

    >>> k, a = sympy.Symbol("k", integer=True), sympy.Symbol("a")
    >>> float(compile_series(sympy.Sum(a**k, (k, 0, sympy.oo)), Backend.NUMPY)({a: 0.5}))
    2.0
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import mpmath
import numpy as np
import sympy

from ._compile import Backend, Evaluator
from ._inner import Inner, compile_inner

__all__ = ["compile_series", "expand", "on_rows", "shape_of"]

#: Terms of an infinite series summed per block, and the most summed before giving up.
SERIES_BLOCK = 512
SERIES_MAX_TERMS = 1 << 16
#: Terms (samples × indices) evaluated in one call at most, once several blocks are joined.
CHUNK_TERMS = 1 << 17
#: At 50 digits each term is a Python call: a slower tail than this is unusable there.
MP_SERIES_MAX_TERMS = 1 << 12


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
    term = compile_inner(node.function, frozenset({k}), backend)
    start = int(lo)
    if hi.is_finite and lo.is_finite:
        count = int(hi) - start + 1
        if count > SERIES_MAX_TERMS:
            raise NotImplementedError(f"too many terms in {node}")
        if count <= 0:
            return lambda env: 0.0 if backend is Backend.NUMPY else mpmath.mpf(0)
        return lambda env: _block_sum(term, k, start, count, env, backend)[0]
    return lambda env: _infinite(term, k, start, env, backend)


def _infinite(
    term: Inner, k: sympy.Symbol, start: int, env: Mapping[sympy.Basic, Any], backend: Backend
) -> Any:
    if backend is Backend.NUMPY:
        return _np_infinite(term, k, start, env)
    total: Any = 0
    previous: Any = None
    done = 0
    tiny = mpmath.mpf(10) ** (-mpmath.mp.dps)
    while done < MP_SERIES_MAX_TERMS:
        value, tail = _block_sum(term, k, start + done, SERIES_BLOCK, env, backend)
        total = total + value
        done += SERIES_BLOCK
        small = previous is not None and abs(tail) <= tiny * (1 + abs(total))
        if small and abs(value) <= abs(previous) + tiny:
            return total
        previous = value
    return mpmath.nan


def _np_infinite(term: Inner, k: sympy.Symbol, start: int, env: Mapping[sympy.Basic, Any]) -> Any:
    """The series for every sample, block after block; a sample leaves once its tail is below
    double precision (so slowly converging samples do not make the others pay).

    Several blocks are evaluated in one call once few samples remain (a slow tail would
    otherwise cost a call per block); the blocks are then judged one by one as before."""
    shape = shape_of(env)
    rows = int(np.prod(shape)) if shape else 1
    flat = {s: np.broadcast_to(v, shape).reshape(rows) if isinstance(v, np.ndarray) else v
            for s, v in env.items()}  # fmt: skip
    total, previous = np.zeros(rows), np.full(rows, np.nan)
    last = np.zeros(rows)
    active = np.arange(rows)
    done = 0
    blocks = 1
    while done < SERIES_MAX_TERMS and active.size:
        # More blocks per call as samples leave (a sample settles at its second block at best).
        room = max(1, CHUNK_TERMS // (active.size * SERIES_BLOCK))
        blocks = min(2 * blocks, room, (SERIES_MAX_TERMS - done) // SERIES_BLOCK)
        local = {s: v[active] if isinstance(v, np.ndarray) else v for s, v in flat.items()}
        sums, tails = _block_sums(term, k, start + done, blocks, local)
        live = np.ones(active.size, dtype=bool)
        for j in range(blocks):
            at = active[live]
            value = np.broadcast_to(sums[..., j], active.shape)[live]
            tail = np.broadcast_to(tails[..., j], active.shape)[live]
            total = total.astype(np.result_type(total, value))
            total[at] += value
            last[at] = np.abs(value)
            done += SERIES_BLOCK
            with np.errstate(invalid="ignore"):
                settled = (np.abs(tail) <= 1e-17 * (1 + np.abs(total[at]))) & (
                    np.abs(value) <= previous[at] + 1e-300
                )
            # Terms that underflow to 0 before the mass (Poisson with a large rate) must not end
            # the sum: a zero total needs several empty blocks.
            settled &= (total[at] != 0) | (done >= 8 * SERIES_BLOCK)
            previous[at] = np.abs(value)
            live[live] = ~(settled | np.isnan(total[at]))
            if not live.any():
                break
        active = active[live]
    with np.errstate(invalid="ignore"):
        unsettled = np.zeros(rows, dtype=bool)
        unsettled[active] = ~(last[active] <= 1e-17 * (1 + np.abs(total[active])))
    result = np.where(unsettled, np.nan, total).reshape(shape)
    return result[()] if result.shape == () else result


def _block_sums(term: Inner, k: sympy.Symbol, start: int, blocks: int,
                env: Mapping[sympy.Basic, Any]) -> tuple[Any, Any]:  # fmt: skip
    """The sums and final terms of ``blocks`` consecutive blocks from k = start, per sample:
    arrays with a last axis of length ``blocks`` (each block summed on its own, as one would)."""
    count = blocks * SERIES_BLOCK
    local = expand(term.prepare(env))
    local[k] = np.arange(start, start + count, dtype=float)
    values = np.broadcast_to(np.asarray(term(local)), (*shape_of(env), count))
    values = values.reshape(*values.shape[:-1], blocks, SERIES_BLOCK)
    return np.sum(values, axis=-1), values[..., -1]


def _block_sum(term: Inner, k: sympy.Symbol, start: int, count: int,
               env: Mapping[sympy.Basic, Any], backend: Backend) -> tuple[Any, Any]:  # fmt: skip
    """Σ term over k = start..start+count−1, and the block's final term."""
    if backend is Backend.MPMATH:
        local = term.prepare(env)
        terms = []
        for j in range(start, start + count):
            local[k] = mpmath.mpf(j)
            terms.append(term(local))
        return mpmath.fsum(terms), terms[-1]
    local = expand(term.prepare(env))
    local[k] = np.arange(start, start + count, dtype=float)
    values = np.broadcast_to(np.asarray(term(local)), (*shape_of(env), count))
    return np.sum(values, axis=-1), values[..., -1]
