"""Bounded proof attempts: a forked worker with a time budget and a memory ceiling.

>>> run_with_timeout(lambda: 1 + 1, 5.0)
2

A thread cannot interrupt SymPy; a forked process can be killed. The child inherits the imported
modules (fork), so starting it costs milliseconds, and only the result crosses the pipe. The child
limits its own address space (``RLIMIT_AS``), so a computation that blows up raises MemoryError
there and the parent learns why, instead of the whole process being killed by the system.

Limits are given as ``None`` (the default: :data:`DEFAULT_TIMEOUT` seconds,
:data:`DEFAULT_MEMORY_LIMIT` bytes) or ``math.inf`` (no limit, asked for explicitly). Zero,
negative, NaN and absurdly large values are an :class:`~symkl.errors.InvalidParameterError`.
"""

from __future__ import annotations

import math
import resource
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

from .._fork import exit_reason, fork, receive, reply, where
from .._guard import raise_strategy_errors
from ..errors import InvalidParameterError, ProofTimeoutError, SymklError

__all__ = [
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_TIMEOUT",
    "MAX_MEMORY_LIMIT",
    "MAX_SAMPLES",
    "MAX_TIMEOUT",
    "WorkerCrashedError",
    "WorkerMemoryError",
    "check_samples",
    "enter_runner_worker",
    "format_bytes",
    "in_runner_worker",
    "resolve_memory_limit",
    "resolve_timeout",
    "run_under_ceiling",
    "run_with_timeout",
    "warm_up",
]

T = TypeVar("T")

#: Seconds one proof attempt may take unless the caller says otherwise (``math.inf``: no limit).
DEFAULT_TIMEOUT = 60.0
#: A finite time limit above this is a mistake (it would overflow the wait), not a budget.
MAX_TIMEOUT = 7 * 24 * 3600.0
#: Bytes of address space a proof worker may use unless the caller says otherwise.
DEFAULT_MEMORY_LIMIT = 4 * 2**30
#: A finite memory limit above this (1 TiB) is a mistake; ``math.inf`` means no limit.
MAX_MEMORY_LIMIT = 2**40
#: Numeric samples per spot check at most: more would only exhaust memory, never decide more.
MAX_SAMPLES = 100_000


class WorkerCrashedError(RuntimeError):
    """The worker process died or raised; the message carries its reason."""


class WorkerMemoryError(WorkerCrashedError):
    """The worker ran out of its memory ceiling (MemoryError inside it)."""


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidParameterError(f"{what} must be a number, got {value!r}")
    return float(value)


def resolve_timeout(timeout: object) -> float | None:
    """Seconds of the time budget: None → the default, ``math.inf`` → None (no limit).

    >>> resolve_timeout(None), resolve_timeout(2), resolve_timeout(math.inf)
    (60.0, 2.0, None)
    """
    if timeout is None:
        return DEFAULT_TIMEOUT
    seconds = _number(timeout, "timeout")
    if seconds == math.inf:
        return None
    if not 0 < seconds <= MAX_TIMEOUT:  # also rejects NaN
        raise InvalidParameterError(
            f"timeout must be positive seconds at most {MAX_TIMEOUT:g} (math.inf for no limit), "
            f"got {timeout!r}"
        )
    return seconds


def resolve_memory_limit(limit: object) -> int | None:
    """Bytes of the memory ceiling: None → the default, ``math.inf`` → None (no limit).

    >>> resolve_memory_limit(None) == DEFAULT_MEMORY_LIMIT, resolve_memory_limit(math.inf)
    (True, None)
    """
    if limit is None:
        return DEFAULT_MEMORY_LIMIT
    size = _number(limit, "memory limit")
    if size == math.inf:
        return None
    # Below 64 MiB the worker could not even run Python with SymPy loaded.
    if not 2**26 <= size <= MAX_MEMORY_LIMIT:
        raise InvalidParameterError(
            f"memory limit must be bytes between 64 MiB and 1 TiB (math.inf for no limit), "
            f"got {limit!r}"
        )
    return int(size)


def check_samples(samples: object) -> int:
    """``samples`` if it is a whole number from 1 to :data:`MAX_SAMPLES`, else an error.

    >>> check_samples(200)
    200
    """
    if isinstance(samples, bool) or not isinstance(samples, int):
        raise InvalidParameterError(f"samples must be a whole number, got {samples!r}")
    if not 1 <= samples <= MAX_SAMPLES:
        raise InvalidParameterError(f"samples must be from 1 to {MAX_SAMPLES}, got {samples!r}")
    return samples


