"""Benchmarks of the command line, as ratios against baselines measured in the same run.

    python bench/bench_cli.py

help: time of ``symkl --help`` / time of ``python -c "import sympy"`` (target ≤ 0.5).
warm-cache: cold-cache ``symkl verify`` of the built-in catalog / the same run with a warm cache
(target ≥ 10).
"""

from __future__ import annotations

import os
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


def main() -> None:
    print(f"help: {bench_help():.2f}")
    print(f"warm-cache: {bench_warm_cache():.1f}")


if __name__ == "__main__":
    main()
