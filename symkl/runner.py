"""Verifying catalog entries: each claim or step proved on its own, results as plain data.

>>> results = verify(load().entries)
>>> summary(results)["failed"]
0
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

import sympy

from . import __version__
from .cache import ProofCache
from .catalog import Entry
from .derivation import Claim
from .errors import CatalogError
from .prover import Goal, Proof, Verdict, prove
from .prover._timeout import resolve_timeout, warm_up

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
    """Verify entries, in order; ``progress(done, total, name)`` is called as each starts.

    Each step is bounded as :func:`symkl.prove` bounds it: ``timeout`` seconds (None: the
    default budget, ``math.inf``: no limit). ``jobs > 1`` verifies entries in forked worker
    processes: a worker that crashes, or hangs past ``timeout`` per step plus
    :data:`HANG_GRACE`, leaves its entry UNDECIDED with the reason (method ``"worker crashed"`` /
    ``"worker hung"``); the run goes on.
    """
    resolve_timeout(timeout)  # a bad timeout is the caller's error, raised before any work
    warm_up()  # once here, not in every worker: proofs fork from a process that has it imported
    if jobs > 1 and len(entries) > 1:
        return _verify_parallel(entries, timeout, progress, jobs, cache, prove_fn)
    results = []
    for done, entry in enumerate(entries):
        if progress is not None:
            progress(done, len(entries), entry.name)
        results.append(verify_entry(entry, timeout=timeout, cache=cache, prove_fn=prove_fn))
    return results


# --- worker processes -------------------------------------------------------------------------

#: Extra seconds a worker gets beyond ``timeout`` per step before it counts as hung.
HANG_GRACE = 30.0


def _worker(
    conn: Connection,
    entry: Entry,
    timeout: float | None,
    cache: ProofCache | None,
    prove_fn: ProveFn,
) -> None:
    try:
        result = verify_entry(entry, timeout=timeout, cache=cache, prove_fn=prove_fn)
        payload: tuple[str, object] = ("ok", result)
        data = pickle.dumps(payload)
    except BaseException as exc:  # report any failure to the parent instead of dying silently
        data = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
    try:
        conn.send_bytes(data)
    finally:
        conn.close()
        os._exit(0)  # skip atexit handlers and inherited finalisers of the parent


def _undecided(entry: Entry, method: str, detail: str, seconds: float) -> EntryResult:
    step = StepResult(1, "", Verdict.UNDECIDED, method, seconds, None, (), detail)
    return _entry_result(entry, (step,), seconds)


def _all_cached(entry: Entry, cache: ProofCache) -> EntryResult | None:
    """The entry's result when every step is in the cache (no worker needed), else None."""

    try:
        relations = _relations(entry)
    except Exception:  # let a worker report it
        return None
    start = time.perf_counter()
    steps = []
    for index, relation in enumerate(relations, start=1):
        hit = cache.get(relation)
        if hit is None:
            return None
        steps.append(_step_result(index, relation, hit, cached=True))
    return _entry_result(entry, steps, time.perf_counter() - start)


def _verify_parallel(
    entries: Sequence[Entry],
    timeout: float | None,
    progress: Callable[[int, int, str], None] | None,
    jobs: int,
    cache: ProofCache | None,
    prove_fn: ProveFn,
) -> list[EntryResult]:
    # Fork after loading: workers inherit the entries, so no SymPy object is ever pickled on the
    # way in; only the plain-data EntryResult comes back.
    context = multiprocessing.get_context("fork")
    results: dict[int, EntryResult] = {}
    pending = deque(range(len(entries)))
    running: dict[Connection, tuple[int, BaseProcess, float]] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                index = pending.popleft()
                if progress is not None:
                    progress(len(results), len(entries), entries[index].name)
                hit = _all_cached(entries[index], cache) if cache is not None else None
                if hit is not None:
                    results[index] = hit
                    continue
                parent, child = context.Pipe(duplex=False)
                args = (child, entries[index], timeout, cache, prove_fn)
                worker: BaseProcess = context.Process(target=_worker, args=args)
                worker.start()
                child.close()
                running[parent] = (index, worker, time.monotonic())
            for conn in wait(list(running), timeout=0.2):
                assert isinstance(conn, Connection)
                index, worker, started = running.pop(conn)
                results[index] = _collect(conn, worker, entries[index], started)
            for conn, (index, worker, started) in list(running.items()):
                elapsed = time.monotonic() - started
                budget = _budget(entries[index], timeout)
                if elapsed > budget:
                    _stop(conn, worker)
                    del running[conn]
                    detail = f"killed after {budget:g} s"
                    results[index] = _undecided(entries[index], "worker hung", detail, elapsed)
    finally:
        for conn, (_, worker, _) in running.items():
            _stop(conn, worker)
    return [results[i] for i in range(len(entries))]


def _budget(entry: Entry, timeout: float | None) -> float:
    """Seconds a worker may take: the step budget per step plus grace; unbounded when it is off."""
    timeout = resolve_timeout(timeout)
    if timeout is None:
        return float("inf")
    steps = 1 if isinstance(entry, Claim) else len(entry.steps)
    return timeout * max(steps, 1) + HANG_GRACE


def _stop(conn: Connection, worker: BaseProcess) -> None:
    worker.kill()
    worker.join(1)
    conn.close()


def _collect(conn: Connection, process: BaseProcess, entry: Entry, started: float) -> EntryResult:
    seconds = time.monotonic() - started
    try:
        status, value = pickle.loads(conn.recv_bytes())
    except (EOFError, OSError, pickle.UnpicklingError):
        process.join(1)
        return _undecided(
            entry, "worker crashed", f"worker exited with code {process.exitcode}", seconds
        )
    finally:
        conn.close()
    process.join(1)
    if status != "ok" or not isinstance(value, EntryResult):
        return _undecided(entry, "worker crashed", str(value), seconds)
    return value


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
