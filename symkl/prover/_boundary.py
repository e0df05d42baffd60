"""The kernel's boundary rule: a termwise argument at the outcomes where probabilities are 0.

The termwise rules reason at a generic outcome whose probabilities are positive. There the two
sides are finite; where a probability is 0 a side may be ∞ (−p·log q at q = 0 < p) and the
difference lhs − rhs says nothing: ∞ < ∞ + 1 is false. For each pattern of zeros (every subset of
the distributions that may vanish at an outcome, minus those a stated ``p ≪ q`` excludes) both
sides' terms are evaluated with 0·∞ = 0 and log 0 = −∞ and compared in the extended reals:

- a side that is undefined there (∞ − ∞) is never accepted;
- ``≥``: a rhs term +∞ needs a lhs term +∞, a lhs term −∞ needs a rhs term −∞;
- ``>``: no rhs term may be +∞ and no lhs term −∞ (then ∞ > ∞ cannot happen), and the outcomes
  must be finitely many (an integral or an infinite sum may diverge on both sides);
- ``termwise-sign`` also checks the sign of a finite term there, and at the generic outcome
  itself (its terms recomputed from the relation, not taken from the certificate): ≥ 0, and > 0
  for a strict claim wherever the carrier (a normalised distribution, some outcome of which has
  positive mass) is positive, so that the sum of the terms is positive.

>>> from sympy import Gt
>>> from symkl import Discrete, kl_divergence
>>> from symkl.relations import as_relation
>>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
>>> boundary(as_relation(Gt(kl_divergence(p, q), 0)), strict=True, mode="order").reason is None
True
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import sympy

from .._conventions import substitute
from .._termwise import SidePattern, Sides, side_patterns
from ..distributions import Distribution, Kind
from ..facts import AbsolutelyContinuous
from ..relations import Relation
from ._certificates import Jensen

__all__ = ["Boundary", "boundary", "unlinked"]

Nonnegative = Callable[[sympy.Expr, bool], bool]


def unlinked(rel: Relation, cert: Jensen, vanishes: Callable[[sympy.Expr], bool]) -> str | None:
    """Why a Jensen certificate's summand is not lhs − rhs at a generic outcome (its constant
    folded in on p), or None."""
    sides = side_patterns(rel.lhs, rel.rhs)
    if sides is None or len(sides.patterns) != 1:
        return "the relation is not one sum over one outcome space"
    pattern = sides.patterns[0]
    if set(pattern.dummies) - {cert.p_dist, cert.r_dist}:
        return "the relation involves a distribution the certificate does not"
    mapping: dict[sympy.Basic, sympy.Expr] = {}
    for dist, value in ((cert.p_dist, cert.p), (cert.r_dist, cert.reference)):
        if dist is not None and dist in pattern.dummies:
            mapping[pattern.dummies[dist]] = value
    own = sympy.Add(*(t for _, t in pattern.lhs)) - sympy.Add(*(t for _, t in pattern.rhs))
    own = own + sides.constant * pattern.dummies.get(cert.p_dist, sympy.S.Zero)
    if vanishes(cert.summand - own.xreplace(mapping)):
        return None
    return "the certificate's summand is not the relation's own"


def _extended(value: sympy.Expr) -> str:
    """'+' (∞), '-' (−∞), 'finite', or 'undefined' (∞ − ∞, 0·∞ left over, a complex ∞)."""
    if value == sympy.oo:
        return "+"
    if value == sympy.S.NegativeInfinity:
        return "-"
    if value.has(sympy.oo, sympy.S.NegativeInfinity, sympy.zoo, sympy.nan):
        return "undefined"
    return "finite"


def _values(
    parts: tuple[tuple[Distribution, sympy.Expr], ...],
    mapping: dict[sympy.Basic, sympy.Expr],
    zero: set[Distribution],
) -> tuple[tuple[sympy.Expr, ...], bool]:
    """Each part's value where the distributions in ``zero`` are 0, and whether a part whose
    weight is 0 there has a formula that is not (its weight cancelled: E_q[p/q] read as Σ p)."""
    values: list[sympy.Expr] = []
    cancelled = False
    for weight, term in parts:
        formula = substitute(term, mapping)
        if weight in zero:  # a sum over the weight's support: this outcome adds nothing
            # q·(p/q − 1) is 0 at q = 0 as written, but a strategy that distributes it reads
            # p − q, which is not: the distributed formula must vanish there too.
            distributed = substitute(sympy.expand_mul(term), mapping)
            cancelled = cancelled or formula != 0 or distributed != 0
            values.append(sympy.S.Zero)
        else:
            values.append(formula)
    return tuple(values), cancelled


def _side(terms: tuple[sympy.Expr, ...]) -> str:
    """The extended class of a side's sum of terms: +∞ and −∞ together are undefined."""
    kinds = {_extended(t) for t in terms}
    if "undefined" in kinds or {"+", "-"} <= kinds:
        return "undefined"
    return "+" if "+" in kinds else "-" if "-" in kinds else "finite"


def _excluded(
    zero: set[Distribution], present: set[Distribution], facts: list[AbsolutelyContinuous]
) -> AbsolutelyContinuous | None:
    """The stated p ≪ q this pattern breaks (q = 0 < p), if any."""
    for fact in facts:
        if fact.q in zero and fact.p in present and fact.p not in zero:
            return fact
    return None


