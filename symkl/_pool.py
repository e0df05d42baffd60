"""Warm proof workers: forked once, many tasks each, the parent keeps every task's clock.

>>> worker = Worker(lambda task: task * 2, memory_limit=None)
>>> worker.send(21)
>>> worker.receive(), worker.receive()
(('start', None), ('ok', 42))
>>> worker.close()

A worker is forked from a parent that has already imported what tasks need, so it starts in
milliseconds; it then runs task after task in-process, so per-process caches (SymPy's, the
families' proved closed forms) serve every later task. It tells the parent when a task starts
and sends back its result; the parent decides when a task has run too long and kills the
worker (:meth:`Worker.kill`), then forks a fresh one for the next task.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import warnings
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .prover._timeout import _exit_reason, _where, enter_runner_worker

__all__ = ["Reply", "Worker"]

#: What a worker sends: ``("start", None)``, then ``("ok", result)``, ``("error", text)`` or
#: ``("memory", text)``; a worker that died gives ``("crashed", reason)``.
Reply = tuple[str, Any]
#: Warnings noted per task at most (a loop that warns a million times sends 20).
_MAX_NOTES = 20


def _run(task_fn: Callable[[Any], object], task: object) -> bytes:
    # Warnings are recorded here and raised again in the parent, whose filters then decide:
    # the same outcome as running the task in the parent.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            reply: tuple[str, object] = ("ok", task_fn(task))
        except MemoryError as exc:
            reply = ("memory", _where(exc))
        except BaseException as exc:  # report every failure to the parent, never hang it
            reply = ("error", f"{type(exc).__name__}: {exc}")
    distinct = dict.fromkeys((str(w.message), w.category, w.filename, w.lineno) for w in caught)
    notes = list(distinct)[:_MAX_NOTES]
    try:
        data = pickle.dumps((*reply, notes))
        pickle.loads(data)  # a result that cannot travel back becomes a reason
    except Exception as exc:
        data = pickle.dumps(
            ("error", f"the result could not be sent back: {type(exc).__name__}: {exc}", [])
        )
    return data


def _serve(conn: Connection, task_fn: Callable[[Any], object], memory_limit: int | None) -> None:
    try:
        enter_runner_worker(memory_limit)
        while True:
            try:
                task = conn.recv()
            except EOFError:  # the parent closed its end: no more work
                break
            if task is None:
                break
            conn.send_bytes(pickle.dumps(("start", None, [])))
            conn.send_bytes(_run(task_fn, task))
    finally:
        conn.close()
        os._exit(0)  # skip atexit handlers and inherited finalisers of the parent


class Worker:
    """One forked worker running ``task_fn(task)`` for each task sent, under ``memory_limit``."""

    def __init__(self, task_fn: Callable[[Any], object], *, memory_limit: int | None) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_serve, args=(child, task_fn, memory_limit), daemon=True
        )
        # Frozen objects are never scanned by the worker's garbage collector, so it does not
        # touch (and copy) every page it shares with this process.
        gc.freeze()
        try:
            self.process.start()
        finally:
            gc.unfreeze()
        child.close()

    def send(self, task: object) -> None:
        """Hand the worker its next task (it must have answered the previous one)."""
        self.conn.send(task)

    def receive(self) -> Reply:
        """The worker's next message; ``("crashed", reason)`` if it died instead.

        Warnings the task raised are raised again here, under this process's filters.
        """
        try:
            status, value, notes = pickle.loads(self.conn.recv_bytes())
        except (EOFError, OSError):
            self.process.join(1)
            return "crashed", _exit_reason(self.process.exitcode)
        for message, category, filename, lineno in notes:
            warnings.warn_explicit(message, category, filename, lineno)
        return status, value

    def kill(self) -> None:
        """Stop the worker now (a task past its deadline)."""
        self.process.kill()
        self.process.join(1)
        self.conn.close()

    def close(self) -> None:
        """Let an idle worker exit; kill it if it does not."""
        self.conn.close()  # the worker reads EOF and exits
        self.process.join(1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1)
