"""What verifying produces, as plain data that pickles: a verdict per step and per entry.

The runner makes these, and the command line, the notebook and the reports read them; none of
the readers needs the runner for that.

>>> weakest([Verdict.PROVED, Verdict.CHECKED])
<Verdict.CHECKED: 'checked'>
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ._entry import Entry
from ._proof import Verdict

__all__ = ["EntryResult", "StepResult", "Verified", "summary", "weakest"]


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


class Verified(NamedTuple):
    """An entry and its result, side by side; a load error has no entry (``entry`` is None)."""

    entry: Entry | None
    result: EntryResult


def weakest(verdicts: Sequence[Verdict]) -> Verdict:
    """The verdict of a chain: its weakest step (refuted < undecided < checked < proved)."""
    return min(verdicts, key=lambda v: v.rank)


def summary(results: Sequence[EntryResult]) -> dict[str, Any]:
    """Counts of each verdict, of entries that missed their expected verdict, and total time."""
    counts = {v.value: sum(r.verdict is v and r.error is None for r in results) for v in Verdict}
    return {
        **counts,
        "failed": sum(not r.ok for r in results),
        "seconds": round(sum(r.seconds for r in results), 3),
    }
