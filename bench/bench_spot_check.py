"""Spot-check evaluation of the catalog's claims: today's evaluator against the first release's.

Run: ``python bench/bench_spot_check.py``. For every catalog claim (explicit instances at n = 3
for a symbolic n), both sides are evaluated over the same 200 sampled rows by the first release's
tree interpreter (``bench/_old_evaluate.py``, the baseline) and by ``symkl.numeric.evaluate``.
Prints ``name: value`` lines; ``ratio old/new`` > 1 means today's evaluator is faster. DESIGN's
target for a ``lambdify``-compiled evaluator is ≥ 10×.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import sympy

sys.path.insert(0, str(Path(__file__).parent))

import _old_evaluate as old

from symkl.catalog import load
from symkl.numeric import Backend, draw, evaluate, explicit_instance, plan_for, size_symbols
from symkl.prover import Goal
from symkl.relations import as_relation

ERRORS = (NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError, OverflowError)


def _time(fn: Any, expr: sympy.Expr, env: Any) -> float | None:
    start = time.perf_counter()
    try:
        fn(expr, env)
    except ERRORS:
        return None
    return time.perf_counter() - start


def main() -> None:
    total_old = total_new = 0.0
    compared = 0
    for entry in load().entries:
        relation = getattr(entry, "relation", None)
        if relation is None:
            continue
        try:
            rel = as_relation(Goal(relation, getattr(entry, "where", ())))
        except ERRORS:
            continue
        if size_symbols(rel):
            rel = explicit_instance(rel, 3)
        plan = plan_for(rel, None)
        env = draw(plan, np.random.default_rng(0), 200)
        if plan.variables and not (env and len(next(iter(env.values())))):
            continue
        difference = plan.lhs - plan.rhs
        t_old = _time(lambda e, v: old.evaluate(e, v, old.Backend.NUMPY), difference, env)
        t_new = _time(lambda e, v: evaluate(e, v, Backend.NUMPY), difference, env)
        if t_old is None or t_new is None:
            continue
        compared += 1
        total_old += t_old
        total_new += t_new
    print(f"claims compared: {compared}")
    print(f"old evaluator (s): {total_old:.2f}")
    print(f"new evaluator (s): {total_new:.2f}")
    print(f"ratio old/new: {total_old / total_new:.2f}")


if __name__ == "__main__":
    main()
