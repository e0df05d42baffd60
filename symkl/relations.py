"""symkl's one vocabulary of relations, and turning what a user passes to :func:`symkl.prove`
into one normal form.

:class:`RelationKind` names every relation a claim or a derivation step can state (=, ≤, ≥, <,
>, same argmin, same gradient, …) with its text (the terminal and JSON), its words (tables) and
its LaTeX; :meth:`RelationKind.of` reads the kind of any claim. A relation type that proves
itself (:mod:`symkl.optimize`'s) satisfies :class:`SelfProving`.

>>> t = sympy.Symbol("t")
>>> kind = RelationKind.of(sympy.Le(t, 1))
>>> print(kind.text, kind.words, kind.latex)
<= ≤ \\le
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import sympy

from ._proof import Proof
from .errors import MalformedClaimError

__all__ = [
    "STEP_KINDS",
    "Goal",
    "Maximize",
    "Relation",
    "RelationKind",
    "SelfProving",
    "as_facts",
    "as_relation",
]


class RelationKind(enum.Enum):
    """A relation between two sides; the value is its text (``symkl verify --json`` shows it).

    The prover's normal form (:class:`Relation`) uses only EQ, GE and GT: ≤ and < are flipped.
    """

    EQ = "="
    LE = "<="
    GE = ">="
    LT = "<"
    GT = ">"
    SAME_ARGMIN = "same argmin"
    SAME_GRADIENT = "same gradient"
    DIFFERENT_GRADIENT = "different gradient"
    GRADIENT_IS = "gradient is"
    MAXIMIZER = "maximises"

    @property
    def text(self) -> str:
        """Plain text for the terminal and JSON: ``=``, ``<=``, ``same argmin`` …"""
        return self.value

    @property
    def words(self) -> str:
        """How a table reads it: ``≤``, ``same gradient``, ``maximises the likelihood`` …"""
        return _WORDS.get(self, self.value)

    @property
    def latex(self) -> str:
        """The LaTeX relation symbol between the two sides of a step: ``\\le``, ``=`` with
        arg min or ∇ over it for the optimisation relations."""
        return _LATEX[self]

    @property
    def optimisation(self) -> bool:
        """Whether the relation is about optima or gradients over variables (``wrt``)."""
        return self in _OPTIMISATION

    @property
    def flipped(self) -> RelationKind:
        """The kind with the sides swapped: ≤ ↔ ≥, < ↔ >; the others are symmetric."""
        return _FLIPPED.get(self, self)

    @classmethod
    def parse(cls, value: RelationKind | str) -> RelationKind:
        """A kind from its text or a short name: ``"≤"``, ``"le"``, ``"argmin"``, ``"gradient"``.

        >>> RelationKind.parse("argmin")
        <RelationKind.SAME_ARGMIN: 'same argmin'>
        """
        if isinstance(value, RelationKind):
            return value
        if isinstance(value, str):
            key = value.strip().lower()
            if key in _ALIASES:
                return _ALIASES[key]
            try:
                return cls(key)
            except ValueError:
                pass
        names = ", ".join(k.value for k in cls)
        raise MalformedClaimError(f"unknown relation {value!r}; expected one of {names}")

    @classmethod
    def of(cls, relation: object) -> RelationKind | None:
        """The kind of a claim's relation (a SymPy relational, a :class:`Goal` or
        :class:`Relation`, or a :class:`SelfProving` relation); None for anything else."""
        if isinstance(relation, Goal):
            relation = relation.relation
        if isinstance(relation, Relation):
            return relation.kind.flipped if relation.flipped else relation.kind
        for sympy_class, kind in _SYMPY_KINDS:
            if isinstance(relation, sympy_class):
                return kind
        own = getattr(relation, "kind", None) if isinstance(relation, SelfProving) else None
        return own if isinstance(own, RelationKind) else None


_WORDS = {
    RelationKind.LE: "≤",
    RelationKind.GE: "≥",
    RelationKind.MAXIMIZER: "maximises the likelihood",
}
_LATEX = {
    RelationKind.EQ: "=",
    RelationKind.LE: r"\le",
    RelationKind.GE: r"\ge",
    RelationKind.LT: "<",
    RelationKind.GT: ">",
    RelationKind.SAME_ARGMIN: r"\overset{\arg\min}{=}",
    RelationKind.SAME_GRADIENT: r"\overset{\nabla}{=}",
    RelationKind.DIFFERENT_GRADIENT: r"\overset{\nabla}{\ne}",
    RelationKind.GRADIENT_IS: "=",
    RelationKind.MAXIMIZER: "=",
}
_OPTIMISATION = frozenset(
    {
        RelationKind.SAME_ARGMIN,
        RelationKind.SAME_GRADIENT,
        RelationKind.DIFFERENT_GRADIENT,
        RelationKind.GRADIENT_IS,
    }
)
_FLIPPED = {
    RelationKind.LE: RelationKind.GE,
    RelationKind.GE: RelationKind.LE,
    RelationKind.LT: RelationKind.GT,
    RelationKind.GT: RelationKind.LT,
}
_ALIASES = {
    "==": RelationKind.EQ, "eq": RelationKind.EQ,
    "≤": RelationKind.LE, "le": RelationKind.LE,
    "≥": RelationKind.GE, "ge": RelationKind.GE,
    "lt": RelationKind.LT, "gt": RelationKind.GT,
    "argmin": RelationKind.SAME_ARGMIN, "gradient": RelationKind.SAME_GRADIENT,
}  # fmt: skip
_SYMPY_KINDS = (
    (sympy.Eq, RelationKind.EQ),
    (sympy.Le, RelationKind.LE),
    (sympy.Ge, RelationKind.GE),
    (sympy.Lt, RelationKind.LT),
    (sympy.Gt, RelationKind.GT),
)
#: The kinds a derivation step may take (each step relates to the previous expression).
STEP_KINDS = (
    RelationKind.EQ,
    RelationKind.LE,
    RelationKind.GE,
    RelationKind.SAME_ARGMIN,
    RelationKind.SAME_GRADIENT,
)


class Maximize(sympy.Function):
    """Marks an objective that is maximised: ``maximize(log(L))`` in a same-argmin step.

    Part of the vocabulary, beside the kinds: a report shows such a side as an arg max, and
    :func:`symkl.optimize.maximize` builds it."""

    nargs = 1

    def _latex(self, printer: Any) -> str:
        body: str = printer._print(self.args[0])
        return r"\max\; " + body

    def _sympystr(self, printer: Any) -> str:
        return f"maximize({printer._print(self.args[0])})"


@runtime_checkable
class SelfProving(Protocol):
    """A relation with its own prover, such as :class:`symkl.optimize.SameArgmin`.

    :func:`symkl.prove` calls ``_symkl_prove_`` (a hook named like SymPy's ``_sympy_``). symkl's
    own relation types also carry ``kind`` (a :class:`RelationKind`, which the runner, the JSON
    and the reports read) and ``key()`` (a stable text the proof cache keys them by); a user's
    type without them is proved all the same, shown by its class name and not cached.
    """

    def _symkl_prove_(self, where: tuple[sympy.Basic, ...] = ()) -> Proof:
        """Prove the relation, assuming the facts ``where``."""
        ...


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
        kind = self.kind.flipped if self.flipped else self.kind
        return f"{lhs} {kind.text} {rhs}"


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
