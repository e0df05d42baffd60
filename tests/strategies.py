"""Hypothesis strategies shared by the test modules: points on the simplex, family parameters,
mutated claims."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction

import sympy
from hypothesis import strategies as st

from symkl.distributions import Discrete, Distribution, IndexedDiscrete, Kind
from symkl.measures import (
    CrossEntropy,
    Expectation,
    KLDivergence,
    Measure,
    OutcomeSum,
    distributions_in,
)


@st.composite
def simplex_points(
    draw: st.DrawFn, min_size: int = 1, max_size: int = 8, allow_zeros: bool = True
) -> list[float]:
    """A probability vector: positive weights (some exactly zero when allowed), normalised."""
    size = draw(st.integers(min_size, max_size))
    low = 0.0 if allow_zeros else 1e-6
    weights = draw(st.lists(st.floats(low, 1.0), min_size=size, max_size=size))
    if allow_zeros:
        zeros = draw(st.lists(st.booleans(), min_size=size, max_size=size))
        weights = [
            0.0 if z and i != 0 else w for i, (w, z) in enumerate(zip(weights, zeros, strict=True))
        ]
    weights[0] = max(weights[0], 1e-3)
    total = sum(weights)
    return [w / total for w in weights]


@st.composite
def simplex_pairs(
    draw: st.DrawFn, max_size: int = 8, allow_zeros: bool = True
) -> tuple[list[float], list[float]]:
    """Two probability vectors of the same length."""
    p = draw(simplex_points(max_size=max_size, allow_zeros=allow_zeros))
    q = draw(simplex_points(min_size=len(p), max_size=len(p), allow_zeros=allow_zeros))
    return p, q


@st.composite
def rational_simplex_points(draw: st.DrawFn, max_size: int = 5) -> list[Fraction]:
    """An exact probability vector with rational entries (all positive)."""
    size = draw(st.integers(1, max_size))
    weights = draw(st.lists(st.integers(1, 20), min_size=size, max_size=size))
    total = sum(weights)
    return [Fraction(w, total) for w in weights]


#: an exact probability strictly inside (0, 1), as a Bernoulli's p
unit_fractions = st.builds(Fraction, st.integers(1, 98), st.just(99))

positive_parameters = st.floats(0.1, 10.0)
real_parameters = st.floats(-10.0, 10.0)
#: a shape parameter drawn log-uniformly in [1e-4, 1e4]: Gamma-type KLs change method at 10
log_uniform_shapes = st.floats(-4.0, 4.0).map(lambda e: 10.0**e)


@st.composite
def shape_parameter_pairs(draw: st.DrawFn) -> tuple[float, float]:
    """Two shape parameters: independent, or the second the first moved by a relative 1e-12–1e-1
    (where the parts of a Gamma-type KL cancel), or equal."""
    first = draw(log_uniform_shapes)
    how = draw(st.sampled_from(["independent", "near", "equal"]))
    if how == "independent":
        return first, draw(log_uniform_shapes)
    if how == "equal":
        return first, first
    step = draw(st.floats(-12.0, -1.0).map(lambda e: 10.0**e))
    second = first * (1 + draw(st.sampled_from([-1, 1])) * step)
    return first, second


#: a narrow bump a·e^(−((x − c)/w)²) on a baseline: centre, width 10⁻⁶…1, height ±10⁻¹²…10, as
#: exact rationals (the 50-digit quadrature sees them exactly)
bumps = st.tuples(
    st.fractions(Fraction(1, 10), 12, max_denominator=10**6),
    st.integers(0, 6).map(lambda k: Fraction(1, 10**k)),
    st.integers(-12, 1).map(lambda k: Fraction(10) ** k),
    st.sampled_from([-1, 1]),
).map(lambda t: (t[0], t[1], t[2] * t[3]))


# --- mutated claims (the metamorphic fuzzer) ---------------------------------------------------

_FLIP = {sympy.Ge: sympy.Le, sympy.Le: sympy.Ge, sympy.Gt: sympy.Lt, sympy.Lt: sympy.Gt}
_STRICT = {sympy.Ge: sympy.Gt, sympy.Le: sympy.Lt}
_NEGATE = {sympy.Ge: sympy.Lt, sympy.Le: sympy.Gt, sympy.Gt: sympy.Le, sympy.Lt: sympy.Ge}
#: How far a constant is pushed: a small rational, so the mutant is false but only just.
NUDGES = (sympy.Rational(1, 1000), sympy.Rational(-1, 10**6), sympy.Rational(1, 10**12))
Mutant = tuple[str, sympy.Basic]


def _relation(cls: type, lhs: sympy.Expr, rhs: sympy.Expr) -> sympy.Basic:
    return cls(lhs, rhs, evaluate=False)


def _positions(
    expr: sympy.Basic, path: tuple[int, ...] = ()
) -> Iterator[tuple[tuple[int, ...], sympy.Basic]]:
    """(path, node) in preorder; a distribution and an indexed entry are leaves (probabilities
    and indices are not mutated), and of a sum or integral only the summand is."""
    yield path, expr
    if isinstance(expr, (Distribution, sympy.Indexed)):
        return
    if isinstance(expr, (sympy.Sum, sympy.Product, sympy.Integral)):
        # the summand only: a limit nudged to 1001/1000 is no claim anyone would write
        yield from _positions(expr.args[0], (*path, 0))
        return
    for i, arg in enumerate(expr.args):
        if isinstance(arg, sympy.Basic):
            yield from _positions(arg, (*path, i))


def _replace_at(expr: sympy.Basic, path: tuple[int, ...], new: sympy.Basic) -> sympy.Basic:
    if not path:
        return new
    args = list(expr.args)
    args[path[0]] = _replace_at(args[path[0]], path[1:], new)
    return expr.func(*args)


def _side_mutants(side: sympy.Expr, dists: list[Distribution]) -> Iterator[tuple[str, sympy.Expr]]:
    """Mutations inside one side of a claim."""
    positions = list(_positions(side))
    for path, node in positions:
        if isinstance(node, (CrossEntropy, KLDivergence)) and node.p != node.q:
            yield "swap-args", _replace_at(side, path, node.func(node.q, node.p, node.base))
        plain = isinstance(node, Measure) and not isinstance(node, (Expectation, OutcomeSum))
        if plain and node.args[-1] == sympy.E:
            yield "base", _replace_at(side, path, node.func(*node.args[:-1], sympy.Integer(2)))
        if isinstance(node, sympy.Add) and len(node.args) >= 2:
            for k in range(min(len(node.args), 3)):
                rest = node.args[:k] + node.args[k + 1 :]
                yield "drop-term", _replace_at(side, path, sympy.Add(*rest))
        if isinstance(node, sympy.Rational) and node not in (sympy.S.NegativeOne,) and path:
            yield "perturb-constant", _replace_at(side, path, node + NUDGES[0])
        if isinstance(node, Distribution):
            for other in dists:
                if other != node and _compatible(node, other):
                    yield "p-for-q", _replace_at(side, path, other)
    yield "change-base", side / sympy.log(2)
    for nudge in NUDGES:
        yield "perturb-side", side + nudge


def _compatible(a: Distribution, b: Distribution) -> bool:
    if a.kind is not b.kind:
        return False
    if isinstance(a, Discrete) and isinstance(b, Discrete):
        return len(a.probs) == len(b.probs)
    if isinstance(a, IndexedDiscrete) and isinstance(b, IndexedDiscrete):
        return bool(a.n == b.n)
    return a.kind is Kind.CONTINUOUS and not isinstance(a, Discrete)


def mutants(relation: sympy.Basic) -> list[Mutant]:
    """Every single mutation of ``relation`` (an Eq/Le/Ge/Lt/Gt): flip or make strict the
    inequality, swap sides, swap the arguments of KL/CE, change the base of a measure or of a
    side, perturb a constant by a small rational, drop a term, replace one distribution by
    another, set a symbolic size to 1. Deduplicated, in a stable order."""
    cls = type(relation)
    lhs, rhs = relation.lhs, relation.rhs
    out: list[Mutant] = [("identity", relation)]
    if cls in _FLIP:
        out.append(("flip", _relation(_FLIP[cls], lhs, rhs)))
        out.append(("negate", _relation(_NEGATE[cls], lhs, rhs)))
    if cls in _STRICT:
        out.append(("strict", _relation(_STRICT[cls], lhs, rhs)))
    if cls is sympy.Eq:
        out += [
            ("strict", _relation(sympy.Gt, lhs, rhs)),
            ("strict", _relation(sympy.Lt, lhs, rhs)),
        ]
    out.append(("swap-sides", _relation(cls, rhs, lhs)))
    dists = distributions_in(sympy.Tuple(lhs, rhs))
    for new_lhs_op, new_lhs in _side_mutants(lhs, dists):
        out.append((new_lhs_op, _relation(cls, new_lhs, rhs)))
    for new_rhs_op, new_rhs in _side_mutants(rhs, dists):
        out.append((new_rhs_op, _relation(cls, lhs, new_rhs)))
    sizes = {d.n for d in dists if isinstance(d, IndexedDiscrete) and isinstance(d.n, sympy.Symbol)}
    for n in sorted(sizes, key=str):
        one = {d: Discrete.symbolic(d.name, 1) for d in dists if isinstance(d, IndexedDiscrete)}
        out.append(("n=1", _relation(cls, *(s.xreplace(one).subs(n, 1) for s in (lhs, rhs)))))
        out.append(
            (
                "n=1-indexed",
                _relation(cls, *(s.xreplace({n: sympy.Integer(1)}) for s in (lhs, rhs))),
            )
        )
    seen: set[str] = set()
    unique: list[Mutant] = []
    for op, mutant in out:
        if not isinstance(mutant, sympy.core.relational.Relational):
            continue  # SymPy decided it outright: nothing left to prove
        key = sympy.srepr(mutant)
        if key not in seen:
            seen.add(key)
            unique.append((op, mutant))
    return unique


@st.composite
def mutated_claims(draw: st.DrawFn, bases: Sequence[sympy.Basic], depth: int = 2) -> Mutant:
    """A base relation mutated up to ``depth`` times: ops joined by '+'."""
    relation = draw(st.sampled_from(list(bases)))
    ops: list[str] = []
    for _ in range(draw(st.integers(1, depth))):
        options = [m for m in mutants(relation) if m[0] != "identity"]
        if not options:
            break
        op, relation = draw(st.sampled_from(options))
        ops.append(op)
    return "+".join(ops) or "identity", relation
