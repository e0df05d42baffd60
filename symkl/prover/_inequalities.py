"""Strategies for ≥ and > claims; each success carries a certificate for :mod:`._kernel`.

``termwise-sign`` shows every term of Σ_x g(x) is ≥ 0, ``gibbs`` writes g as r·φ(p/r) with φ
convex, ``convexity`` finds the minimum of a convex function of one variable, ``sign`` asks SymPy
for the sign of lhs − rhs. The search may be clever; whether the argument holds — including
whether it is strict — is the kernel's decision::

    >>> from sympy import Ge
    >>> from symkl import Discrete, kl_divergence
    >>> from symkl.relations import as_relation
    >>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    >>> gibbs(as_relation(Ge(kl_divergence(p, q), 0))).certificate.rule
    'jensen'
"""

from __future__ import annotations

import sympy

from .._decoding import sstr  # the user's t in the text, not an encoded one
from .._guard import affordable, require_affordable
from .._termwise import Group, decompose, pointwise_patterns, pointwise_simplify
from ..distributions import Distribution, Kind
from ..measures import Measure
from ..relations import Relation, RelationKind
from ._kernel import ConvexMinimum, Jensen, SymbolicSign, TermwiseSign, nonnegative
from ._success import Success

__all__ = ["convexity", "gibbs", "kind_assumptions", "mass_text", "sign", "termwise_sign"]


def kind_assumptions(groups: list[Group], zeros_seen: bool) -> list[str]:
    """The standing assumptions of a termwise argument over these groups, as text."""
    facts = []
    if any(g.support.kind is Kind.DISCRETE for g in groups):
        facts.append("each probability is in (0, 1]")
    if any(g.support.kind is Kind.CONTINUOUS for g in groups):
        facts.append("each density is positive on its support")
    if zeros_seen:
        facts.append("0·log 0 = 0")
    return facts


def mass_text(names: set[str], kind: Kind) -> list[str]:
    """``Σ p = 1`` (``∫ p = 1``) for each name."""
    symbol = "Σ" if kind is Kind.DISCRETE else "∫"
    return [f"{symbol} {name} = 1" for name in sorted(names)]


def _single_group_with_constant(rel: Relation) -> tuple[Group, sympy.Expr] | None:
    if rel.kind is RelationKind.EQ:
        return None
    parts = decompose(rel.difference)
    if parts is None:
        return None
    groups, constant = parts
    if len(groups) != 1:
        return None
    return groups[0], constant


def termwise_sign(rel: Relation) -> Success | None:
    """Prove Σ_x g(x) + c ≥ 0 by showing every term is ≥ 0 (c folded in as c·Σp)."""
    found = _single_group_with_constant(rel)
    if found is None:
        return None
    group, constant = found
    patterns = pointwise_patterns(group)
    if patterns is None:
        return None
    strict = rel.kind is RelationKind.GT
    facts = kind_assumptions([group], any(p.zeros for p in patterns))
    terms = [p.expr for p in patterns]
    normalised = True
    carrier: Distribution | None = None
    if constant != 0:
        if len(patterns) != 1 or not patterns[0].dummies:
            return None
        dummies = patterns[0].dummies
        carrier = group.over if group.over in dummies else next(iter(dummies))
        terms = [terms[0] + constant * patterns[0].dummies[carrier]]
        normalised = carrier.normalisation_known()
        facts += mass_text({carrier.name}, group.support.kind)
    if any(t.has(sympy.ceiling, sympy.floor) for t in terms):
        facts.append("0 ≤ ⌈a⌉ − a < 1 and 0 ≤ a − ⌊a⌋ < 1")
    unit: tuple[sympy.Dummy, ...] = ()
    if group.support.kind is Kind.DISCRETE:
        unit = tuple(d for p in patterns for d in p.dummies.values())
    certificate = TermwiseSign(tuple(terms), unit, normalised, carrier)
    # The search: the same test the kernel will make, so that a failure is cheap to detect.
    mapping = {d: sympy.exp(-sympy.Dummy(f"s_{d.name}", nonnegative=True)) for d in unit}
    if not all(nonnegative(t.xreplace(mapping), strict) for t in terms):
        return None
    return Success("termwise-sign", tuple(facts), certificate)


