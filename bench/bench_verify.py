"""Cold ``symkl verify`` of the whole built-in catalog against ``python -c "import sympy"``.

Run: ``python bench/bench_verify.py``. Both are timed as whole processes in the same run: the
catalog with ``--no-cache`` and a fresh cache folder (nothing remembered), SymPy's import the
fastest of five. Prints wall and CPU seconds (CPU: user + system of the process and its workers,
the less disturbed figure on a shared machine) and their ratios; issue #13's target is
verify / import ≤ 25.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

IMPORT_REPEATS = 5


def _run(argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (children included) of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    runs = [_run([sys.executable, "-c", "import sympy"]) for _ in range(IMPORT_REPEATS)]
    import_wall, import_cpu = min(w for w, _ in runs), min(c for _, c in runs)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SYMKL_CACHE_DIR": folder}
        verify_wall, verify_cpu = _run([sys.executable, "-m", "symkl", "verify", "--no-cache"], env)
    print(f"import sympy wall (s): {import_wall:.3f}")
    print(f"import sympy cpu (s): {import_cpu:.3f}")
    print(f"cold verify wall (s): {verify_wall:.1f}")
    print(f"cold verify cpu (s): {verify_cpu:.1f}")
    print(f"ratio verify/import wall: {verify_wall / import_wall:.0f}")
    print(f"ratio verify/import cpu: {verify_cpu / import_cpu:.0f}")


if __name__ == "__main__":
    main()
