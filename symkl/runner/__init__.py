"""Verifying catalog entries: each claim or step proved on its own, results as plain data.

>>> from symkl.catalog import load
>>> verified = verify_catalog(Catalog(load().entries[:1]))
>>> [(entry.name, result.verdict.value) for entry, result in verified]
[('one-hot-ce-is-kl', 'proved')]

The result types live in :mod:`symkl._verdicts`, where their readers import them from; they
are re-exported here. :func:`verify_catalog` is the pipeline's one step from a loaded catalog to
its results: each entry beside its result, then each load error as a failed result, so that
nothing downstream (the command line, the reports) has to join results back to entries by name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .._proof import Verdict
from .._results import EntryResult, ProveFn, StepResult, Verified, prove_entry, weakest
from .._verdicts import summary
from .._version import __version__
from ..cache import ProofCache
from ..catalog import Catalog, Entry
from ..errors import CatalogError
from ..prover._timeout import resolve_timeout, warm_up
from ._warm import WarmRun, default_prove

__all__ = [
    "EntryResult",
    "StepResult",
    "Verified",
    "error_result",
    "summary",
    "to_json",
    "verify",
    "verify_catalog",
    "verify_entry",
    "weakest",
]

_default_prove = default_prove


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
    return prove_entry(entry, timeout=timeout, prove_fn=prove_fn, cache=cache)


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
    on_result: Callable[[EntryResult], None] | None = None,
) -> list[EntryResult]:
    """Verify entries, results in catalog order; ``progress(done, total, name)`` as each starts,
    ``on_result(result)`` as each finishes (in the order they finish).

    Steps run in ``jobs`` warm worker processes, forked once and proving step after step, so
    the caches proofs build serve every later step (a worker takes a whole derivation file,
    idle ones then share the rest). Each step is bounded as :func:`symkl.prove`
    bounds it: ``timeout`` seconds (None: the default budget, ``math.inf``: no limit), kept by
    this process, which kills a worker whose step runs past it (UNDECIDED ``"timeout"``) and
    forks a fresh one for the next step; a worker out of memory or dead gives UNDECIDED
    ``"memory limit"`` / ``"worker crashed"``. The run always goes on.
    """
    seconds = resolve_timeout(timeout)  # a bad timeout is the caller's error, before any work
    warm_up()  # once here, not in every worker: they fork from a process that has it imported
    run = WarmRun(entries, seconds, timeout, progress, max(jobs, 1), cache, prove_fn, on_result)
    return run.run()


def verify_catalog(
    catalog: Catalog,
    *,
    timeout: float | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    jobs: int = 1,
    cache: ProofCache | None = None,
    prove_fn: ProveFn = _default_prove,
    on_result: Callable[[EntryResult], None] | None = None,
) -> list[Verified]:
    """Every entry of ``catalog`` beside its result (as :func:`verify` gives it), in catalog
    order, then every load error as a failed result with no entry."""
    results = verify(
        catalog.entries, timeout=timeout, progress=progress, jobs=jobs, cache=cache,
        prove_fn=prove_fn, on_result=on_result,
    )  # fmt: skip
    pairs = [Verified(e, r) for e, r in zip(catalog.entries, results, strict=True)]
    return pairs + [Verified(None, error_result(error)) for error in catalog.errors]


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
