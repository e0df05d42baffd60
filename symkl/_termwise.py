"""Reducing a combination of measures to one summand per outcome space.

Every entropy, cross-entropy, KL divergence and expectation is a sum (or integral) over outcomes,
so a linear combination of them is ``Σ_x g(x) + c``. The termwise strategies reason about the
summand ``g`` at a *generic* outcome — the probabilities there replaced by positive dummies — which
costs the same for n = 3, n = 1000 or a symbolic n.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sympy

from ._conventions import substitute
from ._guard import affordable
from ._supports import may_vanish, support_within
from .distributions import Discrete, Distribution, IndexedDiscrete, Kind, Support
from .measures import (
    CrossEntropy,
    Expectation,
    KLDivergence,
    Measure,
    OutcomeSum,
    distributions_in,
    unfold,
)

__all__ = [
    "Group",
    "LinearForm",
    "Pointwise",
    "SidePattern",
    "Sides",
    "decompose",
    "linear_form",
    "pointwise_patterns",
    "pointwise_simplify",
    "side_patterns",
    "unfold_conventions",
]


@dataclass
class Group:
    """All outcome sums over one outcome space, merged into one summand."""

    support: Support
    over: Distribution
    summand: sympy.Expr = sympy.S.Zero
    #: distributions each sum is taken under, with the others whose log appears (for p ≪ q)
    dominations: set[tuple[str, str]] = field(default_factory=set)
    #: each outcome sum's summand with the distribution it runs over, as they came (before
    #: SymPy cancels them: ∞ − ∞; and a sum over p is 0 where p is, whatever its formula says)
    parts: list[tuple[Distribution, sympy.Expr]] = field(default_factory=list)


def _raw_sums_as_outcome_sums(expr: sympy.Expr, indexed: list[IndexedDiscrete]) -> sympy.Expr:
    """Read a user's ``Sum(f(p[j]), (j, 1, n))`` as a sum over the outcomes of ``p``."""
    if not indexed:
        return expr
    by_name = {d.name: d for d in indexed}

    def convert(s: sympy.Sum) -> sympy.Expr:
        if len(s.limits) != 1:
            return s
        j, lo, hi = s.limits[0]
        atoms = {}
        for ix in s.function.atoms(sympy.Indexed):
            dist = by_name.get(str(ix.base))
            if dist is None or ix.indices != (j,) or lo != 1 or hi != dist.n:
                return s
            atoms[ix] = dist
        if not atoms:
            return s
        summand = s.function.xreplace(atoms)
        if summand.has(j):
            return s
        # The outcomes are the same whichever distribution the sum is read under; pick one by
        # name, not by set order, so that verdicts and methods do not vary between runs.
        return OutcomeSum(summand, min(atoms.values(), key=lambda d: d.name))

    return expr.replace(lambda e: isinstance(e, sympy.Sum), convert)


def _linear_parts(
    expr: sympy.Expr,
) -> tuple[list[tuple[sympy.Expr, OutcomeSum]], sympy.Expr] | None:
    """``expr`` as Σ_k c_k·S_k + c with outcome sums S_k, or None if it is not linear in them."""
    if isinstance(expr, OutcomeSum):
        return [(sympy.S.One, expr)], sympy.S.Zero
    if not expr.has(OutcomeSum):
        return [], expr
    if isinstance(expr, sympy.Add):
        terms: list[tuple[sympy.Expr, OutcomeSum]] = []
        constant = sympy.S.Zero
        for arg in expr.args:
            part = _linear_parts(arg)
            if part is None:
                return None
            terms += part[0]
            constant += part[1]
        return terms, constant
    if isinstance(expr, sympy.Mul):
        inner = [a for a in expr.args if a.has(OutcomeSum)]
        if len(inner) != 1:
            return None
        coefficient = sympy.Mul(*(a for a in expr.args if not a.has(OutcomeSum)))
        part = _linear_parts(inner[0])
        if part is None:
            return None
        return [(coefficient * c, s) for c, s in part[0]], coefficient * part[1]
    return None


def _has_zero(d: Distribution) -> bool:
    return isinstance(d, Discrete) and any(v.is_zero for v in d.probs)


