"""Every family's entropy and KL against 50-digit mpmath on the user's numeric paths.

Prints one ``name: value`` line per family/form with the worst relative error of
``N(measure.doit())``, of ``sympy.lambdify`` (SciPy then NumPy) and of
``symkl.numeric.array_function`` over the points in ``tests/_precision_cases.py``, and the slowest
``.doit()`` + ``N()``; then the same for KL between nearly equal parameters and for parameters up
to 1e12 (``tests/_near_equal_cases.py``) and the newer families' KLs at extreme parameters
(``tests/_extreme_cases.py``), where the slowest ``.doit()`` is also timed with exact
(integer or rational) parameters. Run ``python bench/precision_sweep.py [family ...]``.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import sympy

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from _extreme_cases import EXTREME
from _near_equal_cases import LARGE, NEAR_EQUAL
from _precision_cases import CASES, Case, reference, relative_error, symbols_for

from symkl.numeric import array_function


def _doit_value(case: Case, point: tuple[float, ...], exact: bool = False) -> float:
    values = [
        sympy.Integer(int(v)) if d == "count" else (sympy.nsimplify(v) if exact else sympy.Float(v))
        for v, d in zip(point, case.domains, strict=True)
    ]
    return float(sympy.N(case.build(*values).doit()))


def _compiled(case: Case) -> dict[str, Any]:
    if "count" in case.domains:
        return {}
    symbols = symbols_for(case)
    form = case.build(*symbols).doit()
    return {
        "lambdify": sympy.lambdify(symbols, form, modules=["scipy", "numpy"]),
        "array_function": array_function(symbols, form),
    }


def sweep(case: Case) -> tuple[dict[str, float], float]:
    """The worst relative error per path and the slowest .doit() (seconds) of one case."""
    worst = {"doit": 0.0, "lambdify": 0.0, "array_function": 0.0}
    slowest = 0.0
    compiled = _compiled(case)
    for point in case.points + case.slow_points:
        expected = reference(case, point)
        start = time.perf_counter()
        value = _doit_value(case, point)
        slowest = max(slowest, time.perf_counter() - start)
        if case in LARGE:  # the exact parameters' path (kept unevaluated, then N())
            start = time.perf_counter()
            _doit_value(case, point, exact=True)
            slowest = max(slowest, time.perf_counter() - start)
        errors = {"doit": relative_error(value, expected)}
        for key, fn in compiled.items():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                errors[key] = relative_error(float(np.real(fn(*point))), expected)
        for key, error in errors.items():
            worst[key] = error if not error <= worst[key] else worst[key]  # nan sticks
    return worst, slowest


def main(names: list[str]) -> None:
    for case in CASES + NEAR_EQUAL + LARGE + EXTREME:
        if names and not any(n in case.name for n in names):
            continue
        worst, slowest = sweep(case)
        errors = "  ".join(f"{k} {v:.1e}" for k, v in worst.items())
        print(f"{case.name}: {errors}  slowest doit {slowest:.3f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
