"""The small language of ``symkl check``: a relation between measures, typed by a person.

>>> parse_claim("H(p,q) = H(p) + KL(p||q)")
Eq(H(p, q), H(p) + KL(p || q))

Grammar (one relation ``=``, ``<=``, ``>=``, ``<`` or ``>``, also ``==``, ``≤``, ``≥``, between
two expressions):

- ``H(p)`` entropy, ``H(p, q)`` cross-entropy, ``CE(p, q)``, ``KL(p, q)`` or ``KL(p || q)``,
  ``E(p, f)`` or ``E_p[f]`` expectation of a pointwise expression ``f``; ``base=2`` for bits;
- ``JS(p || q)`` Jensen–Shannon, ``TV(p, q)`` total variation, ``abs(f)``;
- random variables ``U``..``Z`` of one joint table: ``H(X)``, ``H(X, Y)``, ``H(Y | X)``,
  ``I(X; Y)``, ``I(X; Y | Z)`` (two variables: a table over symbolic sizes m × n);
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

import io
import re
import string
import tokenize
from typing import Any

import sympy

from ..distributions import Discrete, IndexedDiscrete
from ..errors import SymklError
from ..information import js_divergence, total_variation
from ..measures import cross_entropy, entropy, expectation, kl_divergence, outcome_sum
from ._grammar_help import GRAMMAR_HELP
from ._syntax import (
    MAX_CHARS,
    MAX_NUMBER_CHARS,
    Builder,
    CheckSyntaxError,
    syntax_tree,
)
from ._variables import (
    GIVEN,
    MARKERS,
    SEPARATOR,
    VARIABLE_NAMES,
    Variable,
    information,
    joint_for,
    rewrite_bars,
    variable_entropy,
)

__all__ = ["GRAMMAR_HELP", "CheckSyntaxError", "claim_facts", "parse_claim"]


#: The size symbol every distribution shares, and the index of explicit sums.
N = sympy.Symbol("n", integer=True, positive=True)
INDEX = IndexedDiscrete.index
_RESERVED = {"n", "i", "e", "x"}
DISTRIBUTION_NAMES = tuple(c for c in string.ascii_lowercase if c not in _RESERVED)
_RELATIONS = {
    "==": sympy.Eq,
    "=": sympy.Eq,
    "<=": sympy.Le,
    ">=": sympy.Ge,
    "<": sympy.Lt,
    ">": sympy.Gt,
}
_VOCABULARY = (
    "known names: H, CE, KL, D, JS, TV, I, E, sum, Sum, log, exp, sqrt, abs, pi, n (outcomes), "
    f"i (index), the distributions {DISTRIBUTION_NAMES[0]}..{DISTRIBUTION_NAMES[-1]} "
    f"(single letters except {', '.join(sorted(_RESERVED))}) and the random variables "
    f"{VARIABLE_NAMES[0]}..{VARIABLE_NAMES[-1]}"
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


def _has_variables(args: tuple[Any, ...]) -> bool:
    return any(isinstance(a, (Variable, type(MARKERS[GIVEN]))) for a in args)


def _measure(*args: Any, base: Any = sympy.E, joint: Any = None) -> sympy.Expr:
    base = _check_base(base)
    if _has_variables(args):
        return variable_entropy(joint, args, base)
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


def _total_variation(*args: Any) -> sympy.Expr:
    if len(args) != 2:
        raise CheckSyntaxError(f"TV takes two distributions, got {len(args)}")
    result: sympy.Expr = total_variation(args[0], args[1])
    return result


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
        # p's own entries, so that p's facts (Σ p[i] = 1) speak about them: see claim_facts
        self.base = Discrete.symbolic(name, N).base

    def __getitem__(self, index: Any) -> sympy.Expr:
        value: sympy.Expr = self.base[index]
        return value


def _namespace(names: set[str]) -> dict[str, Any]:
    joint = joint_for(names, N)

    def measure(*args: Any, base: Any = sympy.E) -> sympy.Expr:
        return _measure(*args, base=base, joint=joint)

    def mutual(*args: Any, base: Any = sympy.E) -> sympy.Expr:
        return information(joint, args, _check_base(base))

    space: dict[str, Any] = {
        "H": measure,
        "I": mutual,
        "CE": _pair("CE", cross_entropy),
        "KL": _pair("KL", kl_divergence),
        "D": _pair("D", kl_divergence),
        "JS": _pair("JS", js_divergence),
        "TV": _total_variation,
        "abs": sympy.Abs,
        "Abs": sympy.Abs,
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
    for name in VARIABLE_NAMES:
        space[name] = Variable(name)
    space.update({GIVEN: MARKERS[GIVEN], SEPARATOR: MARKERS[SEPARATOR]})
    return space


def _rewrite(text: str) -> str:
    text = text.replace("≤", "<=").replace("≥", ">=").replace("‖", "||").replace("||", ",")
    text = rewrite_bars(text)
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
            f"a claim needs exactly one of =, <=, >=, <, > between two sides; found {what} in "
            f"{text!r}"
        )
    token = found[0]
    if token.string not in _RELATIONS:
        raise CheckSyntaxError(
            f"unsupported relation {token.string!r} in {text!r}; use =, <=, >=, < or >"
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


def _parse_side(side: str, names: set[str], which: str, text: str) -> sympy.Expr:
    if not side.strip():
        raise CheckSyntaxError(f"the {which} side of {text!r} is empty")
    tree = syntax_tree(side)
    shown = side.strip()
    builder = Builder(
        _namespace(names), shown, vocabulary=_VOCABULARY, distributions=DISTRIBUTION_NAMES,
        index=lambda name, index: _Indexable(name)[index],
    )  # fmt: skip
    try:
        expr = builder.build(tree)
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


def claim_facts(relation: sympy.Basic) -> list[sympy.Basic]:
    """The facts of the distributions whose entries ``p[i]`` a parsed claim uses (Σ p[i] = 1).

    >>> claim_facts(parse_claim("Sum(p[i], (i, 1, n)) = 1"))
    [Eq(Sum(p[i], (i, 1, n)), 1)]
    """
    used = {str(e.base) for e in relation.atoms(sympy.Indexed)} & set(DISTRIBUTION_NAMES)
    return [f for name in sorted(used) for f in Discrete.symbolic(name, N).domain_facts()]


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
