"""Tests of symkl.runner: verdicts per entry, cache use, worker processes, crashes and hangs."""

from __future__ import annotations

import math
import os
import time
from pathlib import Path

import pytest

from symkl import runner
from symkl.cache import ProofCache
from symkl.catalog import load
from symkl.errors import CatalogError
from symkl.prover import Proof, Verdict
from symkl.runner import error_result, summary, to_json, verify, verify_entry


@pytest.fixture
def entries(catalog: Path) -> list[object]:
    loaded = load([catalog / "claims.py"])
    assert loaded.errors == []
    return list(loaded.entries)


def _verdicts(results: list[runner.EntryResult]) -> list[tuple[str, str, bool]]:
    return [(r.name, r.verdict.value, r.ok) for r in results]


EXPECTED = [
    ("ce-split", "proved", True),
    ("swapped", "refuted", True),
    ("kl-chain", "proved", True),
]


@pytest.mark.slow
def test_verify_gives_each_entry_its_verdict(entries: list[object]) -> None:
    """Each entry is verified in order and gets its expected verdict."""
    assert _verdicts(verify(entries)) == EXPECTED  # type: ignore[arg-type]


@pytest.mark.slow
def test_derivation_steps_are_verified_one_by_one(entries: list[object]) -> None:
    """A derivation's result lists one StepResult per step with its method."""
    result = verify_entry(entries[2])  # type: ignore[arg-type]
    assert [(s.index, s.relation, s.verdict) for s in result.steps] == [
        (1, "=", Verdict.PROVED),
        (2, "=", Verdict.PROVED),
    ]
    assert result.kind == "derivation"


@pytest.mark.slow
def test_parallel_matches_serial(entries: list[object]) -> None:
    """--jobs 2 gives the same verdicts, in catalog order, as a serial run."""
    assert _verdicts(verify(entries, jobs=2)) == EXPECTED  # type: ignore[arg-type]


@pytest.mark.slow
def test_warm_cache_skips_the_prover(entries: list[object], tmp_path: Path) -> None:
    """A second run with the cache proves nothing and marks every step cached."""
    cache = ProofCache(tmp_path / "cache")
    cold = verify(entries, cache=cache)  # type: ignore[arg-type]
    calls: list[object] = []

    def refuse(relation: object, timeout: float | None) -> Proof:
        calls.append(relation)
        raise AssertionError("the prover ran on a warm cache")

    warm = verify(entries, cache=cache, prove_fn=refuse)  # type: ignore[arg-type]
    assert calls == []
    assert _verdicts(warm) == _verdicts(cold) == EXPECTED
    assert all(s.cached for r in warm for s in r.steps)
    assert not any(s.cached for r in cold for s in r.steps)


@pytest.mark.slow
def test_parallel_run_uses_the_cache(entries: list[object], tmp_path: Path) -> None:
    """Workers write the cache; a later parallel run reads it without forking provers."""
    cache = ProofCache(tmp_path / "cache")
    verify(entries, cache=cache, jobs=2)  # type: ignore[arg-type]
    warm = verify(entries, cache=cache, jobs=2)  # type: ignore[arg-type]
    assert _verdicts(warm) == EXPECTED
    assert all(s.cached for r in warm for s in r.steps)


def _raise(relation: object, timeout: float | None) -> Proof:
    raise RuntimeError("strategy blew up")


def test_a_step_that_raises_is_undecided(entries: list[object]) -> None:
    """An exception in the prover makes the step UNDECIDED with the reason; the run goes on."""
    results = verify(entries, prove_fn=_raise)  # type: ignore[arg-type]
    step = results[0].steps[0]
    assert (step.verdict, step.method, step.detail) == (
        Verdict.UNDECIDED,
        "error",
        "RuntimeError: strategy blew up",
    )
    assert len(results) == 3


def _crash(relation: object, timeout: float | None) -> Proof:
    os._exit(3)


def test_a_crashed_worker_marks_its_step_undecided(entries: list[object]) -> None:
    """A worker that dies leaves its step UNDECIDED, 'worker crashed', with the exit code."""
    results = verify(entries, jobs=2, prove_fn=_crash)  # type: ignore[arg-type]
    assert [(r.verdict, r.steps[0].method, r.steps[0].detail) for r in results] == [
        (Verdict.UNDECIDED, "worker crashed", "worker exited with code 3")
    ] * 3
    assert [len(r.steps) for r in results] == [1, 1, 2]  # every step was still tried


def _hang(relation: object, timeout: float | None) -> Proof:
    time.sleep(60)
    raise AssertionError("unreachable")