def format_bytes(size: int) -> str:
    """``4 GiB``, ``512 MiB``: a memory limit as a person reads it."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if size >= scale:
            return f"{size / scale:g} {unit}"
    return f"{size} B"


def _limit_memory(limit: int | None) -> None:
    if limit is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


_IN_RUNNER_WORKER = False


def enter_runner_worker(memory_limit: int | None) -> None:
    """Mark this (forked) process as a runner worker whose parent keeps each step's clock.

    The ceiling is set once here; :func:`symkl.prove` then runs in this process instead of
    forking again, so SymPy's cache and the families' proved closed forms survive between steps.
    """
    global _IN_RUNNER_WORKER  # one flag per process: the worker never becomes a parent again
    _IN_RUNNER_WORKER = True
    _limit_memory(memory_limit)


def in_runner_worker() -> bool:
    """True in a runner worker (see :func:`enter_runner_worker`).

    >>> in_runner_worker()
    False
    """
    return _IN_RUNNER_WORKER


def run_under_ceiling(fn: Callable[[], T], memory_limit: int | None) -> T:
    """``fn()`` here with the address space capped at ``memory_limit`` bytes, then restored.

    >>> run_under_ceiling(lambda: 2 + 2, None)
    4

    WorkerMemoryError (worded as :func:`run_with_timeout` words it) when ``fn`` exceeds it.
    Only the soft limit moves, so the worker's own ceiling is back in force afterwards.
    """
    previous = resource.getrlimit(resource.RLIMIT_AS)
    try:
        _limit_memory(memory_limit)
        return fn()
    except MemoryError as exc:
        limit = "its limit" if memory_limit is None else format_bytes(memory_limit)
        raise WorkerMemoryError(
            f"the proof needed more memory than {limit}: {where(exc)}"
        ) from None
    finally:
        resource.setrlimit(resource.RLIMIT_AS, previous)


def _classify(exc: BaseException) -> tuple[str, object]:
    if isinstance(exc, SymklError):  # the caller's own error, raised again as the same type
        return "raise", exc
    # Under SYMKL_STRATEGY_ERRORS=raise (the test suite) a bug must surface as itself, not as
    # an UNDECIDED "worker crashed".
    if isinstance(exc, Exception) and raise_strategy_errors():
        return "raise", exc
    return "error", where(exc)


def _bounded(fn: Callable[[], T], memory_limit: int | None) -> T:
    _limit_memory(memory_limit)
    return fn()


_WARM = False


def warm_up() -> None:
    """Import, once in this process, what proofs import lazily.

    A forked worker starts from the parent's memory: whatever the parent has not imported yet
    (NumPy's whole namespace for ``lambdify``, ``scipy.special``, SymPy's integration) each
    worker would import again, which costs more than the proof itself.
    """
    global _WARM  # once per process; importing is idempotent anyway
    if _WARM:
        return
    _WARM = True
    import importlib

    import sympy

    from .. import numeric  # noqa: F401  # the spot check every proof runs

    for name in (
        "sympy.concrete",
        "sympy.integrals.heurisch",
        "sympy.integrals.manualintegrate",
        "sympy.integrals.prde",
        "sympy.integrals.rde",
        "sympy.integrals.risch",
        "sympy.polys.domains.old_fractionfield",
        "sympy.polys.domains.old_polynomialring",
        "sympy.polys.polymatrix",
        "sympy.tensor.array.array_derivatives",
        "sympy.physics.units",
        "sympy.sets.handlers.issubset",
    ):
        importlib.import_module(name)
    x = sympy.Symbol("x")
    expr = sympy.gamma(x) + sympy.erf(x) + sympy.Piecewise((x, x > 0), (0, True))
    for modules in (["scipy", "numpy"], ["numpy"], ["mpmath"]):
        try:
            sympy.lambdify(x, expr, modules=modules)
        except ImportError:  # scipy is optional
            continue


def run_with_timeout(
    fn: Callable[[], T], seconds: float | None, *, memory_limit: int | None = None
) -> T:
    """``fn()`` in a forked worker; ProofTimeoutError after ``seconds``, the process killed.

    ``seconds=None`` waits without a time limit; ``memory_limit`` bytes cap the worker's address
    space (WorkerMemoryError when exceeded). A :class:`~symkl.errors.SymklError` raised by ``fn``
    is raised again here; any other failure is a :class:`WorkerCrashedError` with its reason.
    """
    warm_up()

    def child(conn: Connection) -> None:
        conn.send_bytes(reply(lambda: _bounded(fn, memory_limit), _classify))

    process, parent = fork(child, duplex=False)
    try:
        if not parent.poll(seconds):
            raise ProofTimeoutError(f"no result within {seconds:g} s")
        try:
            status, value = receive(parent)
        except EOFError as exc:
            process.join(1)
            raise WorkerCrashedError(exit_reason(process.exitcode)) from exc
    finally:
        if process.is_alive():
            process.kill()
        process.join(1)
        parent.close()
    if status == "raise":
        raise value
    if status == "memory":
        limit = "its limit" if memory_limit is None else format_bytes(memory_limit)
        raise WorkerMemoryError(f"the proof needed more memory than {limit}: {value}")
    if status != "ok":
        raise WorkerCrashedError(str(value))
    result: T = value
    return result
