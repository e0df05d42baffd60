"""The soundness kernel: strategies propose a certificate, this module alone decides PROVED.

Strategies search (heuristics, rewriting, pattern matching); a strategy's success carries a
certificate, and :func:`check` re-checks it against the relation and its facts before PROVED. No
heuristics: each rule is a fixed list of checks on a zero and a sign test (:mod:`._decide`).

Global checks, for every rule:

- **Floats are not exact**: a claim with a Float anywhere (also inside a distribution) is never
  proved; the numbers decide it.
- **Logarithm bases** of every measure are provably positive and different from 1.
- No ``nan`` or ``zoo`` in either side.
- **Strictness**: a rule proves ``>`` only through its own strict argument; a ``≥`` argument
  never proves ``>``.

Trusted besides this module: SymPy's assumptions, ``expand_log`` without force, ``simplify`` and
``integrate``; the mechanical rewriting of measures into outcome sums (:mod:`symkl._termwise`); the
encoding of ``where`` facts (:mod:`._facts`).

Rules (the proof's detail names the one used):

``vanishes`` (=)
    lhs − rhs, measures unfolded into their sums, is zero: expand and ``expand_log`` (log rules
    only on arguments SymPy proves positive, never forced), then ``simplify`` below the cost
    limit. Sums must have finite ranges or be evaluated by SymPy in closed form, and no
    integral may appear (∞ − ∞ is not 0).
``termwise-linear`` (=)
    lhs − rhs = Σ_groups Σ_x g(x) + c, each g(x) = Σ_d a_d·d(x) + b at a generic outcome. Checks:
    g − (Σ a_d·d + b) vanishes; a_d and b are free of the probabilities **and of the outcome
    index and the integration variable**; b·(number of outcomes) is finite; then
    c + Σ a_d·mass_d + b·count vanishes, with mass_d = 1 for each normalised distribution.
``termwise-sign`` (≥, and > when every term is provably positive)
    every pointwise term (probabilities positive dummies, p ≤ 1 as p = exp(−s), s ≥ 0) is
    provably ≥ 0 (> 0 for a strict claim) from SymPy's assumptions; and the boundary rule below.
``jensen`` (≥, and > only with a stated fact)
    g(x) = r·φ(p/r) with φ free of every probability, φ'' ≥ 0 for t > 0, and weights r summing
    to 1 (a normalised distribution, or 1/count for the uniform one): Σ r·φ(p/r) ≥ φ(1). The
    claim's ``≥`` needs φ(1) ≥ 0. ``>`` needs φ(1) > 0, or φ'' > 0 and the fact ``Ne(p, q)``;
    the summand must be lhs − rhs at a generic outcome (recomputed here); and the boundary rule.
boundary (with ``termwise-sign`` and ``jensen``; :mod:`._boundary`)
    both sides' terms where probabilities are 0 (0·∞ = 0, log 0 = −∞), compared in the extended
    reals: never ∞ − ∞; for ``≥`` a +∞ on the right needs +∞ on the left; for ``>`` neither
    side may reach the infinity that would tie it (∞ > ∞ is false) — a stated
    ``absolutely_continuous(p, q)`` rules out q = 0 < p — and the outcomes are finitely many.
    ``termwise-sign`` also checks each finite term's sign there (> 0 where the carrier of the
    strict sign, a normalised distribution, is positive).
``evaluated`` (=, ≥, >)
    both sides are exact numbers (no symbol, no Float); infinities are compared as extended
    reals (∞ = ∞, ∞ > 5, never ∞ − ∞); finite sides by the zero test or a proved sign. A side
    without integrals is unfolded by the kernel itself (the certificate's value is not used).
``symbolic-sign`` (≥, >)
    lhs − rhs itself is provably ≥ 0 (> 0) from the symbols' assumptions and the encoded facts.
``convex-minimum`` (≥, >)
    f = lhs − rhs in one variable t over its declared domain, f'' ≥ 0 there, a critical point c
    in the domain with f'(c) = 0 and f(c) ≥ 0 (> 0): c is the global minimum.
``sum-normal-form`` (=), ``sum-sign``, ``log-sum``, ``combination`` (≥)
    sums over symbolic sizes and combinations of divergences: :mod:`._kernel_information`.
``external`` (=)
    a registered strategy without a certificate (the families' own derivations): accepted for
    equalities only, after the global checks.
``equality`` (≥)
    lhs = rhs by the inner certificate, judged by these rules as the claim ``lhs = rhs`` with the
    same facts: then lhs ≥ rhs. Never ``>``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import sympy

from .._termwise import unfold_conventions
from ..distributions import Distribution, IndexedDiscrete
from ..measures import Measure, distributions_in
from ..relations import Relation, RelationKind
from ._boundary import boundary, unlinked
from ._certificates import (
    KINDS,
    AsEquality,
    Certificate,
    ConvexMinimum,
    Evaluated,
    Jensen,
    LinearSummand,
    SymbolicSign,
    TermwiseIdentity,
    TermwiseSign,
    Vanishes,
)
from ._decide import nonnegative, vanishes
from ._kernel_information import INFORMATION_KINDS, Procedures, check_information

__all__ = [
    "AsEquality",
    "Certificate",
    "ConvexMinimum",
    "Evaluated",
    "Jensen",
    "Judgement",
    "LinearSummand",
    "SymbolicSign",
    "TermwiseIdentity",
    "TermwiseSign",
    "Vanishes",
    "check",
    "nonnegative",
    "precheck",
    "vanishes",
]

_EQ, _GE, _GT = RelationKind.EQ, RelationKind.GE, RelationKind.GT


@dataclass(frozen=True)
class Judgement:
    """The kernel's answer: ``ok`` and the rule, or the reason it refused."""

    ok: bool
    rule: str
    reason: str = ""
    #: the facts of the relation's ``where`` the rule relied on (``Ne`` facts)
    used: tuple[sympy.Basic, ...] = ()

    def __bool__(self) -> bool:
        return self.ok


