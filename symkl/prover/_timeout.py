"""Running a proof in a worker process so a hung SymPy call can really be stopped.

A thread cannot interrupt SymPy; a forked process can be killed. The child inherits the imported
modules (fork), so starting it costs milliseconds, and only the result crosses the pipe.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import traceback
from collections.abc import Callable
from typing import TypeVar

from ..errors import ProofTimeoutError

__all__ = ["WorkerCrashedError", "run_with_timeout"]

T = TypeVar("T")


class WorkerCrashedError(RuntimeError):
    """The worker process died or raised; the message carries its reason."""


def _child(conn: multiprocessing.connection.Connection, fn: Callable[[], object]) -> None:
    try:
        payload = ("ok", fn())
    except BaseException as exc:  # report every failure to the parent, never hang it
        payload = ("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
    try:
        conn.send_bytes(pickle.dumps(payload))
    finally:
        conn.close()
        os._exit(0)


def run_with_timeout(fn: Callable[[], T], seconds: float) -> T:
    """``fn()`` in a forked worker; ProofTimeoutError after ``seconds``, the process killed."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, fn), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(seconds):
            raise ProofTimeoutError(f"no result within {seconds:g} s")
        try:
            status, value = pickle.loads(parent.recv_bytes())
        except EOFError as exc:
            raise WorkerCrashedError(f"worker exited with code {process.exitcode}") from exc
    finally:
        if process.is_alive():
            process.kill()
        process.join(1)
        parent.close()
    if status != "ok":
        raise WorkerCrashedError(str(value))
    result: T = value
    return result