def _definition(m: Measure) -> sympy.Expr:
    """m's defining outcome sum; E_p[f] over a p with exact zeros keeps p·f unevaluated."""
    if isinstance(m, Expectation) and any(_has_zero(d) for d in distributions_in(m)):
        return OutcomeSum(sympy.Mul(m.p, m.f, evaluate=False), m.p)
    return m.definition()


def _guarded(summand: sympy.Expr) -> bool:
    return isinstance(summand, sympy.Mul) and any(_has_zero(d) for d in distributions_in(summand))


def unfold_conventions(expr: sympy.Expr) -> sympy.Expr:
    """:func:`symkl.measures.unfold`, except that E_p[f] over distributions with exact zeros is
    summed as p·f with 0·∞ = 0 applied before SymPy can cancel p against a 1/p in f."""
    special = {
        m: sympy.Add(
            *(
                substitute(
                    sympy.Mul(m.p, m.f, evaluate=False),
                    {d: d.value_at(k) for d in distributions_in(m)},
                )
                for k in range(1, (m.p.support.size or 0) + 1)
            )
        )
        for m in sympy.preorder_traversal(expr)
        if isinstance(m, Expectation)
        and m.p.support.size is not None
        and any(_has_zero(d) for d in distributions_in(m))
    }
    return unfold(expr.xreplace(special)) if special else unfold(expr)


def decompose(
    expr: sympy.Expr, among: sympy.Basic | None = None
) -> tuple[list[Group], sympy.Expr] | None:
    """``expr`` = Σ_groups Σ_x g(x) + c, or None when measures enter non-linearly. A raw
    ``Sum(f(p[j]), (j, 1, n))`` is read as a sum over the outcomes of a distribution p of
    ``expr`` (or of ``among``, the whole relation, when ``expr`` is one side of it)."""
    dists = distributions_in(expr if among is None else among)
    indexed = [d for d in dists if isinstance(d, IndexedDiscrete)]
    replaced = expr.xreplace(
        {
            m: _definition(m)
            for m in sympy.preorder_traversal(expr)
            if isinstance(m, Measure) and not isinstance(m, OutcomeSum)
        }
    )
    replaced = _raw_sums_as_outcome_sums(replaced, indexed)
    parts = _linear_parts(replaced)
    if parts is None:
        return None
    terms, constant = parts
    groups: dict[tuple[object, ...], Group] = {}
    for coefficient, s in terms:
        if any(isinstance(d, Distribution) for d in sympy.preorder_traversal(coefficient)):
            return None
        key = s.support.key()
        group = groups.setdefault(key, Group(s.support, s.over))
        if _guarded(s.summand):
            # Keep p·f unevaluated so that 0·∞ = 0 applies before SymPy cancels p against 1/p.
            term = sympy.Mul(coefficient, s.summand, evaluate=False)
            group.summand = sympy.Add(group.summand, term, evaluate=False)
        else:
            term = coefficient * s.summand
            group.summand += term
        group.parts.append((s.over, term))
        for d in distributions_in(s.summand):
            if d != s.over and any(
                isinstance(node, sympy.log) and node.has(d)
                for node in sympy.preorder_traversal(s.summand)
            ):
                group.dominations.add((s.over.name, d.name))
        if s.over not in distributions_in(s.summand):
            # The weight cancelled (E_q[p/q] became Σ p): sound only where q > 0 wherever p > 0,
            # which a distribution over a symbolic n leaves to the boundary rule and a family
            # must show (positive on its support, which holds the other's): E_U(0,1)[f/U] is
            # ∫₀¹ f, not 1, for an Exponential f.
            cancelled = distributions_in(s.summand)
            if not all(_dominated(d, s.over) for d in cancelled):
                return None
            group.dominations.update((d.name, s.over.name) for d in cancelled)
    return list(groups.values()), constant


def _dominated(d: Distribution, over: Distribution) -> bool:
    """Whether ``over`` is positive wherever ``d`` is, as far as the atoms tell (d ≪ over)."""
    if isinstance(over, (Discrete, IndexedDiscrete)):
        return True  # zeros of explicit entries are patterns, a symbolic n's the boundary rule's
    return not may_vanish(over) and support_within(d, over) is True


@dataclass(frozen=True)
class Pointwise:
    """The summand at the outcomes sharing one pattern of exact zeros."""

    expr: sympy.Expr
    dummies: dict[Distribution, sympy.Dummy]
    #: for each distribution, its total probability over the outcomes of this pattern
    masses: dict[Distribution, sympy.Expr]
    count: sympy.Expr
    zeros: frozenset[Distribution]


