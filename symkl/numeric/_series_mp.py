"""Series at the working precision of mpmath (the 50-digit confirmation of a counterexample),
with enough digits for their own cancellation: Σ (−λ)ᵏ/k! at λ = 56.7 has terms near 10^24.6
and a value near 10^−24.6, so its 50-digit sum has no correct digit. A sum that lost more than
SLACK digits is summed again with that many more (and a margin); one that would need more than
MAX_DPS digits is nan, unusable — never a wrong number that confirms a false violation::

    >>> from symkl.numeric import Backend
    >>> from symkl.numeric._inner import compile_inner
    >>> lam = sympy.Symbol("lam", positive=True)
    >>> k = sympy.Symbol("k", integer=True, nonnegative=True)
    >>> term = compile_inner((-lam) ** k / sympy.factorial(k), frozenset({k}), Backend.MPMATH)
    >>> with mpmath.workdps(50):
    ...     value = mp_infinite(term, k, 0, {lam: mpmath.mpf(56.7)}, None)
    >>> float(value / mpmath.exp(-56.7))
    1.0
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import mpmath
import numpy as np
import sympy

from ._inner import Inner
from ._series_reach import Reach

__all__ = ["MAX_DPS", "MP_SERIES_MAX_TERMS", "SERIES_BLOCK", "mp_finite", "mp_infinite", "mp_sum"]

#: Terms of an infinite series summed per block.
SERIES_BLOCK = 512
#: At 50 digits each term is a Python call: a slower tail than this is unusable there.
MP_SERIES_MAX_TERMS = 1 << 12
#: Digits a sum may lose to cancellation before it is summed again (the 50-digit comparison
#: needs 30); the digits added beyond those lost; the most a sum is worked at.
SLACK = 10
MARGIN = 10
MAX_DPS = 400


def mp_sum(run: Callable[[], tuple[Any, Any]]) -> Any:
    """``run()`` gives a sum and the sum of its terms' magnitudes at the working precision; it
    is run again at more digits while the cancellation log10(Σ|t| / |Σt|) eats into them.

    >>> mp_sum(lambda: (mpmath.mpf(1) + mpmath.mpf(10) ** 40 - mpmath.mpf(10) ** 40, 2e40))
    mpf('1.0')
    """
    dps = mpmath.mp.dps
    work = dps
    while True:
        with mpmath.workdps(work):
            total, size = run()
            if mpmath.isnan(total) or mpmath.isinf(size) or size == 0:
                return total
            # a total of exactly 0 from nonzero terms is noise too (+1 lost beside ±10³⁰⁰)
            lost = work if total == 0 else int(mpmath.ceil(mpmath.log10(size / abs(total))))
        # Enough digits left relative to the sum; or terms so small (Σ|t| ≤ 10^SLACK) that the
        # absolute error stays below 10^−(dps − SLACK), as for any difference at this precision
        # (a sum that is exactly 0, such as Σ (−1)ⁿ C(10, n), has no relative digits at all).
        if work - lost >= dps - SLACK or size <= mpmath.mpf(10) ** SLACK:
            return total
        # all digits lost: the sum is noise and says nothing of the digits needed; double them
        work = 2 * work if lost >= work - SLACK else dps + lost + MARGIN
        if work > MAX_DPS:
            return mpmath.nan


def _block(
    term: Inner, k: sympy.Symbol, start: int, count: int, env: Mapping[sympy.Basic, Any]
) -> tuple[Any, Any, Any]:
    """Σ term over k = start..start+count−1, its final term, and Σ |term|."""
    local = term.prepare(env)
    terms = []
    for j in range(start, start + count):
        local[k] = mpmath.mpf(j)
        terms.append(term(local))
    total = mpmath.fsum(terms)
    return total, terms[-1], _magnitude(terms, total)


def _magnitude(terms: list[Any], total: Any) -> Any:
    """Σ |t|: |Σ t| itself when every term is a real of one sign (the common case, read off the
    sign bits without a second sum)."""
    signs = {getattr(t, "_mpf_", (2,))[0] for t in terms}
    if len(signs) == 1 and signs <= {0, 1}:
        return abs(total)
    return mpmath.fsum(terms, absolute=True)


def mp_finite(
    term: Inner, k: sympy.Symbol, start: int, count: int, env: Mapping[sympy.Basic, Any]
) -> Any:
    """Σ term over k = start..start+count−1, with the digits its cancellation needs."""

    def run() -> tuple[Any, Any]:
        total, _, size = _block(term, k, start, count, env)
        return total, size

    return mp_sum(run)


def mp_infinite(
    term: Inner,
    k: sympy.Symbol,
    start: int,
    env: Mapping[sympy.Basic, Any],
    reach: Reach | None,
    doubles: Callable[[], tuple[Inner, ...]] = tuple,
) -> Any:
    """Σ term over k ≥ start: ended by a tail below the precision where the terms fall and no
    part of the summand rises further on (``reach``). A part still rising past the last term
    summed here (Poisson with a rate above 4,096) is summed over the terms that matter only,
    found from the summand's parts compiled for double precision (``doubles()``), or is nan."""
    horizon = _horizon(reach, start, env)
    if horizon > start + MP_SERIES_MAX_TERMS:
        return _far_sum(term, k, start, env, doubles, horizon)

    def run() -> tuple[Any, Any]:
        total: Any = 0
        size: Any = 0
        previous: Any = None
        horizon = start
        done = 0
        tiny = mpmath.mpf(10) ** (-mpmath.mp.dps)
        while done < MP_SERIES_MAX_TERMS:
            value, tail, absolute = _block(term, k, start + done, SERIES_BLOCK, env)
            total, size = total + value, size + absolute
            done += SERIES_BLOCK
            small = previous is not None and abs(tail) <= tiny * (1 + abs(total))
            # A tail below the precision ends the sum only where the terms fall: at 50 digits
            # e^(−10⁴)·10⁴ᵏ/k! is tiny but still rising (Poisson's mass is at k ≈ 10⁴), and
            # e^(−10⁴)·10⁴ᵏ/k! beside a 2^−k head is tiny and falling, but rises further on.
            if (
                small
                and abs(value) <= abs(previous) + tiny
                and _falling(term, k, start + done, env)
            ):
                if horizon <= start + done:
                    horizon = _horizon(reach, start + done, env)
                if horizon <= start + done:
                    return total, size
                if horizon > start + MP_SERIES_MAX_TERMS:
                    break
            previous = value
        return mpmath.nan, mpmath.nan

    return mp_sum(run)


