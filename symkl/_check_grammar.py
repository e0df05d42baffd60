"""The small language of ``symkl check``: a relation between measures, typed by a person.

>>> parse_claim("H(p,q) = H(p) + KL(p||q)")
Eq(H(p, q), H(p) + KL(p || q))

Grammar (one relation ``=``, ``<=`` or ``>=``, also ``==``, ``≤``, ``≥``, between two expressions):

- ``H(p)`` entropy, ``H(p, q)`` cross-entropy, ``CE(p, q)``, ``KL(p, q)`` or ``KL(p || q)``,
  ``E(p, f)`` or ``E_p[f]`` expectation of a pointwise expression ``f``; ``base=2`` for bits;
- ``sum(f)`` the sum of ``f`` over the outcomes (Σ_x), ``Sum(f, (i, 1, n))`` an explicit sum with
  ``p[i]`` the i-th probability;
- ``log``, ``exp``, ``sqrt``, numbers, ``+ - * / ** ^``; ``n`` is the number of outcomes and
  ``i`` the summation index;
- any other single lower-case letter (``p``, ``q``, ``r``, ...) is a distribution over n outcomes,
  ``Discrete.symbolic(name, n)``.

Nothing a user types is ever evaluated as Python: the text is checked token by token against
this vocabulary, read into a syntax tree by :func:`ast.parse` (which only parses), and the tree is
translated node by node into SymPy. Before SymPy evaluates anything the size is bounded (length,
nodes, depth, number literals, exponents, bits of every exact number), so an absurd claim such as
``H(p) <= 10**10**10`` is a :class:`CheckSyntaxError` at once rather than a computation.
"""

from __future__ import annotations

import ast
import io
import math
import re
import string
import tokenize
from typing import Any

import sympy

from .distributions import Discrete, IndexedDiscrete
from .errors import SymklError
from .measures import cross_entropy, entropy, expectation, kl_divergence, outcome_sum

__all__ = ["CheckSyntaxError", "parse_claim"]


class CheckSyntaxError(SymklError, ValueError):
    """Text that is not a claim in the ``symkl check`` grammar; the message quotes the problem."""


#: The size symbol every distribution shares, and the index of explicit sums.
N = sympy.Symbol("n", integer=True, positive=True)
INDEX = IndexedDiscrete.index
_RESERVED = {"n", "i", "e", "x"}
DISTRIBUTION_NAMES = tuple(c for c in string.ascii_lowercase if c not in _RESERVED)
_RELATIONS = {"==": sympy.Eq, "=": sympy.Eq, "<=": sympy.Le, ">=": sympy.Ge}
_VOCABULARY = (
    "known names: H, CE, KL, D, E, sum, Sum, log, exp, sqrt, pi, n (outcomes), i (index) "
    f"and the distributions {DISTRIBUTION_NAMES[0]}..{DISTRIBUTION_NAMES[-1]} "
    f"(single letters except {', '.join(sorted(_RESERVED))})"
)
_ALLOWED_OPS = {"+", "-", "*", "/", "**", "^", "(", ")", "[", "]", ","}


def _check_base(base: Any) -> Any:
    """A numeric logarithm base must be real, positive and not 1 (else log_b is undefined)."""
    value = sympy.sympify(base, strict=True)
    if value.is_number and not (value.is_positive and value.is_extended_real and value != 1):
        raise CheckSyntaxError(
            f"a logarithm base must be a positive number other than 1, got {base}"
        )
    return base


def _measure(*args: Any, base: Any = sympy.E) -> sympy.Expr:
    base = _check_base(base)
    if len(args) == 1:
        return entropy(args[0], base=base)
    if len(args) == 2:
        return cross_entropy(args[0], args[1], base=base)
    raise CheckSyntaxError(
        f"H takes one distribution (entropy) or two (cross-entropy), got {len(args)}"
    )


def _pair(name: str, fn: Any) -> Any:
    def measure(*args: Any, base: Any = sympy.E) -> sympy.Expr:
        base = _check_base(base)
        if len(args) != 2:
            raise CheckSyntaxError(f"{name} takes two distributions, got {len(args)}")
        result: sympy.Expr = fn(args[0], args[1], base=base)
        return result

    return measure


def _expectation(*args: Any) -> sympy.Expr:
    if len(args) != 2:
        raise CheckSyntaxError(
            f"E takes a distribution and an expression, E(p, f), got {len(args)} arguments"
        )
    return expectation(args[0], args[1])


def _outcome_sum(*args: Any) -> sympy.Expr:
    if len(args) != 1:
        raise CheckSyntaxError(
            f"sum takes one expression (summed over the outcomes), got {len(args)}"
        )
    return outcome_sum(args[0])


