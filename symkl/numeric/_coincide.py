"""Parameters where two distributions of a claim are one and the same: the equality cases.

A strict inequality between divergences fails where p = q, and for two families of different
shape that happens on a set of measure zero no random row meets: Chi2(k) is Gamma(a, r) at
a = k/2, r = ½, Exponential(r) is Chi2(2) at r = ½, ContinuousBernoulli(½) is Uniform(0, 1),
Geometric(p) is NegativeBinomial(1, 1 − p). The sampler tries these points too.

They are found numerically, as candidates only (a counterexample is still confirmed at 50
digits): log p(x) − log q(x) = 0 at a few outcomes x is solved for the claim's scalars by
Gauss–Newton steps with the pseudo-inverse (an underdetermined system, such as Geometric(p)
against NegativeBinomial(r, q), moves to its nearest solution), each scalar mapped onto its
domain. A solution counts when the log-densities also agree at other outcomes.

>>> from symkl.families import Chi2, Exponential
>>> k, r = sympy.symbols("k r", positive=True)
>>> from symkl.numeric._plan import POSITIVE
>>> points = coincidences([(Chi2(k), Exponential(r))], {k: POSITIVE, r: POSITIVE})
>>> [(round(p[k], 6), round(p[r], 6)) for p in points]
[(2.0, 0.5)]
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from .._atoms import Distribution, Kind
from ..distributions import Discrete, IndexedDiscrete
from ..measures import distributions_in
from ._compile import Backend, compile_expr
from ._outcomes import built_in_family
from ._plan import Domain

__all__ = ["coincidences", "family_pairs", "same_at"]

#: Outcomes where the log-densities are matched, and the ones that check a solution.
_DISCRETE = ((0.0, 1.0, 2.0, 3.0, 5.0, 8.0), (4.0, 13.0))
_UNIT = ((0.1, 0.3, 0.5, 0.7, 0.9, 0.05), (0.2, 0.85))
_HALF_LINE = ((0.2, 0.7, 1.5, 3.0, 6.0, 0.05), (1.1, 9.0))
_LINE = ((-2.0, -0.5, 0.3, 1.0, 2.5, -4.0), (0.6, 5.0))
#: Starting points of the steps (each scalar at this value, or its nearest in its domain).
_STARTS = (1.0, 0.5, 2.0)
_STEPS = 40
#: How near zero the log-densities' differences must come, at every outcome.
_TOLERANCE = 1e-9
#: Largest denominator a solution's coordinates are snapped to.
_DENOMINATOR = 64
#: Scalars a pair may have (the steps are cheap, but a wide system rarely has one solution).
_MOST = 6


def _outcomes(d: Distribution) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
    """Outcomes inside ``d``'s support, when its ends are numbers: fitting ones, checking ones."""
    support = d.support
    if type(support.variable) not in (sympy.Symbol, sympy.Dummy):
        return None  # a vector outcome (MultivariateNormal, Dirichlet): not matched here
    if support.kind is Kind.DISCRETE:
        lower = support.lower
        if lower is not None and lower.is_number and lower != 0:
            return None
        return _DISCRETE
    lo, hi = support.lower, support.upper
    if lo is None or hi is None or not (lo.is_number and hi.is_number):
        return None
    lo_f, hi_f = float(lo), float(hi)
    if math.isfinite(lo_f) and math.isfinite(hi_f):
        width = hi_f - lo_f
        return tuple(lo_f + width * x for x in _UNIT[0]), tuple(lo_f + width * x for x in _UNIT[1])
    if math.isfinite(lo_f):
        return tuple(lo_f + x for x in _HALF_LINE[0]), tuple(lo_f + x for x in _HALF_LINE[1])
    if math.isfinite(hi_f):
        return tuple(hi_f - x for x in _HALF_LINE[0]), tuple(hi_f - x for x in _HALF_LINE[1])
    return _LINE


def _to_domain(domain: Domain, u: Any) -> Any:
    """Unconstrained u onto the domain's interior (a logistic or exponential map)."""
    if math.isfinite(domain.lo) and math.isfinite(domain.hi):
        return domain.lo + (domain.hi - domain.lo) / (1 + np.exp(-u))
    if math.isfinite(domain.lo):
        return domain.lo + np.exp(u)
    if math.isfinite(domain.hi):
        return domain.hi - np.exp(u)
    return u


def _from_domain(domain: Domain, value: float) -> float:
    if math.isfinite(domain.lo) and math.isfinite(domain.hi):
        t = (value - domain.lo) / (domain.hi - domain.lo)
        t = min(max(t, 1e-6), 1 - 1e-6)
        return math.log(t / (1 - t))
    if math.isfinite(domain.lo):
        return math.log(max(value - domain.lo, 1e-6))
    if math.isfinite(domain.hi):
        return math.log(max(domain.hi - value, 1e-6))
    return value


def _start(domain: Domain, value: float) -> float:
    """``value`` if the domain has it inside, else the domain's middle or a point near its end."""
    if domain.contains(value) and (domain.lo < value < domain.hi):
        return value
    if math.isfinite(domain.lo) and math.isfinite(domain.hi):
        return (domain.lo + domain.hi) / 2
    return domain.lo + value if math.isfinite(domain.lo) else domain.hi - value


