"""What a spot check samples: the claim's own variables, each with its whole domain.

A plan lists the points on a simplex (the probabilities of a ``Discrete``, or symbols a fact says
sum to 1), the scalar variables with the interval they live in — from their assumptions, the
family parameter they fill, the ``Discrete`` they are a probability of, and the facts in
``where`` — and the constraints every sample must satisfy (facts that are not plain bounds,
a ``Discrete`` of expressions summing to 1, ``low < high``, positive definite covariances)::

    >>> from sympy import Ge, Symbol
    >>> from symkl.relations import as_relation
    >>> t = Symbol("t", real=True)
    >>> plan_for(as_relation(Ge(t, 0), [t > 0]), None).scalars[t].lo
    0.0
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import sympy

from ..distributions import Discrete, Distribution, IndexedDiscrete, Kind
from ..errors import MalformedClaimError
from ..measures import Expectation, OutcomeSum, distributions_in
from ..relations import Relation, RelationKind

__all__ = [
    "Domain",
    "Plan",
    "claim_symbols",
    "empty_domain",
    "explicit_instance",
    "integer_limits",
    "plan_for",
    "sampling_domain",
    "size_symbols",
]


@dataclass(frozen=True)
class Domain:
    """An interval of the real line (or the complex plane when ``complex``), maybe integers."""

    lo: float = -math.inf
    hi: float = math.inf
    lo_open: bool = True
    hi_open: bool = True
    integer: bool = False
    complex: bool = False

    def meet(self, lo: float, hi: float, lo_open: bool, hi_open: bool) -> Domain:
        """The intersection with another interval."""
        new = self
        if lo > new.lo or (lo == new.lo and lo_open):
            new = replace(new, lo=lo, lo_open=lo_open, complex=False)
        if hi < new.hi or (hi == new.hi and hi_open):
            new = replace(new, hi=hi, hi_open=hi_open, complex=False)
        return new

    def contains(self, value: float) -> bool:
        above = value > self.lo or (value == self.lo and not self.lo_open)
        below = value < self.hi or (value == self.hi and not self.hi_open)
        return above and below and (not self.integer or float(value).is_integer())


REAL = Domain()
POSITIVE = Domain(0.0, math.inf, True, True)
UNIT = Domain(0.0, 1.0, False, False)
UNIT_BELOW_ONE = Domain(0.0, 1.0, False, True)


@dataclass
class Plan:
    """Sides of one explicit instance, its variables and the constraints samples must meet."""

    lhs: sympy.Expr
    rhs: sympy.Expr
    simplex: list[tuple[sympy.Symbol, ...]]
    scalars: dict[sympy.Symbol, Domain]
    constraints: list[sympy.Basic] = field(default_factory=list)
    size_label: int | Mapping[str, float] | None = None
    flipped: bool = False
    #: Where a scalar usually lies when its domain is wider (a mixture weight or a channel
    #: entry: [0, 1]); the sampler spends most rows there and the rest past it.
    hints: dict[sympy.Symbol, Domain] = field(default_factory=dict)
    #: Whether the claim is strict (``>``): where its sides may tie is a switch point too.
    strict: bool = False
    #: Whether the claim is an inequality (``≥`` or ``>``): rows just beside where its sides may
    #: tie are telling even where the facts leave out the tie itself (KL > 10⁻⁴ with s ≠ r).
    ordered: bool = False

    @property
    def variables(self) -> list[sympy.Symbol]:
        return [s for group in self.simplex for s in group] + list(self.scalars)


def size_symbols(rel: Relation) -> set[sympy.Symbol]:
    """The symbolic sizes of a relation: the n of indexed distributions and the symbolic upper
    limits of sums and products (a sample of n observations x[1..n])."""
    pair = sympy.Tuple(rel.lhs, rel.rhs, *rel.where)
    dists = distributions_in(pair)
    sizes = {d.n for d in dists if isinstance(d, IndexedDiscrete)}
    # outcomes 0..n with a symbolic integer n (Binomial's total_count): its sum has n + 1 terms,
    # which the sampler cannot vary row by row, so n is a size written out like the others
    sizes |= {d.support.upper for d in dists if _symbolic_end(d)}
    for node in pair.atoms(sympy.Sum, sympy.Product):
        for _, _, upper in node.limits:
            if isinstance(upper, sympy.Symbol) and upper.is_integer:
                sizes.add(upper)
    return {s for s in sizes if isinstance(s, sympy.Symbol)}


def _symbolic_end(d: Distribution) -> bool:
    """A discrete support 0..n (or a..n) whose last outcome n is an integer symbol."""
    support = d.support
    upper = support.upper
    return (
        support.kind is Kind.DISCRETE
        and support.size is None
        and isinstance(upper, sympy.Symbol)
        and upper.is_integer is True
    )


#: Assumptions carried from an IndexedBase to the symbols of its written-out entries.
_ENTRY_ASSUMPTIONS = ("positive", "nonnegative", "real", "integer")


def _entry_symbol(entry: sympy.Indexed) -> sympy.Symbol:
    facts = entry.base.assumptions0
    kwargs = {k: True for k in _ENTRY_ASSUMPTIONS if facts.get(k)}
    index = "_".join(str(i) for i in entry.indices)
    return sympy.Symbol(f"{entry.base}_{index}", **kwargs)


def integer_limits(rel: Relation) -> None:
    """Refuse a sum or product whose limit is a number but not an integer: ``Sum.doit`` would
    recurse without end on ``Sum(f, (i, 1001/1000, n))``."""
    for node in sympy.Tuple(rel.lhs, rel.rhs, *rel.where).atoms(sympy.Sum, sympy.Product):
        for _, *ends in node.limits:
            for end in ends:
                if end.is_number and end.is_finite is not False and end.is_integer is not True:
                    raise MalformedClaimError(
                        f"a sum or product limit must be an integer, got {end} in {node}"
                    )


def explicit_instance(rel: Relation, size: int | Mapping[sympy.Symbol, int]) -> Relation:
    """The relation (and its facts) with every symbolic size set to ``size`` (one int for all,
    or one per size symbol): sums and products written out, indexed entries p[k] / x[k] turned
    into symbols p_k / x_k."""
    integer_limits(rel)
    values = dict.fromkeys(size_symbols(rel), size) if isinstance(size, int) else dict(size)
    key = tuple(sorted(values.items(), key=lambda item: str(item[0])))
    facts = tuple(f for f in (_written_out(f, key) for f in rel.where) if f is not sympy.true)
    return Relation(
        rel.kind, _written_out(rel.lhs, key), _written_out(rel.rhs, key), rel.flipped, facts
    )


@functools.lru_cache(maxsize=256)
def _written_out(e: sympy.Basic, sizes: tuple[tuple[sympy.Symbol, int], ...]) -> Any:
    """``e`` with the ``sizes`` set, written out once (cached): the steps of a derivation share
    their facts and sides (step k's right side is step k + 1's left), the spot check and the
    small sizes of a CHECKED claim share the sizes, and writing out n = 50 costs seconds."""
    values = {n: sympy.Integer(k) for n, k in sizes}
    mapping: dict[sympy.Basic, sympy.Basic] = {
        d: Discrete.symbolic(d.name, int(d.n.xreplace(values)))
        for d in distributions_in(e)
        if isinstance(d, IndexedDiscrete)
    }
    e = e.xreplace(mapping).subs(values)
    e = e.replace(lambda s: isinstance(s, (sympy.Sum, sympy.Product)), lambda s: s.doit())
    return e.replace(lambda s: isinstance(s, sympy.Indexed), _entry_symbol)


def claim_symbols(expr: sympy.Basic) -> set[sympy.Symbol]:
    """The free symbols of ``expr`` as a claim's variables: the outcome index ``i`` and the
    integration variable of a measure are bound by it, not variables of the claim."""
    if isinstance(expr, (OutcomeSum, Expectation)):
        inner = set().union(*(claim_symbols(a) for a in expr.args))
        bound = {IndexedDiscrete.index}
        bound |= {d.support.variable for d in distributions_in(expr) if d.support.variable}
        return inner - bound
    if isinstance(expr, Distribution):
        return {s for s in expr.free_symbols if isinstance(s, sympy.Symbol)}
    if isinstance(expr, sympy.Symbol):
        return {expr}
    if isinstance(expr, (sympy.Sum, sympy.Integral, sympy.Product)):
        return {s for s in expr.free_symbols if isinstance(s, sympy.Symbol)}
    if not expr.args:
        return set()
    return set().union(*(claim_symbols(a) for a in expr.args if isinstance(a, sympy.Basic)))


def _assumed(s: sympy.Symbol) -> Domain:
    domain = Domain(integer=bool(s.is_integer), complex=s.is_extended_real is not True)
    if s.is_positive:
        return domain.meet(0.0, math.inf, True, True)
    if s.is_nonnegative:
        return domain.meet(0.0, math.inf, False, True)
    if s.is_negative:
        return domain.meet(-math.inf, 0.0, True, True)
    if s.is_nonpositive:
        return domain.meet(-math.inf, 0.0, True, False)
    return domain


def _bound(fact: sympy.Basic) -> tuple[sympy.Symbol, float, float, bool, bool] | None:
    """A fact ``s op c`` (either orientation) as (s, lo, hi, lo_open, hi_open)."""
    if not isinstance(fact, (sympy.Gt, sympy.Ge, sympy.Lt, sympy.Le)):
        return None
    lhs, rhs, strict = fact.lhs, fact.rhs, isinstance(fact, (sympy.Gt, sympy.Lt))
    greater = isinstance(fact, (sympy.Gt, sympy.Ge))
    if isinstance(rhs, sympy.Symbol) and lhs.is_number:
        lhs, rhs, greater = rhs, lhs, not greater
    if not (isinstance(lhs, sympy.Symbol) and rhs.is_number and rhs.is_extended_real):
        return None
    c = float(rhs)
    if greater:
        return lhs, c, math.inf, strict, True
    return lhs, -math.inf, c, True, strict


def _simplex_fact(fact: sympy.Basic) -> tuple[sympy.Symbol, ...] | None:
    """``Eq(s_1 + … + s_k, 1)`` over distinct non-negative symbols: a point on a simplex."""
    if not isinstance(fact, sympy.Eq):
        return None
    for total, one in ((fact.lhs, fact.rhs), (fact.rhs, fact.lhs)):
        if one != 1:
            continue
        terms = total.args if isinstance(total, sympy.Add) else (total,)
        bare = all(isinstance(t, sympy.Symbol) and t.is_nonnegative for t in terms)
        if bare and len(set(terms)) == len(terms):
            return tuple(terms)
    return None


def _family_domains(d: Distribution) -> tuple[dict[sympy.Symbol, Domain], list[sympy.Basic]]:
    """Domains of a family's bare-symbol parameters and constraints on its other parameters."""
    domains: dict[sympy.Symbol, Domain] = {}
    constraints: list[sympy.Basic] = []
    by_name = {"real": REAL, "positive": POSITIVE, "unit": UNIT}
    for spec, value in zip(getattr(type(d), "params", ()), d.args, strict=False):
        domain = by_name.get(getattr(getattr(spec, "domain", None), "value", ""), REAL)
        if domain is UNIT and getattr(spec, "below_one", False):
            domain = UNIT_BELOW_ONE  # NegativeBinomial probs: the r-th failure must come
        if isinstance(value, sympy.Symbol):
            domains[value] = domain
        elif not value.is_number and domain is POSITIVE:
            constraints.append(sympy.Gt(value, 0, evaluate=False))
        elif not value.is_number and domain is UNIT:
            constraints += [sympy.Ge(value, 0, evaluate=False), sympy.Le(value, 1, evaluate=False)]
        elif not value.is_number and domain is UNIT_BELOW_ONE:
            constraints += [sympy.Ge(value, 0, evaluate=False), sympy.Lt(value, 1, evaluate=False)]
    if type(d).__name__ == "Uniform":
        low, high = d.args
        constraints.append(sympy.Gt(high - low, 0, evaluate=False))
    concentration = getattr(d, "concentration", ())
    for a in concentration if isinstance(concentration, tuple) else ():  # Dirichlet's vector
        if isinstance(a, sympy.Symbol):
            domains[a] = POSITIVE
    cov = getattr(d, "covariance_matrix", None)
    if cov is not None:
        for v in getattr(d, "loc", ()):
            if isinstance(v, sympy.Symbol):
                domains[v] = REAL
        for k in range(cov.shape[0]):
            if isinstance(cov[k, k], sympy.Symbol):
                domains[cov[k, k]] = POSITIVE
            minor = cov[: k + 1, : k + 1].det()
            if not minor.is_number:
                constraints.append(sympy.Gt(minor, 0, evaluate=False))
    return domains, constraints


