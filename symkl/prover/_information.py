"""Strategies for the measures of several variables and the divergences beyond KL.

Each one reduces a claim to facts the core strategies certify, and re-checks every rewrite it
makes: a measure is replaced by another only after the two are shown equal by ``expand_log``
on their defining sums (log rules on positive arguments only).

    >>> from sympy import Ge
    >>> from symkl import Discrete, js_divergence, prove
    >>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
    >>> prove(Ge(js_divergence(p, q), 0)).method
    'gibbs'
"""

from __future__ import annotations

import sympy

from .._divergences import JSDivergence, TotalVariation
from .._guard import OPS_LIMIT as SIMPLIFY_OPS_LIMIT
from .._information import MutualInformation
from ..distributions import Discrete, IndexedDiscrete
from ..joint import IndexedJoint, IndexedMarginal, Joint
from ..measures import Entropy, KLDivergence, Measure, distributions_in, unfold
from ..relations import Relation, RelationKind
from ._inequalities import gibbs
from ._kernel_information import Combination, SumSign, unit_weights
from ._strategies import Strategy, Success, register_strategy
from ._sum_normal_form import canonical, masses_in

__all__ = ["gibbs_combination", "js_upper_bound", "via_mutual_information"]


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    """a = b shown on the defining sums by expand_log (the certificate of a rewrite)."""
    d = sympy.expand(sympy.expand_log(unfold(a - b), deep=True, force=False))
    return bool(d == 0 or (sympy.count_ops(d) <= SIMPLIFY_OPS_LIMIT and sympy.simplify(d) == 0))


def _as_kl(measure: sympy.Expr) -> list[tuple[sympy.Expr, KLDivergence]] | None:
    """The measure as a combination of KL divergences, each rewrite certified."""
    if isinstance(measure, KLDivergence):
        return [(sympy.S.One, measure)]
    if isinstance(measure, JSDivergence):
        if not isinstance(measure.p, Discrete) or not isinstance(measure.q, Discrete):
            return None
        m = measure.midpoint()
        half = sympy.S.Half
        return [
            (half, KLDivergence(measure.p, m, measure.base)),
            (half, KLDivergence(measure.q, m, measure.base)),
        ]
    if isinstance(measure, MutualInformation):
        joint, first, second, given = measure.args[:4]
        if not isinstance(joint, Joint) or given or len(first) != 1 or len(second) != 1:
            return None
        pair = joint.marginal(str(first[0]), str(second[0])) if len(joint.shape) > 2 else joint
        if not isinstance(pair, Joint):
            return None
        kl = KLDivergence(pair, pair.product_of_marginals(), measure.base)
        return [(sympy.S.One, kl)] if _same(measure, kl) else None
    return None


def _kl_parts(
    measures: list[sympy.Expr], difference: sympy.Expr
) -> tuple[list[tuple[sympy.Expr, sympy.Expr, object]], sympy.Expr, list[str]] | None:
    """difference = Σ c·D + rest over ``measures``, each D rewritten as KL divergences with a
    Jensen certificate each; None when a coefficient or the rest is not a constant ≥ 0."""
    poly = sympy.Poly(difference, *measures)
    if poly.total_degree() != 1:
        return None
    rest = poly.coeff_monomial(1)
    if rest.free_symbols or rest.is_nonnegative is not True:
        return None
    parts: list[tuple[sympy.Expr, sympy.Expr, object]] = []
    assumptions: list[str] = []
    for measure in measures:
        coefficient = poly.coeff_monomial(measure)
        if coefficient.free_symbols or coefficient.is_positive is not True:
            return None
        rewritten = _as_kl(measure)
        if rewritten is None:
            return None
        for weight, kl in rewritten:
            success = gibbs(Relation(RelationKind.GE, kl, sympy.S.Zero))
            if success is None:
                return None
            parts.append((coefficient * weight, kl, success.certificate))
            assumptions += [a for a in success.assumptions if a not in assumptions]
    return parts, rest, assumptions


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
    found = _kl_parts(measures, rel.difference)
    if found is None:
        return None
    parts, rest, assumptions = found
    assumptions.append("each divergence is a non-negative combination of KL divergences ≥ 0")
    return Success("gibbs", tuple(assumptions), Combination(tuple(parts), rest))


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
    slack = sympy.expand(rest - c * sympy.log(2))
    if slack.is_nonnegative is not True:
        return None
    p, q = js.p, js.q
    facts = (
        "each probability is in (0, 1]",
        f"Σ {p.name} = 1",
        f"Σ {q.name} = 1",
        "log 2 − JS = Σ ½p log(1 + q/p) + ½q log(1 + p/q), each term ≥ 0",
    )
    if isinstance(p, IndexedDiscrete) and isinstance(q, IndexedDiscrete):
        i = IndexedDiscrete.index
        a, b = p.value_at(i), q.value_at(i)
        term = a / 2 * sympy.log((a + b) / a) + b / 2 * sympy.log((a + b) / b)
        return Success("termwise-sign", facts, SumSign((term,), ((i, 1, p.n),), c, slack))
    if not isinstance(p, Discrete) or not isinstance(q, Discrete):
        return None
    pairs = list(zip(p.probs, q.probs, strict=True))
    if not all(a.is_positive and b.is_positive for a, b in pairs):
        return None
    mid = js.midpoint().probs
    # ½p log(2m/p) + ½q log(2m/q) = ½p log(1 + q/p) + ½q log(1 + p/q) ≥ 0, written with the
    # midpoint's own entries so that the link to JS is an expand_log identity.
    terms = tuple(
        a / 2 * sympy.log(2 * r / a) + b / 2 * sympy.log(2 * r / b)
        for (a, b), r in zip(pairs, mid, strict=True)
    )
    return Success("termwise-sign", facts, SumSign(terms, (), c, slack))


