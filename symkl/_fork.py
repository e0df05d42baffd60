"""Forked workers: the one primitive under :func:`symkl.prove`'s bounded attempts
(:mod:`symkl.prover._timeout`) and the runner's warm workers (:mod:`symkl.runner._pool`).

>>> process, conn = fork(lambda child: child.send_bytes(reply(lambda: 6 * 7)), duplex=False)
>>> receive(conn)
('ok', 42)
>>> process.join()

A forked child inherits the parent's imported modules, so it starts in milliseconds, and can be
killed, which a thread running SymPy cannot. What crosses the pipe is one pickled message per
answer: a status, a value and the warnings the work raised, which :func:`receive` raises again
in the parent under its own filters (the same outcome as running the work in the parent).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import traceback
import warnings
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

__all__ = ["exit_reason", "fork", "receive", "reply", "where"]

#: Distinct warnings sent back per answer at most (a loop that warns a million times sends 20).
MAX_NOTES = 20


def _main(target: Callable[[Connection], None], conn: Connection) -> None:
    try:
        target(conn)
    finally:
        conn.close()
        os._exit(0)  # skip atexit handlers and inherited finalisers of the parent


def fork(target: Callable[[Connection], None], *, duplex: bool) -> tuple[BaseProcess, Connection]:
    """Run ``target(child_end)`` in a forked daemon process; returns it and the parent's end.

    Without ``duplex`` the child only writes and the parent only reads.
    """
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=duplex)
    process = context.Process(target=_main, args=(target, child), daemon=True)
    # Frozen objects are never scanned by the child's garbage collector, so it does not touch
    # (and copy) every page it shares with this process; here they are collectable again at once.
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
    child.close()
    return process, parent


def where(exc: BaseException) -> str:
    """``MemoryError: ... in expand (mul.py:123)``: the exception, on one line, and its origin."""
    text = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    text = " ".join(text.split())
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return text
    last = frames[-1]
    return f"{text} in {last.name} ({os.path.basename(last.filename)}:{last.lineno})"


def _as_error(exc: BaseException) -> tuple[str, object]:
    return "error", f"{type(exc).__name__}: {exc}"


def reply(
    fn: Callable[[], object],
    classify: Callable[[BaseException], tuple[str, object]] = _as_error,
) -> bytes:
    """``fn()`` as one pickled answer: ``("ok", result)``, ``("memory", where)``, or what
    ``classify`` makes of any other exception (default ``("error", text)``).

    Warnings are recorded, not shown; an answer that cannot be pickled becomes an error text.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            status, value = "ok", fn()
        except MemoryError as exc:
            status, value = "memory", where(exc)
        except BaseException as exc:  # report every failure to the parent, never hang it
            status, value = classify(exc)
    distinct = dict.fromkeys((str(w.message), w.category, w.filename, w.lineno) for w in caught)
    notes = list(distinct)[:MAX_NOTES]
    try:
        data = pickle.dumps((status, value, notes))
        pickle.loads(data)  # an answer that cannot travel back becomes its text
    except Exception as exc:
        if status == "ok":
            detail = f"the result could not be sent back: {type(exc).__name__}: {exc}"
        else:
            detail = f"{type(value).__name__}: {value}" if status == "raise" else str(value)
        data = pickle.dumps(("error", detail, []))
    return data


def receive(conn: Connection) -> tuple[str, Any]:
    """The next answer on ``conn`` as ``(status, value)``, its warnings raised again here.

    EOFError (or OSError) when the child died instead of answering.
    """
    status, value, notes = pickle.loads(conn.recv_bytes())
    for message, category, filename, lineno in notes:
        warnings.warn_explicit(message, category, filename, lineno)
    return status, value


def exit_reason(code: int | None) -> str:
    """Why a child ended: ``worker was stopped by SIGKILL`` or ``worker exited with code 1``."""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"worker was stopped by {name}"
    return f"worker exited with code {code}"
