"""The numeric engine: each SymPy expression compiled once by ``lambdify``, run on whole arrays.

Printed with the conventions of information theory: a product with an exactly-zero factor is
zero (0·log 0 = 0, 0·∞ = 0), log 0 = −∞, c/0 = +∞, and complex values follow SymPy's principal
branches (log(−1) = πi, (−8)^(1/3) complex), so identities that hold only for positive arguments
are caught rather than skipped. Two back ends: NumPy (every sample in one call) and mpmath (one
point, at the working precision, to confirm)::

    >>> p = sympy.Symbol("p")
    >>> evaluate(-p * sympy.log(p), {p: np.array([0.0, 0.5])}, Backend.NUMPY)
    array([0.        , 0.34657359])

Measures, sums and integrals are cut out of the expression and compiled by :mod:`._outcomes`
(their SymPy preparation also happens once). An expression NumPy cannot print is evaluated
sample by sample with the mpmath code instead; :data:`FALLBACKS` counts those expressions.
"""

from __future__ import annotations

import builtins
import collections
import dis
import enum
import functools
import importlib
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import mpmath
import numpy as np
import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.codeprinter import PrintMethodNotImplementedError
from sympy.printing.numpy import NumPyPrinter
from sympy.printing.pycode import MpmathPrinter
from sympy.utilities.lambdify import _imp_namespace

from ..distributions import Distribution
from ..measures import Measure
from ._guards import MPMATH_GUARDS
from ._shared import number_prefix, number_prologue, repeated_subtrees
from ._special import MPMATH_FIXES, NUMPY_FUNCTIONS

__all__ = [
    "FALLBACKS",
    "Backend",
    "Evaluator",
    "array_function",
    "compile_expr",
    "evaluate",
    "register_node_compiler",
]


class Backend(enum.Enum):
    NUMPY = "numpy"
    MPMATH = "mpmath"


#: A compiled expression: the values of its symbols (and distribution atoms) → its value.
Evaluator = Callable[[Mapping[sympy.Basic, Any]], Any]
#: Expressions NumPy could not print, evaluated sample by sample with mpmath instead.
FALLBACKS: collections.Counter[str] = collections.Counter()


def _no_node_compiler(node: sympy.Basic, backend: Backend) -> Evaluator:
    raise NotImplementedError(f"no numeric rule for {type(node).__name__}")


#: Compiles measures, sums and integrals; set by :mod:`._outcomes`, which compiles their parts
#: with :func:`compile_expr` (a hook rather than an import, so the two modules form no circle).
_node_compiler: Callable[[sympy.Basic, Backend], Evaluator] = _no_node_compiler


def register_node_compiler(fn: Callable[[sympy.Basic, Backend], Evaluator]) -> None:
    """Install the compiler of measures, sums and integrals (done once by :mod:`._outcomes`)."""
    global _node_compiler
    _node_compiler = fn
    _compiled.cache_clear()


def _zmul(*values: Any) -> Any:
    product = values[0]
    for k, v in enumerate(values[1:]):
        # After the first product the array is ours: multiply into it (the same values, one
        # large temporary fewer per factor) unless the factor widens its dtype or shape.
        if (
            k
            and isinstance(product, np.ndarray)
            and np.result_type(product, v) == product.dtype
            and np.broadcast_shapes(product.shape, np.shape(v)) == product.shape
        ):
            product *= v
        else:
            product = product * v
    bad = np.isnan(product)
    # Without a nan no factor was 0 against ∞ (or nan): the product already keeps 0·x = 0.
    if not bad.any():
        return product
    if np.ndim(product) == 0:
        return 0.0 if any(np.asarray(v) == 0 for v in values) else product
    where = np.flatnonzero(bad)  # usually few: look for zero factors only there
    zero = np.zeros(where.size, dtype=bool)
    for v in values:
        arr = np.asarray(v)
        zero |= (
            (arr == 0) if arr.ndim == 0 else np.broadcast_to(arr, product.shape).flat[where] == 0
        )
    product.flat[where[zero]] = 0.0
    return product


def _zpow(base: Any, exponent: Any) -> Any:
    base_arr, exp_arr = np.asarray(base), np.asarray(exponent)
    if base_arr.dtype.kind == "f" and exp_arr.dtype.kind in "fiu":
        negative = base_arr < 0
        if not negative.any() or bool(np.all(exp_arr == np.round(exp_arr))):
            result = np.power(base_arr, exp_arr)
            zero = base_arr == 0
            if zero.any():  # 1/0 is +∞ whatever the sign of the zero
                result = np.where(zero & (exp_arr < 0), np.inf, result)
            return result[()] if np.ndim(result) == 0 else result
    integral = np.isrealobj(exp_arr) and bool(np.all(exp_arr == np.round(exp_arr)))
    if np.iscomplexobj(base_arr) or np.iscomplexobj(exp_arr):
        base_arr = base_arr.astype(complex)
    elif not integral and np.any(base_arr < 0):
        base_arr = base_arr.astype(complex)  # principal branch, as SymPy: (−8)^(1/3) is complex
    else:
        base_arr = base_arr.astype(float)
    result = np.where((base_arr == 0) & (np.real(exp_arr) < 0), np.inf, np.power(base_arr, exp_arr))
    return result[()] if result.shape == () else result


