"""Turning what a user passes into SymPy expressions without ever evaluating a string.

``sympy.sympify("...")`` runs ``eval`` on its argument, so a library entry point that sympifies
user input executes whatever code the string carries. Every entry point of symkl goes through
:func:`as_expression` instead, which accepts numbers and SymPy objects only::

    >>> as_expression("__import__('os')", "a log base")
    Traceback (most recent call last):
    ...
    symkl.errors.StringInputError: a log base must be a number or a SymPy expression, got the ...
"""

from __future__ import annotations

import sympy

from ._atoms import Distribution, Measure
from .errors import (
    AmbiguousSymbolError,
    InvalidBaseError,
    NotAnExpressionError,
    StringInputError,
    SymklError,
)

__all__ = [
    "as_expression",
    "check_base",
    "check_variable_clash",
    "describe_symbols",
    "plural",
    "reject_string",
    "show",
]

_CHECK_HINT = (
    "symkl never evaluates strings as Python: build the value with SymPy (e.g. "
    "sympy.Rational(1, 2) or sympy.Symbol('b', positive=True)), or type the whole claim as text "
    'with `symkl check "H(p, q) = H(p) + KL(p, q)"`'
)


def show(value: object) -> str:
    """The value as the user wrote it, for error messages (strings quoted, SymPy printed)."""
    if isinstance(value, sympy.Basic):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(show(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    return repr(value)


def plural(count: object, noun: str) -> str:
    """``"1 outcome"``, ``"2 outcomes"``, ``"n outcomes"``."""
    return f"{count} {noun}" if str(count) == "1" else f"{count} {noun}s"


def reject_string(value: object, what: str) -> None:
    """Raise :class:`StringInputError` when ``value`` is text (it would be evaluated by SymPy)."""
    if isinstance(value, (str, bytes, bytearray)):
        raise StringInputError(
            f"{what} must be a number or a SymPy expression, got the string {value!r}; "
            + _CHECK_HINT
        )


def as_expression(
    value: object,
    what: str,
    error: type[SymklError] = NotAnExpressionError,
    expected: str = "a number or a SymPy expression",
) -> sympy.Expr:
    """``value`` as a SymPy expression; strings and non-expressions raise, naming the value.

    >>> as_expression(0.5, "a probability")
    0.500000000000000
    """
    reject_string(value, what)
    try:
        # strict=True: numbers and objects SymPy knows only; never a string, never eval.
        expr = sympy.sympify(value, strict=True)
    except (sympy.SympifyError, TypeError, ValueError, AttributeError) as exc:
        raise error(f"{what} must be {expected}, got {show(value)}") from exc
    if not isinstance(expr, sympy.Expr):
        raise error(f"{what} must be {expected}, got {show(value)}")
    return expr


_BASE_EXPECTED = "a positive real number other than 1 (e.g. 2, 10, sympy.E or a positive Symbol)"


def check_base(value: object) -> sympy.Expr:
    """A logarithm base: a positive real ≠ 1, or a symbol that may be one (see :func:`base_facts`).

    >>> check_base(2)
    2
    """
    expr = as_expression(value, "a logarithm base", expected=_BASE_EXPECTED)
    if expr.has(Distribution, Measure):
        raise NotAnExpressionError(
            f"a logarithm base must be {_BASE_EXPECTED}, got {show(value)}, which is or contains "
            "a distribution"
        )
    shown = show(value)
    if expr.has(sympy.nan, sympy.zoo):
        raise InvalidBaseError(f"a logarithm base must be {_BASE_EXPECTED}, got {shown}")
    if expr.is_extended_real is False:
        raise InvalidBaseError(f"a logarithm base must be real, got {shown}")
    if expr.is_infinite:
        raise InvalidBaseError(f"a logarithm base must be finite, got {shown}")
    if expr.is_extended_positive is False:
        raise InvalidBaseError(f"a logarithm base must be positive, got {shown}")
    if (expr - 1).is_zero:
        raise InvalidBaseError(f"a logarithm base cannot be 1 (log 1 = 0), got {shown}")
    if expr.is_number and (expr.is_extended_positive is None or (expr - 1).is_zero is None):
        # A number SymPy cannot sign (e.g. an unsimplified 1): decide at 50 digits.
        approx = sympy.N(expr, 50)
        if not approx.is_real or not approx.is_finite or approx <= 0:
            raise InvalidBaseError(f"a logarithm base must be positive and finite, got {shown}")
        if abs(approx - 1) < sympy.Float(10) ** -40:
            raise InvalidBaseError(f"a logarithm base cannot be 1 (log 1 = 0), got {shown}")
    return expr


_SHOWN_ASSUMPTIONS = (
    "integer",
    "rational",
    "real",
    "complex",
    "positive",
    "nonnegative",
    "negative",
    "nonpositive",
    "nonzero",
    "finite",
)


def _declared(symbol: sympy.Symbol) -> str:
    declared = getattr(symbol, "_assumptions_orig", None) or symbol.assumptions0
    names = [k for k in _SHOWN_ASSUMPTIONS if declared.get(k) is True]
    names += sorted(
        k
        for k, v in declared.items()
        if v is True and k not in _SHOWN_ASSUMPTIONS and k != "commutative"
    )
    return f"{symbol} ({', '.join(names) if names else 'no assumptions'})"


def describe_symbols(a: sympy.Expr, b: sympy.Expr) -> tuple[str, str]:
    """``a`` and ``b`` as text; when they print alike, with the assumptions that tell them apart.

    >>> from sympy import Symbol
    >>> describe_symbols(Symbol("n", integer=True, positive=True), Symbol("n", integer=True))
    ('n (integer, positive)', 'n (integer)')
    """
    if str(a) != str(b) or a == b:
        return str(a), str(b)

    def text(expr: sympy.Expr) -> str:
        symbols = sorted(expr.free_symbols, key=str)
        if isinstance(expr, sympy.Symbol):
            return _declared(expr)
        named = [_declared(s) for s in symbols if isinstance(s, sympy.Symbol)]
        return f"{expr} with " + ", ".join(named)

    return text(a), text(b)


def check_variable_clash(expr: sympy.Basic, variable: sympy.Symbol | None, where: str) -> None:
    """Refuse a symbol that prints like ``variable`` but is another symbol (other assumptions).

    Two symbols named x cannot be told apart in printed formulas, counterexamples or generated
    code (``lambdify`` refuses them), so the user must pick one.
    """
    if variable is None:
        return
    clashes = [
        s
        for s in _free_outside(expr, Distribution)
        if isinstance(s, sympy.Symbol) and s.name == variable.name and s != variable
    ]
    if clashes:
        mine, theirs = describe_symbols(clashes[0], variable)
        raise AmbiguousSymbolError(
            f"{where} uses the symbol {mine}, which is not the outcome variable {theirs}; "
            f"write the outcome variable itself (the distribution's .support.variable) or "
            f"rename the other symbol"
        )


def _free_outside(expr: sympy.Basic, skip: type) -> set[sympy.Basic]:
    if isinstance(expr, skip):
        return set()
    if isinstance(expr, sympy.Symbol):
        return {expr}
    found: set[sympy.Basic] = set()
    for arg in expr.args:
        found |= _free_outside(arg, skip)
    return found
