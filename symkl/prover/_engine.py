"""``prove``: strategies cheapest first, then a numeric spot check of every claim."""

from __future__ import annotations

import time
import warnings

import sympy

from ..errors import ProofTimeoutError
from ._relation import Goal, Relation, as_facts, as_relation
from ._strategies import STRATEGIES, Success
from ._timeout import WorkerCrashedError, run_with_timeout
from ._verdict import Proof, Verdict

__all__ = ["ProofContradictionWarning", "prove", "prove_relation"]

#: A claim over a symbolic n that no strategy proves is tried for these explicit sizes.
SMALL_SIZES = range(1, 9)


class ProofContradictionWarning(UserWarning):
    """A strategy proved a claim that numbers contradict: a bug in symkl, reported loudly."""


def _try_strategies(rel: Relation) -> tuple[Success | None, list[str]]:
    notes = []
    for strategy in STRATEGIES:
        try:
            success = strategy.run(rel)
        except (
            RecursionError,
            NotImplementedError,
            ValueError,
            TypeError,
            AttributeError,
            ZeroDivisionError,
            sympy.PolynomialError,
        ) as exc:
            notes.append(f"{strategy.name}: {type(exc).__name__}")
            continue
        if success is not None:
            return success, notes
    return None, notes


def _small_sizes(rel: Relation) -> str | None:
    """'proved for n = 1..8' when every small explicit instance of a symbolic-n claim proves."""
    from ..numeric import explicit_instance, size_symbols

    if not size_symbols(rel):
        return None
    for k in SMALL_SIZES:
        instance = explicit_instance(rel, k)
        if instance.lhs.has(sympy.Sum, sympy.Product) or instance.rhs.has(sympy.Sum, sympy.Product):
            return None
        success, _ = _try_strategies(instance)
        if success is None:
            return None
    return f"proved for n = 1..{SMALL_SIZES[-1]}"


def prove_relation(rel: Relation, *, samples: int = 200, seed: int = 0) -> Proof:
    """Prove an already-normalised relation (no timeout)."""
    from ..numeric import spot_check

    start = time.perf_counter()
    success, notes = _try_strategies(rel)
    check = spot_check(rel, samples=samples, seed=seed)
    seconds = time.perf_counter() - start
    if success is not None:
        if check.counterexample is not None:
            message = (
                f"strategy {success.method!r} proved {rel} but the numbers refute it at "
                f"{check.counterexample}: this is a bug in symkl"
            )
            warnings.warn(message, ProofContradictionWarning, stacklevel=3)
            return Proof(
                Verdict.REFUTED,
                f"numeric (contradicts {success.method})",
                check.counterexample,
                seconds,
                (),
                message,
            )
        return Proof(Verdict.PROVED, success.method, None, seconds, success.assumptions)
    if check.counterexample is not None:
        return Proof(
            Verdict.REFUTED,
            "counterexample",
            check.counterexample,
            seconds,
            (),
            "confirmed at 50 digits with mpmath",
        )
    if check.samples == 0:
        return Proof(
            Verdict.UNDECIDED,
            "no strategy applies",
            None,
            seconds,
            (),
            "; ".join(notes) or "no usable numeric sample",
        )
    small = _small_sizes(rel)
    seconds = time.perf_counter() - start
    if small is not None:
        return Proof(
            Verdict.CHECKED,
            small,
            None,
            seconds,
            (),
            f"{check.samples} numeric samples agree, max relative error {check.max_error:.1e}",
        )
    return Proof(
        Verdict.CHECKED,
        f"numeric ({check.samples} samples)",
        None,
        seconds,
        (),
        f"max relative error {check.max_error:.1e}",
    )


def prove(
    claim: object,
    *,
    where: object = (),
    timeout: float | None = None,
    samples: int = 200,
    seed: int = 0,
    memory_limit: float | None = None,
) -> Proof:
    """Prove, check or refute ``claim`` (a SymPy ``Eq``/``Le``/``Ge``, or a Claim).

    >>> prove(Eq(cross_entropy(p, q), entropy(p) + kl_divergence(p, q))).verdict
    <Verdict.PROVED: 'proved'>

    ``where`` states facts the claim may assume (``[0 < t, t < 1]``); they join a Claim's own
    ``where`` and are listed in the proof's assumptions.

    Every attempt is bounded: it runs in a forked worker that is stopped after ``timeout``
    seconds (default :data:`DEFAULT_TIMEOUT`) and may use ``memory_limit`` bytes of memory
    (default :data:`DEFAULT_MEMORY_LIMIT`). Exceeding either is UNDECIDED, the method
    ``"timeout"`` or ``"memory limit"`` and the reason in the details. ``math.inf`` turns a limit
    off; with both off the attempt runs in this process. Inside a runner worker (which the
    runner's parent stops when a step runs past its deadline) the attempt runs in the worker
    under the memory ceiling, keeping its caches. Invalid limits or ``samples`` (zero,
    negative, NaN, absurdly large) raise :class:`~symkl.errors.InvalidParameterError`.
    """
    import math

    from ._timeout import (
        WorkerMemoryError,
        check_samples,
        in_runner_worker,
        resolve_memory_limit,
        resolve_timeout,
        run_under_ceiling,
    )

    seconds = resolve_timeout(timeout)
    memory = resolve_memory_limit(memory_limit)
    samples = check_samples(samples)
    facts = as_facts(where)
    if isinstance(claim, Goal):
        facts = claim.where + facts
        claim = claim.relation
    facts = as_facts(getattr(claim, "where", ())) + facts
    if seconds is not None or memory is not None:
        start = time.perf_counter()

        def attempt() -> Proof:  # the worker runs it with both limits already in force
            return prove(
                claim, where=facts, samples=samples, seed=seed,
                timeout=math.inf, memory_limit=math.inf,
            )  # fmt: skip

        try:
            if in_runner_worker():  # the runner's parent enforces the deadline
                return run_under_ceiling(attempt, memory)
            return run_with_timeout(attempt, seconds, memory_limit=memory)
        except ProofTimeoutError as exc:
            return Proof(
                Verdict.UNDECIDED, "timeout", None, time.perf_counter() - start, (), str(exc)
            )
        except WorkerMemoryError as exc:
            return Proof(
                Verdict.UNDECIDED, "memory limit", None, time.perf_counter() - start, (), str(exc)
            )
        except WorkerCrashedError as exc:
            return Proof(
                Verdict.UNDECIDED, "worker crashed", None, time.perf_counter() - start, (), str(exc)
            )
    custom = getattr(getattr(claim, "relation", claim), "_symkl_prove_", None)
    if custom is not None:
        result: Proof = custom(where=facts) if facts else custom()
        return result
    return prove_relation(as_relation(claim, facts), samples=samples, seed=seed)