def _joints_in(rel: Relation) -> list[Joint | IndexedJoint]:
    found: dict[Joint | IndexedJoint, None] = {}
    for d in distributions_in(sympy.Tuple(rel.lhs, rel.rhs)):
        if isinstance(d, IndexedMarginal):
            d = d.joint
        if isinstance(d, IndexedJoint) or (isinstance(d, Joint) and len(d.shape) == 2):
            found.setdefault(d, None)
    return list(found)


def via_mutual_information(rel: Relation) -> Success | None:
    """lhs − rhs is I(X; Y) of a two-variable table in the claim (shown on the defining sums or
    in the sum normal form), and I ≥ 0: conditioning reduces entropy, subadditivity. ≥ only."""
    from .._information import mutual_information
    from ._sums import mutual_information_log_bound

    if rel.kind is not RelationKind.GE or not rel.difference.has(Measure):
        return None
    for joint in _joints_in(rel):
        mi = mutual_information(joint, *joint.names)
        claim = Relation(RelationKind.GE, mi, sympy.S.Zero)
        if isinstance(joint, IndexedJoint):
            masses, _ = masses_in(sympy.Tuple(rel.lhs, rel.rhs))
            if canonical(rel.difference - mi, masses) != 0:
                continue
            nonnegative = mutual_information_log_bound(claim)
        else:
            if not _same(rel.difference, mi):
                continue
            nonnegative = gibbs_combination(claim)
        if nonnegative is None:
            continue
        names = "; ".join(joint.names)
        return Success(
            "gibbs",
            (*nonnegative.assumptions, f"lhs − rhs = I({names}) (its defining sums)"),
            Combination(((sympy.S.One, mi, nonnegative.certificate),)),
        )
    return None


register_strategy(Strategy("gibbs-combination", gibbs_combination))
register_strategy(Strategy("js-upper-bound", js_upper_bound))
register_strategy(Strategy("via-mutual-information", via_mutual_information))


def _coarsening_terms(fine: Discrete, coarse: Discrete) -> list[sympy.Expr] | None:
    """p_k log(P_G / p_k) for each outcome k of ``fine`` in the group G that ``coarse`` merges
    it into (each coarse probability a sum of distinct fine ones), or None."""
    remaining = list(fine.probs)
    terms: list[sympy.Expr] = []
    for total in coarse.probs:
        parts = [a for a in sympy.Add.make_args(sympy.expand(total)) if a in remaining]
        if sympy.expand(sympy.Add(*parts) - total) != 0:
            return None
        for a in parts:
            remaining.remove(a)
            terms.append(a * sympy.log(total / a))
    return terms if not remaining else None


def coarsening(rel: Relation) -> Success | None:
    """H(X) ≥ H(g(X)): H(p) − H(p∘g) = Σ_k p_k log(P_{g(k)} / p_k), each term ≥ 0 (a group's
    mass is at least each of its members'). ≥ only (equality when g is one-to-one)."""
    if rel.kind is not RelationKind.GE:
        return None
    entropies = [m for m in rel.difference.atoms(Entropy) if type(m) is Entropy]
    if len(entropies) != 2 or rel.difference.atoms(Measure) - set(entropies):
        return None
    for fine, coarse in (entropies, entropies[::-1]):
        if fine.base != coarse.base or not isinstance(fine.dist, Discrete):
            continue
        if not isinstance(coarse.dist, Discrete) or sympy.expand(
            rel.difference - fine + coarse
        ).has(Measure):
            continue
        rest = sympy.expand(rel.difference - fine + coarse)
        if rest.free_symbols or rest.is_nonnegative is not True:
            continue
        terms = _coarsening_terms(fine.dist, coarse.dist)
        if terms is None:
            continue
        factor = 1 / sympy.log(fine.base)
        return Success(
            "grouping",
            (
                "each probability is in (0, 1]",
                "H(p) − H(p∘g) = Σ p_k log(P_g(k) / p_k), and P_g(k) ≥ p_k",
            ),
            SumSign(tuple(terms), (), factor, rest),
        )
    return None