def _gaps(p: Distribution, q: Distribution, xs: Sequence[float]) -> list[sympy.Expr]:
    # Discrete outcomes as integers: a pmf is 0 at the Float 2.0, which is not an integer.
    exact = [sympy.Integer(int(x)) if p.kind is Kind.DISCRETE else sympy.Float(x) for x in xs]
    return [sympy.log(p.value_at(x)) - sympy.log(q.value_at(x)) for x in exact]


def _snapped(value: float) -> float:
    """A solution's coordinate as the simple fraction it is within 1e-7 (2, ½, 1/3), else itself:
    the steps stop 1e-13 away, where the divergences are 1e-26, not 0."""
    simple = Fraction(value).limit_denominator(_DENOMINATOR)
    return float(simple) if abs(float(simple) - value) <= 1e-7 * max(1.0, abs(value)) else value


def _solve(
    p: Distribution, q: Distribution, scalars: Mapping[sympy.Symbol, Domain]
) -> list[dict[sympy.Symbol, float]]:
    outcomes = _outcomes(p) or _outcomes(q)
    symbols = sorted((p.free_symbols | q.free_symbols) & set(scalars), key=str)
    if outcomes is None or not symbols or len(symbols) > _MOST:
        return []
    domains = [scalars[s] for s in symbols]
    placed = list(zip(symbols, domains, strict=True))
    try:
        fit = [compile_expr(g, Backend.NUMPY) for g in _gaps(p, q, outcomes[0])]
        check = [compile_expr(g, Backend.NUMPY) for g in _gaps(p, q, outcomes[1])]
    except (NotImplementedError, TypeError, ValueError):
        return []

    def values(u: Any, functions: list[Any]) -> Any:
        """The log-density gaps at each row of u (unconstrained scalars), one column each."""
        env = {s: _to_domain(d, u[:, k]) for k, (s, d) in enumerate(placed)}
        with np.errstate(all="ignore"):
            rows = [np.real(np.asarray(f(env), dtype=complex)) for f in functions]
        return np.stack([np.broadcast_to(row, (len(u),)) for row in rows], axis=1)

    found: list[dict[sympy.Symbol, float]] = []
    for value in _STARTS:
        u = _gauss_newton(
            lambda u: values(u, fit), [_from_domain(d, _start(d, value)) for d in domains]
        )
        raw = [float(_to_domain(d, u[k])) for k, d in enumerate(domains)]
        point = {
            s: float(round(v)) if d.integer else _snapped(v)
            for (s, d), v in zip(placed, raw, strict=True)
        }
        if not all(scalars[s].contains(v) for s, v in point.items()):
            continue
        at = np.array([[_from_domain(d, point[s]) for s, d in placed]])
        gaps = values(at, fit + check)[0]
        solved = bool(np.all(np.isfinite(gaps)) and np.max(np.abs(gaps)) < 1e3 * _TOLERANCE)
        if not solved:
            # a removable singularity of a formula (ContinuousBernoulli's 0/0 at ½, where the
            # family itself is Uniform(0, 1)): the exact densities decide
            exact = {s: sympy.Rational(v) for s, v in point.items()}
            simple = all(value.q <= _DENOMINATOR for value in exact.values())
            solved = simple and _identical(p.xreplace(exact), q.xreplace(exact))
        if solved and all(any(point[s] != other[s] for s in symbols) for other in found):
            found.append(point)
    return found


def _gauss_newton(gaps: Any, start: list[float]) -> Any:
    """Gauss–Newton steps from ``start`` with the pseudo-inverse of a forward-difference
    Jacobian (an underdetermined system moves to its nearest solution); where it stopped."""
    u = np.array([start])
    if not np.all(np.isfinite(gaps(u)[0])):
        u = u + 1e-3  # a start on a formula's 0/0 (ContinuousBernoulli at ½): just beside it
    for _ in range(_STEPS):
        g = gaps(u)[0]
        if not np.all(np.isfinite(g)) or np.max(np.abs(g)) < _TOLERANCE:
            break
        h = 1e-6 * np.maximum(1.0, np.abs(u[0]))
        jacobian = ((gaps(u + np.diag(h)) - g) / h[:, None]).T
        if not np.all(np.isfinite(jacobian)):
            break
        u = np.clip(u - (np.linalg.pinv(jacobian) @ g)[None, :], -700.0, 700.0)
    return u[0]


@functools.lru_cache(maxsize=256)
def _cached(p: Distribution, q: Distribution, scalars: tuple[tuple[sympy.Symbol, Domain], ...]
            ) -> tuple[tuple[tuple[sympy.Symbol, float], ...], ...]:  # fmt: skip
    return tuple(
        tuple(sorted(point.items(), key=lambda item: str(item[0])))
        for point in _solve(p, q, dict(scalars))
    )