def _dummy_for(d: Distribution, kind: Kind) -> sympy.Dummy:
    return sympy.Dummy(d.name, positive=True)


def pointwise_patterns(group: Group) -> list[Pointwise] | None:
    """The group's summand at a generic outcome, one entry per pattern of zero probabilities.

    An explicit distribution with exact zeros gets its own pattern, evaluated with 0·log 0 = 0;
    everywhere else the probabilities are positive dummies. None when a pattern is infinite.
    """
    atoms = distributions_in(group.summand)
    dummies = {d: _dummy_for(d, group.support.kind) for d in atoms}
    size = group.support.size
    if size is None:
        if any(isinstance(node, sympy.Ne) and node.args[1] == 0 and node.args[0] in atoms
               for node in sympy.preorder_traversal(group.summand)):  # fmt: skip
            # An expectation kept the case of a weight that may be 0 apart (E_Bernoulli(p)[1/p]
            # at p = 0): positive dummies would decide it, the generic outcome cannot.
            return None
        count = group.support.count()
        masses: dict[Distribution, sympy.Expr] = dict.fromkeys(atoms, sympy.S.One)
        expr = group.summand.xreplace(dummies)
        return [
            Pointwise(expr, dummies, masses, count if count is not None else sympy.oo, frozenset())
        ]
    explicit = [d for d in atoms if isinstance(d, Discrete)]
    patterns: dict[frozenset[Distribution], list[int]] = {}
    for k in range(1, size + 1):
        zeros = frozenset(d for d in explicit if d.value_at(k).is_zero)
        patterns.setdefault(zeros, []).append(k)
    result = []
    for zeros, indices in patterns.items():
        mapping: dict[sympy.Basic, sympy.Expr] = {
            d: (sympy.S.Zero if d in zeros else dummies[d]) for d in atoms
        }
        expr = substitute(group.summand, mapping)
        if expr.has(sympy.oo, sympy.S.NegativeInfinity, sympy.zoo, sympy.nan):
            return None
        if len(patterns) == 1:
            masses = dict.fromkeys(atoms, sympy.S.One)
        else:
            masses = {
                d: sympy.Add(*(d.value_at(k) for k in indices))
                for d in atoms
                if isinstance(d, Discrete)
            }
        result.append(Pointwise(expr, dummies, masses, sympy.Integer(len(indices)), zeros))
    return result


@dataclass(frozen=True)
class SidePattern:
    """Each side's summand at the outcomes sharing one pattern of exact zeros (no constant)."""

    lhs: tuple[tuple[Distribution, sympy.Expr], ...]  # (weight, term) per outcome sum
    rhs: tuple[tuple[Distribution, sympy.Expr], ...]
    #: the distributions not exactly zero here, each replaced by a positive dummy
    dummies: dict[Distribution, sympy.Dummy]
    #: the distributions exactly zero here
    zeros: frozenset[Distribution]
    #: the distributions whose probability (density) may still be 0 at these outcomes
    vanishing: frozenset[Distribution]


@dataclass(frozen=True)
class Sides:
    """lhs = Σ_x a(x) + c_l and rhs = Σ_x b(x) + c_r over one outcome space."""

    patterns: list[SidePattern]
    constant: sympy.Expr  # c_l − c_r
    #: finitely many outcomes (no integral, no infinite sum)
    finite: bool
    over: Distribution


def _may_vanish(d: Distribution, support: Support, indices: list[int] | None) -> bool:
    """Can d be 0 at these outcomes? Bare symbols count as possibly 0 (``Discrete.symbolic``'s
    are declared positive, but a claim about probabilities is meant for the closed simplex)."""
    if isinstance(d, Discrete) and indices is not None:
        values = [d.value_at(k) for k in indices]
        return not all(v.is_positive is True and not isinstance(v, sympy.Symbol) for v in values)
    if isinstance(d, (IndexedDiscrete, Discrete)):
        return True
    # A density is positive on its own support (a listed assumption); on a different one it
    # may be 0, and a discrete family's parameters may put mass 0 on an outcome.
    return support.size is not None or d.support.key() != support.key()