class _Indexable:
    """``p[i]``: the i-th probability of distribution p in an explicit ``Sum``."""

    def __init__(self, name: str) -> None:
        self.base = sympy.IndexedBase(name, positive=True)

    def __getitem__(self, index: Any) -> sympy.Expr:
        value: sympy.Expr = self.base[index]
        return value


def _namespace(names: set[str]) -> dict[str, Any]:
    space: dict[str, Any] = {
        "H": _measure,
        "CE": _pair("CE", cross_entropy),
        "KL": _pair("KL", kl_divergence),
        "D": _pair("D", kl_divergence),
        "E": _expectation,
        "sum": _outcome_sum,
        "Sum": sympy.Sum,
        "log": sympy.log,
        "exp": sympy.exp,
        "sqrt": sympy.sqrt,
        "pi": sympy.pi,
        "base": None,  # only as a keyword name (base=2); refused anywhere else
        "n": N,
        "i": INDEX,
    }
    for name in names & set(DISTRIBUTION_NAMES):
        space[name] = Discrete.symbolic(name, N)
        space[f"{name}__indexed"] = _Indexable(name)
    return space


def _rewrite(text: str) -> str:
    text = text.replace("≤", "<=").replace("≥", ">=").replace("‖", "||").replace("||", ",")
    text = text.replace("D_KL", "KL").replace("−", "-").replace("^", "**")
    # E_p[f] -> E(p, f): find the matching bracket so nested p[i] inside f survive.
    while True:
        match = re.search(r"\bE_([a-z])\s*\[", text)
        if match is None:
            return text
        depth, end = 0, None
        for position in range(match.end() - 1, len(text)):
            depth += {"[": 1, "]": -1}.get(text[position], 0)
            if depth == 0:
                end = position
                break
        if end is None:
            raise CheckSyntaxError(f"unbalanced '[' after {match.group(0)!r}")
        inner = text[match.end() : end]
        text = f"{text[: match.start()]}E({match.group(1)}, {inner}){text[end + 1 :]}"


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    try:
        return list(tokenize.generate_tokens(io.StringIO(text).readline))
    except tokenize.TokenError as exc:
        raise CheckSyntaxError(f"unbalanced brackets in {text!r}") from exc
    except (SyntaxError, IndentationError) as exc:
        raise CheckSyntaxError(f"cannot read {text!r}: {exc.msg}") from exc


def _split(text: str) -> tuple[str, str, str]:
    """Left side, relation, right side; exactly one relation at the top level."""
    found = []
    depth = 0  # "=" inside brackets is a keyword argument (base=2), not the relation
    for token in _tokens(text):
        if token.type != tokenize.OP:
            continue
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(token.string, 0)
        if depth == 0 and token.string in (*_RELATIONS, "<", ">", "!="):
            found.append(token)
    if len(found) != 1:
        what = "no relation" if not found else f"{len(found)} relations"
        raise CheckSyntaxError(
            f"a claim needs exactly one of =, <=, >= between two sides; found {what} in {text!r}"
        )
    token = found[0]
    if token.string not in _RELATIONS:
        raise CheckSyntaxError(
            f"unsupported relation {token.string!r} in {text!r}; use =, <= or >="
        )
    lines = text.splitlines() or [""]
    offset = sum(len(line) + 1 for line in lines[: token.start[0] - 1]) + token.start[1]
    return text[:offset], token.string, text[offset + len(token.string) :]


def _check_tokens(side: str, allowed: set[str]) -> set[str]:
    """The names used in ``side``; raises on anything outside the vocabulary."""
    names = set()
    for token in _tokens(side):
        if token.type == tokenize.NAME:
            if token.string not in allowed:
                raise CheckSyntaxError(f"unknown name {token.string!r}; {_VOCABULARY}")
            names.add(token.string)
        elif token.type == tokenize.OP and token.string not in _ALLOWED_OPS | {"="}:
            raise CheckSyntaxError(f"unexpected {token.string!r} in {side.strip()!r}")
        elif token.type == tokenize.NUMBER and len(token.string) > MAX_NUMBER_CHARS:
            raise CheckSyntaxError(
                f"a number of {len(token.string)} characters in {side.strip()!r} is too long "
                f"(at most {MAX_NUMBER_CHARS})"
            )
        elif token.type == tokenize.STRING:
            raise CheckSyntaxError(f"unexpected text {token.string} in {side.strip()!r}")
        elif token.type == tokenize.ERRORTOKEN and token.string.strip():
            raise CheckSyntaxError(f"unexpected {token.string!r} in {side.strip()!r}")
    return names


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

