"""Strategies for the measures of several variables and the divergences beyond KL.

Each one reduces a claim to facts the core strategies certify, and re-checks every rewrite it
makes: a measure is replaced by another only after the two are shown equal by ``expand_log``
on their defining sums (log rules on positive arguments only).

    >>> prove(Eq(KLDivergence(p, Discrete.uniform(n)), log(n) - entropy(p))).method
    'normalisation'
"""

from __future__ import annotations

import sympy

from .._indexed_joint import IndexedJoint, IndexedMarginal
from .._information import JSDivergence, MutualInformation
from .._uniform import UniformDiscrete
from ..distributions import Discrete, IndexedDiscrete
from ..joint import Joint
from ..measures import KLDivergence, Measure, distributions_in, unfold
from ._relation import Relation, RelationKind
from ._strategies import SIMPLIFY_OPS_LIMIT, Strategy, Success, gibbs, register_strategy

__all__ = ["gibbs_combination", "js_upper_bound", "normalisation", "via_mutual_information"]


def _expand_sums(expr: sympy.Expr, masses: dict[sympy.Expr, sympy.Expr]) -> sympy.Expr:
    """Split each Sum over a sum of terms, pull out factors free of the index, and replace
    Σ_{i=1}^{n} p[i] by 1 for the indexed distributions (their normalisation)."""

    def split(node: sympy.Sum) -> sympy.Expr:
        if len(node.limits) != 1:
            return node
        index, lower, upper = node.limits[0]
        body = sympy.expand(sympy.expand_log(node.function, deep=True, force=False))
        total = sympy.S.Zero
        for term in sympy.Add.make_args(body):
            outside, inside = term.as_independent(index, as_Add=False)
            if inside == 1:
                total += outside * (upper - lower + 1)
                continue
            key = sympy.Sum(inside, (index, lower, upper))
            total += outside * masses.get(key, key)
        return total

    result: sympy.Expr = expr.replace(lambda e: isinstance(e, sympy.Sum), split)
    return result


def normalisation(rel: Relation) -> Success | None:
    """lhs − rhs = 0 after expand_log inside each sum and Σ p[i] = 1 (symbolic n)."""
    if rel.kind is not RelationKind.EQ:
        return None
    dists = distributions_in(sympy.Tuple(rel.lhs, rel.rhs))
    indexed = [d for d in dists if isinstance(d, IndexedDiscrete)]
    if not indexed and not any(isinstance(d, UniformDiscrete) for d in dists):
        return None
    i = IndexedDiscrete.index
    masses: dict[sympy.Expr, sympy.Expr] = {
        sympy.Sum(d.base[i], (i, 1, d.n)): sympy.S.One for d in indexed
    }
    difference = unfold(rel.difference) if rel.difference.has(Measure) else rel.difference
    if difference.has(sympy.Integral):
        return None
    if difference.has(sympy.Product):
        return None  # not a sum identity: left to the other strategies
    reduced = sympy.expand(sympy.expand_log(_expand_sums(difference, masses), force=False))
    if reduced != 0:
        return None
    facts = ["each probability is in (0, 1]"]
    facts += [f"Σ {d.name} = 1" for d in sorted(indexed, key=lambda d: d.name)]
    return Success("normalisation", tuple(facts))


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    """a = b shown on the defining sums by expand_log (the certificate of a rewrite)."""
    d = sympy.expand(sympy.expand_log(unfold(a - b), deep=True, force=False))
    return bool(d == 0 or (sympy.count_ops(d) <= SIMPLIFY_OPS_LIMIT and sympy.simplify(d) == 0))


def _as_kl(measure: sympy.Expr) -> list[tuple[sympy.Expr, KLDivergence]] | None:
    """The measure as a combination of KL divergences, each rewrite certified."""
    if isinstance(measure, KLDivergence):
        return [(sympy.S.One, measure)]
    if isinstance(measure, JSDivergence):
        m = measure.midpoint()
        half = sympy.S.Half
        return [
            (half, KLDivergence(measure.p, m, measure.base)),
            (half, KLDivergence(measure.q, m, measure.base)),
        ]
    if isinstance(measure, MutualInformation):
        joint, first, second, given = measure.args[:4]
        if given or len(first) != 1 or len(second) != 1:
            return None
        pair = joint.marginal(str(first[0]), str(second[0])) if len(joint.shape) > 2 else joint
        if not isinstance(pair, Joint):
            return None
        kl = KLDivergence(pair, pair.product_of_marginals(), measure.base)
        return [(sympy.S.One, kl)] if _same(measure, kl) else None
    return None