class Boundary:
    """The outcome of :func:`boundary`: the reason for a refusal (None: accepted), facts used."""

    def __init__(self, reason: str | None, used: tuple[sympy.Basic, ...] = ()) -> None:
        self.reason = reason
        self.used = used


def _zero_sets(pattern: SidePattern, interior: bool) -> list[tuple[Distribution, ...]]:
    """Every subset of the distributions that may vanish here (the empty one: ``interior``)."""
    vanishing = sorted(pattern.vanishing, key=lambda d: d.name)
    start = 0 if interior else 1
    return [
        z for r in range(start, len(vanishing) + 1) for z in itertools.combinations(vanishing, r)
    ]


def _unit(pattern: SidePattern, kind: Kind) -> dict[sympy.Basic, sympy.Expr]:
    # p ∈ (0, 1] as exp(−s), s ≥ 0, as the sign rule does at the generic outcome.
    if kind is not Kind.DISCRETE:
        return {}
    return {
        v: sympy.exp(-sympy.Dummy(f"s_{v.name}", nonnegative=True))
        for v in pattern.dummies.values()
    }


def boundary(
    rel: Relation,
    *,
    strict: bool,
    mode: str,
    nonnegative: Nonnegative | None = None,
    carriers: tuple[Distribution, ...] = (),
) -> Boundary:
    """Check a termwise argument for ``rel`` at every pattern of zero probabilities.

    ``mode``: ``"sign"`` (termwise-sign: the terms' signs too), ``"equality"`` (termwise
    identities: the same infinity on both sides), ``"order"`` (Jensen, symbolic sign: only the
    infinities)."""
    sides = side_patterns(rel.lhs, rel.rhs)
    if sides is None and mode == "equality":
        # Sums over several outcome spaces: not patterned here (a known limit of this rule).
        return Boundary(None)
    if sides is None:
        return Boundary("the two sides are not sums over one outcome space")
    if strict and not sides.finite:
        return Boundary(
            "a strict termwise argument over infinitely many outcomes (both sides may diverge)"
        )
    if _extended(sides.constant) != "finite":
        return Boundary(f"the constant {sides.constant} is not finite")
    facts = [f for f in rel.where if isinstance(f, AbsolutelyContinuous)]
    kind = sides.over.kind
    if mode == "sign" and (strict or sides.constant != 0) and not carriers:
        return Boundary("no normalised distribution carries the constant or the strict sign")
    candidates: tuple[Distribution | None, ...] = carriers or (None,)
    reason: str | None = None
    for carrier in candidates:
        used: list[sympy.Basic] = []
        reason = _all_patterns(sides, kind, facts, used, strict, mode, nonnegative, carrier)
        if reason is None:
            return Boundary(None, tuple(dict.fromkeys(used)))
    return Boundary(reason)


def _all_patterns(  # the checks of the module docstring, one pattern of zeros at a time
    sides: Sides,
    kind: Kind,
    facts: list[AbsolutelyContinuous],
    used: list[sympy.Basic],
    strict: bool,
    mode: str,
    nonnegative: Nonnegative | None,
    carrier: Distribution | None,
) -> str | None:
    for pattern in sides.patterns:
        present = set(pattern.dummies)
        # The sign rule checks its terms at the generic outcome too, recomputed from the
        # relation's own sides: the certificate's terms are the strategy's, not evidence.
        for zero_set in _zero_sets(pattern, interior=mode == "sign"):
            zero = set(zero_set) | set(pattern.zeros)
            fact = _excluded(zero, present, facts)
            if fact is not None:
                used.append(fact)
                continue
            mapping: dict[sympy.Basic, sympy.Expr] = {
                pattern.dummies[d]: sympy.S.Zero for d in zero_set
            }
            (a_terms, a_cut), (b_terms, b_cut) = (
                _values(side, mapping, zero) for side in (pattern.lhs, pattern.rhs)
            )
            where = ", ".join(f"{d.name} = 0" for d in zero_set) or "no probability is 0"
            ea, eb = _side(a_terms), _side(b_terms)
            if "undefined" in (ea, eb):
                return f"a side is undefined (∞ − ∞) where {where}"
            if (a_cut or b_cut) and mode != "sign":
                return (
                    f"a sum's weight is 0 where {where} but its cancelled formula is not "
                    "(E_q[p/q] is not Σ p there): state absolutely_continuous"
                )
            if mode == "equality":
                if ea != eb:
                    return f"one side is infinite where {where} and the other is not"
                continue
            if strict and (eb == "+" or ea == "-"):
                return (
                    f"both sides can be infinite where {where} (∞ > ∞ is false): a strict "
                    "termwise argument needs finite sides, e.g. a stated absolutely_continuous"
                )
            if (eb == "+" and ea != "+") or (ea == "-" and eb != "-"):
                return f"a side is infinite where {where} and the other is not"
            if mode != "sign" or ea != "finite" or eb != "finite":
                continue
            assert nonnegative is not None
            positive_carrier = carrier is not None and carrier in present and carrier not in zero
            weight = pattern.dummies[carrier] if positive_carrier and carrier else sympy.S.Zero
            difference = sympy.Add(*a_terms) - sympy.Add(*b_terms) + sides.constant * weight
            term = difference.xreplace(_unit(pattern, kind))
            if not nonnegative(term, strict and positive_carrier):
                relation = "> 0" if strict and positive_carrier else "≥ 0"
                return f"the term is not provably {relation} where {where}"
    return None
