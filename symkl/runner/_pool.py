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

import contextlib
import functools
import pickle
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .._fork import exit_reason, fork, receive, reply
from ..prover._timeout import enter_runner_worker

__all__ = ["Reply", "Worker"]

#: What a worker sends: ``("start", None)``, then ``("ok", result)``, ``("error", text)`` or
#: ``("memory", text)``; a worker that died gives ``("crashed", reason)``.
Reply = tuple[str, Any]
_STARTED = pickle.dumps(("start", None, []))


def _serve(conn: Connection, task_fn: Callable[[Any], object], memory_limit: int | None) -> None:
    enter_runner_worker(memory_limit)
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the parent closed its end: no more work
            break
        if task is None:
            break
        conn.send_bytes(_STARTED)
        conn.send_bytes(reply(functools.partial(task_fn, task)))


class Worker:
    """One forked worker running ``task_fn(task)`` for each task sent, under ``memory_limit``."""

    def __init__(self, task_fn: Callable[[Any], object], *, memory_limit: int | None) -> None:
        self.process, self.conn = fork(
            lambda conn: _serve(conn, task_fn, memory_limit), duplex=True
        )

    def send(self, task: object) -> None:
        """Hand the worker its next task (it must have answered the previous one)."""
        self.conn.send(task)

    def receive(self) -> Reply:
        """The worker's next message; ``("crashed", reason)`` if it died instead.

        Warnings the task raised are raised again here, under this process's filters.
        """
        try:
            return receive(self.conn)
        except (EOFError, OSError):
            self.process.join(1)
            return "crashed", exit_reason(self.process.exitcode)

    def kill(self) -> None:
        """Stop the worker now (a task past its deadline)."""
        self.process.kill()
        self.process.join(1)
        self.conn.close()

    def close(self) -> None:
        """Let an idle worker exit; kill it if it does not."""
        # Told, not left to read EOF: a worker forked after this one holds a copy of this end
        # of the pipe, so no EOF reached this worker until that one exited (a second lost
        # waiting here at the end of every run).
        with contextlib.suppress(OSError):  # the worker is gone already
            self.conn.send(None)
        self.conn.close()
        self.process.join(1)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(1)
