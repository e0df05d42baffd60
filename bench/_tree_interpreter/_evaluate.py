"""An interpreter for SymPy trees with the conventions of information theory.

``lambdify`` would print ``0*log(0)`` as ``nan``; here a product with an exactly-zero factor is
zero (0·log 0 = 0, 0·∞ = 0), log 0 = −∞ and c/0 = +∞. Two back ends share the walk: NumPy
(vectorised over many samples at once) and mpmath (one point, at high precision)::

    >>> evaluate(-p * sympy.log(p), {p: numpy.array([0.0, 0.5])}, Backend.NUMPY)
    array([0.        , 0.34657359])

Measures, sums and integrals are evaluated by :mod:`._outcomes`; complex values follow SymPy's
principal branches (log(−1) = πi, (−8)^(1/3) complex), so identities that hold only for positive
arguments are caught rather than skipped.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any

import mpmath
import numpy as np
import sympy

from symkl.distributions import Distribution
from symkl.measures import Measure

__all__ = ["RULES", "Backend", "evaluate"]

#: The rules for measures, sums and integrals, installed by ``._outcomes`` when the package is
#: imported (they call back into :func:`evaluate`: a hook, so the modules form no import circle).
RULES: dict[str, Callable[..., Any]] = {}


class Backend(enum.Enum):
    NUMPY = "numpy"
    MPMATH = "mpmath"


def _number(value: sympy.Expr, backend: Backend) -> Any:
    if value is sympy.oo:
        return np.inf if backend is Backend.NUMPY else mpmath.inf
    if value is sympy.S.NegativeInfinity:
        return -np.inf if backend is Backend.NUMPY else -mpmath.inf
    if value in (sympy.zoo, sympy.nan):
        return np.nan if backend is Backend.NUMPY else mpmath.nan
    if backend is Backend.NUMPY:
        return complex(value) if value.is_real is False else float(value)
    if value.is_real is False:
        return mpmath.mpc(complex(sympy.N(value, mpmath.mp.dps + 10)))
    return mpmath.mpf(str(sympy.N(value, mpmath.mp.dps + 10)))


def _regularized_betainc(a: Any, b: Any, x1: Any, x2: Any) -> Any:
    return mpmath.betainc(a, b, x1, x2, regularized=True)


#: SymPy's mpmath translation of betainc_regularized drops regularized=True, so lambdified
#: code would give the unregularised integral: a wrong "confirmed at 50 digits" value.
_MPMATH_FIXES: dict[str, Callable[..., Any]] = {"betainc_regularized": _regularized_betainc}


def _fallback(node: sympy.Expr, backend: Backend) -> Callable[..., Any]:
    symbols = sorted(node.free_symbols, key=str)
    if backend is Backend.MPMATH:
        return lambda env: sympy.lambdify(symbols, node, modules=[_MPMATH_FIXES, "mpmath"])(
            *(env[s] for s in symbols)
        )
    try:
        import scipy.special  # noqa: F401  # only to decide which module lambdify may use

        modules: list[Any] = ["scipy", "numpy"]
    except ImportError:
        # scipy is optional: special functions come from mpmath, element by element. "mpmath"
        # itself must not be listed, or lambdify prints scalar code (if/else for Piecewise).
        modules = [_mpmath_special_functions(), "numpy"]
    f = sympy.lambdify(symbols, node, modules=modules)
    return lambda env: f(*(env[s] for s in symbols))


def _mpmath_special_functions() -> dict[str, Callable[..., Any]]:
    def vectorised(fn: Callable[..., Any]) -> Callable[..., Any]:
        return np.vectorize(lambda *args: float(fn(*args)), otypes=[float])

    return {
        "beta": vectorised(mpmath.beta),
        "digamma": vectorised(mpmath.digamma),
        "erf": vectorised(mpmath.erf),
        "erfc": vectorised(mpmath.erfc),
        "gamma": vectorised(mpmath.gamma),
        "loggamma": vectorised(mpmath.loggamma),
        "polygamma": vectorised(mpmath.polygamma),
        "zeta": vectorised(mpmath.zeta),
    }


def _np_mul(values: list[Any]) -> Any:
    zero = np.zeros(np.broadcast(*[np.asarray(v) for v in values]).shape, dtype=bool)
    product: Any = 1.0
    for v in values:
        zero = zero | (np.asarray(v) == 0)
        product = product * v
    result = np.where(zero, 0.0, product)
    return result[()] if result.shape == () else result


def _np_pow(base: Any, exponent: Any) -> Any:
    base_arr, exp_arr = np.asarray(base), np.asarray(exponent)
    integral = np.isrealobj(exp_arr) and bool(np.all(exp_arr == np.round(exp_arr)))
    if np.iscomplexobj(base_arr) or np.iscomplexobj(exp_arr):
        base_arr = base_arr.astype(complex)
    elif not integral and np.any(base_arr < 0):
        base_arr = base_arr.astype(complex)  # principal branch, as SymPy: (−8)^(1/3) is complex
    else:
        base_arr = base_arr.astype(float)
    result = np.where((base_arr == 0) & (np.real(exp_arr) < 0), np.inf, np.power(base_arr, exp_arr))
    return result[()] if result.shape == () else result


def _np_log(value: Any) -> Any:
    arr = np.asarray(value)
    # Principal branch off the positive axis, so identities that only hold for positive
    # arguments are caught (log(−1) = πi), not silently skipped as nan.
    if np.isrealobj(arr) and np.any(arr < 0):
        arr = arr.astype(complex)
    return np.log(arr)


def _mp_pow(base: Any, exponent: Any) -> Any:
    if base == 0 and mpmath.re(exponent) < 0:
        return mpmath.inf
    return mpmath.power(base, exponent)


def evaluate(expr: sympy.Expr, env: Mapping[sympy.Basic, Any], backend: Backend) -> Any:
    """Evaluate ``expr`` with ``env`` (symbol → value or NumPy array) under 0·log 0 = 0."""
    memo: dict[sympy.Basic, Any] = {}
    np_backend = backend is Backend.NUMPY

    def walk(node: sympy.Basic) -> Any:
        if node in env:
            return env[node]
        if node in memo:
            return memo[node]
        if isinstance(node, sympy.Indexed):  # its free symbols include itself: never recurse
            raise NotImplementedError(f"no value for {node}")
        result: Any
        if (
            node.is_Number
            or node.is_NumberSymbol
            or node in (sympy.oo, sympy.zoo, sympy.nan)
            or node is sympy.S.NegativeInfinity
            or node is sympy.S.ImaginaryUnit
        ):
            result = _number(node, backend)
        elif isinstance(node, sympy.Symbol):
            raise NotImplementedError(f"no value for {node}")
        elif isinstance(node, sympy.Add):
            values = [walk(a) for a in node.args]
            result = values[0]
            for v in values[1:]:
                result = result + v
        elif isinstance(node, sympy.Mul):
            values = [walk(a) for a in node.args]
            if np_backend:
                result = _np_mul(values)
            elif any(v == 0 for v in values):
                result = mpmath.mpf(0)
            else:
                result = mpmath.fprod(values)
        elif isinstance(node, sympy.Pow):
            base, exponent = walk(node.base), walk(node.exp)
            result = _np_pow(base, exponent) if np_backend else _mp_pow(base, exponent)
        elif isinstance(node, sympy.log):
            if len(node.args) > 1:
                raise NotImplementedError("two-argument log")
            value = walk(node.args[0])
            result = _np_log(value) if np_backend else mpmath.log(value)
        elif isinstance(node, sympy.exp):
            value = walk(node.args[0])
            result = np.exp(value) if np_backend else mpmath.exp(value)
        elif isinstance(node, sympy.Abs):
            value = walk(node.args[0])
            result = np.abs(value) if np_backend else abs(value)
        elif isinstance(node, Measure):
            result = RULES["measure"](node, walk, env, backend)
        elif isinstance(node, sympy.Sum):
            result = RULES["series"](node, {s: walk(s) for s in node.free_symbols}, backend)
        elif isinstance(node, sympy.Integral):
            result = RULES["integral"](node, {s: walk(s) for s in node.free_symbols}, backend)
        elif isinstance(node, Distribution):
            raise NotImplementedError(f"no value for {node}")
        else:
            # Distribution atoms (a pmf inside ceiling(...)) become symbols lambdify can print.
            atoms = {a: sympy.Dummy() for a in node.atoms(Distribution)}
            plain = node.xreplace(atoms)
            bound = {d: walk(a) for a, d in atoms.items()}
            bound.update({s: walk(s) for s in plain.free_symbols if s not in bound})
            result = _fallback(plain, backend)(bound)
        memo[node] = result
        return result

    if np_backend:
        with np.errstate(all="ignore"):
            return walk(expr)
    return walk(expr)
