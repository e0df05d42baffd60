"""Verifying catalog entries: each claim or step proved on its own, results as plain data.

>>> results = verify(load().entries)
>>> summary(results)["failed"]
0
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

import sympy

from . import __version__
from ._pool import Worker
from .cache import ProofCache
from .catalog import Entry
from .derivation import Claim
from .errors import CatalogError
from .prover import Goal, Proof, Verdict, prove
from .prover._timeout import format_bytes, resolve_memory_limit, resolve_timeout, warm_up

__all__ = [
    "EntryResult",
    "StepResult",
    "error_result",
    "summary",
    "to_json",
    "verify",
    "verify_entry",
    "weakest",
]

#: A step's proof and whether it came from the cache.
StepProof = tuple[Proof, bool]


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
    if isinstance(relation, Goal):
        relation = relation.relation
    if isinstance(relation, sympy.Eq):
        return "="
    if isinstance(relation, (sympy.Le, sympy.Ge)):
        return "<=" if isinstance(relation, sympy.Le) else ">="
    if isinstance(relation, (sympy.Lt, sympy.Gt)):
        return "<" if isinstance(relation, sympy.Lt) else ">"
    return str(getattr(relation, "symbol", type(relation).__name__))


def _step_result(index: int, relation: object, proof: Proof, *, cached: bool = False) -> StepResult:
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


def _default_prove(relation: object, timeout: float | None) -> Proof:
    return prove(relation, timeout=timeout)


def _prove_step(
    relation: object, timeout: float | None, prove_fn: ProveFn, cache: ProofCache | None
) -> StepProof:
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


def _relations(entry: Entry) -> list[object]:
    return [entry.goal()] if isinstance(entry, Claim) else entry.step_goals()


def _entry_result(
    entry: Entry, steps: Sequence[StepResult], seconds: float, error: str | None = None
) -> EntryResult:
    path, line = entry.location
    return EntryResult(
        name=entry.name,
        title=entry.title,
        source=entry.source,
        kind="claim" if isinstance(entry, Claim) else "derivation",
        verdict=weakest([s.verdict for s in steps]) if steps else Verdict.UNDECIDED,
        expected=entry.expect,
        seconds=seconds,
        steps=tuple(steps),
        error=error,
        location=f"{path}:{line}",
    )


def verify_entry(
    entry: Entry,
    *,
    timeout: float | None = None,
    prove_fn: ProveFn = _default_prove,
    cache: ProofCache | None = None,
) -> EntryResult:
    """Prove every step of ``entry`` on its own and combine the verdicts.

    With ``cache``, steps proved before are looked up instead (``StepResult.cached``). A step
    whose proof raises is UNDECIDED with method ``"error"`` and the exception as its detail.
    """
    start = time.perf_counter()
    try:
        relations = _relations(entry)
    except Exception as exc:  # e.g. a relation type whose module is missing: report, go on
        return _entry_result(entry, (), time.perf_counter() - start, f"{type(exc).__name__}: {exc}")
    steps = []
    for index, relation in enumerate(relations, start=1):
        proof, hit = _prove_step(relation, timeout, prove_fn, cache)
        steps.append(_step_result(index, relation, proof, cached=hit))
    return _entry_result(entry, steps, time.perf_counter() - start)


def error_result(error: CatalogError) -> EntryResult:
    """A load error as a failed result, so it is reported beside the verified entries."""
    path = str(error.path)  # ImportError types .path as optional; CatalogError always sets it
    name = f"{path}:{error.line}" if error.line is not None else path
    return EntryResult(
        name=name, title="could not be loaded", source=path, kind="error",
        verdict=Verdict.UNDECIDED, expected=Verdict.PROVED, seconds=0.0,
        error=str(error), location=name,
    )  # fmt: skip


def verify(
    entries: Sequence[Entry],
    *,
    timeout: float | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    jobs: int = 1,
    cache: ProofCache | None = None,
    prove_fn: ProveFn = _default_prove,
) -> list[EntryResult]:
    """Verify entries, results in catalog order; ``progress(done, total, name)`` as each starts.

    Steps run in ``jobs`` warm worker processes, forked once and proving step after step, so
    the caches proofs build serve every later step. Each step is bounded as :func:`symkl.prove`
    bounds it: ``timeout`` seconds (None: the default budget, ``math.inf``: no limit), kept by
    this process, which kills a worker whose step runs past it (UNDECIDED ``"timeout"``) and
    forks a fresh one for the next step; a worker out of memory or dead gives UNDECIDED
    ``"memory limit"`` / ``"worker crashed"``. The run always goes on.
    """
    seconds = resolve_timeout(timeout)  # a bad timeout is the caller's error, before any work
    warm_up()  # once here, not in every worker: they fork from a process that has it imported
    return _Run(entries, seconds, timeout, progress, max(jobs, 1), cache, prove_fn).run()


@dataclass
class _Job:
    """An entry being verified in one worker slot: its steps, and the one now running."""

    index: int
    relations: list[object]
    started: float
    steps: list[StepResult] = field(default_factory=list)
    #: When the running step started (reset when the worker says so), in time.monotonic().
    step_started: float = 0.0


class _Run:
    """One call of :func:`verify`: the slots, their workers, and the results so far."""

    def __init__(
        self,
        entries: Sequence[Entry],
        seconds: float | None,
        timeout: float | None,
        progress: Callable[[int, int, str], None] | None,
        jobs: int,
        cache: ProofCache | None,
        prove_fn: ProveFn,
    ) -> None:
        self.entries, self.seconds, self.progress, self.cache = entries, seconds, progress, cache
        self.memory = resolve_memory_limit(None)
        self.jobs: dict[int, _Job] = {}
        self.workers: dict[int, Worker] = {}
        self.results: dict[int, EntryResult] = {}
        self.pending = deque(range(len(entries)))
        known: dict[int, list[object]] = {}  # the worker's last entry's relations

        def run_step(task: tuple[int, int]) -> Proof:  # runs in the worker
            entry, step = task
            if entry not in known:
                known.clear()
                known[entry] = _relations(entries[entry])
            return prove_fn(known[entry][step], timeout)

        self.run_step = run_step
        self.slots = min(jobs, max(len(entries), 1))

    def run(self) -> list[EntryResult]:
        try:
            while self.pending or self.jobs:
                for slot in range(self.slots):
                    while slot not in self.jobs and self.pending:
                        self._begin(slot, self.pending.popleft())
                if self.jobs:
                    self._wait()
        finally:
            for worker in self.workers.values():
                worker.close()
        return [self.results[i] for i in range(len(self.entries))]

    def _begin(self, slot: int, index: int) -> None:
        entry = self.entries[index]
        if self.progress is not None:
            self.progress(len(self.results), len(self.entries), entry.name)
        start = time.perf_counter()
        try:
            relations = _relations(entry)
        except Exception as exc:  # e.g. a relation type whose module is missing: report, go on
            error = f"{type(exc).__name__}: {exc}"
            self.results[index] = _entry_result(entry, (), time.perf_counter() - start, error)
            return
        self.jobs[slot] = _Job(index, relations, start)
        self._advance(slot)

    def _advance(self, slot: int) -> None:
        """Look up the job's next steps in the cache; send the first miss to the worker."""
        job = self.jobs[slot]
        while len(job.steps) < len(job.relations):
            relation = job.relations[len(job.steps)]
            try:
                hit = self.cache.get(relation) if self.cache is not None else None
            except Exception as exc:  # as a step whose proof raises: reported, the run goes on
                self._record(slot, _failure("error", f"{type(exc).__name__}: {exc}", 0.0))
                continue
            if hit is None:
                if slot not in self.workers:
                    self.workers[slot] = Worker(self.run_step, memory_limit=self.memory)
                self.workers[slot].send((job.index, len(job.steps)))
                job.step_started = time.monotonic()
                return
            self._record(slot, hit, cached=True)
        del self.jobs[slot]
        entry = self.entries[job.index]
        self.results[job.index] = _entry_result(entry, job.steps, time.perf_counter() - job.started)

    def _record(self, slot: int, proof: Proof, *, cached: bool = False) -> None:
        job = self.jobs[slot]
        relation = job.relations[len(job.steps)]
        job.steps.append(_step_result(len(job.steps) + 1, relation, proof, cached=cached))

    def _wait(self) -> None:
        now = time.monotonic()
        deadline = None
        if self.seconds is not None:
            deadline = max(
                0.0, min(j.step_started for j in self.jobs.values()) + self.seconds - now
            )
        slot_of = {self.workers[slot].conn: slot for slot in self.jobs}
        for conn in wait(list(slot_of), timeout=deadline):
            assert isinstance(conn, Connection)
            self._answer(slot_of[conn])
        if self.seconds is not None:
            now = time.monotonic()
            for slot, job in list(self.jobs.items()):
                if now - job.step_started > self.seconds:
                    self._retire(slot)
                    detail = f"no result within {self.seconds:g} s"
                    self._record(slot, _failure("timeout", detail, now - job.step_started))
                    self._advance(slot)

    def _answer(self, slot: int) -> None:
        job = self.jobs[slot]
        try:
            status, value = self.workers[slot].receive()
        except Exception as exc:  # a warning the caller's filters turn into an error
            status, value = "error", f"{type(exc).__name__}: {exc}"
        elapsed = time.monotonic() - job.step_started
        if status == "start":
            job.step_started = time.monotonic()  # the clock runs from the step's own start
            return
        if status == "ok" and isinstance(value, Proof):
            proof = value
            if proof.method == "memory limit":  # a worker that hit its ceiling is not reused
                self._retire(slot)
        elif status == "ok":
            proof = _failure("error", f"the prover returned {type(value).__name__}", elapsed)
        elif status == "memory":
            self._retire(slot)
            limit = format_bytes(self.memory) if self.memory is not None else "its limit"
            proof = _failure(
                "memory limit", f"the proof needed more memory than {limit}: {value}", elapsed
            )
        elif status == "crashed":
            self._retire(slot)
            proof = _failure("worker crashed", str(value), elapsed)
        else:
            proof = _failure("error", str(value), elapsed)
        if self.cache is not None:  # the cache itself skips timeouts, crashes and errors
            self.cache.put(job.relations[len(job.steps)], proof)
        self._record(slot, proof)
        self._advance(slot)

    def _retire(self, slot: int) -> None:
        """Stop the slot's worker; the slot's next step forks a fresh one."""
        self.workers.pop(slot).kill()


def _failure(method: str, detail: str, seconds: float) -> Proof:
    return Proof(Verdict.UNDECIDED, method, None, seconds, (), detail)


def summary(results: Sequence[EntryResult]) -> dict[str, Any]:
    """Counts of each verdict, of entries that missed their expected verdict, and total time."""
    counts = {v.value: sum(r.verdict is v and r.error is None for r in results) for v in Verdict}
    return {
        **counts,
        "failed": sum(not r.ok for r in results),
        "seconds": round(sum(r.seconds for r in results), 3),
    }


def _json_value(value: Any) -> Any:
    """JSON has no NaN, infinity or SymPy numbers: those become their text."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        finite = value == value and value not in (float("inf"), float("-inf"))
        return value if finite else str(value)
    return str(value)


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
                "kind": r.kind,
                "location": r.location,
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
                        "detail": s.detail,
                        "cached": s.cached,
                    }
                    for s in r.steps
                ],
            }
            for r in results
        ],
        "summary": summary(results),
    }
