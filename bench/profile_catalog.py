"""Profile the whole catalog in one process: every step proved in-process, no cache.

Run: ``python -m cProfile -o catalog.prof bench/profile_catalog.py [NAME ...]`` and read the
profile with ``pstats``. Prints each entry's verdicts and seconds, slowest last, then the total.
Optional names restrict the run to those entries.
"""

from __future__ import annotations

import math
import sys
import time

from symkl._results import entry_goals
from symkl.catalog import load
from symkl.prover import prove


def main(names: list[str]) -> None:
    timings: list[tuple[float, str, str]] = []
    for entry in load().entries:
        if names and entry.name not in names:
            continue
        start = time.perf_counter()
        verdicts = [
            prove(goal, timeout=math.inf, memory_limit=math.inf).verdict.value
            for goal in entry_goals(entry)
        ]
        timings.append((time.perf_counter() - start, entry.name, ",".join(verdicts)))
    for seconds, name, verdicts in sorted(timings):
        print(f"{seconds:8.2f}  {name:45s} {verdicts}")
    print(f"total: {sum(t for t, _, _ in timings):.1f} s over {len(timings)} entries")


if __name__ == "__main__":
    main(sys.argv[1:])
