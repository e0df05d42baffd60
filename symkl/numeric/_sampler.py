"""Sample points for a :class:`~._plan.Plan`: structured points first, then random ones.

Structured points are where claims about these quantities break: the uniform distribution,
one-hot and near-one-hot (1 − 1e-9) points, tiny probabilities (1e-9), p = q, parameters at
1e-4 and 1e4, the ends of every interval. Random points cover each domain log-uniformly (scales,
rates and widths from 1e-4 to 1e4; both signs for reals; complex values for symbols without
assumptions). Last come a few rows on the claim's own switch points (:mod:`._boundary`: where a
Piecewise condition holds, a jump or a tie is), which random rows never meet. Samples that
violate a constraint (a fact, a Discrete's sum) are dropped::

    >>> simplex_points(np.random.default_rng(0), 3, 4).shape
    (4, 3)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import sympy

from ._beside import beside_ties
from ._boundary import boundary_rows
from ._constraints import FACT_TOLERANCE, close, satisfies
from ._plan import Domain, Plan, empty_domain, sampling_domain
from ._special_points import canonical_points, coinciding_points

__all__ = [
    "FACT_TOLERANCE",
    "TINY",
    "close",
    "draw",
    "random_values",
    "sampling_domain",
    "satisfies",
    "simplex_points",
    "structured_simplex",
    "structured_values",
]

#: How near an end (relative) the structured points go, and the tiny probability they try.
TINY = 1e-9
#: Values every real domain is tried at (those inside it), most telling first.
_INTERESTING = (1.0, 0.0, 0.5, 1e-4, 1e4, 2.0, TINY, 1 - TINY, 0.1, 10.0, 1e-2, 1e2, 0.25, 3.0)
_POSITIVE_INTEGERS = (*range(1, 13), 16, 50)
_COMPLEX = (1j, -1 + 0.5j, 0.5 - 2j, -1e-2 + 1e-2j, 3 + 4j)


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


def structured_simplex(n: int) -> npt.NDArray[np.float64]:
    """Uniform, one-hot, near-one-hot, tiny-probability and two-point vectors of length n."""
    if n == 1:
        return np.ones((1, 1))
    rows = [np.full(n, 1.0 / n)]
    for k in (0, n - 1):
        one_hot = np.zeros(n)
        one_hot[k] = 1.0
        near = np.full(n, TINY / (n - 1))
        near[k] = 1 - TINY
        tiny = np.full(n, (1 - TINY) / (n - 1))
        tiny[k] = TINY
        rows += [one_hot, near, tiny]
    half = np.zeros(n)
    half[:2] = 0.5
    rows.append(half)
    # A joint table is one group in row-major order: the first and last cells are in different
    # rows and columns (X = Y on two values), and a k × k table's diagonal is every (k+1)-th cell.
    ends = np.zeros(n)
    ends[[0, n - 1]] = 0.5
    rows.append(ends)
    k = math.isqrt(n)
    if k > 2 and k * k == n:
        diagonal = np.zeros(n)
        diagonal[:: k + 1] = 1.0 / k
        rows.append(diagonal)
    return np.array(rows)


def structured_values(domain: Domain) -> list[complex | float]:
    """The telling values inside ``domain``: its ends (or just inside), 0, ±1, 1e-4, 1e4, …"""
    if domain.integer:
        pool: list[float] = [float(k) for k in _POSITIVE_INTEGERS]
        pool = [0.0, *pool, *(-k for k in pool)]
        lo = domain.lo if math.isfinite(domain.lo) else -50.0
        pool = [float(math.ceil(lo)), *pool]
        return list(dict.fromkeys(v for v in pool if domain.contains(v)))
    ends: list[float] = []
    for end, is_open, inward in ((domain.lo, domain.lo_open, 1), (domain.hi, domain.hi_open, -1)):
        if math.isfinite(end):
            scale = max(1.0, abs(end))
            ends += [end] if not is_open else []
            ends += [end + inward * TINY * scale, end + inward * 1e-4 * scale]
    if math.isfinite(domain.lo) and math.isfinite(domain.hi):
        ends.append((domain.lo + domain.hi) / 2)
    pool = [*ends, *(v for x in _INTERESTING for v in (x, -x))]
    values: list[complex | float] = list(dict.fromkeys(v for v in pool if domain.contains(v)))
    if domain.complex:
        values[3:3] = list(_COMPLEX)
    return values


def random_values(rng: np.random.Generator, domain: Domain, size: int) -> npt.NDArray[Any]:
    """``size`` random values in ``domain``: log-uniform spreads on half-lines, both ends of
    intervals approached, complex values where the domain allows them."""
    lo, hi = domain.lo, domain.hi
    if lo > hi:  # an empty domain (facts that exclude each other): no point, no evidence
        return np.full(size, np.nan)
    if domain.integer:
        # An open end is left out: a positive integer (lo = 0, open) is never 0.
        low = (
            (math.floor(lo) + 1 if domain.lo_open else math.ceil(lo)) if math.isfinite(lo) else -50
        )
        high = (
            (math.ceil(hi) - 1 if domain.hi_open else math.floor(hi)) if math.isfinite(hi) else 100
        )
        small = rng.integers(max(low, -12), max(min(high, 12), max(low, -12)) + 1, size)
        wide = rng.integers(low, high + 1, size)
        return np.where(rng.random(size) < 0.6, small, wide).astype(float)
    spread = 10.0 ** rng.uniform(-4, 4, size)
    if math.isfinite(lo) and math.isfinite(hi):
        width = hi - lo
        near = 10.0 ** rng.uniform(-9, -1, size) * width
        values = np.where(rng.random(size) < 0.5, lo + near, hi - near)
        values = np.where(rng.random(size) < 0.6, rng.uniform(lo, hi, size), values)
    elif math.isfinite(lo):
        values = lo + np.where(rng.random(size) < 0.2, rng.uniform(0, 5, size), spread)
    elif math.isfinite(hi):
        values = hi - np.where(rng.random(size) < 0.2, rng.uniform(0, 5, size), spread)
    else:
        signed = np.where(rng.random(size) < 0.5, -spread, spread)
        values = np.where(rng.random(size) < 0.4, rng.uniform(-5, 5, size), signed)
    if domain.complex:
        modulus = 10.0 ** rng.uniform(-2, 2, size)
        phase = rng.uniform(-np.pi, np.pi, size)
        turned = np.where(rng.random(size) < 0.4, modulus * np.exp(1j * phase), values)
        return np.asarray(turned, dtype=complex)
    return values


def _pair_rows(n: int) -> list[tuple[Any, Any]]:
    """Points for two groups of n outcomes where zero patterns differ: disjoint supports
    (e₁, e₂), q₁ = 0 < p₁ and p₁ = 0 < q₁ (E_p[q] = 0 and ∞ against ∞ live only there), and p
    one-hot on the mode of a spread q."""
    if n < 2:
        return []
    first, second = np.zeros(n), np.zeros(n)
    first[0], second[1] = 1.0, 1.0
    uniform = np.full(n, 1.0 / n)
    holed = np.concatenate([[0.0], np.full(n - 1, 1.0 / (n - 1))])
    # p on the mode of a spread q: E_p[f(q)] sees one outcome while H(q) sees them all.
    heavy = np.concatenate([[0.5], np.full(n - 1, 0.5 / (n - 1))])
    rows = [(first, second), (uniform, holed), (holed, uniform), (first, heavy)]
    # Few rows are wanted per size of a symbolic n: each size starts with another kind.
    return rows[n % len(rows) :] + rows[: n % len(rows)]


def _near_uniform(n: int) -> tuple[Any, Any]:
    """A uniform p and q 2% off it, up and down in turn: where Pinsker's KL ≥ 2·TV² is sharp,
    so a constant above 2 fails here and rarely at random points (the sharp points of every
    size are rows beside ties, :mod:`._beside`, on top of these)."""
    uniform = np.full(n, 1.0 / n)
    signs = np.array([(-1.0) ** k for k in range(n - n % 2)] + [0.0] * (n % 2))
    return uniform, uniform * (1 + 0.02 * signs)


def _structured_rows(plan: Plan, count: int) -> dict[sympy.Basic, Any]:
    columns: list[tuple[list[sympy.Symbol], list[Any]]] = []
    for group in plan.simplex:
        columns.append((list(group), list(structured_simplex(len(group)))))
    for s in plan.scalars:
        columns.append(([s], [[v] for v in structured_values(sampling_domain(plan, s))]))
    if any(not values for _, values in columns):
        return {}  # a domain with no telling value of its own: random rows only
    longest = max((len(values) for _, values in columns), default=0)
    pairs = _pair_points(plan, count)
    # The pair points share the structured half of the rows: the random half stays as it was.
    rows = max(0, min(count // 2, 2 * longest) - len(pairs))
    # After the aligned rows, whose order decides which agreement is looked at first.
    tail = [*canonical_points(plan), *coinciding_points(plan)] if count >= 2 else []
    env: dict[sympy.Basic, Any] = {}
    # Each size of a symbolic n gets few rows: its aligned rows after the uniform one start at
    # another structured point per size, so that across the sizes every point is met with p = q
    # (q just under 1/2 at n = 3 is where a ceiling of -log₂ q jumps).
    size = len(plan.simplex[0]) if plan.simplex else 0
    for position, (symbols, values) in enumerate(columns):
        # First pass aligned (every group uniform together, so p = q), then shifted pairings.
        # With few rows, half of them still go to shifted pairings (disjoint one-hot p and q).
        aligned = min(longest, rows - rows // 2) if rows < 2 * longest else longest
        picks = [values[j % len(values)] for j in range(aligned)]
        if 1 < aligned < len(values):
            start = (size - 1) * (aligned - 1) if size else 0
            rest = len(values) - 1
            picks = [values[0], *(values[1 + (start + j) % rest] for j in range(aligned - 1))]
        # The shifted rows go on from where the aligned ones stopped, so every structured point
        # of a lone group (a joint table's diagonal is its last) is reached.
        start = aligned + 3 * position + (1 if aligned >= longest else 0)
        picks += [values[(start + j) % len(values)] for j in range(rows - len(picks))]
        # Symbols outside a pair point keep their first structured value (uniform, an end).
        head = [[row.get(s, values[0][k]) for k, s in enumerate(symbols)] for row in pairs]
        ends = [[row.get(s, values[0][k]) for k, s in enumerate(symbols)] for row in tail]
        table = np.array(head + picks + ends, dtype=complex if _is_complex(values) else float)
        table = table.reshape(len(head) + len(picks) + len(ends), len(symbols))
        for k, s in enumerate(symbols):
            env[s] = table[:, k]
    return env


def _is_complex(values: list[Any]) -> bool:
    return any(isinstance(v, complex) for row in values for v in np.ravel(row))


def _pair_points(plan: Plan, count: int) -> list[dict[sympy.Symbol, float]]:
    """The pair points of every two simplex groups of one size, at most a fifth of ``count``
    (the aligned and shifted passes never give two groups different zero patterns when few rows
    are wanted, as for each of the many sizes of a symbolic n)."""
    pairs: list[dict[sympy.Symbol, float]] = []
    groups = plan.simplex
    near_met: set[int] = set()
    for a, left in enumerate(groups):
        for right in groups[a + 1 :]:
            if len(left) != len(right):
                continue
            rows = _pair_rows(len(left))
            if len(left) > 1 and len(left) not in near_met:  # the first pair of each size only
                near_met.add(len(left))
                # second: with few rows wanted the first stays a pair of zero patterns
                rows = [rows[0], _near_uniform(len(left)), *rows[1:]]
            for first, second in rows:
                row = {s: float(v) for s, v in zip(left, first, strict=True)}
                row.update({s: float(v) for s, v in zip(right, second, strict=True)})
                pairs.append(row)
    return pairs[: max(1, count // 5)] if count >= 2 else []


def _random_rows(plan: Plan, rng: np.random.Generator, count: int) -> dict[sympy.Basic, Any]:
    env: dict[sympy.Basic, Any] = {}
    first_of_size: dict[int, tuple[sympy.Symbol, ...]] = {}
    for group in plan.simplex:
        points = simplex_points(rng, len(group), count)
        twin = first_of_size.setdefault(len(group), group)
        if twin is not group:  # p = q on a share of the rows
            same = rng.random(count) < 0.15
            points = np.where(same[:, None], np.stack([env[s] for s in twin], axis=1), points)
        for k, s in enumerate(group):
            env[s] = points[:, k]
    first_of_domain: dict[Domain, sympy.Symbol] = {}
    for s in plan.scalars:
        domain = sampling_domain(plan, s)
        values = random_values(rng, domain, count)
        twin_symbol = first_of_domain.setdefault(domain, s)
        if twin_symbol is not s:  # equal parameters (Normal(m, s) against itself) on a share
            values = np.where(rng.random(count) < 0.15, env[twin_symbol], values)
        env[s] = values
    return env


def _past(domain: Domain, hint: Domain) -> list[Domain]:
    """The parts of ``domain`` above and below ``hint``."""
    parts = []
    if domain.hi > hint.hi or (domain.hi == hint.hi and hint.hi_open and not domain.hi_open):
        parts.append(domain.meet(hint.hi, math.inf, not hint.hi_open, True))
    if domain.lo < hint.lo or (domain.lo == hint.lo and hint.lo_open and not domain.lo_open):
        parts.append(domain.meet(-math.inf, hint.lo, True, not hint.lo_open))
    return [part for part in parts if not empty_domain(part)]


def _past_values(rng: np.random.Generator, parts: list[Domain], count: int) -> Any:
    """Values in ``parts``: a third their telling values (just past the hint, a stated end, 2),
    the rest random (log-uniform distances: λ = 1 + 10⁻⁴ as often as λ = 1 + 10³)."""
    choices = []
    for part in parts:
        telling = [v for v in structured_values(part) if not isinstance(v, complex)]
        values = random_values(rng, part, count)
        if telling:
            picked = np.asarray(telling, dtype=float)[rng.integers(0, len(telling), count)]
            values = np.where(rng.random(count) < 0.35, picked, values)
        choices.append(values)
    return np.stack(choices, axis=1)[np.arange(count), rng.integers(0, len(parts), count)]


#: How far each simplex point moves from a centre shared by the groups of its size towards its
#: own random point, in the rows past a hint: the largest step whose row meets the constraints
#: is kept. A small step keeps λ·p + (1 − λ)·q near the centre, a distribution for any λ.
_STEPS = (1.0, 0.3, 0.1, 0.03, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6)


def _past_rows(plan: Plan, rng: np.random.Generator, count: int) -> dict[sympy.Basic, Any]:
    """Up to ``count`` rows inside the constraints with a hinted scalar past its hint (each
    such scalar on half of them, at least one per row) and the simplex points close together
    where the constraints need it: the thin region where a weight above 1 still mixes
    distributions, or a channel with an entry above 1 still outputs one."""
    wide = {s: parts for s, h in plan.hints.items() if (parts := _past(plan.scalars[s], h))}
    if not wide or count <= 0:
        return {}
    proposals = 4 * count  # a share of the centres (a channel's inputs) is rejected
    env = _random_rows(plan, rng, proposals)
    past = rng.random((proposals, len(wide))) < 0.5
    past[np.arange(proposals), rng.integers(0, len(wide), proposals)] = True
    for k, (s, parts) in enumerate(wide.items()):
        env[s] = np.where(past[:, k], _past_values(rng, parts, proposals), env[s])
    centres: dict[int, Any] = {}
    own = {}
    for group in plan.simplex:
        if len(group) not in centres:
            centres[len(group)] = rng.dirichlet(np.ones(len(group)), size=proposals)
        own[group] = np.stack([env[s] for s in group], axis=1)
    step = np.zeros(proposals)
    found = np.zeros(proposals, dtype=bool)
    for eps in _STEPS if plan.simplex else (1.0,):
        step = np.where(found, step, eps)
        trial = _moved(env, own, centres, step)
        found |= satisfies(plan.constraints, trial, proposals)
        if found.all():
            break
    return _take(_moved(env, own, centres, step), np.flatnonzero(found)[:count])


def _moved(
    env: Mapping[sympy.Basic, Any],
    own: Mapping[tuple[sympy.Symbol, ...], Any],
    centres: Mapping[int, Any],
    step: Any,
) -> dict[sympy.Basic, Any]:
    moved = dict(env)
    for group, points in own.items():
        centre = centres[len(group)]
        placed = centre + step[:, None] * (points - centre)
        for k, s in enumerate(group):
            moved[s] = placed[:, k]
    return moved


def _past_share(plan: Plan, count: int) -> int:
    """Rows spent past the hints: all of them where a domain misses its hint, else a quarter."""
    if not any(_past(plan.scalars[s], h) for s, h in plan.hints.items()):
        return 0
    for s, h in plan.hints.items():
        if empty_domain(plan.scalars[s].meet(h.lo, h.hi, h.lo_open, h.hi_open)):
            return count
    return max(1, count // 4)


def _take(env: Mapping[sympy.Basic, Any], rows: Any) -> dict[sympy.Basic, Any]:
    return {s: np.asarray(v)[rows] for s, v in env.items()}


def _joined(env: dict[sympy.Basic, Any], extra: dict[sympy.Basic, Any]) -> dict[sympy.Basic, Any]:
    return {s: np.concatenate([env[s], extra[s]]) if s in env else extra[s] for s in extra}


def draw(
    plan: Plan, rng: np.random.Generator, count: int, structured: bool = True
) -> dict[sympy.Basic, Any]:
    """Up to ``count`` rows inside the constraints: structured first, then rows past the hints
    (weights above 1, ...), then random ones."""
    if not plan.variables:
        return {}
    env = _structured_rows(plan, count) if structured else {}
    size = len(next(iter(env.values()))) if env else 0
    if size:
        env = _take(env, np.flatnonzero(satisfies(plan.constraints, env, size)))
        size = len(next(iter(env.values())))
    past = _past_rows(plan, rng, min(count - size, _past_share(plan, count)))
    if past:
        env = _joined(env, past)
        size = len(next(iter(env.values())))
    for attempt in range(4):
        missing = count - size
        if missing <= 0:
            break
        extra = _random_rows(plan, rng, missing * (1 + 2 * attempt))
        keep = np.flatnonzero(satisfies(plan.constraints, extra, missing * (1 + 2 * attempt)))
        env = _joined(env, _take(extra, keep[:missing]))
        size = len(next(iter(env.values())))
    if structured:
        # On top of the others (their stream stays as it was): rows on the claim's own switch
        # points, where a claim false on a set of measure zero fails and random rows never go.
        switch = _switch_rows(plan, count)
        env = _joined(env, switch) if switch and env else switch or env
    return env


#: Random rows (of their own fixed stream) that complete the switch points besides the
#: structured ones: a switch a structured row cannot meet inside the facts still gets rows.
_SWITCH_BASE = 16


def _switch_rows(plan: Plan, count: int) -> dict[sympy.Basic, Any]:
    if not plan.variables:
        return {}
    base = _random_rows(plan, np.random.default_rng(0), _SWITCH_BASE)
    structured = _structured_rows(plan, count)
    if structured:
        base = _joined(structured, base)
    switch, beside = boundary_rows(plan, base), beside_ties(plan, base)
    return _joined(switch, beside) if switch and beside else switch or beside