def plan_for(rel: Relation, size_label: int | Mapping[str, float] | None) -> Plan:
    """The sampling plan of one explicit relation."""
    lhs, rhs, facts = rel.lhs, rel.rhs, list(rel.where)
    # A fact s = expr names s: substitute it rather than sample a set of measure zero.
    for fact in list(facts):
        if isinstance(fact, sympy.Eq) and _simplex_fact(fact) is None:
            for s, e in ((fact.lhs, fact.rhs), (fact.rhs, fact.lhs)):
                if isinstance(s, sympy.Symbol) and not e.has(s):
                    lhs, rhs = lhs.xreplace({s: e}), rhs.xreplace({s: e})
                    facts = [f.xreplace({s: e}) for f in facts if f is not fact]
                    break
    variables = claim_symbols(sympy.Tuple(lhs, rhs))
    simplex: list[tuple[sympy.Symbol, ...]] = []
    covered: set[sympy.Symbol] = set()
    domains: dict[sympy.Symbol, Domain] = {}
    constraints: list[sympy.Basic] = []
    hints: dict[sympy.Symbol, Domain] = {}
    for d in distributions_in(sympy.Tuple(lhs, rhs)):
        if isinstance(d, Discrete):
            group = d.simplex_symbols()
            if group is not None and not (set(group) & covered):
                simplex.append(group)
                covered |= set(group)
                continue
            for v in d.probs:
                if isinstance(v, sympy.Symbol):
                    domains[v] = UNIT
                elif not v.is_number:
                    constraints += [sympy.Ge(v, 0, evaluate=False), sympy.Le(v, 1, evaluate=False)]
                    for s in v.free_symbols:
                        # Where a weight or a channel entry usually lies, not its domain: the
                        # constraints decide (λ = 2 mixes p and q when q ≤ 2p entrywise).
                        hints.setdefault(s, UNIT)
            constraints.append(sympy.Eq(sympy.Add(*d.probs), 1, evaluate=False))
        else:
            found, extra = _family_domains(d)
            domains.update(found)
            constraints += extra
    for fact in facts:
        group = _simplex_fact(fact)
        if group is not None and not (set(group) & covered) and set(group) <= variables:
            simplex.append(group)
            covered |= set(group)
        elif group is None:
            constraints.append(fact)
    scalars: dict[sympy.Symbol, Domain] = {}
    for s in sorted(variables - covered, key=str):
        domain = _assumed(s)
        if s in domains:
            given = domains[s]
            domain = replace(domain.meet(given.lo, given.hi, given.lo_open, given.hi_open))
            domain = replace(domain, complex=False)
        elif s in hints:
            domain = replace(domain, complex=False)  # it makes a probability: real
        scalars[s] = domain
    for fact in facts:
        bound = _bound(fact)
        if bound is not None and bound[0] in scalars:
            s, lo, hi, lo_open, hi_open = bound
            scalars[s] = scalars[s].meet(lo, hi, lo_open, hi_open)
    hints = {s: h for s, h in hints.items() if s in scalars}
    strict = rel.kind is RelationKind.GT
    ordered = rel.kind in (RelationKind.GE, RelationKind.GT)
    return Plan(
        lhs, rhs, simplex, scalars, constraints, size_label, rel.flipped, hints, strict, ordered
    )


def empty_domain(domain: Domain) -> bool:
    """Whether the interval holds no point (facts that exclude each other)."""
    lo, hi = domain.lo, domain.hi
    return lo > hi or (lo == hi and (domain.lo_open or domain.hi_open))


def sampling_domain(plan: Plan, s: sympy.Symbol) -> Domain:
    """Where most rows put ``s``: its domain within its hint, or all of it when they do not meet.

    >>> from sympy import Symbol
    >>> from symkl.numeric._plan import POSITIVE, UNIT
    >>> lam = Symbol("lam", positive=True)
    >>> plan = Plan(lam, lam, [], {lam: POSITIVE}, hints={lam: UNIT})
    >>> sampling_domain(plan, lam).hi
    1.0
    """
    domain, hint = plan.scalars[s], plan.hints.get(s)
    if hint is None:
        return domain
    inside = domain.meet(hint.lo, hint.hi, hint.lo_open, hint.hi_open)
    return domain if empty_domain(inside) else inside