_FUNCTIONS_WITH_BASE = {"H", "CE", "KL", "D"}
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


class _Builder:
    """Builds the SymPy expression of one side from its Python syntax tree, node by node.

    Nothing is evaluated as Python: each node type is translated by hand, and anything outside
    the grammar (attributes, lambdas, comprehensions, other names) is refused with its name.
    """

    def __init__(self, namespace: dict[str, Any], side: str) -> None:
        self.namespace = namespace
        self.side = side

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
            raise CheckSyntaxError(f"unknown name {name!r}; {_VOCABULARY}")
        value = self.namespace[name]
        if callable(value) and not isinstance(value, sympy.Basic):
            raise CheckSyntaxError(f"{name} is a function: write {name}(...) in {self.side!r}")
        return value

    def _call(self, node: ast.Call) -> Any:
        if not isinstance(node.func, ast.Name) or not callable(self.namespace.get(node.func.id)):
            raise CheckSyntaxError(
                f"only the functions of the grammar can be called in {self.side!r}; {_VOCABULARY}"
            )
        name = node.func.id
        args = [self.build(arg) for arg in node.args]
        keywords = {}
        for keyword in node.keywords:
            if keyword.arg != "base" or name not in _FUNCTIONS_WITH_BASE:
                shown = "**" if keyword.arg is None else f"{keyword.arg}="
                raise CheckSyntaxError(
                    f"unexpected {shown} in {name}(...) in {self.side!r}; "
                    "only H, CE, KL and D take base="
                )
            if "base" in keywords:
                raise CheckSyntaxError(f"base= given twice in {name}(...) in {self.side!r}")
            keywords["base"] = self.build(keyword.value)
        return _check_size(self.namespace[name](*args, **keywords), self.side)

    def _subscript(self, node: ast.Subscript) -> Any:
        target = node.value
        if not isinstance(target, ast.Name) or target.id not in DISTRIBUTION_NAMES:
            raise CheckSyntaxError(f"only a distribution can be indexed, as p[i], in {self.side!r}")
        if target.id not in self.namespace:
            raise CheckSyntaxError(f"unknown name {target.id!r}; {_VOCABULARY}")
        index = self.build(node.slice)
        return _Indexable(target.id)[index]


def _syntax_tree(side: str) -> ast.Expression:
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


def _parse_side(side: str, names: set[str], which: str, text: str) -> sympy.Expr:
    if not side.strip():
        raise CheckSyntaxError(f"the {which} side of {text!r} is empty")
    tree = _syntax_tree(side)
    shown = side.strip()
    try:
        expr = _Builder(_namespace(names), shown).build(tree)
    except CheckSyntaxError:
        raise
    except SymklError as exc:
        raise CheckSyntaxError(f"in {shown!r}: {exc}") from exc
    except RecursionError as exc:
        raise CheckSyntaxError(f"{shown!r} is too deeply nested") from exc
    except Exception as exc:  # whatever SymPy says about a malformed side is the user's input
        raise CheckSyntaxError(f"cannot read {shown!r}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(expr, sympy.Expr):
        raise CheckSyntaxError(f"{shown!r} is not an expression")
    if expr.has(sympy.zoo, sympy.nan):
        raise CheckSyntaxError(f"{shown!r} is undefined ({expr}), e.g. a division by zero")
    if expr.has(sympy.I):
        # Entropies, divergences and expectations here are real; a complex side cannot be
        # compared with <=, and the numeric check is not made to judge complex equalities.
        raise CheckSyntaxError(
            f"{shown!r} is not real ({expr}); symkl check compares real quantities"
        )
    return expr


def parse_claim(text: str) -> sympy.Basic:
    """The SymPy relation (``Eq``/``Le``/``Ge``, unevaluated) that ``text`` states."""
    if not isinstance(text, str):
        raise CheckSyntaxError(f"a claim is text, got {text!r}")
    if len(text) > MAX_CHARS:
        raise CheckSyntaxError(
            f"the claim is too long: {len(text)} characters (at most {MAX_CHARS})"
        )
    rewritten = _rewrite(text.strip())
    left, relation, right = _split(rewritten)
    allowed = set(_namespace(set())) | set(DISTRIBUTION_NAMES)
    names = _check_tokens(left, allowed) | _check_tokens(right, allowed)
    lhs = _parse_side(left, names, "left", text.strip())
    rhs = _parse_side(right, names, "right", text.strip())
    result: sympy.Basic = _RELATIONS[relation](lhs, rhs, evaluate=False)
    return result
