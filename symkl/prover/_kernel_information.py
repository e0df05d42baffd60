"""Kernel rules for sums over symbolic sizes and for combinations of divergences.

Like :mod:`._kernel`, this module has no heuristics: a certificate names the parts of an
argument and each rule below re-checks them against the relation. Every rule first checks the
*link*: lhs − rhs minus the certificate's own expression is zero, by the kernel's ``vanishes``
(finite sums, with Σ p = 1 for each normalised explicit distribution solved for one of its
symbols) or by the sum normal form (:mod:`._sum_normal_form`, symbolic sizes).

``sum-normal-form`` (=)
    lhs − rhs is zero in the sum normal form (normalisation and marginalisation included).
``sum-sign`` (≥)
    lhs − rhs = k·Σ_L Σ_t g_t + rest with every g_t ≥ 0 at each point (entries of the tables
    positive, a sum of positive terms over a non-empty range positive), k ≥ 0, rest ≥ 0.
``log-sum`` (≥)
    lhs − rhs = k·Σ_outer [Σ_inner Σ_t a_t log(a_t/b_t) − A log(A/B)] + rest with A = Σ a,
    B = Σ b, every a_t, b_t > 0, k ≥ 0, rest ≥ 0: the log-sum inequality (Cover & Thomas 2.7.1),
    itself a consequence of log x ≤ x − 1.
``combination`` (≥)
    lhs − rhs = Σ_k c_k·M_k + rest with c_k > 0, rest ≥ 0 and each M_k ≥ 0 by its own
    certificate, re-checked by the kernel (M_k a measure, a sum, or one outcome's log-sum gap).

Mixture weights: a positive symbol λ with the fact λ < 1 is written λ = d/(1 + d), d > 0, for
the signs of weights and terms and for the link (an identity or a sign for every d > 0 holds for
every λ in (0, 1)). The link also uses stated facts Σ symbols = 1 (a channel's rows).

``moment-linearity`` (=), ``density-gibbs`` (≥)
    integrals against a general density (an undefined function): :mod:`._kernel_integrals`.

None of them proves a strict relation: each bound is attained (p = q, independence, …).

    >>> from sympy import Eq, Symbol, log
    >>> from symkl import Discrete, entropy, kl_divergence
    >>> from symkl.prover import as_relation
    >>> from symkl.prover._kernel import check, nonnegative, vanishes
    >>> from symkl.prover._kernel_information import Procedures, SumNormalForm, check_information
    >>> n = Symbol("n", integer=True, positive=True)
    >>> p, kernel = Discrete.symbolic("p", n), Procedures(check, vanishes, nonnegative)
    >>> rel = as_relation(Eq(kl_divergence(p, Discrete.uniform(n)), log(n) - entropy(p)))
    >>> check_information(rel, SumNormalForm(), kernel) is None  # the certificate holds
    True
    >>> wrong = as_relation(Eq(kl_divergence(p, Discrete.uniform(n)), -entropy(p)))
    >>> check_information(wrong, SumNormalForm(), kernel)
    'lhs − rhs does not vanish'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy

from .._termwise import unfold_conventions
from ..distributions import Discrete, Distribution
from ..measures import Measure, distributions_in
from ..relations import Relation, RelationKind
from ._kernel_integrals import DensityGibbs, MomentLinear, check_integrals
from ._sum_normal_form import canonical, masses_in

__all__ = [
    "INFORMATION_KINDS",
    "Combination",
    "LogSum",
    "Procedures",
    "SumNormalForm",
    "SumSign",
    "check_information",
    "unit_weights",
]

_EQ, _GE = RelationKind.EQ, RelationKind.GE
Limits = tuple[tuple[sympy.Symbol, sympy.Expr, sympy.Expr], ...]


@dataclass(frozen=True)
class SumNormalForm:
    """lhs − rhs vanishes in the sum normal form."""

    rule = "sum-normal-form"


@dataclass(frozen=True)
class SumSign:
    """lhs − rhs = coefficient·Σ_limits Σ terms + rest, every term ≥ 0 pointwise."""

    terms: tuple[sympy.Expr, ...]
    limits: Limits = ()
    coefficient: sympy.Expr = sympy.S.One
    rest: sympy.Expr = sympy.S.Zero
    rule = "sum-sign"


@dataclass(frozen=True)
class LogSum:
    """lhs − rhs = k·Σ_outer [Σ_inner Σ_t a_t log(a_t/b_t) − A log(A/B)] + rest."""

    a: tuple[sympy.Expr, ...]
    b: tuple[sympy.Expr, ...]
    inner: Limits = ()
    outer: Limits = ()
    coefficient: sympy.Expr = sympy.S.One
    rest: sympy.Expr = sympy.S.Zero
    rule = "log-sum"


@dataclass(frozen=True)
class Combination:
    """lhs − rhs = Σ c_k·M_k + rest, each M_k ≥ 0 by its certificate."""

    parts: tuple[tuple[sympy.Expr, sympy.Expr, object], ...]
    rest: sympy.Expr = sympy.S.Zero
    rule = "combination"


#: The kinds each rule proves (to be merged into the kernel's KINDS).
INFORMATION_KINDS: dict[str, frozenset[RelationKind]] = {
    "sum-normal-form": frozenset({_EQ}),
    "sum-sign": frozenset({_GE}),
    "log-sum": frozenset({_GE}),
    "combination": frozenset({_GE}),
    "moment-linearity": frozenset({_EQ}),
    "density-gibbs": frozenset({_GE}),
}


@dataclass(frozen=True)
class Procedures:
    """The kernel's own decision procedures, handed in by the kernel (no import circle)."""

    check: Callable[[Relation, object], object]
    vanishes: Callable[[sympy.Expr], bool]
    nonnegative: Callable[[sympy.Expr, bool], bool]


