"""Reading one side of a ``symkl check`` claim: a Python syntax tree translated node by node.

>>> type(syntax_tree("2**n + 1").body.op).__name__
'Add'

:func:`ast.parse` only parses; nothing here evaluates text as Python. Before SymPy builds a number
the size is bounded (nodes, depth, exponents, bits of every exact number), so an absurd claim such
as ``10**10**10`` is a :class:`CheckSyntaxError` at once rather than a computation.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from typing import Any

import sympy

from ..errors import SymklError

__all__ = [
    "MAX_BITS",
    "MAX_CHARS",
    "MAX_DEPTH",
    "MAX_EXPONENT",
    "MAX_NODES",
    "MAX_NUMBER_CHARS",
    "Builder",
    "CheckSyntaxError",
    "syntax_tree",
]


class CheckSyntaxError(SymklError, ValueError):
    """Text that is not a claim in the ``symkl check`` grammar; the message quotes the problem."""


#: Limits on what a person types, checked before SymPy evaluates anything: a claim longer than
#: this, deeper or bigger, or with numbers this large, is a usage error, not a computation.
MAX_CHARS = 2000
MAX_NODES = 1000
MAX_DEPTH = 100
MAX_NUMBER_CHARS = 100
#: A numeric exponent beyond this would only make SymPy expand or print astronomically.
MAX_EXPONENT = 1000
#: Exact numbers SymPy would build (numerators, denominators) stay below this many bits.
MAX_BITS = 4096

_FUNCTIONS_WITH_BASE = {"H", "CE", "KL", "D", "I", "JS"}
_OPERATORS: dict[type, Any] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}
_NAMES_OF_SYNTAX = {
    ast.Attribute: "attribute access '.'",
    ast.Lambda: "lambda",
    ast.Compare: "a comparison inside a side",
    ast.BoolOp: "'and'/'or'",
    ast.IfExp: "'if'",
    ast.Starred: "'*' unpacking",
    ast.List: "a list",
    ast.Dict: "a dict",
    ast.Set: "a set",
    ast.JoinedStr: "a string",
    ast.NamedExpr: "':='",
}


def _bits(value: Any) -> int:
    """The most bits of any exact number (numerator or denominator) inside ``value``."""
    if not isinstance(value, sympy.Basic):
        return 0
    rationals = value.atoms(sympy.Rational)
    return max((max(abs(r.p).bit_length(), r.q.bit_length()) for r in rationals), default=0)


def _check_size(value: Any, side: str) -> Any:
    if _bits(value) > MAX_BITS:
        raise CheckSyntaxError(
            f"a number in {side!r} is too large (more than {MAX_BITS} bits); "
            "symkl check works with numbers of at most about 1200 digits"
        )
    return value


def _power(base: Any, exponent: Any, side: str) -> Any:
    """``base ** exponent``, refused when SymPy would build an astronomically large number."""
    if isinstance(exponent, sympy.Number):
        if not abs(exponent) <= MAX_EXPONENT:  # also catches nan
            raise CheckSyntaxError(
                f"exponent {exponent} in {side!r} is too large (at most {MAX_EXPONENT} in size)"
            )
        if max(_bits(base), 1) * abs(exponent) > MAX_BITS:
            raise CheckSyntaxError(
                f"{base}**{exponent} in {side!r} is too large (more than {MAX_BITS} bits)"
            )
    return _check_size(base**exponent, side)


class Builder:
    """Builds the SymPy expression of one side from its Python syntax tree, node by node.

    Nothing is evaluated as Python: each node type is translated by hand, and anything outside
    the grammar (attributes, lambdas, comprehensions, other names) is refused with its name.
    """

    def __init__(
        self,
        namespace: dict[str, Any],
        side: str,
        *,
        vocabulary: str,
        distributions: tuple[str, ...],
        index: Callable[[str, Any], Any],
    ) -> None:
        self.namespace = namespace
        self.side = side
        self.vocabulary = vocabulary
        self.distributions = distributions
        self.index = index

    def build(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return self.build(node.body)
        if isinstance(node, ast.Constant):
            return self._constant(node.value)
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.BinOp):
            left, right = self.build(node.left), self.build(node.right)
            if isinstance(node.op, ast.Pow):
                return _power(left, right, self.side)
            operator = _OPERATORS.get(type(node.op))
            if operator is None:
                raise CheckSyntaxError(
                    f"unsupported operator {type(node.op).__name__} in {self.side!r}; "
                    "use + - * / ** ^"
                )
            return _check_size(operator(left, right), self.side)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.build(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Subscript):
            return self._subscript(node)
        if isinstance(node, ast.Tuple):
            return tuple(self.build(element) for element in node.elts)
        what = _NAMES_OF_SYNTAX.get(type(node), type(node).__name__)
        raise CheckSyntaxError(f"unsupported syntax in {self.side!r}: {what}")

    def _constant(self, value: object) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float, complex)):
            raise CheckSyntaxError(f"unexpected {value!r} in {self.side!r}")
        if isinstance(value, complex):  # 2j: an imaginary number, as SymPy writes 2*I
            imag = value.imag
            exact = imag.is_integer() and abs(imag) < 2**53
            return sympy.I * (sympy.Integer(int(imag)) if exact else self._constant(imag))
        if isinstance(value, float):
            if not math.isfinite(value):
                raise CheckSyntaxError(f"number too large in {self.side!r}: {value!r}")
            return sympy.Float(repr(value))
        return _check_size(sympy.Integer(value), self.side)

    def _name(self, name: str) -> Any:
        if name not in self.namespace or name == "base":
            raise CheckSyntaxError(f"unknown name {name!r}; {self.vocabulary}")
        value = self.namespace[name]
        if callable(value) and not isinstance(value, sympy.Basic):
            raise CheckSyntaxError(f"{name} is a function: write {name}(...) in {self.side!r}")
        return value

    def _call(self, node: ast.Call) -> Any:
        if not isinstance(node.func, ast.Name) or not callable(self.namespace.get(node.func.id)):
            raise CheckSyntaxError(
                f"only the functions of the grammar can be called in {self.side!r}; "
                + self.vocabulary
            )
        name = node.func.id
        args = [self.build(arg) for arg in node.args]
        keywords = {}
        for keyword in node.keywords:
            if keyword.arg != "base" or name not in _FUNCTIONS_WITH_BASE:
                shown = "**" if keyword.arg is None else f"{keyword.arg}="
                raise CheckSyntaxError(
                    f"unexpected {shown} in {name}(...) in {self.side!r}; "
                    "only H, CE, KL, D, I and JS take base="
                )
            if "base" in keywords:
                raise CheckSyntaxError(f"base= given twice in {name}(...) in {self.side!r}")
            keywords["base"] = self.build(keyword.value)
        return _check_size(self.namespace[name](*args, **keywords), self.side)

    def _subscript(self, node: ast.Subscript) -> Any:
        target = node.value
        if not isinstance(target, ast.Name) or target.id not in self.distributions:
            raise CheckSyntaxError(f"only a distribution can be indexed, as p[i], in {self.side!r}")
        if target.id not in self.namespace:
            raise CheckSyntaxError(f"unknown name {target.id!r}; {self.vocabulary}")
        index = self.build(node.slice)
        return self.index(target.id, index)


def syntax_tree(side: str) -> ast.Expression:
    try:
        tree = ast.parse(side.strip(), mode="eval")
    except SyntaxError as exc:
        raise CheckSyntaxError(f"cannot parse {side.strip()!r}: {exc.msg}") from exc
    except (RecursionError, MemoryError, ValueError) as exc:
        raise CheckSyntaxError(f"{side.strip()!r} is too deeply nested or too large") from exc
    nodes = list(ast.walk(tree))
    if len(nodes) > MAX_NODES:
        raise CheckSyntaxError(
            f"the claim is too large: {len(nodes)} syntax nodes in one side (at most {MAX_NODES})"
        )
    depth = _depth(tree)
    if depth > MAX_DEPTH:
        raise CheckSyntaxError(
            f"the claim is too deeply nested: depth {depth} (at most {MAX_DEPTH})"
        )
    return tree


def _depth(tree: ast.AST) -> int:
    # Iterative, so a pathological tree cannot exhaust the stack while being measured.
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(node))
    return deepest