register_strategy(Strategy("grouping", coarsening))


def entropy_concavity(rel: Relation) -> Success | None:
    """H(Σ c_k p_k) − Σ c_k H(p_k) ≥ 0 (c_k ≥ 0, Σ c_k = 1): the gap is Σ c_k D(p_k ‖ m) with m
    the mixture, each ≥ 0 by Gibbs. ≥ only (equality when all p_k are equal)."""
    if rel.kind is not RelationKind.GE:
        return None
    entropies = [e for e in rel.difference.atoms(Entropy) if type(e) is Entropy]
    if len(entropies) < 3 or rel.difference.atoms(Measure) - set(entropies):
        return None
    for mixed in entropies:
        others = [e for e in entropies if e is not mixed]
        # A symbolic weight λ ∈ (0, 1) arrives encoded as d/(1 + d): factor before the signs.
        weights = [sympy.factor(-rel.difference.coeff(e)) for e in others]
        if rel.difference.coeff(mixed) != 1 or any(
            sympy.factor(w.xreplace(unit_weights(rel.where))).is_nonnegative is not True
            for w in weights
        ):
            continue
        m, dists = mixed.dist, [e.dist for e in others]
        if not isinstance(m, Discrete) or not all(isinstance(d, Discrete) for d in dists):
            continue
        if sympy.cancel(sympy.Add(*weights) - 1) != 0 or any(e.base != mixed.base for e in others):
            continue
        columns = zip(*(d.probs for d in dists), strict=True)
        if any(
            sympy.cancel(v - sympy.Add(*(w * x for w, x in zip(weights, col, strict=True)))) != 0
            for v, col in zip(m.probs, columns, strict=True)
        ):
            continue
        rest = sympy.cancel(
            sympy.expand(
                rel.difference
                - mixed
                + sympy.Add(*(w * e for w, e in zip(weights, others, strict=True)))
            )
        )
        if rest.free_symbols or rest.is_nonnegative is not True:
            continue
        unit = unit_weights(rel.where)  # λ < 1 stated: 1 − λ > 0
        if any(sympy.factor(w.xreplace(unit)).is_positive is not True for w in weights):
            continue  # a weight 0 would carry D(p_k ‖ m) = ∞ (0·∞)
        parts = []
        for w, d in zip(weights, dists, strict=True):
            kl = KLDivergence(d, m, mixed.base)
            success = gibbs(Relation(RelationKind.GE, kl, sympy.S.Zero))
            if success is None:
                break
            parts.append((w, kl, success.certificate))
        else:
            return Success(
                "gibbs",
                (
                    "each probability is in (0, 1]",
                    "H(m) − Σ c_k H(p_k) = Σ c_k D(p_k ‖ m) for the mixture m = Σ c_k p_k",
                    "each D(p_k ‖ m) ≥ 0 (Gibbs)",
                    *(f"{s} < 1" for s in unit),
                ),
                Combination(tuple(parts), rest),
            )
    return None


register_strategy(Strategy("entropy-concavity", entropy_concavity))


def total_variation_bound(rel: Relation) -> Success | None:
    """c − c·TV(p, q) ≥ 0 with c ≥ 0: 1 − TV = Σ min(p, q) once Σ p = Σ q = 1 (explicit p, q).
    ≥ only (TV = 1 for disjoint supports)."""

    if rel.kind is not RelationKind.GE:
        return None
    found = [m for m in rel.difference.atoms(TotalVariation) if isinstance(m, TotalVariation)]
    if len(found) != 1:
        return None
    tv = found[0]
    c = -rel.difference.coeff(tv)
    rest = sympy.expand(rel.difference + c * tv)
    if rest.has(Measure) or c.free_symbols or c.is_positive is not True:
        return None
    slack = sympy.expand(rest - c)
    p, q = tv.p, tv.q
    if slack.is_nonnegative is not True or not isinstance(p, Discrete):
        return None
    if not isinstance(q, Discrete):
        return None
    terms = tuple(sympy.Min(a, b) for a, b in zip(p.probs, q.probs, strict=True))
    return Success(
        "termwise-sign",
        (
            "each probability is in [0, 1]",
            f"Σ {p.name} = 1",
            f"Σ {q.name} = 1",
            "1 − TV = Σ min(p, q), each term ≥ 0",
        ),
        SumSign(terms, (), c, slack),
    )


register_strategy(Strategy("total-variation-bound", total_variation_bound))


from . import _channel as _channel  # noqa: E402  (registers its strategy)
from . import _joint_convexity as _joint_convexity  # noqa: E402  (registers its strategy)
from . import _moments as _moments  # noqa: E402  (registers the general-density strategies)