_KERNEL: list[Procedures] = []


def vanishes(expr: sympy.Expr) -> bool:
    return _KERNEL[-1].vanishes(expr)


def nonnegative(expr: sympy.Expr, strict: bool) -> bool:
    return _KERNEL[-1].nonnegative(expr, strict)


def _sum(expr: sympy.Expr, limits: Limits) -> sympy.Expr:
    return sympy.Sum(expr, *limits) if limits else expr


def _ranges_nonnegative(limits: Limits) -> str | None:
    """Each range has a provably non-negative number of terms (else SymPy's convention for a
    reversed range flips the sign of the sum)."""
    for limit in limits:
        if len(limit) != 3 or not isinstance(limit[0], sympy.Symbol):
            return f"malformed limits {limit}"
        count = limit[2] - limit[1] + 1
        if count.is_nonnegative is not True:
            return f"the range {limit[1]}..{limit[2]} is not provably non-empty or empty"
    return None


def _solve_normalisations(expr: sympy.Expr, dists: list[Distribution]) -> sympy.Expr:
    """Substitute, for each normalised explicit distribution whose probabilities do not sum to
    1 identically, one bare probability symbol by 1 − (the others): the claim's domain."""
    for d in sorted(dists, key=lambda d: d.name):
        if not isinstance(d, Discrete) or not d.normalisation_known():
            continue
        probs = [sympy.expand(v) for v in d.probs]
        total = sympy.expand(sympy.Add(*probs) - 1)
        if total == 0:
            continue
        for v in reversed(probs):
            if isinstance(v, sympy.Symbol) and sympy.diff(total, v) == 1:
                solved = sympy.expand(v - total)
                if not solved.has(v):
                    expr = sympy.expand(expr.xreplace({v: solved}))
                    break
    return expr


def _solve_stated(expr: sympy.Expr, where: tuple[sympy.Basic, ...]) -> sympy.Expr:
    """Substitute, for each stated fact Σ symbols = 1 (a channel's row, say), its last symbol
    by 1 − (the others): the claim's own hypotheses."""
    for fact in where:
        if not isinstance(fact, sympy.Eq) or fact.rhs != 1 or not isinstance(fact.lhs, sympy.Add):
            continue
        terms = fact.lhs.args
        if not all(isinstance(t, sympy.Symbol) for t in terms):
            continue
        last = sorted(terms, key=sympy.default_sort_key)[-1]
        expr = sympy.expand(expr.xreplace({last: 1 - (fact.lhs - last)}))
    return expr


