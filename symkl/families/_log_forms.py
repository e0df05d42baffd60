"""Logs of one quantity written two ways, recognised as equal without log rules on unknown signs.

ContinuousBernoulli's normaliser log((log(1 − λ) − log λ)/(1 − 2λ)) is written once by the family
and once by a derivation step; after the prover's encoding λ = u/(1 + u) the two arguments differ
in form. Each log's argument is rewritten by identities of its value only (inner logs expanded
on positive arguments, one canonical fraction, positive factors split off), so the two agree.

>>> from sympy import Symbol, log
>>> u = Symbol("u", positive=True)
>>> canonical_log(log(1 - u / (u + 1)))
-log(u + 1)
"""

from __future__ import annotations

import sympy

from ._base import Family
from ._prove_equal import domain_dummies, equal_forms, normal_form, vanishes

__all__ = ["cancels", "canonical_log", "same_logs", "vanishing"]


def canonical_log(node: sympy.Expr) -> sympy.Expr:
    """log a with a rewritten by identities of its value only: the logs inside it expanded on
    positive arguments (innermost first), then brought to one canonical fraction."""
    if not node.args:
        return node
    node = node.func(*(canonical_log(arg) for arg in node.args))
    if not isinstance(node, sympy.log):
        return node
    try:
        inner = sympy.factor(sympy.cancel(sympy.expand_log(node.args[0], deep=True, force=False)))
    except (sympy.PolynomialError, NotImplementedError):
        return node  # an argument outside polynomial algebra (a Piecewise): left as it is
    # log(c·a) = log c + log a for c > 0 (any a): the positive factors split off
    factors = sympy.Mul.make_args(inner)
    positive = [f for f in factors if f.is_positive is True]
    rest = sympy.Mul(*(f for f in factors if f.is_positive is not True))
    split = sympy.Add(*(sympy.expand_log(sympy.log(f), force=False) for f in positive))
    return split + sympy.log(rest)


def vanishing(coefficient: sympy.Expr) -> bool:
    """Zero, also when it is a difference of logs of one quantity written two ways."""
    return vanishes(coefficient) or (
        bool(coefficient.has(sympy.log)) and vanishes(canonical_log(coefficient))
    )


def cancels(coefficient: sympy.Expr) -> bool:
    """A constant that is 0 by expansion alone (or by the canonical logs), no simplify."""
    if normal_form(coefficient) == 0:
        return True
    return bool(coefficient.has(sympy.log)) and normal_form(canonical_log(coefficient)) == 0


def same_logs(total: sympy.Expr, dists: list[Family]) -> bool:
    """A total of logs of one quantity written two ways (ContinuousBernoulli's normaliser
    log((log(1 − λ) − log λ)/(1 − 2λ)), once as the family writes it and once as the step
    does): each log's argument in a canonical form, then the total must vanish."""
    if not total.has(sympy.log):
        return False
    return equal_forms(canonical_log(domain_dummies(total, dists)), sympy.S.Zero, dists)
