"""Cold ``symkl verify`` of the built-in catalog against ``python -c "import sympy"``.

Run: ``python bench/bench_verify.py [--first-release]``. Everything is timed as whole processes
in the same run, with nothing remembered (no cache), SymPy's import the fastest of five. Prints
wall and CPU seconds (CPU: user + system of the process and its workers, the less disturbed figure
on a shared machine) and their ratios; issue #13's target is verify / import ≤ 25.

Two workloads: the whole catalog (``symkl verify --no-cache``; it grows with every family), and
the 114 entries of the first release (``first_release_entries.txt``), the workload issue #13
measured at 75–100× SymPy's import, verified serially and with two warm workers (the target for
``-j 2`` is at most 0.65× the serial wall time on 2 cores). ``--first-release`` runs only those.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

IMPORT_REPEATS = 5
FIRST_RELEASE = Path(__file__).with_name("first_release_entries.txt")
#: Verifies the entries named in the file argv[1] with argv[2] workers, no cache.
VERIFY_NAMED = """
import sys
from symkl.catalog import load
from symkl.runner import verify
names = set(open(sys.argv[1], encoding="utf-8").read().split())
entries = [e for e in load().entries if e.name in names]
assert len(entries) == len(names), sorted(names - {e.name for e in entries})
results = verify(entries, jobs=int(sys.argv[2]))
assert all(r.ok for r in results), [r.name for r in results if not r.ok]
"""


def _run(argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (children included) of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main(argv: Sequence[str]) -> None:
    runs = [_run([sys.executable, "-c", "import sympy"]) for _ in range(IMPORT_REPEATS)]
    import_wall, import_cpu = min(w for w, _ in runs), min(c for _, c in runs)
    print(f"import sympy wall (s): {import_wall:.3f}")
    print(f"import sympy cpu (s): {import_cpu:.3f}")
    if "--first-release" not in argv:
        with tempfile.TemporaryDirectory() as folder:
            env = {**os.environ, "SYMKL_CACHE_DIR": folder}
            wall, cpu = _run([sys.executable, "-m", "symkl", "verify", "--no-cache"], env)
        print(f"cold verify wall (s): {wall:.1f}")
        print(f"cold verify cpu (s): {cpu:.1f}")
        print(f"ratio verify/import wall: {wall / import_wall:.0f}")
        print(f"ratio verify/import cpu: {cpu / import_cpu:.0f}")
    serial = _run([sys.executable, "-c", VERIFY_NAMED, str(FIRST_RELEASE), "1"])
    parallel = _run([sys.executable, "-c", VERIFY_NAMED, str(FIRST_RELEASE), "2"])
    print(f"first-release verify wall (s): {serial[0]:.1f}")
    print(f"first-release verify cpu (s): {serial[1]:.1f}")
    print(f"ratio first-release/import wall: {serial[0] / import_wall:.0f}")
    print(f"ratio first-release/import cpu: {serial[1] / import_cpu:.0f}")
    print(f"first-release -j 2 wall (s): {parallel[0]:.1f}, cpu (s): {parallel[1]:.1f}")
    print(f"ratio -j 2/serial wall: {parallel[0] / serial[0]:.2f}")
    print(f"ratio -j 2/serial cpu: {parallel[1] / serial[1]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
