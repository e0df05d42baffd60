"""Benchmarks of the command line, as ratios against baselines measured in the same run.

    python bench/bench_cli.py

help: time of ``symkl --help`` / time of ``python -c "import sympy"`` (target ≤ 0.5).
warm-cache: cold-cache ``symkl verify`` of the built-in catalog / the same run with a warm cache
(target ≥ 10).
warm-workers: ``symkl verify --no-cache`` (warm workers, one per job) / the old serial path that
forks a fresh worker for every step (``verify_entry`` per entry), CPU and wall time.
jobs-2: ``symkl verify --no-cache -j 2`` / ``-j 1``, wall time (target ≤ 0.65 on 2 free cores)
and CPU time. Both only mean something on an otherwise idle machine: the fastest of ``REPEATS``
is reported, CPU time (user + system, children included) is the less disturbed measure.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

REPEATS = 5


def _seconds(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def best(argv: Sequence[str], repeats: int = REPEATS, env: dict[str, str] | None = None) -> float:
    """The fastest of ``repeats`` runs: the least disturbed by other load on the machine."""
    return min(_seconds(argv, env) for _ in range(repeats))


def bench_help() -> float:
    symkl_help = best([sys.executable, "-m", "symkl", "--help"])
    import_sympy = best([sys.executable, "-c", "import sympy"])
    print(f"# symkl --help {symkl_help:.3f} s, import sympy {import_sympy:.3f} s")
    return symkl_help / import_sympy


def bench_warm_cache() -> float:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SYMKL_CACHE_DIR": folder}
        verify = [sys.executable, "-m", "symkl", "verify"]
        cold = _seconds(verify, env)  # only the first run is cold
        warm = best(verify, repeats=3, env=env)
    print(f"# verify cold {cold:.2f} s, warm {warm:.2f} s")
    return cold / warm


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(argv: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; CPU counts the run's worker processes too."""
    cpu = _children_cpu()
    wall = _seconds(argv, env)
    return wall, _children_cpu() - cpu


def best_timed(
    argv: Sequence[str], repeats: int, env: dict[str, str] | None = None
) -> tuple[float, float]:
    """The least wall and the least CPU time of ``repeats`` runs."""
    runs = [timed(argv, env) for _ in range(repeats)]
    return min(w for w, _ in runs), min(c for _, c in runs)


#: The serial path before warm workers: ``prove`` forks a fresh worker for every step.
FORK_PER_STEP = (
    "from symkl.catalog import load\n"
    "from symkl.prover._timeout import warm_up\n"
    "from symkl.runner import verify_entry\n"
    "warm_up()\n"
    "[verify_entry(entry) for entry in load().entries]\n"
)


def bench_workers(repeats: int = 2) -> tuple[tuple[float, float], tuple[float, float]]:
    """(warm / fork-per-step, -j 2 / -j 1), each as (wall ratio, CPU ratio)."""
    verify = [sys.executable, "-m", "symkl", "verify", "--no-cache"]
    old = best_timed([sys.executable, "-c", FORK_PER_STEP], repeats)
    serial = best_timed([*verify, "-j", "1"], repeats)
    parallel = best_timed([*verify, "-j", "2"], repeats)
    for name, (wall, cpu) in (("fork per step", old), ("-j 1", serial), ("-j 2", parallel)):
        print(f"# verify --no-cache, {name}: wall {wall:.1f} s, CPU {cpu:.1f} s")
    return (
        (serial[0] / old[0], serial[1] / old[1]),
        (parallel[0] / serial[0], parallel[1] / serial[1]),
    )


def main() -> None:
    print(f"help: {bench_help():.2f}")
    print(f"warm-cache: {bench_warm_cache():.1f}")
    warm, jobs = bench_workers()
    print(f"warm-workers: wall {warm[0]:.2f}, CPU {warm[1]:.2f}")
    print(f"jobs-2: wall {jobs[0]:.2f}, CPU {jobs[1]:.2f}")


if __name__ == "__main__":
    main()
