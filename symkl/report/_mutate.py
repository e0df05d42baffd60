"""Plausible wrong versions of a derivation step, the mistakes students make ("find the error").

>>> from symkl import Discrete, cross_entropy, entropy
>>> p, q = Discrete.symbolic("p", 3), Discrete.symbolic("q", 3)
>>> [str(m.expr) for m in mutations(cross_entropy(p, q) - entropy(p))][:2]
['H(q, p) - H(p)', 'H(p, q) + H(p)']

Each mutation is one small, typical slip: the arguments of a divergence or cross-entropy
swapped, a sign flipped, a term dropped, a logarithm's argument inverted, a constant factor
changed, an inequality reversed. Whether it is actually wrong is decided by the prover, never
assumed: :mod:`._exercise` keeps only mutations that are refuted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sympy

from ..errors import SymklError

__all__ = ["Mutation", "mutations"]


@dataclass(frozen=True)
class Mutation:
    """A changed expression and what was changed, in words (for the answer key)."""

    expr: sympy.Expr
    change: str


def _swap_pair(node: sympy.Basic) -> sympy.Basic | None:
    # CrossEntropy / KLDivergence: (p, q, base) → (q, p, base)
    if type(node).__name__ in ("CrossEntropy", "KLDivergence") and node.args[0] != node.args[1]:
        return node.func(node.args[1], node.args[0], *node.args[2:])
    return None


def _invert_log(node: sympy.Basic) -> sympy.Basic | None:
    if isinstance(node, sympy.log) and node.args[0] not in (sympy.S.One, sympy.E):
        return sympy.log(1 / node.args[0], evaluate=False)
    return None


def _flip_sign(node: sympy.Basic) -> sympy.Basic | None:
    # a − b → a + b: negate the first negative term of a sum
    if isinstance(node, sympy.Add):
        terms = list(node.args)
        for i, term in enumerate(terms):
            if term.could_extract_minus_sign():
                terms[i] = -term
                return sympy.Add(*terms)
    return None


def _drop_minus(node: sympy.Basic) -> sympy.Basic | None:
    # −log(q/p) → log(q/p): a product's minus sign forgotten
    if isinstance(node, sympy.Mul) and node.could_extract_minus_sign():
        return -node
    return None


def _drop_term(node: sympy.Basic) -> sympy.Basic | None:
    if isinstance(node, sympy.Add) and len(node.args) >= 2:
        return sympy.Add(*node.args[:-1])
    return None


def _halve(node: sympy.Basic) -> sympy.Basic | None:
    if isinstance(node, sympy.Rational) and not node.is_Integer and node != 0:
        return 1 / node if abs(node) != 1 else None
    return None


_RULES: tuple[tuple[str, Callable[[sympy.Basic], sympy.Basic | None]], ...] = (
    ("the two distributions are swapped", _swap_pair),
    ("a sign is flipped", _flip_sign),
    ("the logarithm's argument is inverted", _invert_log),
    ("a minus sign is dropped", _drop_minus),
    ("a term is dropped", _drop_term),
    ("a constant factor is inverted", _halve),
)


def _subterms(expr: sympy.Basic) -> list[sympy.Basic]:
    """Every subterm once, in a fixed (pre-order) order."""
    seen: list[sympy.Basic] = []
    for node in sympy.preorder_traversal(expr):
        if node not in seen:
            seen.append(node)
    return seen


def mutations(expr: sympy.Expr) -> Iterator[Mutation]:
    """Candidate wrong versions of ``expr``, distinct from it and from each other, in a fixed
    order (rule by rule, subterms in pre-order)."""
    produced: list[sympy.Expr] = [expr]
    for change, rule in _RULES:
        for node in _subterms(expr):
            replacement = rule(node)
            if replacement is None:
                continue
            try:
                changed = expr.xreplace({node: replacement})
            except SymklError:  # e.g. a probability changed so a table no longer sums to 1
                continue  # not a plausible slip: the student could not even write it
            if changed in produced:
                continue
            produced.append(changed)
            yield Mutation(changed, change)
