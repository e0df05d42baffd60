"""Claims and derivations: the data a catalog module is made of.

>>> from sympy import Ge
>>> from symkl import Discrete, kl_divergence
>>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
>>> Claim("gibbs", Ge(kl_divergence(p, q), 0), title="Gibbs' inequality")
Claim('gibbs')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from ._entry import Entry, collecting
from ._facts import domain_facts_in
from ._proof import Proof, Verdict, text_latex
from .calculus import SameArgmin, SameGradient
from .errors import MalformedClaimError
from .prover import prove
from .relations import STEP_KINDS, Goal, RelationKind, SelfProving

__all__ = [
    "Claim",
    "Derivation",
    "Step",
    "StepRelation",
    "chain_relation",
    "collecting",
]

#: A step's relation to the previous expression: one of :data:`~symkl.relations.STEP_KINDS`.
StepRelation = RelationKind


def _step_kind(value: object) -> RelationKind:
    try:
        kind = RelationKind.parse(value)  # type: ignore[arg-type]  # checked just below
    except MalformedClaimError:
        kind = None
    if kind not in STEP_KINDS:
        raise MalformedClaimError(
            f"unknown step relation {value!r}; expected one of =, <=, >=, argmin, gradient"
        )
    return kind


def chain_relation(relations: Sequence[RelationKind]) -> RelationKind | None:
    """What a chain of steps proves about its first and last expressions (None: nothing).

    = with ≤ gives ≤; ≤ with ≥ gives nothing; = or a same-argmin step gives same argmin.
    """
    kinds = set(relations) - {RelationKind.EQ}
    if not kinds:
        return RelationKind.EQ
    if kinds in ({RelationKind.LE}, {RelationKind.GE}):
        return next(iter(kinds))
    if kinds == {RelationKind.SAME_ARGMIN}:
        return RelationKind.SAME_ARGMIN
    if kinds == {RelationKind.SAME_GRADIENT}:
        return RelationKind.SAME_GRADIENT
    return None


_STRING_HINT = (
    " (symkl never evaluates strings as Python; build it with SymPy, or check a typed claim "
    'with `symkl check "..."`)'
)


def _validate_expr(value: object, what: str) -> sympy.Expr:
    if isinstance(value, sympy.Expr):
        return value
    hint = _STRING_HINT if isinstance(value, (str, bytes)) else ""
    raise MalformedClaimError(f"{what} must be a SymPy expression, got {value!r}{hint}")


def _relation_between(
    lhs: sympy.Expr, rhs: sympy.Expr, relation: RelationKind, wrt: tuple[sympy.Symbol, ...]
) -> object:
    if relation is RelationKind.EQ:
        return sympy.Eq(lhs, rhs, evaluate=False)
    if relation is RelationKind.LE:
        return sympy.Le(lhs, rhs, evaluate=False)
    if relation is RelationKind.GE:
        return sympy.Ge(lhs, rhs, evaluate=False)
    if relation is RelationKind.SAME_ARGMIN:
        return SameArgmin(lhs, rhs, wrt)
    return SameGradient(lhs, rhs, wrt)


def _facts_of(*items: object) -> tuple[sympy.Basic, ...]:
    """The domain facts of every distribution and log base in ``items`` (expressions, or
    relations with ``lhs``/``rhs``/``given`` such as :class:`symkl.optimize.SameArgmin`)."""
    exprs: list[object] = []
    for item in items:
        if isinstance(item, sympy.Basic):
            exprs.append(item)
            continue
        for attribute in ("lhs", "rhs", "given"):
            value = getattr(item, attribute, None)
            exprs += list(value) if isinstance(value, (list, tuple)) else [value]
    return domain_facts_in(*exprs)


def _validate_relation(relation: object) -> object:
    if isinstance(relation, SelfProving):
        return relation
    if isinstance(relation, sympy.logic.boolalg.BooleanAtom):
        raise MalformedClaimError(
            f"the relation was already evaluated by SymPy to {relation}; "
            "build it with evaluate=False, e.g. Eq(a, b, evaluate=False)"
        )
    if isinstance(relation, (sympy.Eq, sympy.Le, sympy.Ge, sympy.Lt, sympy.Gt)):
        return relation
    raise MalformedClaimError(
        f"a claim's relation must be a SymPy Eq, Le, Ge, Lt or Gt (or a same-argmin / "
        f"same-gradient relation), got {relation!r}"
        + (_STRING_HINT if isinstance(relation, (str, bytes)) else "")
    )


class Claim(Entry):
    """One relation with a name, where it comes from, why it holds and the verdict it should get."""

    kind = "claim"

    def __init__(
        self,
        name: str,
        relation: object,
        *,
        title: str = "",
        source: str = "",
        why: str = "",
        expect: Verdict | str = "proved",
        where: object = (),
    ) -> None:
        self.relation: Any = None
        self.why = why
        self.where = ()
        try:
            self._init_common(name, title, source, expect, where)
            if not isinstance(why, str):
                raise MalformedClaimError(f"a claim's why must be a string, got {why!r}")
            self.relation = _validate_relation(relation)
            # Probabilities, parameters and log bases bring their domains into the claim.
            self.where = tuple(dict.fromkeys(self.where + _facts_of(self.relation)))
        except MalformedClaimError as exc:
            self.name = getattr(self, "name", str(name))
            self._fail(exc)

    def prove(self, *, timeout: float | None = None) -> Proof:
        """The verdict on this claim (see :func:`symkl.prove`)."""
        return prove(self.goal(), timeout=timeout)

    def goal(self) -> object:
        """The relation, wrapped with its ``where`` facts when it has any."""
        return Goal(self.relation, self.where) if self.where else self.relation

    def goals(self) -> list[object]:
        """:meth:`goal`, the one relation to prove."""
        return [self.goal()]

    def _repr_latex_(self) -> str:
        return f"$${sympy.latex(self.relation)}$$"  # display math; symkl.verify adds the verdict


@dataclass(frozen=True)
class Step:
    """One line of a derivation: ``relation`` to the previous expression, and why it holds."""

    expr: sympy.Expr
    relation: RelationKind
    why: str
    wrt: tuple[sympy.Symbol, ...]

    def __init__(
        self,
        expr: object,
        *,
        relation: RelationKind | str = "=",
        why: str = "",
        wrt: object = None,
    ) -> None:
        object.__setattr__(self, "expr", _validate_expr(expr, "a step"))
        object.__setattr__(self, "relation", _step_kind(relation))
        object.__setattr__(self, "why", why)
        if wrt is None:
            symbols: tuple[sympy.Symbol, ...] = ()
        elif isinstance(wrt, (list, tuple)):
            symbols = tuple(wrt)
        else:
            symbols = (wrt,)
        if not isinstance(why, str):
            raise MalformedClaimError(f"a step's why must be a string, got {why!r}")
        for symbol in symbols:
            if not isinstance(symbol, (sympy.Symbol, sympy.Indexed, sympy.IndexedBase)):
                hint = _STRING_HINT if isinstance(symbol, (str, bytes)) else ""
                raise MalformedClaimError(
                    f"a step's wrt must be SymPy Symbols, Indexed or IndexedBase, "
                    f"got {symbol!r}{hint}"
                )
        if self.relation in (RelationKind.SAME_ARGMIN, RelationKind.SAME_GRADIENT) and not symbols:
            raise MalformedClaimError(
                f"a {self.relation.value} step needs wrt=..., the variables optimised over"
            )
        object.__setattr__(self, "wrt", symbols)

    def with_expr(self, expr: object) -> Step:
        """This step ending at ``expr`` instead: the same relation, why and ``wrt``."""
        return Step(expr, relation=self.relation, why=self.why, wrt=self.wrt or None)


class Derivation(Entry):
    """A start expression and a chain of steps, each verified on its own."""

    kind = "derivation"

    def __init__(
        self,
        name: str,
        start: object,
        steps: Sequence[Step] | object,
        *,
        title: str = "",
        source: str = "",
        expect: Verdict | str = "proved",
        where: object = (),
    ) -> None:
        self.start: Any = None
        self.steps: tuple[Step, ...] = ()
        self.where = ()
        try:
            self._init_common(name, title, source, expect, where)
            self.start = _validate_expr(start, "a derivation's start")
            if not isinstance(steps, (list, tuple)) or not all(isinstance(s, Step) for s in steps):
                raise MalformedClaimError(
                    f"a derivation's steps must be Step objects, got {steps!r}"
                )
            if not steps:
                raise MalformedClaimError(f"derivation {name!r} has no steps")
            self.steps = tuple(steps)
            # Facts of every distribution in any step, so steps in plain symbols know them too.
            facts = _facts_of(self.start, *(step.expr for step in self.steps))
            self.where = tuple(dict.fromkeys(self.where + facts))
        except MalformedClaimError as exc:
            self.name = getattr(self, "name", str(name))
            self._fail(exc)

    def step_relations(self) -> list[object]:
        """The relation each step asserts between the previous expression and its own."""
        out = []
        previous = self.start
        for step in self.steps:
            out.append(_relation_between(previous, step.expr, step.relation, step.wrt))
            previous = step.expr
        return out

    def step_goals(self) -> list[object]:
        """:meth:`step_relations`, each wrapped with the derivation's ``where`` facts."""
        relations = self.step_relations()
        return [Goal(r, self.where) for r in relations] if self.where else relations

    def goals(self) -> list[object]:
        """:meth:`step_goals`: each step is proved on its own."""
        return self.step_goals()

    def with_step(
        self, index: int, expr: object, *, expect: Verdict | str = "refuted"
    ) -> Derivation:
        """A copy whose step ``index`` (from 1) ends at ``expr`` instead (see
        :meth:`Step.with_expr`); its name, title, source and ``where`` facts are kept."""
        steps = list(self.steps)
        steps[index - 1] = steps[index - 1].with_expr(expr)
        return Derivation(
            self.name, self.start, steps, title=self.title,
            source=self.source, expect=expect, where=self.where,
        )  # fmt: skip

    def step_alone(self, index: int, start: object, expr: object) -> Derivation:
        """Step ``index`` (from 1) alone, from ``start`` to ``expr``, under this derivation's
        ``where`` facts: one changed step, checked on its own."""
        step = self.steps[index - 1].with_expr(expr)
        return Derivation(
            f"{self.name}-exercise", start, [step], where=self.where, expect="refuted"
        )

    @property
    def conclusion(self) -> RelationKind | None:
        """What the whole chain shows about ``start`` and the last expression."""
        return chain_relation([s.relation for s in self.steps])

    def _repr_latex_(self) -> str:
        lines = []
        for index, step in enumerate(self.steps):
            symbol = step.relation.latex
            left = sympy.latex(self.start) if index == 0 else ""
            why = f" && {text_latex(step.why)}" if step.why else ""
            lines.append(f"{left} &{symbol} {sympy.latex(step.expr)}{why}")
        # display math; symkl.verify shows the same chain with each step's verdict
        return "$$\\begin{aligned}" + " \\\\ ".join(lines) + "\\end{aligned}$$"
