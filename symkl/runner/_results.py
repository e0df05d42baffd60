"""What verifying produces: a verdict per step, per entry, as plain data that pickles.

>>> weakest([Verdict.PROVED, Verdict.CHECKED])
<Verdict.CHECKED: 'checked'>
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .._proof import Proof, Verdict
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


@dataclass(frozen=True)
class StepResult:
    """The verdict on one claim, or on one step of a derivation."""

    index: int
    #: the relation's text (:attr:`symkl.relations.RelationKind.text`), or a class name
    relation: str
    verdict: Verdict
    method: str
    seconds: float
    counterexample: dict[str, Any] | None = None
    assumptions: tuple[str, ...] = ()
    detail: str = ""
    #: True when the proof was looked up in the cache rather than run now.
    cached: bool = False


@dataclass(frozen=True)
class EntryResult:
    """The verdict on a catalog entry: the weakest of its steps, against the one expected."""

    name: str
    title: str
    source: str
    kind: str
    verdict: Verdict
    expected: Verdict
    seconds: float
    steps: tuple[StepResult, ...] = field(default=())
    error: str | None = None
    location: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None and self.verdict is self.expected


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


def weakest(verdicts: Sequence[Verdict]) -> Verdict:
    """The verdict of a chain: its weakest step (refuted < undecided < checked < proved)."""
    return min(verdicts, key=lambda v: v.rank)


ProveFn = Callable[[object, float | None], Proof]


def entry_goals(entry: Entry) -> list[object]:
    """The goals to prove for ``entry``: its claim, or each step of its derivation."""
    return entry.goals()


class Verified(NamedTuple):
    """An entry and its result, side by side; a load error has no entry (``entry`` is None)."""

    entry: Entry | None
    result: EntryResult


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