def _zlog(value: Any) -> Any:
    arr = np.asarray(value)
    # Principal branch off the positive axis, so identities that only hold for positive
    # arguments are caught (log(−1) = πi), not silently skipped as nan.
    if np.isrealobj(arr) and np.any(arr < 0):
        arr = arr.astype(complex)
    return np.log(arr)


def _mp_mul(*values: Any) -> Any:
    product = values[0]
    for v in values[1:]:
        product = product * v
    # As in NumPy: only a nan product can hide a zero factor against ∞.
    if product != product and any(v == 0 for v in values):
        return mpmath.mpf(0)
    return product


def _mp_pow(base: Any, exponent: Any) -> Any:
    if base == 0 and mpmath.re(exponent) < 0:
        return mpmath.inf
    if isinstance(exponent, int):
        return base**exponent
    return mpmath.power(base, exponent)


class _Named:
    """Printing of the generated function's arguments: any subtree given a name (a symbol, a
    measure cut out, a hoisted part) prints as that name, so no SymPy rebuilding is needed."""

    names: dict[sympy.Basic, str]

    def _print(self, expr: Any, **kwargs: Any) -> str:
        name = self.names.get(expr) if isinstance(expr, sympy.Basic) else None
        return name if name is not None else super()._print(expr, **kwargs)  # type: ignore[misc]


class _ArrayPrinter(_Named, NumPyPrinter):
    """NumPy code with the conventions: products, powers and logs through the helpers above."""

    def _print_Mul(self, expr: sympy.Mul) -> str:
        constant, factors = expr.as_coeff_mul()
        if constant == -1 and len(factors) == 1:
            # −x (every subtraction): −1·x is never 0 against ∞, so _zmul would return −1·x,
            # which is −x exactly; one pass instead of a product, a nan scan and its check.
            return f"(-({self._print(factors[0])}))"
        if not (constant.is_finite and constant.is_positive):
            constant, factors = sympy.S.One, expr.args
        printed = [self._print(f) for f in factors]
        body = printed[0] if len(printed) == 1 else f"_zmul({', '.join(printed)})"
        # A finite positive constant cannot turn 0·∞ into anything but 0·∞: keep it outside.
        return body if constant == 1 else f"({self._print(constant)})*({body})"

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        base, exponent = self._print(expr.base), self._print(expr.exp)
        if expr.exp.is_Integer and expr.exp > 0:
            return f"({base})**{exponent}"
        return f"_zpow({base}, {exponent})"

    def _print_log(self, expr: sympy.log) -> str:
        return f"_zlog({self._print(expr.args[0])})"

    def _print_lowergamma(self, expr: sympy.Basic) -> str:
        return f"lowergamma({', '.join(self._print(a) for a in expr.args)})"

    def _print_uppergamma(self, expr: sympy.Basic) -> str:
        return f"uppergamma({', '.join(self._print(a) for a in expr.args)})"

    def _print_ComplexInfinity(self, expr: sympy.Basic) -> str:
        return "nan"

    def _print_And(self, expr: sympy.Basic) -> str:
        # Pairwise, not ``logical_and.reduce((…))``, which needs every operand in one shape: a
        # condition on the outcome k beside one on a parameter p broadcasts only pairwise.
        return functools.reduce(lambda a, b: f"logical_and({a}, {b})", map(self._print, expr.args))

    def _print_Or(self, expr: sympy.Basic) -> str:
        return functools.reduce(lambda a, b: f"logical_or({a}, {b})", map(self._print, expr.args))

    def _print_KroneckerDelta(self, expr: sympy.Basic) -> str:
        # SymPy prints ``(1 if a == b else 0)``, which an array cannot answer: every sample of a
        # claim with a KroneckerDelta was unusable (no evidence, even at the off-by-one point).
        a, b = (self._print(arg) for arg in expr.args)
        return f"where(equal({a}, {b}), 1.0, 0.0)"


