"""Every proof attempt is bounded: a default time budget, a memory ceiling, validated limits."""

from __future__ import annotations

import math
import os
import re
import time
import warnings

import pytest
from sympy import Eq, Symbol

import symkl
from symkl.errors import InvalidParameterError, MalformedClaimError
from symkl.prover import Proof, Strategy, Verdict, prove
from symkl.prover import _timeout as limits
from symkl.prover._timeout import (
    WorkerCrashedError,
    WorkerMemoryError,
    check_samples,
    resolve_memory_limit,
    resolve_timeout,
    run_with_timeout,
)

a = Symbol("a", positive=True)
CLAIM = Eq(a + 1, 1 + a, evaluate=False)


def _only(monkeypatch: pytest.MonkeyPatch, run: object) -> None:
    """Make ``run`` the only strategy the engine tries."""
    monkeypatch.setattr("symkl.prover._engine.STRATEGIES", [Strategy("only", run)])  # type: ignore[arg-type]


def _sleep(rel: object) -> None:
    time.sleep(60)


def test_prove_has_a_time_budget_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without timeout=, a hanging proof is still cut at DEFAULT_TIMEOUT and UNDECIDED."""
    monkeypatch.setattr(limits, "DEFAULT_TIMEOUT", 0.5)
    _only(monkeypatch, _sleep)
    proof = prove(CLAIM)
    assert (proof.verdict, proof.method, proof.detail) == (
        Verdict.UNDECIDED,
        "timeout",
        "no result within 0.5 s",
    )


def test_default_budget_is_a_finite_module_constant() -> None:
    """DEFAULT_TIMEOUT and DEFAULT_MEMORY_LIMIT are finite and positive; None selects them."""
    assert 0 < limits.DEFAULT_TIMEOUT < math.inf
    assert resolve_timeout(None) == limits.DEFAULT_TIMEOUT
    assert resolve_memory_limit(None) == limits.DEFAULT_MEMORY_LIMIT == 4 * 2**30


def test_math_inf_turns_the_limits_off_and_runs_in_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only timeout=math.inf with memory_limit=math.inf runs in-process; the default forks."""
    seen: list[int] = []
    _only(monkeypatch, lambda rel: seen.append(os.getpid()))
    prove(CLAIM, timeout=math.inf, memory_limit=math.inf)
    assert seen == [os.getpid()]
    assert resolve_timeout(math.inf) is None
    assert resolve_memory_limit(math.inf) is None


@pytest.mark.parametrize("bad", [0, -1, float("nan"), 1e300, "5", True, [1]])
def test_invalid_timeouts_are_named(bad: object) -> None:
    """Zero, negative, NaN, huge or non-numeric timeouts: InvalidParameterError naming them."""
    with pytest.raises(InvalidParameterError, match=f"got {re.escape(repr(bad))}$"):
        prove(CLAIM, timeout=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0, 2**20, -5.0, float("inf"), "1G"])
def test_invalid_memory_limits_are_named(bad: object) -> None:
    """A memory limit below 64 MiB, non-numeric (or math.inf only as 'off'): named in the error."""
    if bad == float("inf"):
        assert resolve_memory_limit(bad) is None
        return
    with pytest.raises(InvalidParameterError, match="memory limit must be"):
        prove(CLAIM, memory_limit=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0, -3, 10**8, 2.5, True, "200"])
def test_invalid_sample_counts_are_named(bad: object) -> None:
    """samples must be a whole number from 1 to MAX_SAMPLES; the error shows the value."""
    with pytest.raises(InvalidParameterError, match=f"got {re.escape(repr(bad))}$"):
        prove(CLAIM, samples=bad)  # type: ignore[arg-type]
    assert check_samples(limits.MAX_SAMPLES) == limits.MAX_SAMPLES


def _huge(rel: object) -> bytearray:
    return bytearray(2**33)  # 8 GiB at once: more than the default ceiling


def test_a_memory_blow_up_is_undecided_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    """A strategy that needs more memory than the default ceiling: UNDECIDED 'memory limit'."""
    _only(monkeypatch, _huge)
    proof = prove(CLAIM, timeout=30)
    assert (proof.verdict, proof.method) == (Verdict.UNDECIDED, "memory limit")
    assert proof.detail.startswith("the proof needed more memory than 4 GiB: MemoryError")
    assert "_huge" in proof.detail


def test_memory_limit_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    """memory_limit= sets the ceiling; the reason names it."""
    _only(monkeypatch, lambda rel: bytearray(2**31))
    proof = prove(CLAIM, memory_limit=2**30, timeout=30)
    assert (proof.method, proof.detail.split(":")[0]) == (
        "memory limit",
        "the proof needed more memory than 1 GiB",
    )


def test_a_worker_that_dies_is_undecided_with_its_exit_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """os._exit or a fatal signal in the worker: UNDECIDED 'worker crashed', never a crash here."""
    _only(monkeypatch, lambda rel: os._exit(7))
    proof = prove(CLAIM)
    assert (proof.method, proof.detail) == ("worker crashed", "worker exited with code 7")
    _only(monkeypatch, lambda rel: os.kill(os.getpid(), 9))
    assert prove(CLAIM).detail == "worker was stopped by SIGKILL"


def test_symkl_errors_cross_the_worker_with_their_type() -> None:
    """A malformed claim raises the same SymklError with or without the worker."""
    for timeout in (None, math.inf):
        with pytest.raises(MalformedClaimError, match="got a \\+ 1"):
            prove(a + 1, timeout=timeout)


def test_other_errors_in_the_worker_are_one_line_reasons(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain exception in the worker becomes WorkerCrashedError: type, message, origin."""
    monkeypatch.delenv("SYMKL_STRATEGY_ERRORS", raising=False)  # the suite makes bugs raise

    def broken() -> None:
        raise KeyError("zoo")

    with pytest.raises(WorkerCrashedError) as info:
        run_with_timeout(broken, 10)
    monkeypatch.setenv("SYMKL_STRATEGY_ERRORS", "raise")
    with pytest.raises(KeyError, match="zoo"):  # under the switch, the bug surfaces as itself
        run_with_timeout(broken, 10)
    assert (
        str(info.value)
        == "KeyError: 'zoo' in broken (test_limits.py:"
        + str(broken.__code__.co_firstlineno + 1)
        + ")"
    )
    assert not isinstance(info.value, WorkerMemoryError)


def test_warnings_in_the_worker_reach_the_caller() -> None:
    """A warning raised in the worker is raised again in the caller, under its filters."""

    def warns() -> int:
        warnings.warn("from the worker", UserWarning, stacklevel=1)
        return 1

    with pytest.warns(UserWarning, match="from the worker"):
        assert run_with_timeout(warns, 10) == 1


def test_results_that_cannot_be_sent_back_are_reasons() -> None:
    """An unpicklable result is a WorkerCrashedError saying so, not a hang or EOFError."""
    with pytest.raises(WorkerCrashedError, match="could not be sent back"):
        run_with_timeout(lambda: lambda: 1, 10)


def test_the_default_budget_still_proves_real_claims() -> None:
    """A catalog-style claim is proved through the default (forked) path."""
    n = Symbol("n", integer=True, positive=True)
    p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
    relation = Eq(symkl.cross_entropy(p, q), symkl.entropy(p) + symkl.kl_divergence(p, q))
    proof = prove(relation)
    assert isinstance(proof, Proof)
    assert (proof.verdict, proof.method) == (Verdict.PROVED, "termwise-sum")
    assert prove(Eq(symkl.kl_divergence(p, q), symkl.kl_divergence(q, p))).verdict is (
        Verdict.REFUTED
    )
