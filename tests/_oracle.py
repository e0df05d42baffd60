"""An independent oracle: both sides of a claim evaluated with mpmath, nothing of symkl's prover.

The oracle walks the SymPy tree itself. Measures are expanded from their textbook definitions
(H = −Σ p log p, H(p, q) = −Σ p log q, KL = Σ p log(p/q), each over log(base); E_p[f] = Σ p f), sums
run over the outcomes (explicit sizes, symbolic sizes set to 1..12, 16, 50, count families until the
terms vanish) and integrals use ``mpmath.quad``. Products follow 0·∞ = 0, so 0·log 0 = 0 and
p·log(p/q) = ∞ where q = 0 < p. Only distributions' densities (``value_at``) and family parameter
domains are read from symkl: they are definitions, not arguments.

>>> import sympy, symkl
>>> p, q = symkl.Discrete.symbolic("p", 2), symkl.Discrete.symbolic("q", 2)
>>> judge(sympy.Ge(symkl.kl_divergence(p, q), 0)).violated
False
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import _oracle_eval
import mpmath
import sympy
from _oracle_eval import (
    DPS,
    EPS,
    EXACT_TOL,
    QUAD_TOL,
    SIZES,
    Env,
    Fn,
    Unsupported,
    _Compiler,
    _isnan,
    _kind,
    _size,
    violates,
)

from symkl.distributions import Density, Discrete, IndexedDiscrete, Kind
from symkl.families import Family
from symkl.families._base import Domain
from symkl.joint import IndexedJoint
from symkl.measures import distributions_in

__all__ = [
    "DPS",
    "SIZES",
    "OracleResult",
    "Unsupported",
    "evaluate_at",
    "evaluate_with_band_at",
    "judge",
    "refined_at",
    "violates",
]

_RELATIONS = (sympy.Eq, sympy.Ge, sympy.Gt, sympy.Le, sympy.Lt)


@dataclass
class OracleResult:
    """``violated`` with the point and both sides, or "no violation found" after ``points``."""

    violated: bool
    point: dict[str, Any] = field(default_factory=dict)
    lhs: Any = None
    rhs: Any = None
    points: int = 0

    def __str__(self) -> str:
        if not self.violated:
            return f"no violation found ({self.points} points)"
        shown = {k: mpmath.nstr(v, 12) if isinstance(v, mpmath.mpf) else v
                 for k, v in self.point.items()}  # fmt: skip
        return f"violated at {shown} ({mpmath.nstr(self.lhs, 15)}, {mpmath.nstr(self.rhs, 15)})"


# --- the variables of a claim and the points they are drawn at ---------------------------------


@dataclass
class _Plan:
    """How to draw one point: simplex groups, per-name indexed simplices, scalars."""

    relation: sympy.Basic
    simplex: list[tuple[sympy.Symbol, ...]]
    indexed: list[str]  # names of IndexedDiscrete distributions (one simplex per name)
    size_symbols: list[sympy.Symbol]
    scalars: dict[sympy.Symbol, str]  # symbol -> domain: "unit", "positive", "real", ...
    families: list[Family]
    discretes: list[Discrete]
    data: list[tuple[str, str]]  # indexed data x[i] that is not a distribution: (name, domain)
    where: tuple[sympy.Basic, ...] = ()
    fixed_sizes: tuple[int, ...] = ()  # sizes of indexed distributions with a numeric n


def _symbol_domain(s: sympy.Symbol) -> str:
    if s.is_integer:
        return "count" if s.is_positive else ("natural" if s.is_nonnegative else "integer")
    if s.is_positive:
        return "positive"
    if s.is_nonnegative:
        return "nonnegative"
    return "real"


def _plan(relation: sympy.Basic, where: Sequence[sympy.Basic] = ()) -> _Plan:
    if not isinstance(relation, _RELATIONS):
        raise Unsupported(f"not an (in)equality: {type(relation).__name__}")
    pair = sympy.Tuple(relation.lhs, relation.rhs)
    dists = distributions_in(pair)
    simplex, indexed, families, discretes = [], [], [], []
    fixed: set[int] = set()
    covered: set[sympy.Basic] = set()
    scalars: dict[sympy.Symbol, str] = {}
    sizes: set[sympy.Symbol] = set()
    for d in dists:
        if isinstance(d, Discrete):
            probs = d.probs
            if all(isinstance(v, sympy.Symbol) for v in probs) and len(set(probs)) == len(probs):
                if set(probs) & covered:
                    if not set(probs) <= covered or tuple(probs) not in simplex:
                        raise Unsupported(f"overlapping simplex groups at {d}")
                    continue
                simplex.append(tuple(probs))
                covered |= set(probs)
                continue
            discretes.append(d)
            for v in probs:  # a bare symbol as a probability lives in [0, 1]; others keep theirs
                if isinstance(v, sympy.Symbol) and not v.is_integer:
                    scalars[v] = "unit"
        elif isinstance(d, IndexedDiscrete):
            if d.name not in indexed:
                indexed.append(d.name)
            sizes |= {s for s in d.n.free_symbols if isinstance(s, sympy.Symbol)}
            if d.n.is_Integer:
                fixed.add(int(d.n))
        elif isinstance(d, Family):
            if d.kind is Kind.CONTINUOUS and type(d).__name__ in (
                "MultivariateNormal",
                "Dirichlet",
            ):
                raise Unsupported(f"multivariate family {d}")
            families.append(d)
            for spec, value in zip(type(d).params, d.args, strict=False):
                for s in value.free_symbols:
                    domain = {Domain.UNIT: "unit", Domain.POSITIVE: "positive"}.get(
                        spec.domain, "real"
                    )
                    own = _symbol_domain(s)
                    if own in ("count", "natural", "integer") or (domain == "real" != own):
                        domain = own  # its own facts are narrower: δ ≥ 0 in Uniform(−δ, 1)
                    elif d.kind is Kind.DISCRETE and domain != "real":
                        domain = f"count-{domain}"  # series must settle: keep away from 0
                    elif spec.name.startswith("concentration"):
                        domain = "shape"  # quadrature cannot follow a spike of width e^-1000
                    if isinstance(value, sympy.Symbol) or s not in scalars:
                        scalars[s] = domain
        elif isinstance(d, Density):
            pass
        else:
            raise Unsupported(f"distribution {type(d).__name__}")
    data: list[tuple[str, str]] = []
    for node in pair.atoms(sympy.Indexed):
        name = str(node.base)
        if name not in indexed and (name, "") not in [(n, "") for n, _ in data]:
            facts = node.base.assumptions0
            domain = "positive" if facts.get("positive") else "real"
            if facts.get("nonnegative") and not facts.get("positive"):
                domain = "nonnegative"
            data.append((name, domain))
    for node in pair.atoms(sympy.Sum):
        for _, _, upper in node.limits:
            if isinstance(upper, sympy.Symbol) and upper.is_integer:
                sizes.add(upper)
    bound = set().union(*(set(s.limits[0][:1]) for s in pair.atoms(sympy.Sum, sympy.Integral)))
    bound |= {node.base.label for node in pair.atoms(sympy.Indexed)}  # p of p[i] is no scalar
    # a family's outcome variable (k of E_Poisson[log k!]) is bound by the family's sum
    bound |= {d.support.variable for d in families if d.support.variable is not None}
    for s in sorted(pair.free_symbols, key=str):
        if not isinstance(s, sympy.Symbol) or s in covered or s in sizes or s in bound:
            continue
        scalars.setdefault(s, _symbol_domain(s))
    for s in sizes:
        scalars.pop(s, None)
    return _Plan(
        relation, simplex, indexed, sorted(sizes, key=str), scalars, families, discretes, data,
        tuple(where), tuple(sorted(fixed)),
    )  # fmt: skip


def _simplex_profiles(
    k: int, rng: random.Random, positive: bool = False
) -> list[tuple[str, list[Any]]]:
    """Structured points on the k-simplex, then random ones; only interior points when the
    probabilities are declared positive (``Discrete.symbolic(name, k)``)."""
    one = mpmath.mpf(1)
    uniform = [one / k] * k
    out = [("uniform", uniform)]
    for j in sorted({0, k - 1, k // 2}):
        out.append((f"one-hot@{j + 1}", [one if i == j else mpmath.mpf(0) for i in range(k)]))
        if k > 1:
            rest = EPS / (k - 1)
            out.append((f"near-one-hot@{j + 1}", [one - EPS if i == j else rest for i in range(k)]))
            tiny = [EPS if i == j else (one - EPS) / (k - 1) for i in range(k)]
            out.append((f"tiny@{j + 1}", tiny))
    for alpha in (1.0, 0.1):
        w = [mpmath.mpf(rng.gammavariate(alpha, 1.0)) + mpmath.mpf(10) ** -40 for _ in range(k)]
        total = mpmath.fsum(w)
        out.append((f"dirichlet({alpha})", [v / total for v in w]))
    if k > 2:
        w = [mpmath.mpf(rng.random()) if rng.random() < 0.5 else mpmath.mpf(0) for _ in range(k)]
        w[rng.randrange(k)] = mpmath.mpf(rng.random()) + one / 10
        total = mpmath.fsum(w)
        out.append(("sparse", [v / total for v in w]))
    if positive:  # a zero is outside the domain of a declared-positive probability
        return [(name, point) for name, point in out if all(v > 0 for v in point)]
    return out


def _scalar_values(domain: str, rng: random.Random, continuous: bool) -> list[Any]:
    """Structured values of a scalar's domain first, then draws across its whole range."""
    mp = mpmath.mpf
    log_uniform = lambda lo, hi: mp(math.exp(rng.uniform(math.log(lo), math.log(hi))))  # noqa: E731
    if domain == "count-unit":
        return [mp(1) / 2, mp(1) / 100, mp(99) / 100, mp(1), mp(rng.uniform(0.01, 1))]
    if domain == "count-positive":
        return [mp(1), mp(1) / 1000, mp(50), mp(1) / 10, log_uniform(1e-3, 50)]
    if domain == "shape":
        return [mp(1), mp(1) / 2, mp(20), mp(2), log_uniform(0.5, 20)]
    if domain == "unit":
        return [mp(1) / 2, EPS, 1 - EPS, mp(0), mp(1), mp(rng.random()), mp(rng.random())]
    if domain == "positive":
        lo, hi = (1e-2, 1e2) if continuous else (1e-6, 1e6)
        return [mp(1), mp(lo), mp(hi), mp(1) / 10, mp(10), log_uniform(lo, hi), log_uniform(lo, hi)]
    if domain == "nonnegative":
        return [mp(0), mp(1), mp(10), mp(rng.uniform(0, 10)), log_uniform(1e-6, 1e6)]
    if domain in ("count", "natural", "integer"):
        low = {"count": 1, "natural": 0, "integer": -12}[domain]
        return [mp(v) for v in sorted({low, low + 1, 2, 3, 6, 12, rng.randint(low, 50)})]
    width = 20.0 if continuous else 100.0
    return [mp(0), mp(1), mp(-1), mp(rng.uniform(-width, width)), mp(rng.uniform(-width, width)),
            mp(rng.uniform(-2, 2)) / 1000]  # fmt: skip


