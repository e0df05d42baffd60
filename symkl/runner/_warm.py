"""One run of :func:`symkl.runner.verify`: entries dealt to warm workers, deadlines kept here.

>>> from symkl.catalog import load
>>> [r.verdict.value for r in WarmRun(load().entries[:1], 60.0, None, None, 1, None).run()]
['proved']

Each slot has at most one :class:`~symkl.runner._pool.Worker`, forked when the slot first needs to
prove a step and kept for every later one. The worker says when a step starts; a step that runs
past the deadline gets its worker killed (the next step forks a fresh one). Cache lookups and
stores happen here, in the parent, so only the steps the cache does not know reach a worker.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait

from .._proof import Proof, Verdict
from .._results import EntryResult, ProveFn, StepResult, entry_goals, entry_result, step_result
from ..cache import ProofCache
from ..catalog import Entry
from ..prover import prove
from ..prover._timeout import format_bytes, resolve_memory_limit
from ._pool import Worker

__all__ = ["WarmRun", "default_prove"]


def default_prove(relation: object, timeout: float | None) -> Proof:
    """:func:`symkl.prove` with the runner's time budget (in a worker: its caller's deadline)."""
    return prove(relation, timeout=timeout)


@dataclass
class _Job:
    """An entry being verified in one worker slot: its steps, and the one now running."""

    index: int
    relations: list[object]
    started: float
    steps: list[StepResult] = field(default_factory=list)
    #: When the running step started (reset when the worker says so), in time.monotonic().
    step_started: float = 0.0


class WarmRun:
    """One call of :func:`verify`: the slots, their workers, and the results so far."""

    def __init__(
        self,
        entries: Sequence[Entry],
        seconds: float | None,
        timeout: float | None,
        progress: Callable[[int, int, str], None] | None,
        jobs: int,
        cache: ProofCache | None,
        prove_fn: ProveFn = default_prove,
        on_result: Callable[[EntryResult], None] | None = None,
    ) -> None:
        self.entries, self.seconds, self.progress, self.cache = entries, seconds, progress, cache
        self.on_result = on_result
        self.memory = resolve_memory_limit(None)
        self.jobs: dict[int, _Job] = {}
        self.workers: dict[int, Worker] = {}
        self.results: dict[int, EntryResult] = {}
        # Entries of one file share families and shapes: one worker proving them all builds
        # each cache once. A worker takes a whole file; idle ones steal from the largest's end.
        groups: dict[str, deque[int]] = {}
        for index, entry in enumerate(entries):
            groups.setdefault(str(entry.location[0]), deque()).append(index)
        self.groups = list(groups.values())
        self.owner: dict[int, int] = {}  # slot -> the group it works through
        known: dict[int, list[object]] = {}  # the worker's last entry's relations

        def run_step(task: tuple[int, int]) -> Proof:  # runs in the worker
            entry, step = task
            if entry not in known:
                known.clear()
                known[entry] = entry_goals(entries[entry])
            return prove_fn(known[entry][step], timeout)

        self.run_step = run_step
        self.slots = min(jobs, max(len(entries), 1))

    def run(self) -> list[EntryResult]:
        try:
            while any(self.groups) or self.jobs:
                for slot in range(self.slots):
                    while slot not in self.jobs and any(self.groups):
                        self._begin(slot, self._next(slot))
                if self.jobs:
                    self._wait()
        finally:
            for worker in self.workers.values():
                worker.close()
        return [self.results[i] for i in range(len(self.entries))]

    def _next(self, slot: int) -> int:
        """The next entry for ``slot``: its own file's, a file no one has, else the largest's."""
        own = self.owner.get(slot)
        if own is not None and self.groups[own]:
            return self.groups[own].popleft()
        taken = set(self.owner.values())
        for number, group in enumerate(self.groups):
            if group and number not in taken:
                self.owner[slot] = number
                return group.popleft()
        return max(self.groups, key=len).pop()

    def _begin(self, slot: int, index: int) -> None:
        entry = self.entries[index]
        if self.progress is not None:
            self.progress(len(self.results), len(self.entries), entry.name)
        start = time.perf_counter()
        try:
            relations = entry_goals(entry)
        except Exception as exc:  # e.g. a relation type whose module is missing: report, go on
            error = f"{type(exc).__name__}: {exc}"
            self._finish(index, entry_result(entry, (), time.perf_counter() - start, error))
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
        self._finish(job.index, entry_result(entry, job.steps, time.perf_counter() - job.started))

    def _finish(self, index: int, result: EntryResult) -> None:
        self.results[index] = result
        if self.on_result is not None:  # e.g. the CLI's line per entry, printed as it finishes
            self.on_result(result)

    def _record(self, slot: int, proof: Proof, *, cached: bool = False) -> None:
        job = self.jobs[slot]
        relation = job.relations[len(job.steps)]
        job.steps.append(step_result(len(job.steps) + 1, relation, proof, cached=cached))

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
