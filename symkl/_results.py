"""Each proof and each entry made into plain data (:mod:`symkl._verdicts` holds the result
types; they are re-exported here), and one entry proved step by step with a given prove function.

It stands below the prover: the runner passes :func:`symkl.prove`, and so do the reports'
exercise sheets, which check a changed step without importing the runner.

>>> import sympy
>>> step_result(1, sympy.Le(sympy.Symbol("t"), 1), Proof(Verdict.PROVED, "direct")).relation
'<='
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from ._proof import Proof, Verdict
from ._verdicts import EntryResult, StepResult, Verified, weakest
from .cache import ProofCache
from .catalog import Entry
from .relations import Goal, RelationKind

__all__ = [
    "EntryResult",
    "ProveFn",
    "StepProof",
    "StepResult",
    "Verified",
    "entry_goals",
    "entry_result",
    "prove_entry",
    "prove_step",
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


#: A step's proof and whether it came from the cache.
StepProof = tuple[Proof, bool]


def prove_step(
    relation: object, timeout: float | None, prove_fn: ProveFn, cache: ProofCache | None
) -> StepProof:
    """``prove_fn(relation, timeout)``, or the cached proof; a proof that raises is UNDECIDED
    with method ``"error"`` and the exception as its detail (one step must not stop a run)."""
    start = time.perf_counter()
    try:
        hit = cache.get(relation) if cache is not None else None
        if hit is not None:
            return hit, True
        proof = prove_fn(relation, timeout)
    except Exception as exc:  # one failing step must not stop the run; its reason is reported
        detail = f"{type(exc).__name__}: {exc}"
        return Proof(
            Verdict.UNDECIDED, "error", None, time.perf_counter() - start, (), detail
        ), False
    if cache is not None:
        cache.put(relation, proof)
    return proof, False


def prove_entry(
    entry: Entry, *, timeout: float | None, prove_fn: ProveFn, cache: ProofCache | None
) -> EntryResult:
    """Prove every goal of ``entry`` on its own, in this process, and combine the verdicts."""
    start = time.perf_counter()
    try:
        relations = entry_goals(entry)
    except Exception as exc:  # e.g. a relation type whose module is missing: report, go on
        return entry_result(entry, (), time.perf_counter() - start, f"{type(exc).__name__}: {exc}")
    steps = []
    for index, relation in enumerate(relations, start=1):
        proof, hit = prove_step(relation, timeout, prove_fn, cache)
        steps.append(step_result(index, relation, proof, cached=hit))
    return entry_result(entry, steps, time.perf_counter() - start)