# --- global checks ----------------------------------------------------------------------------


def _stated(rel: Relation, a: sympy.Basic, b: sympy.Basic) -> sympy.Basic | None:
    """The fact ``Ne(a, b)`` (either order) when ``rel.where`` states it."""
    for fact in rel.where:
        if isinstance(fact, sympy.Ne) and {fact.lhs, fact.rhs} == {a, b}:
            return fact
    return None


def _bases(rel: Relation, used: list[sympy.Basic]) -> sympy.Expr | None:
    """The first logarithm base not provably positive and ≠ 1 (Ne(b, 1) may be stated)."""
    for side in (rel.lhs, rel.rhs):
        for node in sympy.preorder_traversal(side):
            base = getattr(node, "base", None) if isinstance(node, Measure) else None
            if base is None or base == sympy.E:
                continue
            stated = _stated(rel, base, sympy.S.One)
            if base.is_positive is not True or ((base - 1).is_zero is not False and stated is None):
                result: sympy.Expr = base
                return result
            if (base - 1).is_zero is not False and stated is not None:
                used.append(stated)
    return None


def precheck(rel: Relation, used: list[sympy.Basic] | None = None) -> str | None:
    """Why no certificate can prove ``rel`` (a Float, a bad log base, nan), or None."""
    sides = (rel.lhs, rel.rhs)
    if any(s.has(sympy.Float) for s in sides):
        return "a Float is not an exact number (the numbers decide)"
    base = _bases(rel, [] if used is None else used)
    if base is not None:
        return f"logarithm base {base} is not provably positive and different from 1"
    if any(s.has(sympy.nan, sympy.zoo) for s in sides):
        return "a side is undefined (nan or zoo)"
    return None


# --- the rules --------------------------------------------------------------------------------


def _finite_ranges(expr: sympy.Expr) -> bool:
    if expr.has(sympy.Integral):
        return False
    infinite = (sympy.oo, sympy.S.NegativeInfinity, sympy.zoo)
    return not any(
        bound.has(*infinite)
        for s in expr.atoms(sympy.Sum, sympy.Product)
        for limit in s.limits
        for bound in limit[1:]
    )


def _check_vanishes(rel: Relation) -> str | None:
    d = unfold_conventions(rel.difference) if rel.difference.has(Measure) else rel.difference
    # An infinite sum SymPy evaluates in closed form is a number (or ±∞, and ∞ − ∞ is nan).
    d = d.xreplace({s: s.doit() for s in d.atoms(sympy.Sum) if not _finite_ranges(s)})
    if not _finite_ranges(d):
        return "an integral or an infinite sum cannot be cancelled term by term"
    return None if vanishes(d) else "lhs − rhs does not vanish"


def _check_linear(cert: TermwiseIdentity) -> str | None:
    total = cert.outside
    for part in cert.summands:
        bad = {*part.dummies, *part.forbidden, IndexedDiscrete.index}
        if any(c.free_symbols & bad for c in (*part.coefficients, part.constant)):
            names = ", ".join(sorted(str(s) for s in bad - set(part.dummies)))
            return f"a coefficient depends on a probability or on the outcome ({names})"
        if not all(part.normalised[k] for k, c in enumerate(part.coefficients) if c != 0):
            return "a distribution is not known to be normalised"
        linear = sum(
            (c * d for c, d in zip(part.coefficients, part.dummies, strict=True)), part.constant
        )
        if not vanishes(part.summand - linear):
            return "the summand is not the stated linear form"
        if part.constant != 0:
            if part.count.is_finite is not True:
                return "a constant summed over infinitely many outcomes"
            total += part.constant * part.count
        total += sum(
            (c * m for c, m in zip(part.coefficients, part.masses, strict=True)), sympy.S.Zero
        )
    return None if vanishes(total) else "the masses do not cancel"