class _PointPrinter(_Named, MpmathPrinter):
    """mpmath code with the same conventions, at whatever precision is current when it runs."""

    def _print_Mul(self, expr: sympy.Mul) -> str:
        prefix = number_prefix(expr)
        name = self.names.get(prefix) if prefix is not None else None
        if name is not None and prefix is not None:  # its number factors, computed once
            rest = expr.args[len(prefix.args) :]
            return f"_mp_mul({', '.join([name, *(self._print(a) for a in rest)])})"
        return f"_mp_mul({', '.join(self._print(a) for a in expr.args)})"

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        return f"_mp_pow({self._print(expr.base)}, {self._print(expr.exp)})"

    def _print_ComplexInfinity(self, expr: sympy.Basic) -> str:
        return "nan"

    def _print_TribonacciConstant(self, expr: sympy.Basic) -> str:
        # SymPy prints a fixed 59-bit value; this is the root of t³ = t² + t + 1 at the precision
        return "((1 + cbrt(19 + 3*sqrt(33)) + cbrt(19 - 3*sqrt(33)))/3)"


_SETTINGS = {"fully_qualified_modules": False, "inline": True, "allow_unknown_functions": True}
_NAMESPACES: dict[Backend, dict[str, Any]] = {
    Backend.NUMPY: {
        **np.__dict__, "reduce": functools.reduce, "abs": abs,
        **NUMPY_FUNCTIONS, "_zmul": _zmul, "_zpow": _zpow, "_zlog": _zlog,
    },
    Backend.MPMATH: {
        **mpmath.__dict__, "mpmath": mpmath, "abs": abs,
        **MPMATH_FIXES, "_mp_mul": _mp_mul, "_mp_pow": _mp_pow,
        **MPMATH_GUARDS,
    },
}  # fmt: skip


def _on_mp_numbers(function: Callable[..., Any]) -> Callable[..., Any]:
    """An ``_imp_`` called with mpmath numbers: an Integer argument prints as a Python int, which
    the closed-form nodes (PoissonEntropy(2), BetaDivergence(2, 1, 3, 1)) would take to their
    double-precision branch on the 50-digit back end."""

    def call(*args: Any) -> Any:
        return function(
            *(mpmath.mpf(a) if type(a) in (int, float) else a for a in args)  # not bool
        )

    return call


def _codegen(
    args: list[sympy.Basic], expr: sympy.Basic, backend: Backend, constants: bool = True
) -> Callable[..., Any]:
    """A Python function of ``args`` computing ``expr`` (what lambdify does, minus its costly
    substitution of every argument into the expression); ``constants``: the 50-digit numbers
    once per precision (:func:`number_prologue`), else inline."""
    printer: Any = (_ArrayPrinter if backend is Backend.NUMPY else _PointPrinter)(dict(_SETTINGS))
    printer.names = {a: f"_a{k}" for k, a in enumerate(args)}
    signature = ", ".join(printer.names.values())
    lines = []
    if backend is Backend.MPMATH and constants:  # numbers (1/2, √2) once per precision
        lines.extend(number_prologue(expr, printer, signature))
    # A subtree met twice (the density in an integrand and in its mass) is computed once.
    for k, node in enumerate(repeated_subtrees(expr, printer.names, backend is Backend.MPMATH)):
        lines.append(f"    _c{k} = {printer.doprint(node)}\n")
        printer.names[node] = f"_c{k}"
    body = printer.doprint(expr)
    namespace = dict(_NAMESPACES[backend])
    namespace["_kcache"] = {}  # this function's numbers by precision
    # made at its first call: the inline code a prologue falls back to is rarely needed
    inline = functools.cache(lambda: _codegen(args, expr, backend, constants=False))
    namespace["_inline"] = lambda *values: inline()(*values)
    implementations = _imp_namespace(expr)  # functions that carry their own ``_imp_``
    if backend is Backend.MPMATH:
        implementations = {k: _on_mp_numbers(f) for k, f in implementations.items()}
    namespace.update(implementations)
    for module, keys in getattr(printer, "module_imports", {}).items():
        for key in keys:
            if key not in namespace:
                namespace[key] = getattr(importlib.import_module(module), key)
    source = f"def _generated({signature}):\n{''.join(lines)}    return {body}\n"
    code = compile(source, "<symkl-numeric>", "exec")
    inner = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    missing = {
        op.argval
        for op in dis.get_instructions(inner)
        if op.opname == "LOAD_GLOBAL" and op.argval not in namespace
        and not hasattr(builtins, op.argval)
    }  # fmt: skip
    if missing:  # a function the back end does not have (SymPy's Si in NumPy, say)
        raise PrintMethodNotImplementedError(f"{backend.value} has no {sorted(missing)}")
    exec(code, namespace)  # our own generated code
    generated: Callable[..., Any] = namespace["_generated"]
    return generated