def gibbs_combination(rel: Relation) -> Success | None:
    """Σ c_k D_k + c ≥ 0 with each c_k, c ≥ 0 and each D_k a KL divergence (or JS, or I(X;Y)
    rewritten as KL) that Gibbs' inequality shows ≥ 0. Never proves a strict claim."""
    if rel.kind is not RelationKind.GE:
        return None
    measures = sorted(
        {m for m in rel.difference.atoms(Measure) if isinstance(m, Measure)},
        key=sympy.default_sort_key,
    )
    if not measures or not any(isinstance(m, (JSDivergence, MutualInformation)) for m in measures):
        return None
    poly = sympy.Poly(rel.difference, *measures)
    if poly.total_degree() != 1:
        return None
    constant = poly.coeff_monomial(1)
    if constant.free_symbols or constant.is_nonnegative is not True:
        return None
    assumptions: list[str] = []
    for measure in measures:
        coefficient = poly.coeff_monomial(measure)
        if coefficient.free_symbols or coefficient.is_nonnegative is not True:
            return None
        parts = _as_kl(measure)
        if parts is None:
            return None
        for _, kl in parts:
            success = gibbs(Relation(RelationKind.GE, kl, sympy.S.Zero))
            if success is None:
                return None
            assumptions += [a for a in success.assumptions if a not in assumptions]
    assumptions.append("each divergence is a non-negative combination of KL divergences ≥ 0")
    return Success("gibbs", tuple(assumptions))


def js_upper_bound(rel: Relation) -> Success | None:
    """c·log 2 − c·JS(p ‖ q) ≥ 0 (natural log): termwise ½p log(1 + q/p) + ½q log(1 + p/q) ≥ 0,
    an identity once Σ p = Σ q = 1. Never proves a strict claim (JS = log 2 if supports are
    disjoint)."""
    if rel.kind is not RelationKind.GE:
        return None
    found = [m for m in rel.difference.atoms(JSDivergence) if isinstance(m, JSDivergence)]
    if len(found) != 1 or found[0].base != sympy.E:
        return None
    js = found[0]
    coefficient = rel.difference.coeff(js)
    rest = sympy.expand(rel.difference - coefficient * js)
    c = -coefficient
    if rest.has(Measure) or c.free_symbols or c.is_positive is not True:
        return None
    if sympy.expand(rest - c * sympy.log(2)).is_nonnegative is not True:
        return None
    p, q = js.p, js.q
    if not isinstance(p, Discrete) or not isinstance(q, Discrete):
        return None
    pairs = list(zip(p.probs, q.probs, strict=True))
    if not all(a.is_positive and b.is_positive for a, b in pairs):
        return None
    terms = [a / 2 * sympy.log(1 + b / a) + b / 2 * sympy.log(1 + a / b) for a, b in pairs]
    if not all(t.is_nonnegative for t in terms):
        return None
    mass = sympy.Add(*(a + b for a, b in pairs)) / 2  # = 1 by normalisation of p and q
    identity = sympy.log(2) * mass - unfold(js) - sympy.Add(*terms)
    expanded = sympy.expand(sympy.expand_log(identity, deep=True, force=False))
    if expanded != 0 and (
        sympy.count_ops(expanded) > SIMPLIFY_OPS_LIMIT or sympy.simplify(expanded) != 0
    ):
        return None
    return Success(
        "termwise-sign",
        (
            "each probability is in (0, 1]",
            f"Σ {p.name} = 1",
            f"Σ {q.name} = 1",
            "log 2 − JS = Σ ½p log(1 + q/p) + ½q log(1 + p/q), each term ≥ 0",
        ),
    )


def _joints_in(rel: Relation) -> list[Joint | IndexedJoint]:
    found: dict[Joint | IndexedJoint, None] = {}
    for d in distributions_in(sympy.Tuple(rel.lhs, rel.rhs)):
        if isinstance(d, IndexedMarginal):
            d = d.joint
        if isinstance(d, IndexedJoint) or (isinstance(d, Joint) and len(d.shape) == 2):
            found.setdefault(d, None)
    return list(found)


def via_mutual_information(rel: Relation) -> Success | None:
    """lhs − rhs is I(X; Y) of a two-variable table in the claim (shown by expand_log or the sum
    normal form), and I ≥ 0: conditioning reduces entropy, subadditivity. ≥ only."""
    from .._information import mutual_information
    from ._sums import _masses, canonical, mutual_information_log_bound

    if rel.kind is not RelationKind.GE or not rel.difference.has(Measure):
        return None
    for joint in _joints_in(rel):
        mi = mutual_information(joint, *joint.names)
        if isinstance(joint, IndexedJoint):
            masses, _ = _masses(Relation(RelationKind.EQ, mi, sympy.S.Zero))
            if canonical(rel.difference - mi, masses) != 0:
                continue
            nonnegative = mutual_information_log_bound(Relation(RelationKind.GE, mi, sympy.S.Zero))
        else:
            if not _same(rel.difference, mi):
                continue
            nonnegative = gibbs_combination(Relation(RelationKind.GE, mi, sympy.S.Zero))
        if nonnegative is None:
            continue
        names = "; ".join(joint.names)
        return Success(
            "gibbs", (*nonnegative.assumptions, f"lhs − rhs = I({names}) (its defining sums)")
        )
    return None


register_strategy(Strategy("normalisation", normalisation))
register_strategy(Strategy("gibbs-combination", gibbs_combination))
register_strategy(Strategy("js-upper-bound", js_upper_bound))
register_strategy(Strategy("via-mutual-information", via_mutual_information))