def _linked(rel: Relation, claimed: sympy.Expr) -> bool:
    """lhs − rhs − claimed is zero: vanishes on finite sums, or in the sum normal form."""
    difference = rel.difference - claimed
    if difference.has(sympy.Integral):
        return False
    dists = distributions_in(sympy.Tuple(rel.lhs, rel.rhs, claimed))
    unfolded = unfold_conventions(difference) if difference.has(Measure) else difference
    if not unfolded.has(sympy.Sum):
        # A weight λ with λ < 1 stated, as d/(1 + d): an identity for every d > 0 is one for
        # every λ in (0, 1), and log rules then see that λp + (1 − λ)q is positive.
        unfolded = unfolded.xreplace(unit_weights(rel.where))
        # min(a, b) = (a + b − |a − b|)/2 (an identity), so a termwise min meets the |p − q| of TV.
        unfolded = unfolded.replace(
            lambda e: isinstance(e, sympy.Min) and len(e.args) == 2,
            lambda e: (e.args[0] + e.args[1] - sympy.Abs(e.args[0] - e.args[1])) / 2,
        )
        # log(p/2 + q/2) and log(p + q) − log 2 alike: the content of each log's argument first.
        unfolded = unfolded.replace(
            lambda e: isinstance(e, sympy.log), lambda e: sympy.log(sympy.factor_terms(e.args[0]))
        )
        expanded = sympy.expand(sympy.expand_log(unfolded, deep=True, force=False))
        if expanded == 0 or _solve_normalisations(expanded, dists) == 0:
            return True
        if _solve_stated(expanded, rel.where) == 0:
            return True
        # Rational coefficients (a weight λ encoded as d/(1 + d)): one fraction, numerator 0.
        if expanded.has(sympy.Pow) and sympy.expand(sympy.numer(sympy.together(expanded))) == 0:
            return True
        return vanishes(unfolded)
    masses, _ = masses_in(sympy.Tuple(rel.lhs, rel.rhs, claimed))
    return bool(canonical(unfolded, masses) == 0)


def unit_weights(where: tuple[sympy.Basic, ...]) -> dict[sympy.Basic, sympy.Expr]:
    """s ↦ d/(1 + d), d > 0, for each positive symbol s with the fact s < 1: a sign proved for
    every d > 0 holds for every s in (0, 1) (mixture weights λ and 1 − λ)."""
    out: dict[sympy.Basic, sympy.Expr] = {}
    for fact in where:
        if isinstance(fact, sympy.StrictLessThan) and fact.rhs == 1:
            s = fact.lhs
        elif isinstance(fact, sympy.StrictGreaterThan) and fact.lhs == 1:
            s = fact.rhs
        else:
            continue
        if isinstance(s, sympy.Symbol) and s.is_positive:
            d = sympy.Dummy(f"{s}_odds", positive=True)
            out[s] = d / (1 + d)
    return out


def _positive_atoms(expr: sympy.Expr) -> sympy.Expr | None:
    """``expr`` with each sum of positive terms over a non-empty range replaced by a positive
    dummy (so SymPy sees, e.g., that a marginal Σ_k p[i, k] is positive); None when a sum is not
    provably positive."""
    mapping: dict[sympy.Basic, sympy.Expr] = {}
    for s in sorted(expr.atoms(sympy.Sum), key=sympy.count_ops):
        inner = s.function.xreplace(mapping)
        if not nonnegative(inner, strict=True):
            return None
        for limit in s.limits:
            count = limit[2] - limit[1] + 1
            if count.is_positive is not True:
                return None
        mapping[s] = sympy.Dummy("S", positive=True)
    return expr.xreplace(mapping)


def _log_term(term: sympy.Expr) -> bool:
    """c·log(u) ≥ 0 with c ≥ 0 and u = a/b, b > 0, a − b ≥ 0 (log u ≥ 0 exactly when u ≥ 1)."""
    factors = sympy.Mul.make_args(term)
    logs = [f for f in factors if isinstance(f, sympy.log)]
    if len(logs) != 1:
        return False
    c = sympy.Mul(*(f for f in factors if f is not logs[0]))
    a, b = sympy.fraction(sympy.together(logs[0].args[0]))
    return (
        nonnegative(c, False) and nonnegative(b, True) and nonnegative(sympy.expand(a - b), False)
    )


def _pointwise(expr: sympy.Expr, strict: bool) -> bool:
    if expr.has(Measure, sympy.Integral, sympy.Product):
        return False
    replaced = _positive_atoms(expr)
    if replaced is None:
        return False
    if nonnegative(replaced, strict):
        return True
    # A sum of terms each ≥ 0 (c·log u with u ≥ 1 among them) is ≥ 0.
    return not strict and all(
        nonnegative(t, False) or _log_term(t) for t in sympy.Add.make_args(replaced)
    )


