"""Verifying catalog entries: each claim or step proved on its own, results as plain data.

>>> results = verify(load().entries)
>>> summary(results)["failed"]
0
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy

from . import __version__
from .catalog import Entry
from .derivation import Claim, Derivation
from .errors import CatalogError
from .prove import Proof, Verdict, prove

__all__ = [
    "EntryResult",
    "StepResult",
    "error_result",
    "summary",
    "to_json",
    "verify",
    "verify_entry",
]


@dataclass(frozen=True)
class StepResult:
    """The verdict on one claim, or on one step of a derivation."""

    index: int
    relation: str
    verdict: Verdict
    method: str
    seconds: float
    counterexample: dict[str, Any] | None = None
    assumptions: tuple[str, ...] = ()
    detail: str = ""


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
    if isinstance(relation, sympy.Eq):
        return "="
    if isinstance(relation, (sympy.Le, sympy.Ge)):
        return "<=" if isinstance(relation, sympy.Le) else ">="
    if isinstance(relation, (sympy.Lt, sympy.Gt)):
        return "<" if isinstance(relation, sympy.Lt) else ">"
    return str(getattr(relation, "symbol", type(relation).__name__))


def _step_result(index: int, relation: object, proof: Proof) -> StepResult:
    return StepResult(
        index=index,
        relation=_relation_text(relation),
        verdict=proof.verdict,
        method=proof.method,
        seconds=proof.seconds,
        counterexample=proof.counterexample,
        assumptions=proof.assumptions,
        detail=proof.detail,
    )


def weakest(verdicts: Sequence[Verdict]) -> Verdict:
    """The verdict of a chain: its weakest step (refuted < undecided < checked < proved)."""
    return min(verdicts, key=lambda v: v.rank)


ProveFn = Callable[[object, float | None], Proof]


def _default_prove(relation: object, timeout: float | None) -> Proof:
    return prove(relation, timeout=timeout)


def verify_entry(
    entry: Entry, *, timeout: float | None = None, prove_fn: ProveFn = _default_prove
) -> EntryResult:
    """Prove every step of ``entry`` on its own and combine the verdicts."""
    start = time.perf_counter()
    path, line = entry.location
    location = f"{path}:{line}"
    relations = [entry.relation] if isinstance(entry, Claim) else entry.step_relations()
    steps = []
    for index, relation in enumerate(relations, start=1):
        steps.append(_step_result(index, relation, prove_fn(relation, timeout)))
    verdict = weakest([s.verdict for s in steps])
    return EntryResult(
        name=entry.name,
        title=entry.title,
        source=entry.source,
        kind="claim" if isinstance(entry, Claim) else "derivation",
        verdict=verdict,
        expected=entry.expect,
        seconds=time.perf_counter() - start,
        steps=tuple(steps),
        location=location,
    )


def error_result(error: CatalogError) -> EntryResult:
    """A load error as a failed result, so it is reported beside the verified entries."""
    name = f"{error.path}:{error.line}" if error.line is not None else error.path
    return EntryResult(
        name=name, title="could not be loaded", source=error.path, kind="error",
        verdict=Verdict.UNDECIDED, expected=Verdict.PROVED, seconds=0.0,
        error=str(error), location=name,
    )  # fmt: skip


def verify(
    entries: Sequence[Entry],
    *,
    timeout: float | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[EntryResult]:
    """Verify entries in order; ``progress(done, total, name)`` is called before each."""
    results = []
    for done, entry in enumerate(entries):
        if progress is not None:
            progress(done, len(entries), entry.name)
        results.append(verify_entry(entry, timeout=timeout))
    return results


def summary(results: Sequence[EntryResult]) -> dict[str, Any]:
    """Counts of each verdict, of entries that missed their expected verdict, and total time."""
    counts = {v.value: sum(r.verdict is v and r.error is None for r in results) for v in Verdict}
    return {
        **counts,
        "failed": sum(not r.ok for r in results),
        "seconds": round(sum(r.seconds for r in results), 3),
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return str(value)
    return value


def to_json(results: Sequence[EntryResult]) -> dict[str, Any]:
    """The document ``symkl verify --json`` prints (schema in ``symkl/schema/verify.json``)."""
    return {
        "symkl": __version__,
        "results": [
            {
                "name": r.name,
                "title": r.title,
                "source": r.source,
                "verdict": r.verdict.value,
                "expected": r.expected.value,
                "ok": r.ok,
                "seconds": round(r.seconds, 4),
                "error": r.error,
                "steps": [
                    {
                        "index": s.index,
                        "relation": s.relation,
                        "verdict": s.verdict.value,
                        "method": s.method,
                        "seconds": round(s.seconds, 4),
                        "counterexample": (
                            None
                            if s.counterexample is None
                            else {k: _json_value(v) for k, v in s.counterexample.items()}
                        ),
                        "assumptions": list(s.assumptions),
                    }
                    for s in r.steps
                ],
            }
            for r in results
        ],
        "summary": summary(results),
    }
