"""Benchmark: writing the whole catalog's reports (tex and md, no PDF) from verified results.

Prints ``name: value`` lines. The baseline, measured in the same process, is rendering the same
documents without writing them; the target is an absolute one: at most 5 s for the whole write.

    python bench/bench_report.py
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from symkl.catalog import load
from symkl.report import render_reports, write_reports
from symkl.runner import error_result, verify


def _best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    catalog = load()
    results = verify(catalog.entries) + [error_result(e) for e in catalog.errors]
    render_reports(results, catalog.entries)  # warm: templates compiled, figure numbers computed
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        render = _best_of(3, lambda: render_reports(results, catalog.entries))
        first = _best_of(1, lambda: write_reports(results, catalog.entries, out / "fresh"))
        again = _best_of(3, lambda: write_reports(results, catalog.entries, out / "fresh"))
    print(f"entries: {len(results)}")
    print(f"write_reports seconds (fresh folder): {first:.3f}")
    print(f"write_reports seconds (unchanged files): {again:.3f}")
    print(f"write_reports / target 5 s: {first / 5.0:.3f}")
    print(f"write_reports / render only: {first / render:.2f}")


if __name__ == "__main__":
    main()