def gibbs(rel: Relation) -> Success | None:
    """Prove Σ_x g ≥ 0 where g = r·φ(p/r) with φ convex: Σ r·φ(p/r) ≥ φ(1) (Jensen / Gibbs)."""
    found = _single_group_with_constant(rel)
    if found is None:
        return None
    group, constant = found
    patterns = pointwise_patterns(group)
    if patterns is None or len(patterns) != 1:
        return None
    pattern = patterns[0]
    dummies = pattern.dummies
    if not dummies or len(dummies) > 2:
        return None
    t = sympy.Dummy("t", positive=True)
    references: list[tuple[Distribution, sympy.Expr, Distribution | None]] = []
    count = group.support.count()
    for p in dummies:
        for r in dummies:
            if r != p:
                references.append((p, dummies[r], r))
        if count is not None and len(dummies) == 1:
            references.append((p, 1 / count, None))
    variable = group.support.variable
    forbidden = frozenset({variable}) if variable is not None else frozenset()
    strict = rel.kind is RelationKind.GT
    for p, r_value, reference in references:
        g = pattern.expr + constant * dummies[p]
        phi = pointwise_simplify(g.xreplace({dummies[p]: t * r_value}) / r_value)
        if phi.free_symbols & set(dummies.values()) or phi.free_symbols & forbidden:
            continue
        if not nonnegative(sympy.diff(phi, t, 2), strict=False):
            continue
        at_one = phi.subs(t, 1)
        if not nonnegative(at_one, strict=False):
            continue
        facts = kind_assumptions([group], False)
        names = {p.name} | ({reference.name} if reference is not None else set())
        facts += mass_text(names, group.support.kind)
        facts.append(f"φ(t) = {sstr(phi.subs(t, sympy.Symbol('t')))} is convex for t > 0")
        if strict and reference is not None and not nonnegative(at_one, strict=True):
            facts.append(f"{p.name} ≠ {reference.name} (stated), φ strictly convex")
        certificate = Jensen(g, dummies[p], r_value, t, phi, p, reference, count, forbidden)
        return Success("gibbs", tuple(facts), certificate)
    return None


def _single_symbol(expr: sympy.Expr) -> sympy.Symbol | None:
    symbols = [s for s in expr.free_symbols if isinstance(s, sympy.Symbol)]
    return symbols[0] if len(symbols) == 1 else None


def convexity(rel: Relation) -> Success | None:
    """One-variable f(t) ≥ 0: f'' ≥ 0 on the domain, so its minimum is at a critical point."""
    if rel.kind is RelationKind.EQ or rel.difference.has(Measure):
        return None
    f = rel.difference
    t = _single_symbol(f)
    if t is None:
        return None
    if t.is_positive:
        domain, text = sympy.Interval.open(0, sympy.oo), f"{sstr(t)} > 0"
    elif t.is_nonnegative:
        domain, text = sympy.Interval(0, sympy.oo), f"{sstr(t)} ≥ 0"
    elif t.is_real:
        domain, text = sympy.S.Reals, f"{sstr(t)} real"
    else:
        return None
    if not nonnegative(sympy.diff(f, t, 2), strict=False):
        return None
    derivative = sympy.diff(f, t)
    require_affordable(derivative, "solveset for the critical points")
    critical = sympy.solveset(derivative, t, domain)
    if not isinstance(critical, sympy.FiniteSet) or len(critical) != 1:
        return None
    (c,) = critical
    value = f.subs(t, c)
    if not nonnegative(value, rel.kind is RelationKind.GT):
        return None
    shown = sympy.simplify(value) if affordable(value) else value
    where = f"minimum {sstr(shown)} at {sstr(t)} = {sstr(c)}"
    return Success("convexity", (text, where), ConvexMinimum(t, c))


def sign(rel: Relation) -> Success | None:
    """SymPy's own sign reasoning on lhs − rhs (no measures), from the symbols' assumptions."""
    if rel.kind is RelationKind.EQ or rel.difference.has(Measure):
        return None
    if nonnegative(rel.difference, strict=rel.kind is RelationKind.GT):
        return Success("sign", ("the symbols' declared assumptions",), SymbolicSign(rel.difference))
    return None
