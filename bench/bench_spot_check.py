"""Spot-check evaluation of the catalog's claims: the compiled engine against tree interpreters.

Run: ``python bench/bench_spot_check.py``. For every catalog claim (explicit instances at n = 3
for a symbolic n), both sides are evaluated over the same 200 sampled rows by two baselines and
by ``symkl.numeric.evaluate``, which compiles each expression once:

* ``tree``: the tree interpreter the engine replaced (``bench/_tree_interpreter/``, same
  quadrature, series and support rules as the engine: the like-for-like baseline);
* ``first``: the first release's interpreter (``bench/_old_evaluate.py``), which does less work
  (no mass check, no kinks, no supports) and is kept for continuity.

"cold" times the engine's first call (compiling included, as in a fresh ``symkl verify``),
"warm" a second call on fresh rows. Times are CPU times of this process
(``time.process_time``), so other work on the machine does not blur the ratios. Prints
``name: value`` lines; a ratio > 1 means the engine is faster (issue target: tree / engine ≥ 10).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import sympy

sys.path.insert(0, str(Path(__file__).parent))

import _old_evaluate as old
import _tree_interpreter as tree

from symkl.catalog import load
from symkl.numeric import Backend, draw, evaluate, explicit_instance, plan_for, size_symbols
from symkl.numeric._compile import FALLBACKS
from symkl.prover import Goal
from symkl.relations import as_relation

ERRORS = (NotImplementedError, TypeError, ValueError, ZeroDivisionError, KeyError, OverflowError)


def _time(fn: Callable[[sympy.Expr, Any], Any], expr: sympy.Expr, env: Any) -> float | None:
    start = time.process_time()
    try:
        fn(expr, env)
    except ERRORS:
        return None
    return time.process_time() - start


def _new(expr: sympy.Expr, env: Any) -> Any:
    return evaluate(expr, env, Backend.NUMPY)


def _first(expr: sympy.Expr, env: Any) -> Any:
    return old.evaluate(expr, env, old.Backend.NUMPY)


def _tree(expr: sympy.Expr, env: Any) -> Any:
    return tree.evaluate(expr, env, tree.Backend.NUMPY)


def main() -> None:
    totals = {"first": 0.0, "tree": 0.0, "cold": 0.0, "warm": 0.0}
    compared = skipped = 0
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
        fresh = draw(plan, np.random.default_rng(1), 200)
        if plan.variables and not (env and len(next(iter(env.values())))):
            continue
        difference = plan.lhs - plan.rhs
        times = {
            "first": _time(_first, difference, env),
            "tree": _time(_tree, difference, env),
            "cold": _time(_new, difference, env),
            "warm": _time(_new, difference, fresh),
        }
        if any(t is None for t in times.values()):
            skipped += 1
            continue
        compared += 1
        for key, t in times.items():
            totals[key] += t or 0.0
    print(f"claims compared: {compared} (skipped: {skipped}, unevaluable by one of them)")
    print(f"expressions on the per-sample mpmath fallback: {sum(FALLBACKS.values())}")
    print(f"tree interpreter (s): {totals['tree']:.2f}")
    print(f"first release's interpreter (s): {totals['first']:.2f}")
    print(f"engine, cold: compile + evaluate (s): {totals['cold']:.2f}")
    print(f"engine, warm: evaluate (s): {totals['warm']:.3f}")
    for base in ("tree", "first"):
        for run in ("cold", "warm"):
            print(f"ratio {base}/engine {run}: {totals[base] / totals[run]:.1f}")


if __name__ == "__main__":
    main()