def _check_sign(cert: TermwiseSign, strict: bool) -> str | None:
    # The terms' signs are checked by the boundary rule, on terms it recomputes from the
    # relation (at the generic outcome and where probabilities are 0).
    if not cert.normalised:
        return "the constant is folded in with a distribution not known to be normalised"
    if cert.carrier is not None and not cert.carrier.normalisation_known():
        return f"{cert.carrier.name} is not known to be normalised"
    return None


def _at_zeros(
    rel: Relation, strict: bool, sign: TermwiseSign | None, used: list[sympy.Basic], mode: str
) -> str | None:
    """The boundary rule (:mod:`._boundary`): the argument where probabilities are 0."""
    carriers: tuple[Distribution, ...] = ()
    if sign is not None and sign.carrier is not None:
        carriers = (sign.carrier,)
    elif sign is not None:
        atoms = distributions_in(sympy.Tuple(rel.lhs, rel.rhs))
        carriers = tuple(sorted((d for d in atoms if d.normalisation_known()), key=str))
    found = boundary(rel, strict=strict, mode=mode, nonnegative=nonnegative, carriers=carriers)
    used.extend(found.used)
    return found.reason


def _cancelled_measures(rel: Relation, strict: bool, used: list[sympy.Basic]) -> str | None:
    """A strict sign of lhs − rhs says nothing when the measures SymPy cancelled in lhs − rhs
    are ∞ on both sides (H(p, q) + 1 > H(p, q) is ∞ > ∞ at q = 0 < p): the boundary rule."""
    sides = sympy.Tuple(rel.lhs, rel.rhs)
    if not strict or not sides.has(Measure, sympy.Sum, sympy.Integral):
        return None
    return _at_zeros(rel, strict, None, used, "order")


def _information_at_zeros(rel: Relation, used: list[sympy.Basic]) -> str | None:
    """The boundary rule for the information rules' identities: the sum normal form cancels
    weights too (E_q[p/q] = 1 needs p ≪ q). Their orders are never strict; they are not
    patterned here (a known limit: sums over joint tables span several outcome spaces, which
    the boundary rule does not pattern), and the fuzzer and the spot check cover them."""
    if rel.kind is not _EQ:
        return None
    return _at_zeros(rel, False, None, used, "equality")


def _check_jensen(rel: Relation, cert: Jensen, strict: bool, used: list[sympy.Basic]) -> str | None:
    t, phi = cert.t, cert.phi
    if not (isinstance(t, sympy.Dummy) and t.is_positive):
        return "the argument of φ is not a positive variable"
    if not cert.p_dist.normalisation_known():
        return f"{cert.p_dist.name} is not known to be normalised"
    if cert.r_dist is not None:
        if not cert.r_dist.normalisation_known():
            return f"{cert.r_dist.name} is not known to be normalised"
    elif cert.count is None or not vanishes(cert.reference - 1 / cert.count):
        return "the uniform weights are not 1/(number of outcomes)"
    forbidden = {IndexedDiscrete.index, *cert.forbidden, *cert.summand.atoms(sympy.Dummy)} - {t}
    if phi.free_symbols & forbidden or phi.has(Distribution):
        return "φ depends on a probability or on the outcome"
    if cert.reference.free_symbols & {IndexedDiscrete.index, *cert.forbidden}:
        return "the weights depend on the outcome"
    if not vanishes(cert.summand.xreplace({cert.p: t * cert.reference}) / cert.reference - phi):
        return "the summand is not r·φ(p/r)"
    if not nonnegative(sympy.diff(phi, t, 2), strict=False):
        return "φ is not provably convex"
    at_one = phi.subs(t, 1)
    if not strict:
        return None if nonnegative(at_one, strict=False) else "φ(1) is not provably ≥ 0"
    if nonnegative(at_one, strict=True):
        return None
    stated = _stated(rel, cert.p_dist, cert.r_dist) if cert.r_dist is not None else None
    if (
        stated is not None
        and nonnegative(sympy.diff(phi, t, 2), strict=True)
        and nonnegative(at_one, strict=False)
    ):
        used.append(stated)
        return None
    return (
        "a strict Gibbs inequality needs φ(1) > 0, or φ strictly convex and the fact Ne(p, q) "
        "(equality holds at p = q)"
    )