def side_patterns(lhs: sympy.Expr, rhs: sympy.Expr) -> Sides | None:
    """Both sides as sums over one outcome space, patterned as :func:`pointwise_patterns`."""
    pair = sympy.Tuple(lhs, rhs)
    left, right = decompose(lhs, pair), decompose(rhs, pair)
    if left is None or right is None:
        return None
    groups = left[0] + right[0]
    if not groups or len({g.support.key() for g in groups}) != 1:
        return None
    support = groups[0].support
    summands = [tuple(part for g in side[0] for part in g.parts) for side in (left, right)]
    atoms = distributions_in(sympy.Tuple(*(t for side in summands for _, t in side)))
    atoms += [w for side in summands for w, _ in side if w not in atoms]
    dummies = {d: _dummy_for(d, support.kind) for d in atoms}
    count = support.count()
    finite = support.kind is Kind.DISCRETE and count is not None and not count.has(sympy.oo)
    constant = left[1] - right[1]
    if support.size is None:
        vanishing = frozenset(d for d in atoms if _may_vanish(d, support, None))
        a, b = (tuple((w, substitute(t, dummies)) for w, t in s) for s in summands)
        pattern = SidePattern(a, b, dummies, frozenset(), vanishing)
        return Sides([pattern], constant, finite, groups[0].over)
    explicit = [d for d in atoms if isinstance(d, Discrete)]
    by_zeros: dict[frozenset[Distribution], list[int]] = {}
    for k in range(1, support.size + 1):
        by_zeros.setdefault(frozenset(d for d in explicit if d.value_at(k).is_zero), []).append(k)
    patterns = []
    for zeros, indices in by_zeros.items():
        mapping: dict[sympy.Basic, sympy.Expr] = {
            d: (sympy.S.Zero if d in zeros else dummies[d]) for d in atoms
        }
        a, b = (tuple((w, substitute(t, mapping)) for w, t in s) for s in summands)
        here = {d: v for d, v in dummies.items() if d not in zeros}
        vanishing = frozenset(d for d in here if _may_vanish(d, support, indices))
        patterns.append(SidePattern(a, b, here, zeros, vanishing))
    return Sides(patterns, constant, finite, groups[0].over)


def pointwise_simplify(expr: sympy.Expr, *, allow_simplify: bool = True) -> sympy.Expr:
    """Simplify a small pointwise expression; log rules apply only to provably positive args."""
    out = sympy.expand(sympy.expand_log(expr, deep=True, force=False))
    if out == 0 or not allow_simplify:
        return out
    if not affordable(out):
        return out  # too costly: left as expanded (the caller's test then simply fails)
    return sympy.expand(sympy.expand_log(sympy.simplify(out), deep=True, force=False))


@dataclass(frozen=True)
class LinearForm:
    """g = Σ_d a_d·d + b at a generic outcome (a_d, b free of the probabilities)."""

    coefficients: dict[Distribution, sympy.Expr]
    constant: sympy.Expr


def linear_form(expr: sympy.Expr, dummies: dict[Distribution, sympy.Dummy]) -> LinearForm | None:
    """Read ``expr`` as linear in the probability dummies, or None."""
    coefficients: dict[Distribution, sympy.Expr] = {}
    symbols = set(dummies.values())
    rest = expr
    for d, dummy in dummies.items():
        a = sympy.expand(sympy.diff(expr, dummy))
        if a.free_symbols & symbols:
            return None
        if a != 0:
            coefficients[d] = a
            rest = rest - a * dummy
    rest = sympy.expand(rest)
    if rest.free_symbols & symbols:
        return None
    return LinearForm(coefficients, rest)


def describe_measures(expr: sympy.Basic) -> set[type]:
    """The measure types in ``expr`` (to name methods and assumptions)."""
    return {type(m) for m in sympy.preorder_traversal(expr) if isinstance(m, Measure)}


def domination_text(pairs: Iterable[tuple[str, str]]) -> list[str]:
    return [f"{a} ≪ {b} ({b} > 0 wherever {a} > 0)" for a, b in sorted(set(pairs))]


def uses_kl_or_cross_entropy(expr: sympy.Basic) -> bool:
    kinds = describe_measures(expr)
    return bool(kinds & {KLDivergence, CrossEntropy, Expectation})