def _check_sum_sign(rel: Relation, cert: SumSign) -> str | None:
    reason = _ranges_nonnegative(cert.limits)
    if reason is not None:
        return reason
    if not nonnegative(cert.coefficient, strict=False) or not nonnegative(cert.rest, False):
        return "the coefficient or the rest is not provably ≥ 0"
    for term in cert.terms:
        if not _pointwise(term, strict=False):
            return f"term {term} is not provably ≥ 0"
    claimed = cert.coefficient * _sum(sympy.Add(*cert.terms), cert.limits) + cert.rest
    return None if _linked(rel, claimed) else "lhs − rhs is not the stated sum"


def _check_log_sum(rel: Relation, cert: LogSum) -> str | None:
    if len(cert.a) != len(cert.b) or not cert.a:
        return "the log-sum pairs are malformed"
    reason = _ranges_nonnegative(cert.inner + cert.outer)
    if reason is not None:
        return reason
    if not nonnegative(cert.coefficient, strict=False) or not nonnegative(cert.rest, False):
        return "the coefficient or the rest is not provably ≥ 0"
    weights = unit_weights(rel.where)
    for value in (*cert.a, *cert.b):
        if not _pointwise(value.xreplace(weights), strict=True):
            return f"{value} is not provably > 0"
    inner = {limit[0] for limit in cert.inner}
    outer = {limit[0] for limit in cert.outer}
    if inner & outer:
        return "an index is both inner and outer"
    big_a = _sum(sympy.Add(*cert.a), cert.inner)
    big_b = _sum(sympy.Add(*cert.b), cert.inner)
    if big_a.has(sympy.Sum) or big_b.has(sympy.Sum):
        # Σ a and Σ b in the normal form first (Σ p = 1 inside the log): an identity.
        masses, _ = masses_in(sympy.Tuple(rel.lhs, rel.rhs, big_a, big_b))
        big_a, big_b = canonical(big_a, masses), canonical(big_b, masses)
    terms = sympy.Add(*(a * sympy.log(a / b) for a, b in zip(cert.a, cert.b, strict=True)))
    bound = _sum(terms, cert.inner) - big_a * sympy.log(big_a / big_b)
    claimed = cert.coefficient * _sum(bound, cert.outer) + cert.rest
    return None if _linked(rel, claimed) else "lhs − rhs is not the stated log-sum gap"


def _check_combination(rel: Relation, cert: Combination) -> str | None:
    if not nonnegative(cert.rest, strict=False):
        return "the rest is not provably ≥ 0"
    total = cert.rest
    weights = unit_weights(rel.where)
    for coefficient, part, certificate in cert.parts:
        # > 0, not ≥ 0: a part weighted 0 may be +∞ where the claim is finite (0·∞).
        if not nonnegative(coefficient.xreplace(weights), strict=True):
            return f"coefficient {coefficient} is not provably > 0"
        # A part in plain probabilities is accepted when a log-sum certificate bounds it (one
        # outcome's log-sum gap, as in joint convexity).
        if (
            not part.has(Measure)
            and not part.has(sympy.Sum)
            and not isinstance(certificate, LogSum)
        ):
            return f"{part} is not a measure or a sum"
        judgement = _KERNEL[-1].check(
            Relation(_GE, part, sympy.S.Zero, where=rel.where), certificate
        )
        if not judgement:
            return f"{part} ≥ 0 is not certified: {getattr(judgement, 'reason', '')}"
        total += coefficient * part
    return None if _linked(rel, total) else "lhs − rhs is not the stated combination"


def check_information(rel: Relation, certificate: object, kernel: Procedures) -> str | None:
    """Why ``certificate`` does not prove ``rel`` (None: it does), with the kernel's procedures."""
    _KERNEL.append(kernel)
    try:
        return _check(rel, certificate)
    finally:
        _KERNEL.pop()


def _check(rel: Relation, certificate: object) -> str | None:
    if isinstance(certificate, SumNormalForm):
        d = rel.difference
        if d.has(sympy.Integral):
            return "an integral cannot be cancelled term by term"
        masses, _ = masses_in(sympy.Tuple(rel.lhs, rel.rhs))
        return None if canonical(d, masses) == 0 else "lhs − rhs does not vanish"
    if isinstance(certificate, SumSign):
        return _check_sum_sign(rel, certificate)
    if isinstance(certificate, LogSum):
        return _check_log_sum(rel, certificate)
    if isinstance(certificate, Combination):
        return _check_combination(rel, certificate)
    if isinstance(certificate, (MomentLinear, DensityGibbs)):
        return check_integrals(rel, certificate, vanishes, nonnegative)
    return f"no checker for {certificate!r}"