def coincidences(
    pairs: Sequence[tuple[Distribution, Distribution]], scalars: Mapping[sympy.Symbol, Domain]
) -> list[dict[sympy.Symbol, float]]:
    """The points (claim scalars only) where some pair's two distributions coincide."""
    points: list[dict[sympy.Symbol, float]] = []
    frozen = tuple(sorted(scalars.items(), key=lambda item: str(item[0])))
    for p, q in pairs:
        if p == q or p.kind is not q.kind:
            continue
        points += [dict(point) for point in _cached(p, q, frozen)]
    return points


def family_pairs(
    exprs: Sequence[sympy.Basic], scalars: Mapping[sympy.Symbol, Domain]
) -> list[tuple[Distribution, Distribution]]:
    """The pairs of parametric distributions in ``exprs`` whose parameters are all scalars of
    the claim (not a simplex of symbolic probabilities, not an indexed one)."""
    found = [
        d
        for d in distributions_in(sympy.Tuple(*exprs))
        if not isinstance(d, (Discrete, IndexedDiscrete)) and d.free_symbols <= set(scalars)
    ]
    return [(p, q) for k, p in enumerate(found) for q in found[k + 1 :]]


#: Digits the two densities must agree to, at every outcome tried, to be taken for one.
_AGREE_DIGITS = 60


@functools.lru_cache(maxsize=1024)
def _identical(p: Distribution, q: Distribution) -> bool:
    """Whether two distributions without free symbols are one: the same support ends, and
    densities equal to 60 digits (evaluated at 70) at the outcomes the solver uses, every one
    of them inside the support. (SymPy's simplify on the difference can take minutes where a
    binomial coefficient of a fraction appears; two closed forms that agree to 60 digits at
    eight outcomes are the same function.)"""
    if p.kind is not q.kind or p.free_symbols or q.free_symbols:
        return False
    # Only built-in families: one closed-form density, analytic inside its support, so agreeing
    # at eight outcomes is being the same. A user's Density may be piecewise or vanish exactly
    # there: 1 + c·Π(x − xᵢ)(x − t) on (0, 1) agrees with Uniform(0, 1) at every probe.
    if not (built_in_family(p) and built_in_family(q)):
        return False
    if (p.support.lower, p.support.upper) != (q.support.lower, q.support.upper):
        return False
    outcomes = _outcomes(p)
    if outcomes is None:
        return False
    for x in (*outcomes[0], *outcomes[1]):
        at = sympy.Integer(int(x)) if p.kind is Kind.DISCRETE else sympy.Rational(x)
        try:
            first = sympy.N(p.value_at(at), _AGREE_DIGITS + 10)
            second = sympy.N(q.value_at(at), _AGREE_DIGITS + 10)
        except (TypeError, ValueError, ZeroDivisionError):
            return False
        if not (first.is_Float and second.is_Float and first > 0):
            return False
        if abs(first - second) > sympy.Float(10, 5) ** -_AGREE_DIGITS * abs(first):
            return False
    return True


#: Largest numerator of a parameter where two families may be written as one.
_NUMERATOR = 2**20


def _simple(d: Distribution) -> bool:
    """Every parameter a simple fraction, as at the solver's snapped points: a constant such as
    1 + 10⁻¹³⁰ makes a distribution agree with another to 60 digits without being it."""
    return all(
        isinstance(v, sympy.Rational) and v.q <= _DENOMINATOR and abs(v.p) <= _NUMERATOR
        for v in d.args
    )


def same_at(
    pairs: Sequence[tuple[Distribution, Distribution]], point: Mapping[sympy.Basic, Any]
) -> dict[Distribution, Distribution]:
    """Where the point's values (read exactly: 0.5 is ½) make two distributions one and the
    same, the second as the first: a claim evaluated with it replaced has the same value there,
    and KL(P ‖ P) is computed as 0 exactly, not as 10⁻⁶⁹ from log p − log q rounded.

    >>> from symkl.families import Chi2, Exponential
    >>> k, r = sympy.symbols("k r", positive=True)
    >>> same_at([(Exponential(r), Chi2(k))], {k: 2.0, r: 0.5})
    {Chi2(k): Exponential(r)}
    """
    aliases: dict[Distribution, Distribution] = {}
    for p, q in pairs:
        symbols = p.free_symbols | q.free_symbols
        values = {s: point[s] for s in symbols if s in point}
        if len(values) != len(symbols) or any(
            isinstance(v, complex) or not math.isfinite(v) for v in values.values()
        ):
            continue
        exact = {s: sympy.Rational(float(v)) for s, v in values.items()}
        if any(q_.q > _DENOMINATOR for q_ in exact.values()):
            continue  # not a point the solver snapped (nor a structured one): no alias
        at = p.xreplace(exact), q.xreplace(exact)
        if not all(_simple(d) for d in at):
            continue  # N(0, 1) against N(10⁻⁶¹, 1) agrees to 60 digits, and KL is 5·10⁻¹²³ > 0
        try:
            same = _identical(*at)
        except (TypeError, ValueError):  # a value outside the family's domain
            continue
        if same and q not in aliases:
            aliases[q] = p
    return aliases