def test_hanging_steps_are_cut_at_the_timeout(entries: list[object]) -> None:
    """Each hanging step is killed at timeout: UNDECIDED 'timeout' with the budget as reason."""
    start = time.monotonic()
    results = verify(entries[:2], jobs=2, timeout=0.2, prove_fn=_hang)  # type: ignore[arg-type]
    assert time.monotonic() - start < 30
    assert [(r.steps[0].method, r.steps[0].detail) for r in results] == [
        ("timeout", "no result within 0.2 s")
    ] * 2


def test_hanging_steps_are_cut_under_the_default_budget(
    entries: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without timeout=, steps are still bounded by DEFAULT_TIMEOUT, read when verify starts."""
    from symkl.prover import _timeout

    monkeypatch.setattr(_timeout, "DEFAULT_TIMEOUT", 0.2)
    results = verify(entries[:2], jobs=2, prove_fn=_hang)  # type: ignore[arg-type]
    assert [(r.steps[0].method, r.steps[0].detail) for r in results] == [
        ("timeout", "no result within 0.2 s")
    ] * 2


def test_a_slow_step_is_cut_by_the_default_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """verify() without timeout= cuts a hanging step at DEFAULT_TIMEOUT: UNDECIDED 'timeout'."""
    from symkl.prover import _timeout

    monkeypatch.setattr(_timeout, "DEFAULT_TIMEOUT", 0.3)
    (tmp_path / "slow.py").write_text(
        "import time\nimport symkl\nfrom symkl.prover import Proof, Verdict\n"
        "class Slow:\n"
        "    def _symkl_prove_(self):\n"
        "        time.sleep(30)\n"
        "        return Proof(Verdict.PROVED, 'never')\n"
        "SLOW = symkl.Claim('slow', Slow())\n"
    )
    (result,) = verify(load([tmp_path / "slow.py"]).entries)
    assert (result.verdict, result.steps[0].method) == (Verdict.UNDECIDED, "timeout")


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), "10"])
def test_verify_rejects_a_bad_timeout_before_any_work(entries: list[object], bad: object) -> None:
    """An invalid timeout is an InvalidParameterError naming it, raised before any proof."""
    from symkl.errors import InvalidParameterError

    with pytest.raises(InvalidParameterError, match="timeout must be"):
        verify(entries, timeout=bad, prove_fn=_hang)  # type: ignore[arg-type]


def test_timeout_per_step_gives_undecided(tmp_path: Path) -> None:
    """A step slower than --timeout is cut and UNDECIDED with method 'timeout'."""
    (tmp_path / "slow.py").write_text(
        "import time\nimport symkl\nfrom symkl.prover import Proof, Verdict\n"
        "class Slow:\n"
        "    def _symkl_prove_(self):\n"
        "        time.sleep(30)\n"
        "        return Proof(Verdict.PROVED, 'never')\n"
        "SLOW = symkl.Claim('slow', Slow())\n"
    )
    (result,) = verify(load([tmp_path / "slow.py"]).entries, timeout=0.3)
    assert (result.verdict, result.steps[0].method) == (Verdict.UNDECIDED, "timeout")


@pytest.mark.slow
def test_progress_is_called_before_each_entry(entries: list[object]) -> None:
    """progress(done, total, name) is called once per entry, before it runs."""
    calls: list[tuple[int, int, str]] = []
    verify(entries, progress=lambda *a: calls.append(a))  # type: ignore[arg-type]
    assert calls == [(0, 3, "ce-split"), (1, 3, "swapped"), (2, 3, "kl-chain")]


def test_error_result_is_a_failure_named_by_location() -> None:
    """A load error becomes a failed result named path:line."""
    result = error_result(CatalogError("NameError: x", path="bad.py", line=4))
    assert (result.name, result.kind, result.ok, result.error) == (
        "bad.py:4",
        "error",
        False,
        "bad.py:4: NameError: x",
    )


@pytest.mark.slow
def test_summary_counts_verdicts_and_failures(entries: list[object]) -> None:
    """summary() counts each verdict, failures (load errors too) and time."""
    results = verify(entries)  # type: ignore[arg-type]
    results.append(error_result(CatalogError("boom", path="bad.py", line=None)))
    counts = summary(results)
    del counts["seconds"]
    assert counts == {"proved": 2, "checked": 0, "refuted": 1, "undecided": 0, "failed": 1}


def test_to_json_keeps_nonfinite_counterexamples_as_text(entries: list[object]) -> None:
    """NaN and infinity in a counterexample are written as strings, valid JSON."""
    step = runner.StepResult(1, "=", Verdict.REFUTED, "counterexample", 0.1,
                             {"p_1": math.nan, "lhs": math.inf, "rhs": 1.5})  # fmt: skip
    result = runner.EntryResult(
        "x", "x", "", "claim", Verdict.REFUTED, Verdict.REFUTED, 0.1, (step,)
    )
    document = to_json([result])
    assert document["results"][0]["steps"][0]["counterexample"] == {
        "p_1": "nan",
        "lhs": "inf",
        "rhs": 1.5,
    }
