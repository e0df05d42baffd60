"""Computations bounded in CPU time: SymPy's simplify and integrate may run for minutes.

A bounded call returns None when its budget runs out, never an unbounded wait::

    >>> run_bounded(lambda: 1 + 1, 1.0)
    2
"""

from __future__ import annotations

import math
import signal
import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["run_bounded"]

T = TypeVar("T")


class _OverBudget(BaseException):
    """Raised by the alarm in a bounded computation (a BaseException: SymPy cannot catch it)."""


def _warm_imports() -> None:
    """Import what SymPy's integrate and simplify load on first use, outside any budget, so a
    budget measures the computation, not a one-time import (and verdicts do not depend on
    which call came first)."""
    import sympy.assumptions.wrapper
    import sympy.combinatorics
    import sympy.physics.units
    import sympy.sets.setexpr
    import sympy.tensor.tensor  # noqa: F401


def run_bounded(fn: Callable[[], T], seconds: float) -> T | None:
    """``fn()``, or None when it needs more than ``seconds`` of CPU time (or cannot be bounded).

    CPU time (``ITIMER_PROF``), not wall-clock time, so that a loaded machine does not turn a
    proof into a recorded assumption. Only in the main thread and when no profiling timer is
    pending; elsewhere the computation is skipped (None), never left unbounded.
    """
    if not hasattr(signal, "setitimer"):
        return None
    if threading.current_thread() is not threading.main_thread():
        return None
    if signal.getitimer(signal.ITIMER_PROF)[0] > 0 or not math.isfinite(seconds) or seconds <= 0:
        return None
    _warm_imports()

    def alarm(signum: int, frame: object) -> None:
        raise _OverBudget

    previous = signal.signal(signal.SIGPROF, alarm)
    try:
        signal.setitimer(signal.ITIMER_PROF, seconds)
        try:
            return fn()
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
    except _OverBudget:
        return None
    finally:
        signal.signal(signal.SIGPROF, previous)
