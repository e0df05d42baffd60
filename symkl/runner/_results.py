"""The runner's side of the results: each proof and each entry made into plain data
(:mod:`symkl._verdicts`, where the result types live; they are re-exported here).

>>> import sympy
>>> step_result(1, sympy.Le(sympy.Symbol("t"), 1), Proof(Verdict.PROVED, "direct")).relation
'<='
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .._proof import Proof, Verdict
from .._verdicts import EntryResult, StepResult, Verified, weakest
from ..catalog import Entry
from ..relations import Goal, RelationKind

__all__ = [
    "EntryResult",
    "ProveFn",
    "StepResult",
    "Verified",
    "entry_goals",
    "entry_result",
    "step_result",
    "weakest",
]


def _relation_text(relation: object) -> str:
    kind = RelationKind.of(relation)
    if kind is not None:
        return kind.text
    inner = relation.relation if isinstance(relation, Goal) else relation
    return type(inner).__name__  # a relation type symkl does not know: its class name


def step_result(index: int, relation: object, proof: Proof, *, cached: bool = False) -> StepResult:
    """A step's result as plain data: the relation's symbol and the proof's fields."""
    return StepResult(
        index=index,
        relation=_relation_text(relation),
        verdict=proof.verdict,
        method=proof.method,
        seconds=proof.seconds,
        counterexample=proof.counterexample,
        assumptions=proof.assumptions,
        detail=proof.detail,
        cached=cached,
    )


ProveFn = Callable[[object, float | None], Proof]


def entry_goals(entry: Entry) -> list[object]:
    """The goals to prove for ``entry``: its claim, or each step of its derivation."""
    return entry.goals()


def entry_result(
    entry: Entry, steps: Sequence[StepResult], seconds: float, error: str | None = None
) -> EntryResult:
    """The entry's result: its steps, and their weakest verdict as the entry's."""
    path, line = entry.location
    return EntryResult(
        name=entry.name,
        title=entry.title,
        source=entry.source,
        kind=entry.kind,
        verdict=weakest([s.verdict for s in steps]) if steps else Verdict.UNDECIDED,
        expected=entry.expect,
        seconds=seconds,
        steps=tuple(steps),
        error=error,
        location=f"{path}:{line}",
    )