def _inputs(expr: sympy.Basic, given: frozenset[sympy.Basic]) -> tuple[list[Any], list[Any]]:
    """The symbols of ``expr`` and its outermost measures, sums, integrals, distribution atoms
    and ``given`` subtrees (values looked up rather than computed here)."""
    symbols: list[sympy.Basic] = []
    holes: list[sympy.Basic] = []
    stack = [expr]
    seen: set[sympy.Basic] = set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        if node in given or isinstance(node, Distribution):
            symbols.append(node)
        elif isinstance(node, (Measure, sympy.Sum, sympy.Integral)):
            holes.append(node)
        elif isinstance(node, sympy.Indexed):
            raise NotImplementedError(f"no value for {node}")
        elif isinstance(node, AppliedUndef) and not hasattr(node, "_imp_"):
            raise NotImplementedError(f"{node.func} has no numeric implementation")
        elif isinstance(node, sympy.Symbol):
            symbols.append(node)
        else:
            stack.extend(a for a in node.args if isinstance(a, sympy.Basic))
    return sorted(symbols, key=str), holes


def _lookup(key: sympy.Basic) -> Evaluator:
    def value(env: Mapping[sympy.Basic, Any]) -> Any:
        try:
            return env[key]
        except KeyError:
            raise NotImplementedError(f"no value for {key}") from None

    return value


def _per_sample(f: Callable[..., Any]) -> Callable[..., Any]:
    """The mpmath code of an expression run sample by sample on (broadcast) arrays."""

    def one(*args: Any) -> Any:
        value = f(*(mpmath.mpc(a) if isinstance(a, complex) else mpmath.mpf(a) for a in args))
        return complex(value) if isinstance(value, mpmath.mpc) else float(value)

    def run(*args: Any) -> Any:
        if not args:
            return one()
        arrays = np.broadcast_arrays(*(np.asarray(a) for a in args))
        out = np.frompyfunc(one, len(arrays), 1)(*arrays)
        arr = np.asarray(out, dtype=object)
        kind = complex if any(isinstance(v, complex) for v in arr.flat) else float
        result = arr.astype(kind)
        return result[()] if result.shape == () else result

    return run


@functools.lru_cache(maxsize=8192)
def _compiled(
    expr: sympy.Basic, backend: Backend, given: frozenset[sympy.Basic] = frozenset()
) -> Evaluator | NotImplementedError:
    """The evaluator of ``expr``, or the reason it has none (cached too: asked again and again).
    Subtrees in ``given`` are read from the values like symbols (see :class:`Inner`)."""
    if isinstance(expr, (sympy.Symbol, Distribution)) or expr in given:
        return _lookup(expr)
    try:
        symbols, holes = _inputs(expr, given)
        parts = [*(_lookup(s) for s in symbols), *(_node_compiler(h, backend) for h in holes)]
    except NotImplementedError as exc:
        return exc
    try:
        f = _codegen([*symbols, *holes], expr, backend)
    except PrintMethodNotImplementedError:
        if backend is Backend.MPMATH:
            return NotImplementedError(f"cannot evaluate {expr} numerically")
        try:
            f = _per_sample(_codegen([*symbols, *holes], expr, Backend.MPMATH))
        except PrintMethodNotImplementedError:
            return NotImplementedError(f"cannot evaluate {expr} numerically")
        FALLBACKS[type(expr).__name__] += 1

    def run(env: Mapping[sympy.Basic, Any]) -> Any:
        return f(*(part(env) for part in parts))

    return run


def compile_expr(
    expr: sympy.Basic, backend: Backend, given: frozenset[sympy.Basic] = frozenset()
) -> Evaluator:
    """``expr`` compiled once (cached): call the result with the values of its symbols.

    Raises ``NotImplementedError`` when some part of ``expr`` has no numeric meaning here (an
    indexed entry, a sum with symbolic bounds)."""
    inner = _compiled(expr, backend, given)
    if isinstance(inner, NotImplementedError):
        raise NotImplementedError(*inner.args)
    if backend is Backend.MPMATH:
        return inner
    compiled = inner

    def run(env: Mapping[sympy.Basic, Any]) -> Any:
        with np.errstate(all="ignore"):
            return compiled(env)

    return run


def array_function(args: Sequence[sympy.Basic], expr: object) -> Callable[..., Any]:
    """``lambdify(args, expr)`` with the conventions (0·log 0 = 0, c/0 = +∞, principal branches)
    and the special functions of this engine: the stable way to evaluate a closed form on arrays.

    >>> p = sympy.Symbol("p")
    >>> float(array_function([p], -p * sympy.log(p) - (1 - p) * sympy.log(1 - p))(1.0))
    0.0
    """
    compiled = compile_expr(sympy.sympify(expr), Backend.NUMPY)
    symbols = tuple(args)

    def call(*values: Any) -> Any:
        return compiled(dict(zip(symbols, values, strict=True)))

    return call


def evaluate(expr: sympy.Expr, env: Mapping[sympy.Basic, Any], backend: Backend) -> Any:
    """Evaluate ``expr`` with ``env`` (symbol → value or NumPy array) under 0·log 0 = 0."""
    return compile_expr(sympy.sympify(expr), backend)(env)
