"""Baseline for bench/bench_spot_check.py: the first release's tree interpreter (bench only).

``lambdify`` would print ``0*log(0)`` as ``nan``; here a product with an exactly-zero factor is
zero (0·log 0 = 0, 0·∞ = 0), log 0 = −∞ and c/0 = +∞. Two back ends share the walk: NumPy
(vectorised over many samples at once) and mpmath (one point, at high precision)::

    >>> evaluate(-p * sympy.log(p), {p: numpy.array([0.0, 0.5])}, Backend.NUMPY)
    array([0.        , 0.34657359])
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import Any

import mpmath
import numpy as np
import sympy

from symkl._quadrature import STEP, integrate_samples, nodes_and_weights
from symkl.distributions import Kind
from symkl.measures import Measure, OutcomeSum, distributions_in

__all__ = ["Backend", "evaluate"]


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
    return mpmath.mpf(str(sympy.N(value, mpmath.mp.dps + 10)))


def _fallback(node: sympy.Expr, backend: Backend) -> Callable[..., Any]:
    symbols = sorted(node.free_symbols, key=str)
    if backend is Backend.MPMATH:
        return lambda env: sympy.lambdify(symbols, node, modules="mpmath")(
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


def _quad(node: sympy.Integral, env: Mapping[sympy.Basic, Any], backend: Backend) -> Any:
    (var, lo, hi), *rest = node.limits
    if rest:
        raise NotImplementedError("only single integrals are evaluated numerically")
    params = sorted(node.function.free_symbols - {var}, key=str)
    integrand = sympy.lambdify([var, *params], node.function, modules="mpmath")
    lo_f = sympy.lambdify(params, lo, modules="mpmath")
    hi_f = sympy.lambdify(params, hi, modules="mpmath")

    def one(values: list[Any]) -> Any:
        args = [mpmath.mpf(v) if not isinstance(v, mpmath.mpf) else v for v in values]
        a, b = lo_f(*args), hi_f(*args)

        def f(x: Any) -> Any:
            y = integrand(x, *args)
            return 0 if y == 0 else y

        # An estimate short of the working precision (an endpoint singularity such as Beta's
        # x^(a-1) with a < 1) must not confirm a counterexample, and mpmath's own error estimate
        # can be optimistic there: a second estimate on a split interval must agree, else nan.
        value = mpmath.quad(f, [a, b])
        if mpmath.isinf(a) and mpmath.isinf(b):
            split = [a, 0, b]
        elif mpmath.isinf(b):
            split = [a, a + 1, b]
        elif mpmath.isinf(a):
            split = [a, b - 1, b]
        else:
            split = [a, (a + b) / 2, b]
        check = mpmath.quad(f, split)
        if abs(value - check) > mpmath.mpf(10) ** (-(2 * mpmath.mp.dps) // 3) * (1 + abs(value)):
            return mpmath.nan
        return value

    if backend is Backend.MPMATH:
        return one([env[p] for p in params])
    columns = [np.broadcast_to(np.asarray(env[p], dtype=float), _shape(env)) for p in params]
    size = int(np.prod(_shape(env))) if _shape(env) else 1
    out = np.empty(size)
    with mpmath.workdps(15):
        for k in range(size):
            try:
                out[k] = float(one([float(c.reshape(-1)[k]) for c in columns]))
            except (ValueError, ZeroDivisionError, TypeError):
                out[k] = np.nan
    return out.reshape(_shape(env)) if _shape(env) else out[0]


def _shape(env: Mapping[sympy.Basic, Any]) -> tuple[int, ...]:
    for value in env.values():
        if isinstance(value, np.ndarray):
            return tuple(value.shape)
    return ()


#: Relative disagreement between two quadrature step sizes above which a sample is unusable.
QUADRATURE_AGREEMENT = 1e-8


def _integrate_vectorised(
    node: OutcomeSum, walk: Callable[[sympy.Basic], Any], env: Mapping[sympy.Basic, Any]
) -> Any:
    """∫ summand dx for every sample at once on fixed double-exponential nodes."""
    support = node.support
    var = support.variable
    assert var is not None
    assert support.lower is not None
    assert support.upper is not None
    integrand = node.summand.xreplace({d: d.value_at(var) for d in distributions_in(node.summand)})
    # log(pdf) of exponential families expands to a polynomial: stabler far in the tails.
    integrand = sympy.expand_log(integrand, deep=True, force=False)
    lo, hi = walk(support.lower), walk(support.upper)
    estimates = []
    for step in (2 * STEP, STEP):
        x, w = nodes_and_weights(lo, hi, step)
        local = {s: (v[..., None] if isinstance(v, np.ndarray) else v) for s, v in env.items()}
        local[var] = x
        values = evaluate(integrand, local, Backend.NUMPY)
        estimates.append(integrate_samples(np.asarray(values, dtype=float), w))
    coarse, fine = estimates
    with np.errstate(invalid="ignore"):
        spread = np.abs(fine - coarse) / (1 + np.abs(fine))
    return np.where(
        (spread <= QUADRATURE_AGREEMENT) | (np.isinf(fine) & (fine == coarse)), fine, np.nan
    )


def _sum_numeric(
    node: sympy.Sum,
    walk: Callable[[sympy.Basic], Any],
    env: Mapping[sympy.Basic, Any],
    backend: Backend,
) -> Any:
    """A Sum with numeric bounds: explicit when finite, mpmath.nsum per sample when infinite."""
    (k, lo, hi), *rest = node.limits
    if rest or not (lo.is_number and hi.is_number):
        raise NotImplementedError(f"cannot evaluate {node} numerically")
    if hi.is_finite and lo.is_finite and int(hi) - int(lo) <= 100_000:
        terms = [node.function.xreplace({k: sympy.Integer(j)}) for j in range(int(lo), int(hi) + 1)]
        return walk(sympy.Add(*terms)) if terms else 0.0
    params = sorted(node.function.free_symbols - {k}, key=str)
    term = sympy.lambdify([k, *params], node.function, modules="mpmath")
    start = int(lo)

    def one(values: list[Any]) -> Any:
        return mpmath.nsum(lambda j: term(j, *values), [start, mpmath.inf])

    if backend is Backend.MPMATH:
        return one([env[p] for p in params])
    shape = _shape(env)
    size = int(np.prod(shape)) if shape else 1
    columns = [np.broadcast_to(np.asarray(env[p], dtype=float), shape).reshape(-1) for p in params]
    out = np.array([float(one([mpmath.mpf(float(c[i])) for c in columns])) for i in range(size)])
    return out.reshape(shape) if shape else out[0]


def _measure(
    node: Measure,
    walk: Callable[[sympy.Basic], Any],
    env: Mapping[sympy.Basic, Any],
    backend: Backend,
) -> Any:
    """A measure evaluated outcome by outcome: vectorised over the outcomes for explicit n."""
    if not isinstance(node, OutcomeSum):
        return walk(node.definition())
    support = node.support
    if support.size is None:
        if support.kind is Kind.CONTINUOUS and backend is Backend.NUMPY:
            return _integrate_vectorised(node, walk, env)
        return walk(node.unfold())
    atoms = distributions_in(node.summand)
    if backend is Backend.MPMATH:
        terms = []
        for k in range(1, support.size + 1):
            local = dict(env)
            local.update({d: walk(d.value_at(k)) for d in atoms})
            terms.append(evaluate(node.summand, local, backend))
        return mpmath.fsum(terms)
    # Outcomes along a new last axis; every other value broadcasts against it.
    local = {s: (v[..., None] if isinstance(v, np.ndarray) else v) for s, v in env.items()}
    for d in atoms:
        columns = [np.asarray(walk(d.value_at(k)), dtype=float) for k in range(1, support.size + 1)]
        local[d] = np.stack(np.broadcast_arrays(*columns), axis=-1)
    values = evaluate(node.summand, local, backend)
    return np.sum(values, axis=-1)


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
        elif isinstance(node, sympy.Add):
            values = [walk(a) for a in node.args]
            result = values[0]
            for v in values[1:]:
                result = result + v
        elif isinstance(node, sympy.Mul):
            values = [walk(a) for a in node.args]
            if np_backend:
                zero = np.zeros(np.broadcast(*[np.asarray(v) for v in values]).shape, dtype=bool)
                product: Any = 1.0
                for v in values:
                    zero = zero | (np.asarray(v) == 0)
                    product = product * v
                result = np.where(zero, 0.0, product)
                if result.shape == ():
                    result = float(result)
            elif any(v == 0 for v in values):
                result = mpmath.mpf(0)
            else:
                result = mpmath.fprod(values)
        elif isinstance(node, sympy.Pow):
            base, exponent = walk(node.base), walk(node.exp)
            if np_backend:
                base_arr = np.asarray(base, dtype=float)
                result = np.where(
                    (base_arr == 0) & (np.asarray(exponent) < 0),
                    np.inf,
                    np.power(base_arr, exponent),
                )
                if result.shape == ():
                    result = float(result)
            elif base == 0 and exponent < 0:
                result = mpmath.inf
            else:
                result = mpmath.power(base, exponent)
        elif isinstance(node, sympy.log):
            value = walk(node.args[0])
            if len(node.args) > 1:
                raise NotImplementedError("two-argument log")
            if np_backend:
                arr = np.asarray(value)
                # Principal branch off the positive axis, so identities that only hold for
                # positive arguments are caught (log(−1) = πi), not silently skipped as nan.
                if np.isrealobj(arr) and np.any(arr < 0):
                    arr = arr.astype(complex)
                result = np.log(arr)
            else:
                result = mpmath.log(value)
        elif isinstance(node, sympy.exp):
            value = walk(node.args[0])
            result = np.exp(value) if np_backend else mpmath.exp(value)
        elif isinstance(node, sympy.Abs):
            value = walk(node.args[0])
            result = np.abs(value) if np_backend else abs(value)
        elif isinstance(node, Measure):
            result = _measure(node, walk, env, backend)
        elif isinstance(node, sympy.Sum):
            result = _sum_numeric(node, walk, {s: walk(s) for s in node.free_symbols}, backend)
        elif isinstance(node, sympy.Integral):
            result = _quad(node, {s: walk(s) for s in node.free_symbols}, backend)
        else:
            env_values = {s: walk(s) for s in node.free_symbols}
            result = _fallback(node, backend)(env_values)
        memo[node] = result
        return result

    if np_backend:
        with np.errstate(all="ignore"):
            return walk(expr)
    return walk(expr)
