"""The built-in catalog verified once per test session, shared by the tests that need all of it.

Verifying the whole catalog takes minutes; the catalog's verdict tests and the committed-reports
test read the same results. Under xdist the first worker to ask verifies (two warm processes)
and leaves the results in a file named after the run; the others wait on a lock and read it.
(``xdist_group`` does not keep a module's tests on one worker with the pytest-xdist in use, so
each worker verified the whole catalog again, two at a time on two cores.)
"""

from __future__ import annotations

import fcntl
import functools
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

from symkl.catalog import Catalog, load
from symkl.runner import EntryResult, error_result

__all__ = ["CATALOG", "catalog_result", "catalog_results"]

CATALOG: Catalog = load()


#: Verifies the catalog with two warm workers and pickles the results to the file argv[1].
_VERIFY = """
import pickle, sys
from symkl.catalog import load
from symkl.runner import verify
with open(sys.argv[1], "wb") as out:
    pickle.dump(verify(load().entries, jobs=2), out)
"""


def _verify() -> tuple[EntryResult, ...]:
    # In a fresh interpreter: forked from a test process, the same run took three times as long
    # (650 s against 215 s on two cores, the second worker mostly idle; the cause is not known).
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "results.pickle"
        subprocess.run([sys.executable, "-c", _VERIFY, str(out)], check=True)
        results: list[EntryResult] = pickle.loads(out.read_bytes())
    assert [r.name for r in results] == [e.name for e in CATALOG.entries]
    return (*results, *(error_result(e) for e in CATALOG.errors))


@functools.cache
def catalog_results() -> tuple[EntryResult, ...]:
    """Every entry verified once in this session, then one result per load error."""
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run is None:  # one process: nobody to share with
        return _verify()
    base = Path(tempfile.gettempdir()) / f"symkl-catalog-{run}"
    with open(f"{base}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        shared = Path(f"{base}.pickle")
        if shared.exists():
            results: tuple[EntryResult, ...] = pickle.loads(shared.read_bytes())
            return results
        results = _verify()
        shared.write_bytes(pickle.dumps(results))
        return results


def catalog_result(name: str) -> EntryResult:
    """The result of the catalog entry ``name`` in this session's one verification."""
    (result,) = [r for r in catalog_results() if r.name == name]
    return result