#: Indices at which terms that matter are looked for in double precision (as far as a double
#: sum goes), and the most of them summed at the working precision.
FAR_TERMS = 1 << 16


def _far_sum(
    term: Inner,
    k: sympy.Symbol,
    start: int,
    env: Mapping[sympy.Basic, Any],
    doubles: Callable[[], tuple[Inner, ...]],
    horizon: int,
) -> Any:
    """Σ term over the indices where some part of the summand matters at the working precision
    (|part| above 10^−(dps + MARGIN) / FAR_TERMS in double precision: together the rest stays
    below 10^−(dps + MARGIN)), as the 2^−k head and the Poisson mass at k ≈ 10⁴ of one summand;
    nan when a part rises past FAR_TERMS, overflows, or too many terms matter."""
    parts = doubles() if horizon <= start + FAR_TERMS else ()
    if not parts:
        return mpmath.nan
    at = np.arange(start, start + FAR_TERMS, dtype=float)
    largest = np.zeros(FAR_TERMS)
    try:
        point = _as_double(env)
        for part in parts:
            local = part.prepare(point)
            local[k] = at
            with np.errstate(all="ignore"):
                size = np.abs(np.broadcast_to(np.asarray(part(local)), at.shape))
            if not np.isfinite(size).all():
                return mpmath.nan
            largest = np.maximum(largest, size)
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return mpmath.nan

    def run() -> tuple[Any, Any]:
        floor = 10.0 ** -(mpmath.mp.dps + MARGIN) / FAR_TERMS
        picked = _filled(np.flatnonzero(largest > floor))
        if picked.size > MP_SERIES_MAX_TERMS or largest[-1] > floor:
            return mpmath.nan, mpmath.nan
        local = term.prepare(env)
        terms = []
        for j in picked:
            local[k] = mpmath.mpf(start + int(j))
            terms.append(term(local))
        total = mpmath.fsum(terms)
        return total, _magnitude(terms, total)

    return mp_sum(run)


#: Gaps up to this long between indices that matter are summed too.
FILL = 256


def _filled(picked: Any) -> Any:
    """``picked`` with its short gaps filled: a term that is exactly 0 in double precision
    can matter at 50 digits. KL(Poisson(a) ‖ Poisson(b)) at a = 7000·(1 + 10⁻¹³) = 7b sums
    p_k·(k·log a − k·log b − a + b), whose double log ratio rounds to 0 at some k beside the
    mode: those terms were left out, and the sum came out −1.08·10⁻¹² instead of 3.5·10⁻²³."""
    if picked.size < 2:
        return picked
    steps = np.diff(picked)
    holes = np.flatnonzero((steps > 1) & (steps <= FILL + 1))
    extra = [np.arange(picked[h] + 1, picked[h + 1]) for h in holes]
    return np.union1d(picked, np.concatenate(extra)) if extra else picked


def _as_double(env: Mapping[sympy.Basic, Any]) -> dict[sympy.Basic, Any]:
    """The point in double precision (complex where a value is)."""
    return {s: complex(v) if isinstance(v, mpmath.mpc) else float(v) for s, v in env.items()}


def _falling(term: Inner, k: sympy.Symbol, at: int, env: Mapping[sympy.Basic, Any]) -> bool:
    """Whether |term(at)| ≤ |term(at − 1)| at the working precision (past its peak)."""
    local = term.prepare(env)
    local[k] = mpmath.mpf(at - 1)
    before = term(local)
    local[k] = mpmath.mpf(at)
    return bool(abs(term(local)) <= abs(before))


def _horizon(reach: Reach | None, at: int, env: Mapping[sympy.Basic, Any]) -> int:
    """Where the last part of the summand stops rising, from double-precision log-magnitudes;
    ``at`` when unknown (a value out of the double range: the falling test alone decides)."""
    if reach is None:
        return at
    try:
        point = _as_double(env)
        horizon = float(np.max(reach.horizon(at, point)))
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return at
    return int(horizon) if np.isfinite(horizon) else at