def _points(  # the combinations of structured points are spelled out
    plan: _Plan, seed: int, random_points: int, thorough: bool = True
) -> Iterator[dict[str, Any]]:
    """Named points: ``p_1``…, symbol names, ``n`` (a symbolic size) — the spot check's keys."""
    rng = random.Random(seed)
    continuous = any(f.kind is Kind.CONTINUOUS for f in plan.families) or any(
        isinstance(d, Density) for d in distributions_in(sympy.Tuple(*plan.relation.args))
    )
    sizes: list[int | None] = [None]
    if plan.size_symbols:
        sizes = list(SIZES)
    elif plan.indexed:  # indexed distributions over a fixed size (n set to 1 by a mutation)
        sizes = [int(n) for n in plan.fixed_sizes]
    for size in sizes:
        groups: list[tuple[list[str], int]] = [([str(s) for s in g], len(g)) for g in plan.simplex]
        positive = [all(s.is_positive for s in g) for g in plan.simplex]
        if size is not None:
            groups += [([f"{name}_{j}" for j in range(1, size + 1)], size) for name in plan.indexed]
            positive += [False] * len(plan.indexed)  # a symbolic n: the closed simplex
        profiles = [
            _simplex_profiles(k, rng, pos) for (_, k), pos in zip(groups, positive, strict=True)
        ]
        combos: list[list[list[Any]]] = []
        if groups:
            count = max(len(p) for p in profiles)
            for i in range(count):  # every group at the same kind of point
                combos.append([p[min(i, len(p) - 1)][1] for p in profiles])
            for i in range(count if thorough else 0):  # the first structured, the others random
                combos.append([profiles[0][i % len(profiles[0])][1]]
                              + [p[-2][1] for p in profiles[1:]])  # fmt: skip
                if len(groups) > 1:  # the others structured, the first random
                    combos.append([profiles[0][-2][1]] + [p[i % len(p)][1] for p in profiles[1:]])
            if len(groups) > 1:  # p = q at one random point
                combos.append([profiles[0][-3][1]] * len(groups))
        else:  # scalars only: enough points to pair every structured value with the others
            combos += [
                []
                for _ in range(
                    2
                    * max(
                        (len(_scalar_values(d, rng, continuous)) for d in plan.scalars.values()),
                        default=1,
                    )
                )
            ]
        extra = random_points if size in (None, 2, 3, 5) else max(2, random_points // 4)
        extra = extra if thorough else min(extra, 3)
        for _ in range(extra):
            combos.append(
                [
                    _simplex_profiles(k, rng, pos)[-2 if k < 3 else -1][1]
                    for (_, k), pos in zip(groups, positive, strict=True)
                ]
            )
        scalar_values = {s: _scalar_values(d, rng, continuous) for s, d in plan.scalars.items()}
        for index, combo in enumerate(combos):
            point: dict[str, Any] = {}
            for (names, _), values in zip(groups, combo, strict=True):
                point.update(zip(names, values, strict=True))
            for offset, (s, values) in enumerate(scalar_values.items()):
                pick = (index + offset * (index // len(values) + 1)) % len(values)
                point[str(s)] = (
                    values[pick]
                    if index < 2 * len(values)
                    else (values[rng.randrange(len(values))])
                )
            for name, domain in plan.data:
                for j in range(1, (size or 6) + 1):
                    point[f"{name}_{j}"] = _scalar_values(domain, rng, continuous)[rng.randrange(5)]
            if size is not None:
                point["n"] = size
            yield point
        if len(scalar_values) >= 2 and combos:  # the diagonal: equal parameters (a = b),
            # both negative (log(xy) ≠ log x + log y), every structured value at once
            for j in range(max(len(v) for v in scalar_values.values())):
                point = {}
                for (names, _), values in zip(groups, combos[0], strict=True):
                    point.update(zip(names, values, strict=True))
                point.update({str(s): v[j % len(v)] for s, v in scalar_values.items()})
                for name, domain in plan.data:
                    for k in range(1, (size or 6) + 1):
                        point[f"{name}_{k}"] = _scalar_values(domain, rng, continuous)[0]
                if size is not None:
                    point["n"] = size
                yield point


# --- evaluation at a point --------------------------------------------------------------------


def _environment(plan: _Plan, point: Mapping[str, Any]) -> Env:
    env: Env = {}
    values = {k: (v if isinstance(v, (mpmath.mpf, mpmath.mpc)) else mpmath.mpf(v))
              for k, v in point.items() if k not in ("lhs", "rhs")}  # fmt: skip
    for group in plan.simplex:  # renormalise exactly: a reported point is rounded
        try:
            raw = [values[str(s)] for s in group]
        except KeyError as exc:
            raise Unsupported(f"no value for {exc}") from None
        total = mpmath.fsum(raw)
        for s, v in zip(group, raw, strict=True):
            env[s] = v / total
    size = values.get("n")
    for s in plan.size_symbols:
        value = values.get(str(s), size)
        if value is None:
            raise Unsupported(f"no value for the size {s}")
        env[s] = value
        size = value
    for name in plan.indexed:
        k = _size(size)
        try:
            raw = [values[f"{name}_{j}"] for j in range(1, k + 1)]
        except KeyError as exc:
            raise Unsupported(f"no value for {exc}") from None
        total = mpmath.fsum(raw)
        for j, v in enumerate(raw, start=1):
            env[(name, j)] = v / total
    for name, _ in plan.data:
        for key, v in values.items():
            head, _, tail = key.rpartition("_")
            if head == name and tail.isdigit():
                env[(name, int(tail))] = v
    for s in plan.scalars:
        if str(s) not in values:
            raise Unsupported(f"no value for {s}")
        env[s] = values[str(s)]
    return env


#: An equality fact (Σ q = 1 over plain symbols) holds at a point within this: reported points
#: are doubles, so their sums miss 1 by about 1e-16.
FACT_TOL = mpmath.mpf(10) ** -12


def _valid(plan: _Plan, env: Env, compiler: _Compiler) -> bool:
    """The point lies in every domain: explicit distributions sum to 1 with entries in [0, 1],
    family parameters are accepted by the family, stated facts hold."""
    for d in plan.discretes:
        probs = [compiler.compile(v)(env) for v in d.probs]
        if any(isinstance(v, mpmath.mpc) or v < 0 or v > 1 for v in probs):
            return False
        if abs(mpmath.fsum(probs) - 1) > EXACT_TOL:
            return False
    for f in plan.families:
        try:
            values = [compiler.compile(a)(env) for a in f.args]
            if any(isinstance(v, mpmath.mpc) for v in values):
                return False
            type(f)(*[sympy.Float(mpmath.nstr(v, 30), 30) if v != int(v) else int(v)
                      for v in values])  # fmt: skip
        except Exception:  # the family rejects these values: not a point of the claim
            return False
    for fact in plan.where:
        try:
            if isinstance(fact, sympy.Eq):  # a reported point is rounded to doubles
                a, b = compiler.compile(fact.lhs)(env), compiler.compile(fact.rhs)(env)
                if abs(a - b) > FACT_TOL * (1 + abs(b)):
                    return False
            elif not compiler.compile(fact)(env):
                return False
        except (Unsupported, TypeError):
            return False
    return True


#: Values of one side at one point, shared by the mutants of a claim (most keep one side).
_SIDE_CACHE: dict[tuple[str, tuple[Any, ...]], tuple[Any, Any]] = {}


def _side(expr: sympy.Expr, fn: Fn, env: Env, key: tuple[Any, ...]) -> tuple[Any, Any]:
    cache_key = (sympy.srepr(expr), key)
    if cache_key in _SIDE_CACHE:
        return _SIDE_CACHE[cache_key]
    env["__quad_error__"] = []
    try:
        with mpmath.workdps(DPS):
            value = fn(env)
    finally:
        errors = env.pop("__quad_error__")
    result = (value, sum(errors) if errors else None)
    if len(_SIDE_CACHE) > 100_000:
        _SIDE_CACHE.clear()
    _SIDE_CACHE[cache_key] = result
    return result


def _sides(plan: _Plan, env: Env, fns: tuple[Fn, Fn], key: tuple[Any, ...]) -> tuple[Any, Any, Any]:
    lhs, lhs_error = _side(plan.relation.lhs, fns[0], env, key)
    rhs, rhs_error = _side(plan.relation.rhs, fns[1], env, key)
    tol = EXACT_TOL
    if lhs_error is not None or rhs_error is not None:
        scale = 1 + abs(lhs) + abs(rhs) if not (_isnan(lhs) or _isnan(rhs)) else 1
        tol = QUAD_TOL + 100 * ((lhs_error or 0) + (rhs_error or 0)) / scale
    return lhs, rhs, tol


def _compile_sides(plan: _Plan) -> tuple[Fn, Fn]:
    compiler = _Compiler({})
    return compiler.compile(plan.relation.lhs), compiler.compile(plan.relation.rhs)


def _point_key(point: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted((k, str(v)) for k, v in point.items()))


def plannable(relation: sympy.Basic, where: Sequence[sympy.Basic] = ()) -> None:
    """Raise Unsupported unless the oracle can plan ``relation`` (its tables at size 2 × 2)."""
    tables = _table_sizes(relation)
    if tables:
        relation, where = _at_sizes(relation, where, {s: sympy.Integer(2) for s in tables})
    _plan(relation, where)


def evaluate_at(
    relation: sympy.Basic, point: Mapping[str, Any], where: Sequence[sympy.Basic] = ()
) -> tuple[Any, Any, bool | None]:
    """Both sides at ``point`` (keys as symkl reports them) and whether they violate the claim
    (None: not comparable). Raises Unsupported when the point misses a variable."""
    lhs, rhs, violated, _ = evaluate_with_band_at(relation, point, where)
    return lhs, rhs, violated


def evaluate_with_band_at(
    relation: sympy.Basic, point: Mapping[str, Any], where: Sequence[sympy.Basic] = ()
) -> tuple[Any, Any, bool | None, Any]:
    """:func:`evaluate_at` and the band its quadratures' error estimates put around the sides
    (0 without a quadrature): at γ = 10⁻⁹, E_HalfCauchy(γ)[log(1 + x²/γ²)] comes out
    1.3842 ± 1.4 where it is 2 log 2."""
    tables = _table_sizes(relation)
    if tables:  # the joint tables at the sizes the point gives
        try:
            sizes = {s: sympy.Integer(int(point[str(s)])) for s in tables}
        except KeyError as exc:
            raise Unsupported(f"no size {exc} for a joint table in {dict(point)}") from None
        relation, where = _at_sizes(relation, where, sizes)
    plan = _plan(relation, where)
    with mpmath.workdps(DPS):
        env = _environment(plan, point)
        if not _valid(plan, env, _Compiler({})):
            raise Unsupported(f"the point {dict(point)} is outside the claim's domain")
        fns = _compile_sides(plan)
        lhs, rhs, tol = _sides(plan, env, fns, _point_key(point))
        violated = violates(_kind(relation), lhs, rhs, tol)
        if violated is False and tol > EXACT_TOL:
            # a gap below the quadratures' resolution (a constant off by 1e-12): both sides
            # again with 30- and 45-digit quadratures; a gap both agree on, far above their
            # difference and their error estimates, is real
            refined = _at_30_and_45(plan, env, fns)
            if refined is not None:
                (l30, r30, e30), (l45, r45, e45) = refined
                scale = 1 + abs(l45) + abs(r45)
                drift = abs(l30 - l45) + abs(r30 - r45) + 100 * (e30 + e45) + EXACT_TOL * scale
                if violates(_kind(relation), l45, r45, 1000 * drift / scale):
                    return l45, r45, True, 1000 * drift
        return lhs, rhs, violated, _band(lhs, rhs, tol)


def _band(lhs: Any, rhs: Any, tol: Any) -> Any:
    """The absolute width the quadratures' error estimates give to finite real sides: ``tol``
    past its fixed part QUAD_TOL (which, relative to sides of 10¹² that cancel, would pass any
    side within 10⁴); 0 for other sides and without a quadrature."""
    finite = [
        not isinstance(v, mpmath.mpc) and not _isnan(v) and mpmath.isfinite(v) for v in (lhs, rhs)
    ]
    if not all(finite) or tol <= QUAD_TOL:
        return mpmath.mpf(0)
    return (tol - QUAD_TOL) * (1 + abs(lhs) + abs(rhs))


def refined_at(
    relation: sympy.Basic, point: Mapping[str, Any], where: Sequence[sympy.Basic] = ()
) -> tuple[Any, Any] | None:
    """Both sides at ``point`` with 45-digit quadratures, where the 30-digit ones agree with
    them to 10⁻²⁰ (None otherwise, or for a joint table): sides that cancel terms of 10¹²
    (E_N(μ, σ)[x²]/2σ² − μ²/2σ² at σ = 1.7·10⁻⁴) lose to the first look's 15-digit quadratures
    the digits a reported side is compared with."""
    if _table_sizes(relation):
        return None
    plan = _plan(relation, where)
    with mpmath.workdps(DPS):
        env = _environment(plan, point)
        fns = _compile_sides(plan)
        refined = _at_30_and_45(plan, env, fns)
        if refined is None:
            return None
        (l30, r30, _), (l45, r45, _) = refined
        scale = 1 + abs(l45) + abs(r45)
        if abs(l30 - l45) + abs(r30 - r45) > mpmath.mpf(10) ** -20 * scale:
            return None
        return l45, r45


def _at_30_and_45(plan: _Plan, env: Env, fns: tuple[Fn, Fn]) -> tuple[Any, Any] | None:
    """:func:`_refined_sides` at 30 and at 45 digits, or None when either has no value."""
    refined = [_refined_sides(plan, env, fns, digits) for digits in (30, 45)]
    if any(r is None for r in refined):
        return None
    return refined[0], refined[1]


def _refined_sides(plan: _Plan, env: Env, fns: tuple[Fn, Fn], digits: int) -> Any:
    """Both sides with quadratures at ``digits`` digits and their summed error estimate (None
    when a side is not a finite real number)."""
    previous = _oracle_eval.QUAD_DPS
    _oracle_eval.QUAD_DPS = digits
    try:
        values = []
        errors = mpmath.mpf(0)
        for fn in fns:
            env["__quad_error__"] = []
            try:
                with mpmath.workdps(DPS):
                    values.append(fn(env))
            finally:
                errors += sum(env.pop("__quad_error__"), mpmath.mpf(0))
    finally:
        _oracle_eval.QUAD_DPS = previous
    if any(isinstance(v, mpmath.mpc) or not mpmath.isfinite(v) for v in values):
        return None
    return values[0], values[1], errors


def judge(
    relation: sympy.Basic,
    where: Sequence[sympy.Basic] = (),
    *,
    seed: int = 0,
    random_points: int = 12,
    max_points: int | None = None,
    thorough: bool = True,
) -> OracleResult:
    """Look for a violation of ``relation`` at structured points, then random ones.

    ``thorough=False`` keeps, at each size, the points where every distribution has the same
    structure (uniform, one-hot, near-one-hot, tiny, p = q) and a few random ones."""
    tables = _table_sizes(relation)
    if tables:
        return _judge_tables(relation, where, tables, seed, random_points, max_points, thorough)
    plan = _plan(relation, where)
    kind = _kind(relation)
    compiler = _Compiler({})
    with mpmath.workdps(DPS):  # constants are evaluated when compiled: at full precision
        fns = _compile_sides(plan)
    used = 0
    tried = 0
    last_error: Exception | None = None
    for point in _points(plan, seed, random_points, thorough):
        tried += 1
        if max_points is not None and tried > max_points:
            break
        with mpmath.workdps(DPS):
            env = _environment(plan, point)
            if not _valid(plan, env, compiler):
                continue
            try:
                lhs, rhs, tol = _sides(plan, env, fns, _point_key(point))
            except (Unsupported, ZeroDivisionError, ValueError, OverflowError, TypeError) as exc:
                last_error = exc
                continue
            verdict = violates(kind, lhs, rhs, tol)
        if verdict is None:
            continue
        used += 1
        if verdict:
            return OracleResult(True, point, lhs, rhs, used)
    if used == 0:
        raise Unsupported(f"no point of the claim could be evaluated ({last_error!r})")
    return OracleResult(False, points=used)


#: Sizes a joint table over symbolic sizes m × n is written out at: rows and columns of one and
#: two outcomes first (where most claims break), then unequal and square tables.
TABLE_SIZES = (1, 2, 3)


def _table_sizes(relation: sympy.Basic) -> list[sympy.Symbol]:
    """The symbolic sizes of the joint tables in ``relation`` (none: no such table)."""
    sizes: set[sympy.Symbol] = set()
    for table in relation.atoms(IndexedJoint):
        sizes |= {s for size in table.sizes for s in size.free_symbols}
    return sorted(sizes, key=str)


def _at_sizes(
    relation: sympy.Basic, where: Sequence[sympy.Basic], sizes: Mapping[sympy.Basic, sympy.Expr]
) -> tuple[sympy.Basic, tuple[sympy.Basic, ...]]:
    """The claim and its facts with each size fixed: an m × n table with integer sizes is built
    as the explicit table of its entries p_i_j (and its marginals as that table's)."""
    names = {t.name for t in relation.atoms(IndexedJoint)}
    explicit = relation.xreplace(dict(sizes))

    def written_out(fact: sympy.Basic) -> sympy.Basic:
        # A fact about the entries p[i, j] (Σ = 1, p ≪ q) speaks of the cells p_i_j.
        fact = fact.xreplace(dict(sizes))
        if not any(str(node.base) in names for node in fact.atoms(sympy.Indexed)):
            return fact
        fact = fact.doit()
        cells = {
            node: sympy.Symbol(f"{node.base}_{'_'.join(map(str, node.indices))}", positive=True)
            for node in fact.atoms(sympy.Indexed)
            if str(node.base) in names and all(k.is_Integer for k in node.indices)
        }
        return fact.xreplace(cells)

    return explicit, tuple(written_out(f) for f in where)


def _judge_tables(
    relation: sympy.Basic,
    where: Sequence[sympy.Basic],
    tables: list[sympy.Symbol],
    seed: int,
    random_points: int,
    max_points: int | None,
    thorough: bool,
) -> OracleResult:
    """:func:`judge` at every assignment of :data:`TABLE_SIZES` to the tables' sizes; the
    reported point names the sizes, as symkl's counterexamples do."""
    used = 0
    for values in itertools.product(TABLE_SIZES, repeat=len(tables)):
        sizes = {s: sympy.Integer(v) for s, v in zip(tables, values, strict=True)}
        explicit, facts = _at_sizes(relation, where, sizes)
        if isinstance(explicit, sympy.logic.boolalg.BooleanAtom):
            if explicit is sympy.false:
                return OracleResult(True, {str(s): int(v) for s, v in sizes.items()}, points=1)
            used += 1
            continue
        try:
            found = judge(
                explicit, facts, seed=seed, random_points=random_points,
                max_points=max_points, thorough=thorough,
            )  # fmt: skip
        except Unsupported:
            continue
        used += found.points
        if found.violated:
            point = {str(s): int(v) for s, v in sizes.items()} | found.point
            return OracleResult(True, point, found.lhs, found.rhs, used)
    if used == 0:
        raise Unsupported(f"no size of the joint tables in {relation} could be evaluated")
    return OracleResult(False, points=used)
