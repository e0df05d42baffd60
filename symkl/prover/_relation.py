"""Turning what a user passes to :func:`symkl.prove` into one normal form."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sympy

from ..errors import MalformedClaimError

__all__ = ["Relation", "RelationKind", "as_relation"]


class RelationKind(enum.Enum):
    """``lhs = rhs``, ``lhs ≥ rhs`` or ``lhs > rhs`` (≤ and < are flipped into these)."""

    EQ = "="
    GE = ">="
    GT = ">"


@dataclass(frozen=True)
class Relation:
    kind: RelationKind
    lhs: sympy.Expr
    rhs: sympy.Expr

    @property
    def difference(self) -> sympy.Expr:
        """lhs − rhs: zero for an equality, non-negative (positive) for ≥ (>)."""
        return self.lhs - self.rhs

    def __str__(self) -> str:
        return f"{self.lhs} {self.kind.value} {self.rhs}"


def as_relation(claim: object) -> Relation:
    """``Eq``/``Le``/``Ge``/``Lt``/``Gt`` (or a Claim holding one) as a :class:`Relation`."""
    if isinstance(claim, Relation):
        return claim
    relation = getattr(claim, "relation", claim)
    if isinstance(relation, sympy.Eq):
        return Relation(RelationKind.EQ, relation.lhs, relation.rhs)
    if isinstance(relation, sympy.GreaterThan):
        return Relation(RelationKind.GE, relation.lhs, relation.rhs)
    if isinstance(relation, sympy.LessThan):
        return Relation(RelationKind.GE, relation.rhs, relation.lhs)
    if isinstance(relation, sympy.StrictGreaterThan):
        return Relation(RelationKind.GT, relation.lhs, relation.rhs)
    if isinstance(relation, sympy.StrictLessThan):
        return Relation(RelationKind.GT, relation.rhs, relation.lhs)
    raise MalformedClaimError(
        f"a claim must be a SymPy Eq, Le, Ge, Lt or Gt relation, got {relation!r}"
        + (
            " (SymPy evaluated the relation already; build it with evaluate=False)"
            if isinstance(relation, sympy.logic.boolalg.BooleanAtom)
            else ""
        )
    )
