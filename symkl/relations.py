"""Turning what a user passes to :func:`symkl.prove` into one normal form."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

import sympy

from .errors import MalformedClaimError

__all__ = ["Goal", "Relation", "RelationKind", "as_facts", "as_relation"]


class RelationKind(enum.Enum):
    """``lhs = rhs``, ``lhs ≥ rhs`` or ``lhs > rhs`` (≤ and < are flipped into these)."""

    EQ = "="
    GE = ">="
    GT = ">"


def as_facts(where: object) -> tuple[sympy.Basic, ...]:
    """User facts (``0 < p``, ``And(...)``, a list of them) as a tuple of SymPy relationals.

    >>> as_facts([sympy.Symbol("p") > 0])
    (p > 0,)
    """
    if where is None:
        return ()
    items: Iterable[object]
    items = where if isinstance(where, (list, tuple, set, frozenset)) else (where,)
    facts: list[sympy.Basic] = []
    for item in items:
        if isinstance(item, sympy.And):
            facts.extend(item.args)
        elif isinstance(item, sympy.logic.boolalg.BooleanTrue):
            continue
        elif isinstance(item, (sympy.Rel, sympy.logic.boolalg.Boolean)) and not isinstance(
            item, sympy.logic.boolalg.BooleanFalse
        ):
            facts.append(item)
        else:
            raise MalformedClaimError(
                f"a fact in where= must be a SymPy relation such as 0 < p, got {item!r}"
                + (
                    " (SymPy evaluated it to False already: the fact contradicts the symbols' "
                    "assumptions)"
                    if isinstance(item, sympy.logic.boolalg.BooleanFalse)
                    else ""
                )
            )
    return tuple(dict.fromkeys(facts))


@dataclass(frozen=True)
class Goal:
    """A claim's relation together with the facts it may assume (``where=``).

    The runner and the cache pass goals around; :func:`symkl.prove` unwraps them.
    """

    relation: object
    where: tuple[sympy.Basic, ...] = ()


@dataclass(frozen=True)
class Relation:
    """``lhs kind rhs`` in normal form, with the facts (``where``) the claim may assume.

    ``flipped`` records that the user wrote ≤ or < (sides swapped here), so that reports give
    the claim's own left- and right-hand sides.
    """

    kind: RelationKind
    lhs: sympy.Expr
    rhs: sympy.Expr
    flipped: bool = False
    where: tuple[sympy.Basic, ...] = ()

    @property
    def difference(self) -> sympy.Expr:
        """lhs − rhs: zero for an equality, non-negative (positive) for ≥ (>)."""
        return self.lhs - self.rhs

    @property
    def claim_sides(self) -> tuple[sympy.Expr, sympy.Expr]:
        """(lhs, rhs) as the user wrote them."""
        return (self.rhs, self.lhs) if self.flipped else (self.lhs, self.rhs)

    def with_sides(self, lhs: sympy.Expr, rhs: sympy.Expr) -> Relation:
        """The same kind, orientation and facts over new (normal-form) sides."""
        return Relation(self.kind, lhs, rhs, self.flipped, self.where)

    def __str__(self) -> str:
        lhs, rhs = self.claim_sides
        symbol = {RelationKind.EQ: "=", RelationKind.GE: ">=", RelationKind.GT: ">"}[self.kind]
        if self.flipped:
            symbol = {">=": "<=", ">": "<"}[symbol]
        return f"{lhs} {symbol} {rhs}"


def as_relation(claim: object, where: object = ()) -> Relation:
    """``Eq``/``Le``/``Ge``/``Lt``/``Gt`` (or a Claim or Goal holding one) as a :class:`Relation`.

    Facts come from ``where``, a :class:`Goal`'s ``where`` and a Claim's ``where``.
    """
    facts = as_facts(where)
    if isinstance(claim, Goal):
        facts = claim.where + facts
        claim = claim.relation
    facts = as_facts(getattr(claim, "where", ())) + facts
    facts = tuple(dict.fromkeys(facts))
    if isinstance(claim, Relation):
        if not facts:
            return claim
        return Relation(
            claim.kind,
            claim.lhs,
            claim.rhs,
            claim.flipped,
            tuple(dict.fromkeys(claim.where + facts)),
        )
    relation = getattr(claim, "relation", claim)
    if isinstance(relation, sympy.Eq):
        return Relation(RelationKind.EQ, relation.lhs, relation.rhs, False, facts)
    if isinstance(relation, sympy.GreaterThan):
        return Relation(RelationKind.GE, relation.lhs, relation.rhs, False, facts)
    if isinstance(relation, sympy.LessThan):
        return Relation(RelationKind.GE, relation.rhs, relation.lhs, True, facts)
    if isinstance(relation, sympy.StrictGreaterThan):
        return Relation(RelationKind.GT, relation.lhs, relation.rhs, False, facts)
    if isinstance(relation, sympy.StrictLessThan):
        return Relation(RelationKind.GT, relation.rhs, relation.lhs, True, facts)
    raise MalformedClaimError(
        f"a claim must be a SymPy Eq, Le, Ge, Lt or Gt relation, got {relation!r}"
        + (
            " (SymPy evaluated the relation already; build it with evaluate=False)"
            if isinstance(relation, sympy.logic.boolalg.BooleanAtom)
            else ""
        )
    )