def _compare_numbers(kind: RelationKind, lhs: sympy.Expr, rhs: sympy.Expr) -> str | None:
    for side in (lhs, rhs):
        if not side.is_number or side.has(sympy.nan, sympy.zoo, sympy.Float):
            return f"{side} is not an exact number"
        if side.is_extended_real is not True:
            return f"{side} is not provably real"
    if lhs.is_infinite or rhs.is_infinite:
        if kind is _EQ:
            return None if lhs == rhs else f"{lhs} and {rhs} differ"
        relation = sympy.Gt(lhs, rhs) if kind is _GT else sympy.Ge(lhs, rhs)
        return None if relation is sympy.true else f"{lhs} {kind.value} {rhs} does not hold"
    difference = lhs - rhs
    if kind is _EQ:
        return None if vanishes(difference) else "the numbers differ"
    return None if nonnegative(difference, kind is _GT) else "the sign is not proved"


def _check_convex(rel: Relation, cert: ConvexMinimum, strict: bool) -> str | None:
    f, t = rel.difference, cert.t
    if f.has(Measure) or f.free_symbols != {t}:
        return "not a function of one variable"
    if t.is_positive:
        domain = sympy.Interval.open(0, sympy.oo)
    elif t.is_nonnegative:
        domain = sympy.Interval(0, sympy.oo)
    elif t.is_real:
        domain = sympy.S.Reals
    else:
        return f"{t} has no declared real domain"
    if domain.contains(cert.critical) is not sympy.true:
        return f"{cert.critical} is not in the domain of {t}"
    if not nonnegative(sympy.diff(f, t, 2), strict=False):
        return "not provably convex"
    if not vanishes(sympy.diff(f, t).subs(t, cert.critical)):
        return f"f'({cert.critical}) is not 0"
    if not nonnegative(f.subs(t, cert.critical), strict):
        return "the minimum value has the wrong sign"
    return None


def check(rel: Relation, certificate: object) -> Judgement:
    """Re-check ``certificate`` for ``rel``; PROVED is allowed only when the judgement is ok."""
    rule = getattr(certificate, "rule", "external") if certificate is not None else "external"
    kinds = {**KINDS, **INFORMATION_KINDS}
    if rule not in kinds or (certificate is not None and rule == "external"):
        return Judgement(False, str(rule), f"unknown certificate {certificate!r}")
    if rel.kind not in kinds[rule]:
        return Judgement(False, rule, f"rule {rule} cannot prove a {rel.kind.value} relation")
    used: list[sympy.Basic] = []
    reason = precheck(rel, used)
    strict = rel.kind is _GT
    if reason is None:
        if isinstance(certificate, Vanishes):
            reason = _check_vanishes(rel)
        elif isinstance(certificate, TermwiseIdentity):
            reason = _check_linear(certificate)
            if reason is None and certificate.summands:
                reason = _at_zeros(rel, False, None, used, "equality")
        elif isinstance(certificate, TermwiseSign):
            reason = _check_sign(certificate, strict) or _at_zeros(
                rel, strict, certificate, used, "sign"
            )
        elif isinstance(certificate, Jensen):
            reason = (
                _check_jensen(rel, certificate, strict, used)
                or unlinked(rel, certificate, vanishes)
                or _at_zeros(rel, strict, None, used, "order")
            )
        elif isinstance(certificate, Evaluated):
            lhs, rhs = (
                claimed if own.has(sympy.Integral) else own
                for own, claimed in (
                    (unfold_conventions(rel.lhs), certificate.lhs),
                    (unfold_conventions(rel.rhs), certificate.rhs),
                )
            )
            reason = _compare_numbers(rel.kind, lhs, rhs)
        elif isinstance(certificate, SymbolicSign):
            if certificate.expr != rel.difference and not vanishes(
                certificate.expr - rel.difference
            ):
                reason = "the expression is not lhs − rhs"
            elif not nonnegative(certificate.expr, strict):
                reason = f"lhs − rhs is not provably {'> 0' if strict else '≥ 0'}"
            else:
                reason = _cancelled_measures(rel, strict, used)
        elif isinstance(certificate, AsEquality):
            equality = check(replace(rel, kind=RelationKind.EQ), certificate.inner)
            reason = None if equality.ok else f"lhs = rhs is refused: {equality.reason}"
            used += equality.used
        elif isinstance(certificate, ConvexMinimum):
            reason = _check_convex(rel, certificate, strict) or _cancelled_measures(
                rel, strict, used
            )
        elif rule in INFORMATION_KINDS:
            reason = check_information(rel, certificate, Procedures(check, vanishes, nonnegative))
            if reason is None:  # the normal forms cancel weights too: E_q[p/q] = 1 needs p ≪ q
                reason = _information_at_zeros(rel, used)
        elif certificate is not None:
            # A known rule's name on an object of another class: never accepted unread.
            reason = f"no checker for {certificate!r}"
    return Judgement(reason is None, rule, reason or "", tuple(dict.fromkeys(used)))
