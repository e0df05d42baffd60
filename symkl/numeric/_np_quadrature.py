"""Double-precision quadrature of one integrand over many parameter samples at once: fixed
double-exponential nodes at two step sizes (:mod:`symkl._quadrature`), a sample counting only
where they agree relative to the integral of the integrand's size::

    >>> import sympy
    >>> from symkl.numeric._compile import Backend
    >>> from symkl.numeric._inner import compile_inner
    >>> x, s = sympy.Symbol("x", real=True), sympy.Symbol("s", positive=True)
    >>> from symkl.numeric._log_size import log_size
    >>> bump = sympy.exp(-x**2 / (2 * s**2))
    >>> f, size = (compile_inner(e, frozenset({x}), Backend.NUMPY) for e in (bump, log_size(bump)))
    >>> env = {s: np.array([1.0, 3000.0])}
    >>> values = np_quadrature(f, size, x, -np.inf, np.inf, [], env, [0.0])[0]
    >>> (values / np.sqrt(2 * np.pi) / np.array([1.0, 3000.0])).round(12).tolist()
    [1.0, 1.0]
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy

from .._quadrature import REACH, STEP, nodes_and_weights
from ._inner import Inner
from ._np_peaks import below_resolution
from ._series import expand, shape_of

__all__ = ["QUADRATURE_AGREEMENT", "np_quadrature"]

#: Relative disagreement between two quadrature step sizes above which a sample is unusable.
QUADRATURE_AGREEMENT = 1e-8


def np_quadrature(integrand: Inner, magnitude: Inner, var: sympy.Symbol, lo: Any, hi: Any,
                   cuts: list[Any], env: Mapping[sympy.Basic, Any],
                   peaks: Sequence[Any] = ()) -> list[Any]:  # fmt: skip
    """∫ integrand over (lo, hi) split at ``cuts`` and at the centres of the integrand's
    ``peaks``, for every sample; nan where the two step sizes disagree, at STEP and again (for
    those samples only) at STEP/4. A peak is cut because the end of a piece is where its nodes
    crowd, so a narrow peak there is resolved (uncut, a Normal's entropy at μ = 10, σ = 1.55 was
    off by 2e-6, and two far cosh bumps were integrated as one); a peak too narrow for doubles
    where it is makes its sample nan. The nodes crowd at scale 1, so a wide peak (σ = 3000)
    needs the finer step; without it, such a sample went to 50 digits. A centre that is not
    narrow (:func:`_narrow`: f about the same on either side, or 0 there) may lie far from the
    mass, and a cut there leaves a piece too long for its nodes to see the mass at its other
    end: such a sample must also agree with the integral cut at the narrow centres only. An
    integrand that gives a tuple (a value and its density's mass) gives one integral each, all
    from one evaluation at the nodes. ``magnitude`` is log |integrand| (from
    :func:`._log_size.log_size`), which the check of the mass beyond the last nodes reads."""
    # the parts that do not depend on ``var`` (Γ of a parameter), once for every use below
    local = expand(integrand.prepare(env))
    splits = _with_zero(lo, hi, [*cuts, *peaks])
    results, scales = _settled(integrand, var, lo, hi, splits, env, local)
    # Zero at every node of every output: the nodes may have seen nothing of the mass (beyond
    # their reach, |x| > 4·10¹⁸ on an infinite piece: a LogNormal(100, 1) density integrated to
    # 0 at both step sizes); an integrand that vanishes there has its value at 50 digits.
    unseen: Any = True
    for scale in scales:
        unseen = unseen & (np.asarray(scale) == 0)
    sizes = expand(magnitude.prepare(env))
    heavy = _end_loss(integrand, magnitude, var, local, sizes, lo, hi, splits, scales)
    # an integral already infinite at the nodes keeps its value (KL(N ‖ VonMises) = ∞: log q is
    # −∞ off the window, and so is the end check's read of the tails)
    results = [
        np.where((unseen | lost) & ~np.isinf(r), np.nan, r)
        for r, lost in zip(results, heavy, strict=True)
    ]
    if not peaks:
        return results
    # unusable at any step: no refinement
    unusable = below_resolution(integrand, var, local, peaks)
    results = [np.where(unusable, np.nan, r) for r in results]
    narrow = [_narrow(integrand, var, local, c, [lo, hi, *cuts]) for c in peaks]
    if all(np.all(n) for n in narrow):
        return results
    # Cut both ways, the two estimates must agree. Cut at a wide centre only, a Cauchy(C, C)
    # factor beside e^(−x) on (0, ∞) put the mass between the nodes of [0, C] for C ≥ 10²⁰,
    # and both step sizes agreed on 0 (the integral is ½): a false bound on it passed every
    # double sample. A wide centre off this split moves to 0 or the nearer end (see _np_rule).
    # Only the samples with a wide centre (about half of them in the catalog's spot checks).
    shape = np.broadcast_shapes(
        shape_of(env), *(np.shape(n) for n in narrow), *(np.shape(r) for r in results)
    )
    wide: Any = False
    for n in narrow:
        wide = wide | ~np.asarray(n)
    picked = np.flatnonzero(np.broadcast_to(wide, shape).reshape(-1))

    def rows(v: Any) -> Any:
        return np.broadcast_to(v, shape).reshape(-1)[picked] if isinstance(v, np.ndarray) else v

    sub = {s: rows(v) for s, v in env.items()}
    kept = [rows(np.where(n, c, np.nan)) for c, n in zip(peaks, narrow, strict=True)]
    others, _ = _settled(
        integrand, var, rows(lo), rows(hi),
        _with_zero(lo, hi, [*(rows(c) for c in cuts), *kept]), sub, expand(integrand.prepare(sub)),
    )  # fmt: skip
    agreed = []
    for value, other, scale in zip(results, others, scales, strict=True):
        out = np.array(np.broadcast_to(value, shape), dtype=np.result_type(value, other, float))
        mine, size = out.reshape(-1)[picked], rows(np.asarray(scale))
        with np.errstate(invalid="ignore"):
            same = (mine == other) | (np.abs(mine - other) <= QUADRATURE_AGREEMENT * size)
        out.reshape(-1)[picked] = np.where(same, mine, np.nan)
        agreed.append(out)
    return agreed


#: The offset of a finite piece's last node from its end, per unit width: 1/(1 + e^(π·sinh 4)).
LAST_NODE = 5.6e-38
#: The share of ∫|f| that the mass beyond the last node may reach before a sample is unusable.
END_LOSS = 1e-9
#: The offsets of the end-loss check, per the last node's: |f|·δ is read as δ^α between.
END_PROBES = (1.0, 1e4, 1e8)
#: The largest α read in logarithms over the first 10⁴ that may still be a singularity with a
#: smooth factor beside it (whose share of the slope grows with δ, 10⁴-fold over the second).
LOG_NEAR_SINGULAR = 0.05


def _end_loss(integrand: Inner, magnitude: Inner, var: sympy.Symbol, local: dict[sympy.Basic, Any],
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
    own (:func:`_edges`): read at a cut outside (lo, hi), f is no part of the integral
    (KL(Exponential ‖ Laplace(μ < 0)) lost 25 of 200 samples to e^(λ|μ|) there)."""
    heavy: list[Any] = [False] * len(scales)
    with np.errstate(all="ignore"):
        for a, b in itertools.pairwise(_edges(lo, hi, cuts)):
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
                    singular = (at_end <= 1e-6) & (first <= LOG_NEAR_SINGULAR)
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


def _settled(integrand: Inner, var: sympy.Symbol, lo: Any, hi: Any, cuts: list[Any],
             env: Mapping[sympy.Basic, Any],
             local: dict[sympy.Basic, Any]) -> tuple[list[Any], list[Any]]:  # fmt: skip
    """The integrals over the split at ``cuts`` at STEP, and at STEP/4 for the samples whose two
    estimates are numbers that disagree; with ∫|integrand| of each (the scale of agreement)."""
    results, unsettled, scales = _np_rule(integrand, var, lo, hi, cuts, local, STEP)
    shape = np.broadcast_shapes(shape_of(env), *(np.shape(r) for r in results))
    picked = np.flatnonzero(np.broadcast_to(unsettled, shape).reshape(-1))
    if not picked.size:
        return results, scales

    def rows(v: Any) -> Any:
        return np.broadcast_to(v, shape).reshape(-1)[picked] if isinstance(v, np.ndarray) else v

    sub = expand(integrand.prepare({s: rows(v) for s, v in env.items()}))
    finer, _, fine_scales = _np_rule(
        integrand, var, rows(lo), rows(hi), [rows(c) for c in cuts], sub, STEP / 4
    )

    def merge(coarse: Any, fine: Any) -> Any:
        out = np.array(np.broadcast_to(coarse, shape), dtype=np.result_type(coarse, fine, float))
        out.reshape(-1)[picked] = fine
        return out

    return (
        [merge(c, f) for c, f in zip(results, finer, strict=True)],
        [merge(c, f) for c, f in zip(scales, fine_scales, strict=True)],
    )


#: A centre is cut in both splits when |integrand| changes by a factor e^STRUCTURE (up or down)
#: within NARROW_NODES node spacings (at STEP) of it: a peak narrower than ~5.6 spacings per σ,
#: or a dip (a Cauchy q inside log q), which the uncut nodes resolve to QUADRATURE_AGREEMENT at
#: neither step (KL(Cauchy ‖ Cauchy) lost 172 of 400 samples when only peaks counted).
NARROW_NODES = 8.0
STRUCTURE = 1.0


def _narrow(integrand: Inner, var: sympy.Symbol, local: dict[sympy.Basic, Any], centre: Any,
            anchors: list[Any]) -> Any:  # fmt: skip
    """Per sample, whether |integrand| has structure at ``centre`` (:data:`STRUCTURE`) for the
    nodes of the piece between ``anchors`` (the ends and cuts) that holds it. An infinite
    |integrand| at the centre counts (a cut keeps nodes off it); a zero one, or none, does not:
    nothing there for a cut to resolve, and the mass lies elsewhere."""
    c = np.asarray(centre, dtype=float)
    with np.errstate(all="ignore"):
        step = NARROW_NODES * _spacing(c, anchors)
        local[var] = np.stack(np.broadcast_arrays(c, c - step, c + step), axis=-1)
        outputs = integrand(local)
        structured: Any = False
        infinite: Any = False
        change = np.exp(STRUCTURE)
        for output in outputs if isinstance(outputs, tuple) else (outputs,):
            values = np.broadcast_to(
                output, np.broadcast_shapes(np.shape(output), local[var].shape)
            )
            top, sides = values[..., :1], values[..., 1:]
            size, beside = np.abs(top), np.abs(sides)
            # a sign change counts: a dip of log q through 0 is as sharp as a peak
            flips = np.real(sides) * np.real(top) < 0
            varies = (beside > size * change) | (beside < size / change) | flips
            real = (size[..., 0] > 0) & np.isfinite(size[..., 0])
            structured = structured | (real & np.any(varies, axis=-1))
            infinite = infinite | np.isposinf(size[..., 0])
        return infinite | ~np.isfinite(c) | (structured & np.isfinite(step))


def _with_zero(lo: Any, hi: Any, cuts: list[Any]) -> list[Any]:
    """``cuts``, and 0 when they split (−∞, ∞). Uncut, the nodes of (−∞, ∞) crowd at 0; cut at c
    alone, the pieces (−∞, c] and [c, ∞) space theirs ~c/3 apart near 0, and a mass there
    without a centre of its own was missed at both step sizes: ∫ sech(x) + N(C, 1) density dx =
    π + 1 came out 1 for C = 562 … 5.6·10⁶ (a false bound CHECKED, the truth refuted). Decided
    here, once, so that the end-loss check reads the same ends the split has (added inside the
    rule alone, the cut at 0 went unchecked: ∫ e^(−(x − 20)²)/x² = ∞ came out 0.0044)."""
    if cuts and np.all(np.isneginf(lo)) and np.all(np.isposinf(hi)):
        return [*cuts, 0.0]
    return cuts


def _neighbours(c: Any, anchors: list[Any]) -> tuple[Any, Any]:
    """Per sample, the nearest of ``anchors`` below and above ``c`` (∓∞ where there is none;
    nan anchors are ignored)."""
    below = np.full(np.shape(c), -np.inf)
    above = np.full(np.shape(c), np.inf)
    for anchor in anchors:
        a = np.asarray(anchor, dtype=float)
        below = np.where((a < c) & (a > below), a, below)
        above = np.where((a > c) & (a < above), a, above)
    return below, above


def _spacing(c: Any, anchors: list[Any]) -> Any:
    """The spacing at ``c`` of the STEP nodes (:func:`nodes_and_weights`) of the piece between
    the nearest ``anchors`` below and above it (nan ones ignored): dx/dt·STEP of its map."""
    below, above = _neighbours(c, anchors)
    half_pi = np.pi / 2
    left, right = c - below, above - c  # each ∞ at an infinite end
    finite = np.isfinite(left) & np.isfinite(right)
    # tanh–sinh: x = m + h·tanh(u), dx/du = (x − a)(b − x)/h; exp–sinh: x − a = e^u; sinh–sinh:
    # x = sinh(u); and u = (π/2)·sinh(t) throughout, so dt = du / ((π/2)·cosh(t)).
    one_end = np.fmin(left, right)
    u = np.where(
        finite,
        np.log(left / right) / 2,
        np.where(np.isfinite(one_end), np.log(one_end), np.arcsinh(c)),
    )
    dx_du = np.where(
        finite,
        left * right / ((left + right) / 2),
        np.where(np.isfinite(one_end), one_end, np.hypot(1.0, c)),
    )
    dt_du = 1 / (half_pi * np.hypot(1.0, u / half_pi))
    return dx_du / dt_du * STEP


def _edges(lo: Any, hi: Any, cuts: list[Any]) -> list[Any]:
    """The ends of the pieces, per sample: ``lo``, the ``cuts`` clipped to [lo, hi] in order,
    ``hi``. A cut with no value at a sample (a vertex −b/2a where a = 0) moves to 0, or to the
    nearer finite end (an empty piece): any cut is sound, a nan one would spoil the sample."""
    shape = np.broadcast_shapes(np.shape(lo), np.shape(hi), *(np.shape(c) for c in cuts))
    low = np.broadcast_to(np.asarray(lo, dtype=float), shape)
    high = np.broadcast_to(np.asarray(hi, dtype=float), shape)
    if not cuts:
        return [low, high]
    stacked = np.stack(np.broadcast_arrays(*cuts), axis=-1).astype(float)
    stacked = np.where(np.isfinite(stacked), stacked, np.clip(0.0, low, high)[..., None])
    inner = np.sort(stacked, axis=-1)
    return [low, *(np.clip(inner[..., k], low, high) for k in range(inner.shape[-1])), high]


def _np_rule(integrand: Inner, var: sympy.Symbol, lo: Any, hi: Any, cuts: list[Any],
             local: dict[sympy.Basic, Any],
             step: float) -> tuple[list[Any], Any, list[Any]]:  # fmt: skip
    """:func:`np_quadrature` at one ``step`` (and, from the same nodes, twice it), where the two
    estimates are finite and disagree, and ∫|integrand|; ``local`` is the prepared sample values
    (its ``var`` is overwritten)."""
    edges = _edges(lo, hi, cuts)
    coarse: list[Any] = []
    fine: list[Any] = []
    size: list[Any] = []  # ∫|integrand| on the fine nodes: the scale the two rules must agree at
    pieces = list(itertools.pairwise(edges))
    # an empty piece (a cut repeated, or at an end) adds nothing: not evaluated, unless all are
    pieces = [(a, b) for a, b in pieces if not np.all(a == b)] or pieces[:1]
    for a, b in pieces:
        a_in = -np.inf if np.all(np.isneginf(a)) else a
        b_in = np.inf if np.all(np.isposinf(b)) else b
        # The coarse rule's nodes are every other node of the fine one (its weights doubled):
        # one evaluation of the integrand serves both estimates.
        x, w = nodes_and_weights(a_in, b_in, step)
        local[var] = x
        outputs = integrand(local)
        for j, output in enumerate(outputs if isinstance(outputs, tuple) else (outputs,)):
            values = np.asarray(output)
            if np.iscomplexobj(values):
                # A complex integrand integrates to a complex value (E_U[log(−1/a)] at a > 0):
                # as nan it left every such sample unusable, and a claim false only there
                # CHECKED on the others. Rounding noise in the imaginary part is dropped.
                noise = np.abs(values.imag) <= 1e-12 * np.abs(values)
                values = np.where(noise, values.real, values)
                if not np.any(values.imag):
                    values = values.real
            values = np.broadcast_to(
                values.astype(complex if np.iscomplexobj(values) else float),
                np.broadcast_shapes(values.shape, w.shape),
            )
            weights = np.broadcast_to(w, values.shape)
            if j == len(fine):
                fine.append(0.0)
                coarse.append(0.0)
                size.append(0.0)
            # integrate_samples for both rules from one product: the coarse terms are twice
            # every other fine term (doubling is exact).
            with np.errstate(invalid="ignore", over="ignore"):
                terms = np.where(weights == 0, 0.0, values * weights)
                fine[j] = fine[j] + np.sum(terms, axis=-1)
                coarse[j] = coarse[j] + np.sum(2 * terms[..., ::2], axis=-1)
                size[j] = size[j] + np.sum(np.abs(terms), axis=-1)
    results = []
    unsettled: Any = False
    for f, c, scale in zip(fine, coarse, size, strict=True):
        # Relative to ∫|integrand|, not to 1 + |value|: a value far below 1 (E_N(μ, 50)[e^(−x)]
        # = e^(1250 − μ), its peak 50σ from every cut) agreed absolutely at both step sizes
        # while wrong by 44 orders of magnitude, and a false bound on it came out CHECKED.
        with np.errstate(invalid="ignore", divide="ignore"):
            spread = np.abs(f - c) / scale
        agree = (spread <= QUADRATURE_AGREEMENT) | (f == c)
        results.append(np.where(agree, f, np.nan))
        unsettled = unsettled | (~agree & np.isfinite(f) & np.isfinite(c))
    return results, unsettled, size
