"""The end check of the double-precision quadrature: whether mass lies beyond the last nodes of
a piece, which neither step size sees (both stop at the same node). |f|·δ is read at three
offsets from each end, as a power law δ^α or a log law δ^α·|log δ|^(−β)::

    >>> import sympy
    >>> from symkl.numeric._compile import Backend
    >>> from symkl.numeric._inner import compile_inner
    >>> x = sympy.Symbol("x", positive=True)
    >>> f, size = (compile_inner(e, frozenset({x}), Backend.NUMPY) for e in (1 / x, -sympy.log(x)))
    >>> local, sizes = dict(f.prepare({})), dict(size.prepare({}))
    >>> end_loss(f, size, x, local, sizes, 0.0, 1.0, [], [1.0])[0].tolist()
    True
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import sympy

from .._quadrature import REACH
from ._cuts import POLE_ALPHA
from ._inner import Inner

__all__ = ["edges", "end_loss", "pole_loss", "real_places"]


#: The offset of a finite piece's last node from its end, per unit width: 1/(1 + e^(π·sinh 4)).
LAST_NODE = 5.6e-38
#: The share of ∫|f| that the mass beyond the last node may reach before a sample is unusable.
END_LOSS = 1e-9
#: The offsets of the end-loss check, per the last node's: |f|·δ is read as δ^α between.
END_PROBES = (1.0, 1e4, 1e8)
#: The largest α read in logarithms over the first 10⁴ that may still be a singularity with a
#: smooth factor beside it (whose share of the slope grows with δ, 10⁴-fold over the second).
LOG_NEAR_SINGULAR = 0.05


def end_loss(integrand: Inner, magnitude: Inner, var: sympy.Symbol, local: dict[sympy.Basic, Any],
              sizes: dict[sympy.Basic, Any], lo: Any, hi: Any, cuts: list[Any],
              scales: list[Any]) -> list[Any]:  # fmt: skip
    """Per sample, whether the mass beyond the last node beside a finite end (or cut), or beyond
    the farthest node of an infinite end, may exceed END_LOSS of ∫|f|: |f|·δ (δ the offset from
    the end; X, the distance, towards an infinite end) read at the last node and 10⁸ times
    farther inward as a power law δ^α (X^(−α)), ∞ where it does not fall towards the end. Both
    step sizes stop at the same node, so they agreed on ∫ e^(−(x − m)²)/|x| = ∞ as a finite
    number (a false bound on it was CHECKED); and on ∫ e^(−m)/x over the exp–sinh piece (0, ∞)
    (its nodes stop 2.4·10⁻¹⁹ from 0), and on a tail e^(−m)/|x| beyond 4·10¹⁸.
    Where f is 0 in doubles at the last node, ``magnitude`` (log |f|, :mod:`._log_size`) is read
    at the three probes of :func:`_ends`, and one power law with α ≤ 0 over both is a
    singularity all the same (e^(−900)/|x| is 0 in doubles, and that bound was CHECKED from
    m = 27 on; a slope that falls inward is an e^(−x/ε), not a pole). The pieces are the rule's
    own (:func:`edges`): read at a cut outside (lo, hi), f is no part of the integral
    (KL(Exponential ‖ Laplace(μ < 0)) lost 25 of 200 samples to e^(λ|μ|) there)."""
    heavy: list[Any] = [False] * len(scales)
    with np.errstate(all="ignore"):
        for a, b in itertools.pairwise(edges(lo, hi, cuts)):
            ends = [end for end in _ends(a, b) if np.any(end[2])]
            if not ends:
                continue
            probes = [p for points, *_ in ends for p in points]
            local[var] = sizes[var] = np.stack(np.broadcast_arrays(*probes), -1)
            linear, logged = integrand(local), magnitude(sizes)
            values = linear if isinstance(linear, tuple) else (linear,)
            log_values = logged if isinstance(logged, tuple) else (logged,)
            for i, (value, log_value, scale) in enumerate(
                zip(values, log_values, scales, strict=True)
            ):
                shape = np.broadcast_shapes(np.shape(value), local[var].shape)
                size = np.broadcast_to(np.abs(np.asarray(value)), shape)
                logs = np.broadcast_to(np.real(np.asarray(log_value)), shape)
                for j, (_, measures, usable, bounded, finite_end) in enumerate(ends):
                    at = 3 * j  # the columns of this end's probes
                    at_near, at_far = size[..., at] * measures[0], size[..., at + 2] * measures[2]
                    alpha = np.log(at_far / at_near) / np.log(END_PROBES[2])
                    # α ≈ 0 (within rounding) is 1/δ: not integrable at all, however small |f|
                    alpha = np.where(alpha > 1e-6, alpha, 0.0)
                    loss = np.where(at_near == 0, 0.0, np.where(alpha > 0, at_near / alpha, np.inf))
                    loss = np.where(np.isnan(loss), 0.0, loss)
                    loss = _log_law_loss(loss, at_near, size[..., at + 1] * measures[1],
                                         at_far, measures)  # fmt: skip
                    # α read in logarithms over each 10⁴ inward: log(|f|·δ) rises by α·log 10⁴
                    first, second = (
                        (
                            logs[..., at + k + 1] + np.log(measures[k + 1])
                            - logs[..., at + k] - np.log(measures[k])
                        ) / np.log(END_PROBES[1])
                        for k in (0, 1)
                    )  # fmt: skip
                    # α at δ → 0: a smooth factor's share of the slope is linear in δ (at a pole
                    # c = 30 beside e^(−x²) it was 2.5·10⁻⁵ over the second 10⁴, 10⁴ times that
                    # over the first, and E_N(0, 1)[1/|X − m|] = ∞ was CHECKED ≤ 1)
                    at_end = first - (second - first) / (END_PROBES[1] - 1)
                    log_law = _log_law(first, second, measures) <= LOG_LAW_ALPHA
                    singular = (first <= LOG_NEAR_SINGULAR) & ((at_end <= 1e-6) | log_law)
                    lost = bounded & (loss > END_LOSS * np.asarray(scale))
                    # |f| = ∞ where doubles give a number: p·(log p − log q) off q's support with
                    # p underflowed (0·∞ as 0: KL(Normal(0, 0.01) ‖ Uniform(−1, 1)) = ∞ came out
                    # 3.9, and a false bound < 100 on it was CHECKED); at finite ends only: far
                    # out, a log of an underflowed e^(−λx) written unexpanded is +∞ too
                    hidden = finite_end & np.any(
                        np.isposinf(logs[..., at : at + 3]) & np.isfinite(size[..., at : at + 3]),
                        axis=-1,
                    )
                    heavy[i] |= usable & (
                        lost | np.isinf(loss) | hidden | ((at_near == 0) & singular)
                    )
    return heavy


#: The largest slope over the probes' first 10⁴ that is read as δ^α·|log δ|^(−β) too.
LOG_LAW_MAX = 0.1
#: α below which a log law leaves the mass beyond unbounded: over the probes' 10⁸,
#: δ^(10⁻⁴)/|log δ| and 1/(1 + |log δ|) read alike, and the second is not integrable; nor is
#: 1/(δ|log δ|·log|log δ|), which reads β ≈ 1.2.
LOG_LAW_ALPHA = 0.01


def _log_law(first: Any, second: Any, measures: tuple[Any, Any, Any]) -> Any:
    """α of |f|·δ = C·δ^α·|log δ|^(−β) (X^(−α)·(log X)^(−β) towards an infinite end), fitted with
    β to the slopes ``first`` and ``second`` over the probes' two 10⁴ windows; nan where a window
    reaches δ or X of 1, where |log| is no guide. A log factor makes the slope drift towards
    0 at the end: 1/(δ|log δ|) reads α ≈ 0.013 over 10⁸ and passed as integrable, and with a
    small coefficient ∫ e^(−(x − 3)²) + e^(−m)/((x + 2) log(x + 2)) over (0, ∞), which is
    infinite, came out √π/2 (a false bound CHECKED)."""
    one_side = (np.minimum(measures[0], measures[2]) > 1e2) | (
        np.maximum(measures[0], measures[2]) < 1e-2
    )
    with np.errstate(all="ignore"):
        logs = [np.log(np.abs(np.log(m))) for m in measures]
        drifts = [(logs[k] - logs[k + 1]) / np.log(END_PROBES[1]) for k in (0, 1)]
        beta = (second - first) / (drifts[1] - drifts[0])
        alpha = first - beta * drifts[0]
    return np.where(one_side, alpha, np.nan)


def _log_law_loss(loss: Any, at_near: Any, at_middle: Any, at_far: Any,
                  measures: tuple[Any, Any, Any]) -> Any:  # fmt: skip
    """``loss``, or ∞ where |f|·δ reads as C·δ^α·|log δ|^(−β) (:func:`_log_law`) with α below
    LOG_LAW_ALPHA, whatever β: the mass beyond is then as slow as a log, and no model of it
    holds (a log-log factor, or a log shifted by 60, read β > 1 and a bounded mass)."""
    first, second = (np.log(b / a) / np.log(END_PROBES[1]) for a, b in
                     ((at_near, at_middle), (at_middle, at_far)))  # fmt: skip
    logged = (first <= LOG_LAW_MAX) & (_log_law(first, second, measures) <= LOG_LAW_ALPHA)
    return np.where(logged & (at_near > 0), np.inf, loss)


def _ends(a: Any, b: Any) -> list[tuple[list[Any], tuple[Any, Any, Any], Any, Any, bool]]:
    """The ends of the piece (a, b) that the end-loss check reads: for each, its three probe
    points (the last node's place, then 10⁴ and 10⁸ times farther inward), the measure of each
    (the offset δ from a finite end; towards an infinite one, the distance X from the piece's
    finite end, or from 0), the samples where it is read, whether a finite mass beyond counts
    (a finite piece's ends) or a divergence only, and whether the end is finite. A finite
    end's last node is width·LAST_NODE (tanh–sinh) or 1/REACH (exp–sinh) from it, or 4 ulps of
    the end; an infinite end's is REACH from the finite one, or ±REACH/2 (sinh–sinh). A finite piece
    shorter than 2·10⁸ offsets is not read: its offset is ulps of the end, and f·δ overstates
    what its nodes miss (KL(U(1, 1 + 10⁻⁹) ‖ N(1, 10⁻⁹)) lost samples). Beyond the nodes of an
    infinite piece a finite mass does not count: a sample left without a value there may be
    the one that shows a claim false (E_Pareto(1, α)[log y] ≤ 1.9 for α < 3/5, false below
    0.526, lost those rows to a tail mass of 10⁻⁸…10⁻⁴ and came out CHECKED)."""
    width = b - a
    ends = []
    for end, other, inward in ((a, b, 1.0), (b, a, -1.0)):
        finite = np.isfinite(end)
        near = np.where(np.isfinite(width), np.abs(width) * LAST_NODE, 1 / REACH)
        near = np.maximum(near, 4 * np.spacing(np.abs(np.where(finite, end, 0.0))))
        offsets = tuple(near * m for m in END_PROBES)
        usable = finite & (offsets[-1] < np.abs(width) / 2)
        ends.append(
            ([end + inward * d for d in offsets], offsets, usable, np.isfinite(width), True)
        )
        # the infinite end beyond ``end``: X from the piece's other end if finite, else from 0
        start = np.where(np.isfinite(other), other, 0.0)
        reach = np.where(np.isfinite(other), REACH, REACH / 2)
        measures = tuple(reach / m for m in END_PROBES)
        points = [start - inward * r for r in measures]
        ends.append((points, measures, ~finite & ~np.isnan(end), False, False))
    return ends


def edges(lo: Any, hi: Any, cuts: list[Any]) -> list[Any]:
    """The ends of the pieces, per sample: ``lo``, the ``cuts`` clipped to [lo, hi] in order,
    ``hi``. A cut with no value at a sample (a vertex −b/2a where a = 0, a root of x² − m where
    m < 0, see :func:`real_places`) moves to 0, or to the nearer finite end (an empty piece):
    any cut is sound, a nan one would spoil the sample."""
    shape = np.broadcast_shapes(np.shape(lo), np.shape(hi), *(np.shape(c) for c in cuts))
    low = np.broadcast_to(np.asarray(lo, dtype=float), shape)
    high = np.broadcast_to(np.asarray(hi, dtype=float), shape)
    if not cuts:
        return [low, high]
    stacked = np.stack(np.broadcast_arrays(*cuts), axis=-1).astype(float)
    stacked = np.where(np.isfinite(stacked), stacked, np.clip(0.0, low, high)[..., None])
    inner = np.sort(stacked, axis=-1)
    return [low, *(np.clip(inner[..., k], low, high) for k in range(inner.shape[-1])), high]


def real_places(cuts: list[Any]) -> list[Any]:
    """``cuts`` as real numbers per sample, nan where a cut is complex (a root ±√m of x² − m
    at m < 0 is no place on the line). A real root computed through complex arithmetic keeps a
    rounding residue in its imaginary part; a cut at the real part of a near-real root is
    sound either way (any cut only splits the integral)::

        >>> real_places([np.array([2 + 0j, 1e-16 + 2j])])[0].tolist()
        [2.0, nan]
    """
    places = []
    for cut in cuts:
        value = np.asarray(cut)
        if np.iscomplexobj(value):
            near_real = np.abs(value.imag) <= 1e-9 * (1 + np.abs(value.real))
            value = np.where(near_real, value.real, np.nan)
        places.append(value.astype(float))
    return places


#: Offsets from a cut, per 1 + |cut|, where :func:`pole_loss` reads log |f|: far enough out that
#: doubles resolve f's law (a root known to an ulp, f computed with ulps of error in its terms).
POLE_PROBES = (1e-9, 1e-7)


def pole_loss(magnitude: Inner, var: sympy.Symbol, sizes: dict[sympy.Basic, Any], lo: Any,
              hi: Any, cuts: list[Any], outputs: int) -> list[Any]:  # fmt: skip
    """Per sample and output, whether f diverges at a cut inside (lo, hi) like 1/δ or a log
    factor slower: log |f| (``magnitude``) read at the offsets POLE_PROBES on each side. The
    end check reads a cut from 4 ulps out, which is right where the cut is the pole to the bit
    (1/(x − 1/3) at fl(1/3)), but a root computed in doubles (of x³ − x − 1) is off by an ulp or
    more, and f there is rounding: |f|·δ read as rising towards the end, and a mass of 10⁻¹⁷⁹
    beside the pole as bounded (E_N(m, 1)[1/|X³ − X − 1|] ≤ 1 was CHECKED at m in (30, 40))."""
    lost: list[Any] = [False] * outputs
    with np.errstate(all="ignore"):
        for cut in cuts:
            c = np.asarray(cut, dtype=float)
            scale = 1 + np.abs(c)
            for side in (-1.0, 1.0):
                points = [c + side * d * scale for d in POLE_PROBES]
                inside = np.isfinite(c) & (points[-1] > lo) & (points[-1] < hi)
                if not np.any(inside):
                    continue
                sizes[var] = np.stack(np.broadcast_arrays(*points), -1)
                logged = magnitude(sizes)
                for i, log_value in enumerate(logged if isinstance(logged, tuple) else (logged,)):
                    logs = np.real(np.asarray(log_value))
                    logs = np.broadcast_to(logs, np.broadcast_shapes(logs.shape, sizes[var].shape))
                    ratio = np.log(POLE_PROBES[1] / POLE_PROBES[0])
                    alpha = 1 + (logs[..., 1] - logs[..., 0]) / ratio
                    seen = np.isfinite(logs[..., 0]) & np.isfinite(logs[..., 1])
                    lost[i] = lost[i] | (inside & seen & (alpha <= POLE_ALPHA))
    return lost
