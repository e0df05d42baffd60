"""Warm runner workers: caches survive between steps, the parent cuts hangs and blow-ups."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from symkl.catalog import load
from symkl.prover import Proof, Strategy, Verdict
from symkl.runner import EntryResult, verify

# Module state a worker keeps between the steps it proves (it is forked once per run).
SEEN: list[int] = []


@pytest.fixture
def entries(catalog: Path) -> list[object]:
    loaded = load([catalog / "claims.py"])
    assert loaded.errors == []
    return list(loaded.entries)  # ce-split, swapped, kl-chain (2 steps): four steps in all


def _steps(results: list[EntryResult]) -> list[tuple[str, str]]:
    return [(s.method, s.detail) for r in results for s in r.steps]


def _count(relation: object, timeout: float | None) -> Proof:
    SEEN.append(os.getpid())
    return Proof(Verdict.UNDECIDED, "counted", detail=f"{len(SEEN)} {os.getpid()}")


def test_one_worker_keeps_its_state_across_steps(entries: list[object]) -> None:
    """Serially, every step runs in the same worker (not this process) and sees the ones before."""
    SEEN.clear()
    results = verify(entries, prove_fn=_count)  # type: ignore[arg-type]
    details = [d.split() for _, d in _steps(results)]
    assert [int(n) for n, _ in details] == [1, 2, 3, 4]
    assert len({pid for _, pid in details}) == 1
    assert details[0][1] != str(os.getpid())
    assert SEEN == []  # the state lives in the worker, not here


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_each_of_two_workers_keeps_its_own_state(entries: list[object]) -> None:
    """With jobs=2 there are at most two workers, and step counts grow within each one."""
    SEEN.clear()
    results = verify(entries, jobs=2, prove_fn=_count)  # type: ignore[arg-type]
    counts: dict[str, list[int]] = {}
    for _, detail in _steps(results):
        count, pid = detail.split()
        counts.setdefault(pid, []).append(int(count))
    assert 1 <= len(counts) <= 2
    assert sorted(n for ns in counts.values() for n in ns) != [1, 1, 1, 1]
    assert all(ns == sorted(ns) and ns[0] == 1 for ns in counts.values())


# A file, not module state: the hang must happen once across workers that share no memory.
MARKER: list[Path] = []


def _hang_first(relation: object, timeout: float | None) -> Proof:
    SEEN.append(os.getpid())
    if not MARKER[0].exists():
        MARKER[0].touch()
        time.sleep(60)
    return Proof(Verdict.CHECKED, "ran", detail=f"{len(SEEN)} {os.getpid()}")


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_after_a_hang_a_fresh_worker_goes_on(entries: list[object], tmp_path: Path) -> None:
    """A hanging step is cut at the timeout; the next steps run in a new worker, fresh state."""
    SEEN.clear()
    MARKER[:] = [tmp_path / "hung"]
    results = verify(entries, timeout=1.0, prove_fn=_hang_first)  # type: ignore[arg-type]
    steps = _steps(results)
    assert steps[0] == ("timeout", "no result within 1 s")
    assert [m for m, _ in steps[1:]] == ["ran"] * 3
    details = [d.split() for _, d in steps[1:]]
    # The new worker was forked from this process, where SEEN is empty: its count restarts.
    assert [int(n) for n, _ in details] == [1, 2, 3]
    assert len({pid for _, pid in details}) == 1
    assert results[0].verdict is Verdict.UNDECIDED
    assert [r.verdict for r in results[1:]] == [Verdict.CHECKED] * 2


def _huge(relation: object, timeout: float | None) -> Proof:
    bytearray(2**33)  # 8 GiB at once: more than the workers' default ceiling
    raise AssertionError("unreachable")


def test_a_memory_blow_up_is_undecided_memory_limit(entries: list[object]) -> None:
    """A step past the memory ceiling: UNDECIDED 'memory limit' naming it; the run goes on."""
    results = verify(entries[:2], prove_fn=_huge)  # type: ignore[arg-type]
    for method, detail in _steps(results):
        assert method == "memory limit"
        assert detail.startswith("the proof needed more memory than 4 GiB: MemoryError")
        assert "_huge" in detail


def _huge_strategy(rel: object) -> None:
    bytearray(2**33)


def test_prove_in_a_worker_keeps_its_memory_limit(
    entries: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """symkl.prove inside a worker applies its own ceiling and says 'memory limit'."""
    monkeypatch.setattr(
        "symkl.prover._engine.STRATEGIES",
        [Strategy("only", _huge_strategy)],  # type: ignore[arg-type]
    )
    (result,) = verify(entries[:1])  # type: ignore[arg-type]
    (step,) = result.steps
    assert (step.verdict, step.method) == (Verdict.UNDECIDED, "memory limit")
    assert "_huge_strategy" in step.detail


def _die_once(relation: object, timeout: float | None) -> Proof:
    if not MARKER[0].exists():
        MARKER[0].touch()
        os.kill(os.getpid(), 9)
    return Proof(Verdict.CHECKED, "ran")


def test_a_killed_worker_is_replaced(entries: list[object], tmp_path: Path) -> None:
    """A worker killed by a signal: that step 'worker crashed' with the signal; the rest run."""
    MARKER[:] = [tmp_path / "killed"]
    results = verify(entries, prove_fn=_die_once)  # type: ignore[arg-type]
    steps = _steps(results)
    assert steps[0] == ("worker crashed", "worker was stopped by SIGKILL")
    assert [m for m, _ in steps[1:]] == ["ran"] * 3


def _unpicklable(relation: object, timeout: float | None) -> object:
    return lambda: 1


def test_a_result_that_cannot_travel_back_is_an_error(entries: list[object]) -> None:
    """A prove_fn result that cannot be pickled is an 'error' step saying so, not a hang."""
    results = verify(entries[:1], prove_fn=_unpicklable)  # type: ignore[arg-type]
    ((method, detail),) = _steps(results)
    assert method == "error"
    assert detail.startswith("the result could not be sent back")


@pytest.mark.slow  # seconds: the slow suite (CI) runs it
def test_monkeypatches_before_verify_reach_the_workers(
    entries: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers fork inside verify, so a strategy patched in before is the one they run."""
    monkeypatch.setattr(
        "symkl.prover._engine.STRATEGIES",
        [Strategy("only", lambda rel: None)],  # type: ignore[arg-type]
    )
    results = verify(entries[:1])  # type: ignore[arg-type]
    ((method, _),) = _steps(results)
    assert method != "termwise-sum"  # the real strategies would prove ce-split this way
