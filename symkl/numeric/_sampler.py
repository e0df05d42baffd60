"""Sample points for a :class:`~._plan.Plan`: structured points first, then random ones.

Structured points are where claims about these quantities break: the uniform distribution,
one-hot and near-one-hot (1 − 1e-9) points, tiny probabilities (1e-9), p = q, parameters at
1e-4 and 1e4, the ends of every interval. Random points cover each domain log-uniformly (scales,
rates and widths from 1e-4 to 1e4; both signs for reals; complex values for symbols without
assumptions). Samples that violate a constraint (a fact, a Discrete's sum) are dropped::

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

from ..distributions import Discrete
from ._compile import Backend, evaluate
from ._plan import Domain, Plan

__all__ = [
    "FACT_TOLERANCE",
    "TINY",
    "close",
    "draw",
    "random_values",
    "satisfies",
    "simplex_points",
    "structured_simplex",
    "structured_values",
]

#: How near an end (relative) the structured points go, and the tiny probability they try.
TINY = 1e-9
#: Equality facts hold to this relative tolerance at sampled points: a point on the simplex
#: sums to 1 only to rounding, and an exact comparison would drop nearly every sample. The one
#: tolerance of spot checks, optimisation checks and the optimisation domain's ``contains``.
FACT_TOLERANCE = 1e-9
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


def close(left: Any, right: Any) -> Any:
    """Where two arrays are equal within :data:`FACT_TOLERANCE` (relative)."""
    return np.abs(left - right) <= FACT_TOLERANCE * (1 + np.abs(left) + np.abs(right))


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


def _structured_rows(plan: Plan, count: int) -> dict[sympy.Basic, Any]:
    columns: list[tuple[list[sympy.Symbol], list[Any]]] = []
    for group in plan.simplex:
        columns.append((list(group), list(structured_simplex(len(group)))))
    for s, domain in plan.scalars.items():
        columns.append(([s], [[v] for v in structured_values(domain)]))
    if any(not values for _, values in columns):
        return {}  # a domain with no telling value of its own: random rows only
    longest = max((len(values) for _, values in columns), default=0)
    pairs = _pair_points(plan, count)
    # The pair points share the structured half of the rows: the random half stays as it was.
    rows = max(0, min(count // 2, 2 * longest) - len(pairs))
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
        table = np.array(head + picks, dtype=complex if _is_complex(values) else float)
        table = table.reshape(len(head) + len(picks), len(symbols))
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
    for a, left in enumerate(groups):
        for right in groups[a + 1 :]:
            if len(left) != len(right):
                continue
            for first, second in _pair_rows(len(left)):
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
    for s, domain in plan.scalars.items():
        values = random_values(rng, domain, count)
        twin_symbol = first_of_domain.setdefault(domain, s)
        if twin_symbol is not s:  # equal parameters (Normal(m, s) against itself) on a share
            values = np.where(rng.random(count) < 0.15, env[twin_symbol], values)
        env[s] = values
    return env


def satisfies(constraints: list[sympy.Basic], env: Mapping[sympy.Basic, Any], size: int) -> Any:
    """Per row: every constraint holds (equalities within :data:`FACT_TOLERANCE`)."""
    valid = np.ones(size, dtype=bool)
    for fact in constraints:
        between = _between_distributions(fact, env, size)
        if between is not None:
            valid &= between
            continue
        if not isinstance(fact, sympy.Rel):
            try:
                truth = evaluate(sympy.Piecewise((1, fact), (0, True)), env, Backend.NUMPY)
            except (NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError):
                return np.zeros(size, dtype=bool)
            valid &= np.broadcast_to(np.asarray(truth) == 1, (size,))
            continue
        try:
            a = np.asarray(evaluate(fact.lhs, env, Backend.NUMPY))
            b = np.asarray(evaluate(fact.rhs, env, Backend.NUMPY))
        except (NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError):
            return np.zeros(size, dtype=bool)
        with np.errstate(invalid="ignore"):
            real = (np.imag(a) == 0) & (np.imag(b) == 0)
            a, b = np.real(a), np.real(b)
            if isinstance(fact, sympy.Eq):
                ok = real & close(a, b)
            elif isinstance(fact, sympy.Ne):
                ok = ~real | (a != b)
            elif isinstance(fact, sympy.Gt):
                ok = real & (a > b)
            elif isinstance(fact, sympy.Ge):
                ok = real & (a >= b)
            elif isinstance(fact, sympy.Lt):
                ok = real & (a < b)
            else:
                ok = real & (a <= b)
        valid &= np.broadcast_to(ok, (size,))
    return valid


def _between_distributions(
    fact: sympy.Basic, env: Mapping[sympy.Basic, Any], size: int
) -> Any | None:
    """Per row, ``Eq(p, q)`` / ``Ne(p, q)`` between two explicit distributions: every outcome
    equal / some outcome different (None when ``fact`` is not such a fact)."""
    if not isinstance(fact, (sympy.Eq, sympy.Ne)):
        return None
    left, right = fact.args
    if not (isinstance(left, Discrete) and isinstance(right, Discrete)):
        return None
    if len(left.probs) != len(right.probs):  # different outcome spaces: never the same
        return np.full(size, isinstance(fact, sympy.Ne))
    same = np.ones(size, dtype=bool)
    try:
        for a, b in zip(left.probs, right.probs, strict=True):
            va = np.asarray(evaluate(sympy.sympify(a), env, Backend.NUMPY))
            vb = np.asarray(evaluate(sympy.sympify(b), env, Backend.NUMPY))
            same &= np.broadcast_to(close(va, vb), (size,))
    except (NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError):
        return np.zeros(size, dtype=bool)
    # A row whose outcomes agree to FACT_TOLERANCE is taken as p = q: it leaves Ne's domain
    # (fewer samples, never a counterexample outside the fact).
    return same if isinstance(fact, sympy.Eq) else ~same


def _take(env: Mapping[sympy.Basic, Any], rows: Any) -> dict[sympy.Basic, Any]:
    return {s: np.asarray(v)[rows] for s, v in env.items()}


def draw(
    plan: Plan, rng: np.random.Generator, count: int, structured: bool = True
) -> dict[sympy.Basic, Any]:
    """Up to ``count`` rows inside the constraints: structured first, then random."""
    if not plan.variables:
        return {}
    env = _structured_rows(plan, count) if structured else {}
    size = len(next(iter(env.values()))) if env else 0
    if size:
        env = _take(env, np.flatnonzero(satisfies(plan.constraints, env, size)))
        size = len(next(iter(env.values())))
    for attempt in range(4):
        missing = count - size
        if missing <= 0:
            break
        extra = _random_rows(plan, rng, missing * (1 + 2 * attempt))
        keep = np.flatnonzero(satisfies(plan.constraints, extra, missing * (1 + 2 * attempt)))
        extra = _take(extra, keep[:missing])
        env = {s: np.concatenate([env[s], extra[s]]) if s in env else extra[s] for s in extra}
        size = len(next(iter(env.values())))
    return env
